using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Bench.Risk;

/// <summary>
/// Writes a generated province into a database the way the system holds it: occupations, bodies and filings with their
/// scope, statistics records, certificate rosters (one row per certificate), historical campaigns with self and panel
/// totals, rectifications, an issued notice with complaints, and an inspection draw with findings. The bulky tables
/// (statistics, certificates) are written with plain batched INSERTs. Returns generated filing id → stored filing id.
/// </summary>
public static class RiskProvinceWriter
{
    /// <param name="certificateYears">Roster years written (the signals read the evaluated year's; the latest by default).</param>
    public static async Task<IReadOnlyDictionary<int, int>> WriteAsync(AppDb db, GeneratedProvince p, string cityCode = "140900", int certificateYears = 1, Action<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        void Step(string what) { progress?.Invoke($"  {what}: {sw.ElapsedMilliseconds} ms"); sw.Restart(); }
        var input = p.Input;
        var levels = Levels.All;
        foreach (var (code, name) in p.Occupations)
            if (!await db.Occupations.AnyAsync(o => o.Code == code)) db.Occupations.Add(new Occupation(code, name, AssessmentKind.SkillLevel, levels));
        await db.SaveChangesAsync();

        var filings = new Dictionary<int, Filing>();
        foreach (var f in input.Filings)
        {
            var number = FilingNumber.TryParse(f.Number, out var n, out _) ? n : (FilingNumber?)null;
            var details = new FilingDetails(f.Name, null, null, null, number, FilingType.SocialEvaluator, Supervision.City, f.RegionCode,
                f.FiledYear is { } y ? new PartialDate(y, 3, 1) : null, null, f.Active ? FilingStatus.Active : FilingStatus.Terminated,
                f.Scope.ToList(), null);
            var filing = Filing.Create(new LegalEntity(f.Name), details, db.ActorName, db.Now, "生成数据");
            db.Filings.Add(filing);
            filings[f.FilingId] = filing;
        }
        await db.SaveChangesAsync();
        var ids = filings.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
        Step("filings");

        await InsertAsync(db, "StatisticsRecords", ["FilingId", "Year", "OccupationKey", "OccupationName", "OccupationCode", "Assessed", "Passed", "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1"],
            input.Records.Select(r => new object?[] { ids[r.FilingId], r.Year, r.OccupationKey, r.OccupationName, r.OccupationKey.Length == 0 ? null : r.OccupationKey, r.Assessed, r.Passed, r.PassedL5, r.PassedL4, r.PassedL3, r.PassedL2, r.PassedL1 }));
        // rolled up as every writer of records does (the year's filings are read from the rollups)
        await SkillsAudit.Data.Features.Statistics.StatisticsRollups.RebuildAsync(db, input.Records.Select(r => (ids[r.FilingId], r.Year)).Distinct().ToList());

        Step("statistics");
        var serial = 0;
        var imported = DateTime.SpecifyKind(db.Now.UtcDateTime, DateTimeKind.Utc);
        IEnumerable<object?[]> Certificates()
        {
            foreach (var c in input.Certificates.Where(c => c.Year > input.Year - certificateYears))
            {
                var prefix = (filings[c.FilingId].Number?.Value ?? $"S0000149{ids[c.FilingId]:D5}") + (c.Year % 100).ToString("D2", CultureInfo.InvariantCulture) + (int)c.Level;
                for (var i = 0; i < c.Count; i++)
                {
                    serial++;
                    yield return [ids[c.FilingId], "生成", "学员" + serial.ToString(CultureInfo.InvariantCulture), "x", "h" + serial.ToString("D12", CultureInfo.InvariantCulture), "1409**********0000",
                        c.OccupationCode, (int)c.Level, prefix + (serial % 1_000_000).ToString("D6", CultureInfo.InvariantCulture), // 22 characters (national rule); serials stay below a million
                        c.Year, new DateOnly(c.Year, 6, 30), "生成", imported];
                }
            }
        }
        await InsertAsync(db, "Certificates", ["FilingId", "Batch", "PersonName", "IdCipher", "IdHash", "IdMasked", "OccupationCode", "Level", "Number", "Year", "IssuedOn", "ImportedBy", "ImportedAt"], Certificates());

        Step("certificates");
        var campaigns = new Dictionary<int, Campaign>();
        foreach (var c in input.Reviews.GroupBy(r => r.CampaignId))
        {
            var first = c.First();
            var campaign = new Campaign(first.CampaignTitle, null, "模拟市人力资源和社会保障局", first.Year, cityCode, "xinzhou-2023", [], ConsolidationRule.Mean, historical: true);
            db.Campaigns.Add(campaign);
            campaigns[c.Key] = campaign;
        }
        await db.SaveChangesAsync();
        var vetoed = new List<Assessment>();
        foreach (var r in input.Reviews)
        {
            var a = new Assessment(campaigns[r.CampaignId].Id, ids[r.FilingId]);
            a.RecordHistorical(r.Self, r.Panel ?? 0, r.Outcome ?? "B", "生成", db.Now, "生成数据");
            db.Assessments.Add(a);
            if (r.Vetoed) vetoed.Add(a);
        }
        await db.SaveChangesAsync();
        foreach (var a in vetoed)
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Assessments\" SET \"PanelVetoed\" = {0} WHERE \"Id\" = {1}", true, a.Id);

