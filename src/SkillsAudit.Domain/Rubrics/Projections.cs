using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkillsAudit.Domain.Rubrics;

// Plain records for JSON output (rubric show --json, rubric validate --json, score --json) and for the web app.
// Serialise with RubricJson.Options (camelCase, nulls omitted, Chinese unescaped).

public sealed record RubricView(
    string Id,
    string Title,
    string? Issuer,
    string? DocumentNumber,
    int? Year,
    string? Source,
    int FormatVersion,
    decimal BaseMaxPoints,
    decimal BonusMaxPoints,
    int IndicatorCount,
    DeclaredTotalsView Declared,
    OutcomeSchemeView Outcome,
    IReadOnlyList<SectionView> Sections,
    IReadOnlyList<string> Notes);

public sealed record DeclaredTotalsView(decimal? BasePoints, decimal? BonusPoints, int? IndicatorCount);

public sealed record OutcomeSchemeView(string Kind, string Basis, string Veto, IReadOnlyList<BandView> Bands);

public sealed record BandView(string Label, decimal? Min, decimal? Below);

public sealed record SectionView(
    string Code,
    string Name,
    string Kind,
    int IndicatorCount,
    decimal MaxPoints,
    int? DeclaredCount,
    decimal? DeclaredPoints,
    string? ApplicableWhen,
    bool Reconstructed,
    string? Note,
    IReadOnlyList<SectionView> Sections,
    IReadOnlyList<IndicatorView> Indicators);

public sealed record IndicatorView(
    string Code,
    string? Content,
    string? Method,
    string? Standard,
    decimal MaxPoints,
    string Kind,
    string? ApplicableWhen,
    RuleView Rule,
    bool Reconstructed,
    string? Note);

/// <summary>A rule flattened: kind plus whichever fields that kind uses.</summary>
public sealed record RuleView(
    string Kind,
    decimal MaxPoints,
    decimal? Points = null,
    decimal? Full = null,
    IReadOnlyList<DeficiencyView>? Deficiencies = null,
    IReadOnlyList<TierView>? Tiers = null,
    IReadOnlyList<PartView>? Parts = null,
    decimal? None = null,
    IReadOnlyList<StaffingBandView>? Below = null);

public sealed record DeficiencyView(string Key, string Label, decimal Per, int? AtMost);

public sealed record TierView(string Key, string Label, decimal Points);

public sealed record PartView(string Key, string Label, RuleView Rule);

public sealed record StaffingBandView(string Share, decimal Deduct);

public sealed record ValidationReportView(string? File, bool Valid, IReadOnlyList<IssueView> Errors, IReadOnlyList<IssueView> Warnings);

public sealed record IssueView(string Severity, string Code, string Location, string Message, decimal? Declared, decimal? Computed, int? Line, int? Column);

public sealed record ScoreResultView(
    string RubricId,
    IReadOnlyList<IndicatorScoreView> Indicators,
    IReadOnlyList<SectionScoreView> Sections,
    decimal BaseTotal,
    decimal BonusTotal,
    decimal Total,
    decimal BaseMaxPoints,
    decimal BonusMaxPoints,
    decimal BaseApplicableMaxPoints,
    decimal BonusApplicableMaxPoints,
    bool Vetoed,
    IReadOnlyList<string> Vetoes,
    OutcomeView Outcome);

public sealed record IndicatorScoreView(string Code, string? Content, string Kind, string Status, decimal? Points, decimal MaxPoints, IReadOnlyList<string> Explanation, string? Reason);

public sealed record SectionScoreView(string Code, string Name, decimal Points, decimal MaxPoints, decimal ApplicableMaxPoints);

public sealed record OutcomeView(string Label, string Kind, bool Vetoed, decimal Score);

public sealed record AnswerErrorView(string Code, string Message);

