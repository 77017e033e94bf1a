using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One filing's year summed over its <see cref="StatisticsRecord"/>s (all occupations): what whole-filing and whole-year
/// aggregates read instead of the records (city summary, inactivity, groupings by region, supervision, type, year,
/// filing). Each optional figure is kept as the sum of the stated values and how many records stated it, so that sums
/// of rollups give exactly what <see cref="Domain.Statistics.StatisticsFigures.Sum"/> gives over the records: a figure is
/// unknown (null) only when no record stated it.
/// <para>
/// Derived data, never edited by hand: <see cref="StatisticsRollups.RebuildAsync"/> recomputes the rows of the
/// filing-years it is given from StatisticsRecords, in the caller's transaction. The statistics import (the only writer
/// of StatisticsRecords) calls it for the filing-years it wrote before committing; deleting a filing cascades to both.
/// </para>
/// </summary>
public sealed class StatisticsRollup
{
    public int FilingId { get; set; }
    public int Year { get; set; }
    /// <summary>How many records (occupation lines, or the one filing-level line).</summary>
    public int Records { get; set; }
    public long Assessed { get; set; }
    /// <summary>Records that assessed someone but stated no passed count (seed 000 附件2 row 5).</summary>
    public int WithoutPassed { get; set; }
    public long Passed { get; set; }
    public int PassedKnown { get; set; }
    public long PassedL5 { get; set; }
    public int PassedL5Known { get; set; }
    public long PassedL4 { get; set; }
    public int PassedL4Known { get; set; }
    public long PassedL3 { get; set; }
    public int PassedL3Known { get; set; }
    public long PassedL2 { get; set; }
    public int PassedL2Known { get; set; }
    public long PassedL1 { get; set; }
    public int PassedL1Known { get; set; }
    public long Certified { get; set; }
    public int CertifiedKnown { get; set; }
    public long CertifiedL5 { get; set; }
    public int CertifiedL5Known { get; set; }
    public long CertifiedL4 { get; set; }
    public int CertifiedL4Known { get; set; }
    public long CertifiedL3 { get; set; }
    public int CertifiedL3Known { get; set; }
    public long CertifiedL2 { get; set; }
    public int CertifiedL2Known { get; set; }
    public long CertifiedL1 { get; set; }
    public int CertifiedL1Known { get; set; }
    public long Batches { get; set; }
    public int BatchesKnown { get; set; }
    public long SubsidyRecipients { get; set; }
    public int SubsidyRecipientsKnown { get; set; }
}

/// <summary>Keeps <see cref="StatisticsRollup"/> equal to a fresh aggregation of StatisticsRecords.</summary>
public static class StatisticsRollups
{
    internal static readonly string[] Optional =
    [
        "Passed", "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1",
        "Certified", "CertifiedL5", "CertifiedL4", "CertifiedL3", "CertifiedL2", "CertifiedL1", "Batches", "SubsidyRecipients",
    ];

    /// <summary>
    /// The rollup's columns in the order <see cref="InsertSelect"/> and <see cref="InsertValuesSql"/> write them:
    /// FilingId, Year, Records, Assessed, WithoutPassed, then each of <see cref="Optional"/> and its "Known" count.
    /// </summary>
    internal static readonly string[] Columns =
        ["FilingId", "Year", "Records", "Assessed", "WithoutPassed", .. Optional.SelectMany(c => new[] { c, c + "Known" })];

    /// <summary>One rollup row from values computed elsewhere (the import's writer), bound by position in <see cref="Columns"/> order.</summary>
    internal static string InsertValuesSql { get; } =
        $"INSERT INTO \"StatisticsRollups\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";

