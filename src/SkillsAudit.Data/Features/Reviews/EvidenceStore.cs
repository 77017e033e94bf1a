using System.Security.Cryptography;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Reviews;

public sealed class EvidenceOptions
{
    /// <summary>Evidence:Directory — where files are kept, each named by its SHA-256.</summary>
    public string Directory { get; set; } = Path.Combine(DbSetup.FindRepositoryRoot() ?? AppContext.BaseDirectory, "data", "evidence");
    /// <summary>Evidence:MaxBytes — default 10 MB.</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;
}

public sealed record StoredEvidence(string Sha256, string MediaType, long Size);

/// <summary>
/// Content-addressed evidence storage. A file is accepted only when its first bytes say PDF, PNG or JPEG (the name and
/// the browser's content type are not trusted) and it is within the size limit; nothing is written otherwise.
/// </summary>
public sealed class EvidenceStore(EvidenceOptions options)
{
    public long MaxBytes => options.MaxBytes;

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
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > options.MaxBytes)
                throw new DomainException("file", $"文件“{fileName}”超过大小上限 {options.MaxBytes / 1024.0 / 1024.0:0.##} MB，未保存");
        }
        if (buffer.Length == 0) throw new DomainException("file", $"文件“{fileName}”是空文件，未保存");
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var type = Sniff(bytes) ?? throw new DomainException("file", $"文件“{fileName}”不是 PDF、PNG 或 JPEG（按文件内容判断），未保存");
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Directory.CreateDirectory(options.Directory);
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllBytesAsync(tmp, buffer.ToArray(), ct);
            File.Move(tmp, path, overwrite: true);
        }
        return new StoredEvidence(hash, type, buffer.Length);
    }

    public string PathOf(string sha256) => Path.Combine(options.Directory, sha256);
}
