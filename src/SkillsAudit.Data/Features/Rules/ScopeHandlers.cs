using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Platform;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>An application to add an occupation (seed 003 第六章), as a form, the API or the CLI gives it.</summary>
public sealed record ScopeRequest(int FilingId, string OccupationCode, Level? Level = null, string? Replacing = null,
    int Experts = 0, int Examiners = 0, int QuestionBanks = 0, bool HasBadRecord = false);

public sealed record ScopeCheckView(int FilingId, string BodyName, string OccupationCode, string? OccupationName, bool Eligible,
    IReadOnlyList<EligibilityCheck> Checks, int? ApplicationId = null);

/// <summary>
/// Checks an occupation application rule by rule (<see cref="ScopeEligibility.Check"/>) from what the registry and the
/// statistics know: the filed occupations, those assessed since filing (StatisticsRecords.OccupationCode with Assessed &gt; 0,
/// years from the filing year on — 第二十四条(一)), and how the city's active filings cover the occupation (第二十五条,
/// docs/decisions/0003-occupation-coverage.md).
/// </summary>
public sealed class ScopeHandlers(AppDb db, SkillsAudit.Data.Access.AccessGuard access)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<ScopeCheckView> CheckAsync(ScopeRequest r, CancellationToken ct = default)
    {
        await access.FilingAsync(r.FilingId, ct: ct);
        var code = (r.OccupationCode ?? "").Trim();
        // Every problem of what was typed at once: a count is never negative (第二十四条 counts people and question banks).
        var errors = new List<DomainException>();
        if (code.Length == 0) errors.Add(new("occupation", "请填写申请新增的职业代码"));
        foreach (var (field, name, value) in new[] { ("experts", "专家", r.Experts), ("examiners", "考评人员", r.Examiners), ("questionBanks", "题库", r.QuestionBanks) })
        {
            if (value < 0) errors.Add(new(field, $"{name}数量不能为负数（现为 {value}）"));
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var filing = await db.Filings.AsNoTracking().Include(f => f.LegalEntity).Include(f => f.Scope).AsSplitQuery()
            .FirstOrDefaultAsync(f => f.Id == r.FilingId, ct) ?? throw new DomainException("filingId", "没有找到这项备案：可能已删除，或不在您的管辖范围内");
        var occupation = await db.Occupations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new DomainException("occupation", $"职业目录中没有职业代码“{code}”");
        var facts = await FactsAsync(filing, code, r.Replacing, r.Experts, r.Examiners, r.QuestionBanks, r.HasBadRecord, ct);
        var result = ScopeEligibility.Check(facts);
        return new ScopeCheckView(filing.Id, filing.LegalEntity.Name, code, occupation.Name, result.Eligible, result.Checks);
    }

    /// <summary>
    /// What <see cref="ScopeEligibility.Check"/> is asked about an application for <paramref name="code"/> by this filing
    /// (loaded with its Scope): the application's own figures and what the registry and the statistics know now. The
    /// officer's check (/Rules/Scope) and the body's applications (<see cref="OccupationApplicationHandlers"/>) both use it.
    /// </summary>
    public async Task<ScopeApplicationFacts> FactsAsync(Filing filing, string code, string? replacing, int experts, int examiners, int questionBanks,
        bool hasBadRecord, CancellationToken ct = default)
    {
        var filed = filing.Scope.Select(s => s.OccupationCode).ToHashSet();
        var fromYear = filing.FiledOn?.Year ?? 0;
        // 第二十四条（一）: the filed occupations assessed since filing.
        var assessed = (await db.StatisticsRecords.AsNoTracking()
                .Where(s => s.FilingId == filing.Id && s.Year >= fromYear && s.Assessed > 0 && s.OccupationCode != null)
                .Select(s => s.OccupationCode!).Distinct().ToListAsync(ct)).ToHashSet();

        // 第二十五条: the city's filings that can assess (正常 / 未开展评价), and those of them (not the applicant) covering the occupation.
        var cityPrefix = filing.RegionCode.Length >= 4 ? filing.RegionCode[..4] : filing.RegionCode;
        var city = await db.Filings.AsNoTracking()
            .Where(f => f.RegionCode.StartsWith(cityPrefix) && (f.Status == FilingStatus.Active || f.Status == FilingStatus.NotConducting))
            .Select(f => new { f.Id, Covers = f.Scope.Any(s => s.OccupationCode == code) }).ToListAsync(ct);
        return new ScopeApplicationFacts
        {
            FilingType = filing.Type,
            FiledOccupations = filed,
            AssessedOccupations = assessed,
            RequestedOccupation = code,
            Replacing = string.IsNullOrWhiteSpace(replacing) ? null : replacing.Trim(),
            DeclaredExperts = experts,
            DeclaredExaminers = examiners,
            DeclaredQuestionBanks = questionBanks,
            CityFiledBodies = city.Count,
            CityBodiesCoveringOccupation = city.Count(c => c.Covers && c.Id != filing.Id),
            HasBadRecord = hasBadRecord,
            RegionCode = filing.RegionCode,
        };
    }

    /// <summary>Records the application with the result as it stands now (a snapshot; later changes do not alter it).</summary>
    public async Task<ScopeCheckView> ApplyAsync(ScopeRequest r, CancellationToken ct = default)
    {
        var view = await CheckAsync(r, ct);
        // The body's own pending application for the occupation stands: an officer does not file a second beside it.
        await PendingRequests.RefuseOccupationWhilePendingAsync(db, r.FilingId, view.OccupationCode, ct);
        var id = await db.InTransactionAsync(async t =>
        {
            await PendingRequests.LockAsync(db, PendingRequests.OccupationKey(r.FilingId, view.OccupationCode), t);
            await PendingRequests.RefuseOccupationWhilePendingAsync(db, r.FilingId, view.OccupationCode, t);
            var app = new ScopeApplication
            {
                FilingId = r.FilingId, OccupationCode = view.OccupationCode, Levels = r.Level is { } l ? OccupationApplicationRules.LevelCodes([l]) : "", Replacing = r.Replacing,
                DeclaredExperts = r.Experts, DeclaredExaminers = r.Examiners, DeclaredQuestionBanks = r.QuestionBanks, HasBadRecord = r.HasBadRecord,
                Eligible = view.Eligible, ChecksJson = JsonSerializer.Serialize(view.Checks, Json), AppliedBy = db.ActorName, AppliedAt = db.Now,
            };
            db.ScopeApplications.Add(app);
            await db.SaveChangesAsync(t);
            return app.Id;
        }, ct);
        return view with { ApplicationId = id };
    }
}