    /// <summary>"INSERT INTO StatisticsRollups (…) SELECT … FROM StatisticsRecords r {join} GROUP BY r.FilingId, r.Year": one statement, both providers.</summary>
    internal static string InsertSelect(string join)
    {
        var columns = new List<string> { "FilingId", "Year", "Records", "Assessed", "WithoutPassed" };
        var values = new List<string>
        {
            "r.\"FilingId\"", "r.\"Year\"", "COUNT(*)", "SUM(r.\"Assessed\")",
            "SUM(CASE WHEN r.\"Passed\" IS NULL AND r.\"Assessed\" > 0 THEN 1 ELSE 0 END)",
        };
        foreach (var c in Optional)
        {
            columns.Add(c);
            values.Add($"COALESCE(SUM(r.\"{c}\"), 0)");
            columns.Add(c + "Known");
            values.Add($"COUNT(r.\"{c}\")");
        }
        return $"INSERT INTO \"StatisticsRollups\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) "
            + $"SELECT {string.Join(", ", values)} FROM \"StatisticsRecords\" r {join} GROUP BY r.\"FilingId\", r.\"Year\"";
    }

    /// <summary>
    /// Recomputes the rollup rows of the given filing-years (null: of everything) from StatisticsRecords, set-based:
    /// the pairs go into a temporary table, their rollup rows are deleted, and one INSERT … SELECT … GROUP BY writes
    /// them again (a pair without records is left without a rollup row). Runs on the context's open connection and in
    /// its current transaction, if any.
    /// </summary>
    public static async Task RebuildAsync(AppDb db, IReadOnlyCollection<(int FilingId, int Year)>? pairs, CancellationToken ct = default)
    {
        if (pairs is { Count: 0 }) return;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = db.Database.GetDbConnection();
            var tx = db.Database.CurrentTransaction?.GetDbTransaction();
            if (pairs is null)
            {
                await ExecuteAsync(conn, tx, "DELETE FROM \"StatisticsRollups\"", ct);
                await ExecuteAsync(conn, tx, InsertSelect(""), ct);
                return;
            }
            await ExecuteAsync(conn, tx, "DROP TABLE IF EXISTS \"StatisticsRollupPairs\"", ct);
            await ExecuteAsync(conn, tx, "CREATE TEMPORARY TABLE \"StatisticsRollupPairs\" (\"FilingId\" INTEGER NOT NULL, \"Year\" INTEGER NOT NULL, PRIMARY KEY (\"FilingId\", \"Year\"))", ct);
            // The pairs as literal rows, 500 to a statement: they are integers, so nothing can be injected, and a
            // multi-row VALUES avoids a round trip (and SQLite's per-statement binding by name) for each pair.
            var values = new StringBuilder();
            var n = 0;
            foreach (var (filingId, year) in pairs)
            {
                values.Append(n == 0 ? "" : ", ").Append('(').Append(filingId.ToString(CultureInfo.InvariantCulture)).Append(", ")
                    .Append(year.ToString(CultureInfo.InvariantCulture)).Append(')');
                if (++n < 500) continue;
                await ExecuteAsync(conn, tx, "INSERT INTO \"StatisticsRollupPairs\" (\"FilingId\", \"Year\") VALUES " + values, ct);
                values.Clear();
                n = 0;
            }
            if (n > 0) await ExecuteAsync(conn, tx, "INSERT INTO \"StatisticsRollupPairs\" (\"FilingId\", \"Year\") VALUES " + values, ct);
            await ExecuteAsync(conn, tx, "DELETE FROM \"StatisticsRollups\" WHERE EXISTS (SELECT 1 FROM \"StatisticsRollupPairs\" p "
                + "WHERE p.\"FilingId\" = \"StatisticsRollups\".\"FilingId\" AND p.\"Year\" = \"StatisticsRollups\".\"Year\")", ct);
            await ExecuteAsync(conn, tx, InsertSelect("JOIN \"StatisticsRollupPairs\" p ON p.\"FilingId\" = r.\"FilingId\" AND p.\"Year\" = r.\"Year\""), ct);
            await ExecuteAsync(conn, tx, "DROP TABLE \"StatisticsRollupPairs\"", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