        foreach (var r in input.Rectifications)
        {
            var issued = new DateTimeOffset(r.IssuedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var x = new Rectification(ids[r.FilingId], null, "按评估意见整改", r.Due, "生成", issued);
            if (r.ClosedOn is { } closed)
            {
                var at = new DateTimeOffset(closed.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                x.Respond("已整改", [], at);
                x.Check(!r.Failed, "复查", "生成", at);
            }
            db.Rectifications.Add(x);
        }
        if (input.Complaints.Count > 0)
        {
            var notice = new StoredNotice { Year = input.Year, RegionCode = cityCode, Title = $"{input.Year}年度评价机构考核结果公示", Authority = "模拟市人力资源和社会保障局", CreatedBy = "生成", CreatedAt = db.Now };
            db.Set<StoredNotice>().Add(notice);
            await db.SaveChangesAsync();
            var today = DateOnly.FromDateTime(db.Now.UtcDateTime);
            notice.Issue(today, today.AddDays(7), "生成", db.Now);
            var k = 0;
            foreach (var c in input.Complaints)
            {
                var complaint = new NoticeComplaint
                {
                    NoticeId = notice.Id, TrackingNumber = $"TS-{input.Year}-{++k:D6}", Subject = filings[c.FilingId].LegalEntity.Name, Text = c.Summary,
                    FiledAt = new DateTimeOffset(c.FiledOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                };
                complaint.Close(c.Upheld ? "经查属实，已责令整改" : "经查不属实", "生成", db.Now);
                db.Set<NoticeComplaint>().Add(complaint);
            }
        }
        foreach (var g in input.Findings.GroupBy(f => f.DrawTitle))
        {
            var draw = new InspectionDraw { Title = g.Key, Seed = "generated", AlgorithmVersion = 1, BodiesRequested = g.Count(), InspectorsPerBody = 1, DrawnBy = "生成", DrawnAt = db.Now };
            draw.Publish(db.Now);
            foreach (var f in g)
                draw.Findings.Add(new InspectionFinding { BodyKey = DrawHandlers.BodyKey(filings[f.FilingId].Number, ids[f.FilingId]), Finding = f.Text, RecordedBy = "生成", RecordedAt = new DateTimeOffset(f.RecordedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) });
            db.InspectionDraws.Add(draw);
        }
        await db.SaveChangesAsync();
        Step("reviews and findings");
        return ids;
    }

    /// <summary>Batched multi-row INSERTs in one transaction (the statistics and roster tables of a whole province).</summary>
    private static async Task InsertAsync(AppDb db, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var size = Math.Max(1, 600 / columns.Length); // small statements: SQLite binds parameters by name, one by one
        var batch = new List<object?[]>(size);
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            var values = new List<string>(batch.Count);
            for (var r = 0; r < batch.Count; r++)
            {
                var names = new string[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    var p = cmd.CreateParameter();
                    p.ParameterName = $"@p{r}_{c}";
                    p.Value = batch[r][c] ?? DBNull.Value;
                    cmd.Parameters.Add(p);
                    names[c] = p.ParameterName;
                }
                values.Add("(" + string.Join(",", names) + ")");
            }
            cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(",", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(",", values)}";
            await cmd.ExecuteNonQueryAsync();
            batch.Clear();
        }
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == size) await FlushAsync();
        }
        await FlushAsync();
        await tx.CommitAsync();
    }
}
