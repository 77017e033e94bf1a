using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// Opens and closes an <see cref="ImportBatch"/> inside the import's transaction: the row is inserted first (its id goes
/// on every row written), completed with the counts at the end, and given its one audit entry (EntityType
/// ImportBatch, key its id, the batch as JSON), so that a rolled-back import leaves neither.
/// </summary>
internal static class ImportBatches
{
    public static string Sha256Of(Stream stream)
    {
        var start = stream.Position;
        var hash = SHA256.HashData(stream);
        stream.Position = start;
        return Convert.ToHexStringLower(hash);
    }

    public static async Task<ImportBatch> OpenAsync(AppDb db, IDbContextTransaction tx, string kind, string fileName, string sha256, CancellationToken ct)
    {
        var batch = new ImportBatch { Kind = kind, FileName = Cut(fileName, 260), Sha256 = sha256, Actor = Cut(db.ActorName, 100), At = db.Now };
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = tx.GetDbTransaction();
        cmd.CommandText = "INSERT INTO \"ImportBatches\" (\"Kind\", \"FileName\", \"Sha256\", \"Actor\", \"At\", \"Rows\", \"Written\", \"Replaced\") "
            + "VALUES (@kind, @file, @sha, @actor, @at, 0, 0, 0) RETURNING \"Id\"";
        Add(cmd, "@kind", batch.Kind);
        Add(cmd, "@file", batch.FileName);
        Add(cmd, "@sha", batch.Sha256);
        Add(cmd, "@actor", batch.Actor);
        Add(cmd, "@at", batch.At.UtcDateTime);
        batch.Id = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return batch;
    }

    public static async Task CloseAsync(AppDb db, IDbContextTransaction tx, ImportBatch batch, IReadOnlyList<(int FilingId, int Year)> replaced, CancellationToken ct)
    {
        batch.ReplacedRanges = Ranges(replaced);
        await using (var cmd = db.Database.GetDbConnection().CreateCommand())
        {
            cmd.Transaction = tx.GetDbTransaction();
            cmd.CommandText = "UPDATE \"ImportBatches\" SET \"Rows\" = @rows, \"Written\" = @written, \"Replaced\" = @replaced, \"ReplacedRanges\" = @ranges WHERE \"Id\" = @id";
            Add(cmd, "@rows", batch.Rows);
            Add(cmd, "@written", batch.Written);
            Add(cmd, "@replaced", batch.Replaced);
            Add(cmd, "@ranges", (object?)batch.ReplacedRanges ?? DBNull.Value);
            Add(cmd, "@id", batch.Id);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = batch.At,
            Actor = batch.Actor,
            EntityType = nameof(ImportBatch),
            EntityKey = batch.Id.ToString(CultureInfo.InvariantCulture),
            Action = "Added",
            After = JsonSerializer.Serialize(new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                [nameof(ImportBatch.Actor)] = batch.Actor,
                [nameof(ImportBatch.FileName)] = batch.FileName,
                [nameof(ImportBatch.Id)] = batch.Id,
                [nameof(ImportBatch.Kind)] = batch.Kind,
                [nameof(ImportBatch.Replaced)] = batch.Replaced,
                [nameof(ImportBatch.ReplacedRanges)] = batch.ReplacedRanges,
                [nameof(ImportBatch.Rows)] = batch.Rows,
                [nameof(ImportBatch.Sha256)] = batch.Sha256,
                [nameof(ImportBatch.Written)] = batch.Written,
            }, AuditJson),
        });
        await db.SaveChangesAsync(ct);
    }

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>"2023: 1-48, 52" per year (filing ids, consecutive ones as a range), one year a line; null for none.</summary>
    internal static string? Ranges(IReadOnlyList<(int FilingId, int Year)> pairs)
    {
        if (pairs.Count == 0) return null;
        var sb = new StringBuilder();
        foreach (var year in pairs.GroupBy(p => p.Year).OrderBy(g => g.Key))
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(year.Key.ToString(CultureInfo.InvariantCulture)).Append(": ");
            var ids = year.Select(p => p.FilingId).Distinct().Order().ToList();
            for (var i = 0; i < ids.Count; i++)
            {
                var j = i;
                while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1) j++;
                if (i > 0) sb.Append(", ");
                sb.Append(ids[i].ToString(CultureInfo.InvariantCulture));
                if (j > i) sb.Append('-').Append(ids[j].ToString(CultureInfo.InvariantCulture));
                i = j;
            }
        }
        return sb.ToString();
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