/// <summary>Builds the projections and holds the JSON options.</summary>
public static class RubricJson
{
    /// <summary>camelCase, indented, nulls omitted, Chinese written as is.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static RubricView ToView(this Rubric r) => new(
        r.Id, r.Title, r.Issuer, r.DocumentNumber, r.Year, r.Source, r.FormatVersion,
        Norm(r.BaseMaxPoints), Norm(r.BonusMaxPoints), r.Indicators.Count,
        new DeclaredTotalsView(r.Declared.BasePoints, r.Declared.BonusPoints, r.Declared.IndicatorCount),
        ToView(r.Outcome),
        r.Sections.Select(ToView).ToArray(),
        r.Notes);

    public static OutcomeSchemeView ToView(this OutcomeScheme s) => new(
        s.Kind switch { OutcomeKind.Grades => "grades", OutcomeKind.Stars => "stars", _ => "passFail" },
        s.Basis == OutcomeBasis.Total ? "total" : "base",
        s.VetoLabel,
        s.Bands.Select(b => new BandView(b.Label, b.Min, b.Below)).ToArray());

    public static SectionView ToView(this RubricSection s) => new(
        s.Code, s.Name, s.KindName, s.ComputedCount, Norm(s.ComputedPoints), s.Declared.Count, s.Declared.Points,
        s.Applicability.IsAlways ? null : s.Applicability.Describe(), s.Reconstructed, s.Note,
        s.Sections.Select(ToView).ToArray(), s.Indicators.Select(ToView).ToArray());

    public static IndicatorView ToView(this Indicator i) => new(
        i.Code, i.Content, i.Method, i.Standard, Norm(i.MaxPoints), RubricText.KindName(i.Kind),
        i.Applicability.IsAlways ? null : i.Applicability.Describe(), ToView(i.Rule), i.Reconstructed, i.Note);

    public static RuleView ToView(this ScoringRule rule) => rule switch
    {
        AllOrNothingRule a => new RuleView(a.KindName, a.MaxPoints, Points: a.Points),
        DeductionRule d => new RuleView(d.KindName, d.MaxPoints, Full: d.Full,
            Deficiencies: d.Deficiencies.Select(x => new DeficiencyView(x.Key, x.Label, x.PerUnit, x.AtMost)).ToArray()),
        TierRule t => new RuleView(t.KindName, t.MaxPoints, Tiers: t.Tiers.Select(x => new TierView(x.Key, x.Label, x.Points)).ToArray()),
        CompositeRule c => new RuleView(c.KindName, c.MaxPoints, Parts: c.Parts.Select(p => new PartView(p.Key, p.Label, ToView(p.Rule))).ToArray()),
        StaffingRatioRule s => new RuleView(s.KindName, s.MaxPoints, Full: s.Full, None: s.NoneDeduct,
            Below: s.Bands.Select(b => new StaffingBandView(b.Below.ToString(), b.Deduct)).ToArray()),
        _ => new RuleView(rule.KindName, rule.MaxPoints),
    };

    public static ValidationReportView ToView(this ValidationReport report) => new(
        report.File, report.IsValid, report.Errors.Select(ToView).ToArray(), report.Warnings.Select(ToView).ToArray());

    public static IssueView ToView(this ValidationIssue i) => new(
        i.Severity == IssueSeverity.Error ? "error" : "warning", i.Code, i.Location, i.Message, i.Declared, i.Computed, i.Line, i.Column);

    public static ScoreResultView ToView(this ScoreResult r) => new(
        r.Rubric.Id,
        r.Indicators.Select(s => new IndicatorScoreView(s.Code, s.Indicator.Content, RubricText.KindName(s.Indicator.Kind),
            s.Status switch { IndicatorStatus.Answered => "answered", IndicatorStatus.Defaulted => "defaulted", _ => "notApplicable" },
            s.Points is { } p ? Norm(p) : null, Norm(s.MaxPoints), s.Explanation, s.Reason)).ToArray(),
        r.Sections.Select(s => new SectionScoreView(s.Code, s.Name, Norm(s.Points), Norm(s.MaxPoints), Norm(s.ApplicableMaxPoints))).ToArray(),
        Norm(r.BaseTotal), Norm(r.BonusTotal), Norm(r.Total), Norm(r.Rubric.BaseMaxPoints), Norm(r.Rubric.BonusMaxPoints),
        Norm(r.BaseApplicableMaxPoints), Norm(r.BonusApplicableMaxPoints),
        r.Vetoed, r.Vetoes.Select(v => v.Code).ToArray(),
        new OutcomeView(r.Outcome.Label, r.Outcome.Kind switch { OutcomeKind.Grades => "grades", OutcomeKind.Stars => "stars", _ => "passFail" },
            r.Outcome.Vetoed, Norm(r.Outcome.ScoreClassified)));

    public static AnswerErrorView ToView(this AnswerError e) => new(e.Code, e.Message);

    /// <summary>Drops trailing zeros (1.50 → 1.5) so JSON shows points as the seeds print them.</summary>
    public static decimal Norm(decimal d) => d / 1.0000000000000000000000000000m;
}