public sealed record ExpiringFiling(int FilingId, string? Number, string BodyName, string PeriodEnd, int DaysLeft, string Status);

public sealed record ExpiryRun(DateOnly Today, IReadOnlyList<ExpiringFiling> Expired, int SkippedUnderEvaluation);

/// <summary>Filing periods: the 90-day warning list and the idempotent job that marks ended filings 备案期满.</summary>
public sealed class ExpiryHandlers(AppDb db, SkillsAudit.Data.Access.AccessGuard access)
{
    public async Task<IReadOnlyList<ExpiringFiling>> ExpiringAsync(DateOnly? on = null, CancellationToken ct = default)
    {
        var today = on ?? CampaignHandlers.Today(db);
        var prefix = await access.StaffPrefixAsync(ct) ?? "\u0000"; // staff of their region; nobody else
        var filings = await db.Filings.AsNoTracking().Where(f => f.PeriodEnd != null && (f.Status == FilingStatus.Active || f.Status == FilingStatus.NotConducting))
            .Where(f => f.RegionCode.StartsWith(prefix))
            .Select(f => new { f.Id, f.Number, f.LegalEntity.Name, f.PeriodEnd, f.Status }).ToListAsync(ct);
        return filings.Where(f => FilingExpiry.ExpiresSoon(f.PeriodEnd, today))
            .Select(f => new ExpiringFiling(f.Id, f.Number?.Value, f.Name, f.PeriodEnd!.Value.ToIso(), f.PeriodEnd.Value.Latest.DayNumber - today.DayNumber, f.Status.Chinese()))
            .OrderBy(f => f.DaysLeft).ThenBy(f => f.BodyName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Marks every filing whose period has ended 备案期满 via <see cref="Filing.ChangeStatus"/> (so the history says why);
    /// filings under evaluation are left until the evaluation window closes (seed 001 四(三)). Running it again changes nothing.
    /// </summary>
    public async Task<ExpiryRun> ExpireAsync(DateOnly? on = null, CancellationToken ct = default)
    {
        var today = on ?? CampaignHandlers.Today(db);
        var prefix = await access.StaffPrefixAsync(ct) ?? throw new ForbiddenException("只有工作人员可以处理备案期满");
        var candidates = await db.Filings.Include(f => f.LegalEntity)
            .Where(f => f.PeriodEnd != null && (f.Status == FilingStatus.Active || f.Status == FilingStatus.NotConducting))
            .Where(f => f.RegionCode.StartsWith(prefix)).ToListAsync(ct);
        var ids = candidates.Select(f => f.Id).ToList();
        var campaigns = db.Campaigns;
        var underEvaluation = (await db.Assessments.AsNoTracking()
            .Where(a => ids.Contains(a.FilingId) && campaigns.Any(c => c.Id == a.CampaignId && c.State == Domain.Reviews.CampaignState.Open))
            .Select(a => a.FilingId).Distinct().ToListAsync(ct)).ToHashSet();
        var expired = new List<ExpiringFiling>();
        var skipped = 0;
        foreach (var f in candidates)
        {
            var ended = f.PeriodEnd!.Value.Latest < today;
            if (!FilingExpiry.ShouldExpire(f.Status, f.PeriodEnd, underEvaluation.Contains(f.Id), today))
            {
                if (ended) skipped++;
                continue;
            }
            expired.Add(new ExpiringFiling(f.Id, f.Number?.Value, f.LegalEntity.Name, f.PeriodEnd.Value.ToIso(), f.PeriodEnd.Value.Latest.DayNumber - today.DayNumber, FilingStatus.Expired.Chinese()));
            f.ChangeStatus(FilingStatus.Expired, db.ActorName, db.Now, $"备案期满（期限截止 {f.PeriodEnd.Value.ToChinese()}，{today:yyyy-MM-dd} 自动处理）");
        }
        if (expired.Count > 0) await db.SaveChangesAsync(ct);
        return new ExpiryRun(today, expired, skipped);
    }
}
