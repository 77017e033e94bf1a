using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Platform;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Reviews;

public sealed class EvidenceOptions
{
    /// <summary>
    /// Evidence:Directory — when set, file content is kept there (a directory every server shares, e.g. NFS), each file
    /// named by its SHA-256. When empty (the default), content is kept in the database (StoredBlobs), in the same
    /// transaction as the record that refers to it.
    /// </summary>
    public string? Directory { get; set; }
    /// <summary>Evidence:MaxBytes — default 10 MB.</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    public bool InDatabase => string.IsNullOrWhiteSpace(Directory);
}

public sealed record StoredEvidence(string Sha256, string MediaType, long Size);

/// <summary>
/// Content-addressed evidence storage. A file is accepted only when its first bytes say PDF, PNG or JPEG (the name and
/// the browser's content type are not trusted) and it is within the size limit; nothing is written otherwise.
/// In the database (default) the content is added to the caller's unit of work and saved with its record; in a shared
/// directory it is written first (content-addressed, so an unreferenced file is harmless and purged later).
/// </summary>
public sealed class EvidenceStore(AppDb db, EvidenceOptions options)
{
    public long MaxBytes => options.MaxBytes;
    public bool InDatabase => options.InDatabase;
    public string? Directory => options.Directory;

    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        return null;
    }

    /// <summary>Reads, checks and stores; throws <see cref="DomainException"/> (field "file") naming what is wrong.</summary>
    public async Task<StoredEvidence> StoreAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var budget = ReadBudget.Start(fileName); // Files:ReadSeconds: a trickling upload is refused, naming the file
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            budget.Check();
            buffer.Write(chunk, 0, n);
            if (buffer.Length > options.MaxBytes)
                throw new DomainException("file", $"文件“{fileName}”超过大小上限 {options.MaxBytes / 1024.0 / 1024.0:0.##} MB，未保存");
        }
        if (buffer.Length == 0) throw new DomainException("file", $"文件“{fileName}”是空文件，未保存");
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var type = Sniff(bytes) ?? throw new DomainException("file", $"文件“{fileName}”不是 PDF、PNG 或 JPEG（按文件内容判断），未保存");
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (options.InDatabase)
        {
            if (db.StoredBlobs.Local.All(b => b.Sha256 != hash) && !await db.StoredBlobs.AnyAsync(b => b.Sha256 == hash, ct))
                db.StoredBlobs.Add(new StoredBlob { Sha256 = hash, MediaType = type, Size = buffer.Length, Content = buffer.ToArray(), CreatedAt = db.Now });
        }
        else
        {
            System.IO.Directory.CreateDirectory(options.Directory!);
            var path = PathOf(hash);
            if (!File.Exists(path))
            {
                var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                await File.WriteAllBytesAsync(tmp, buffer.ToArray(), ct);
                File.Move(tmp, path, overwrite: true);
            }
        }
        return new StoredEvidence(hash, type, buffer.Length);
    }

    /// <summary>The stored content, or null when it is not (or no longer) in the store.</summary>
    public async Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default)
    {
        if (options.InDatabase)
        {
            var content = await db.StoredBlobs.AsNoTracking().Where(b => b.Sha256 == sha256).Select(b => b.Content).FirstOrDefaultAsync(ct);
            return content is null ? null : new MemoryStream(content, writable: false);
        }
        var path = PathOf(sha256);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>
    /// Removes content no record refers to any more (retention purge). In the database it is removed in the caller's unit
    /// of work; in a directory the file is deleted at once. Returns whether something was removed.
    /// </summary>
    public async Task<bool> RemoveIfUnreferencedAsync(string sha256, CancellationToken ct = default)
    {
        if (await db.EvidenceFiles.AnyAsync(e => e.Sha256 == sha256, ct) || await db.ChangeAttachments.AnyAsync(a => a.Sha256 == sha256, ct)
            || await db.ScopeAttachments.AnyAsync(a => a.Sha256 == sha256, ct)) return false;
        if (options.InDatabase)
        {
            var blob = await db.StoredBlobs.FirstOrDefaultAsync(b => b.Sha256 == sha256, ct);
            if (blob is null) return false;
            db.StoredBlobs.Remove(blob);
            return true;
        }
        var path = PathOf(sha256);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>For /health/ready: the store can be read (and, for a directory, written).</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct = default)
    {
        if (options.InDatabase) return null; // the database check covers it
        try
        {
            System.IO.Directory.CreateDirectory(options.Directory!);
            var probe = Path.Combine(options.Directory!, ".ready-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(probe, [1], ct);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"材料目录 {options.Directory} 不可写：{e.Message}";
        }
    }

    private string PathOf(string sha256) => Path.Combine(options.Directory!, sha256);
}
