using System.Globalization;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>Plain-text renderings for the CLI (JSON goes through <see cref="RubricJson"/>).</summary>
public static class RubricReports
{
    private static string P(decimal d) => RubricText.Points(d);

    public static void WriteTree(Rubric r, TextWriter w)
    {
        w.WriteLine($"{r.Id}  {r.Title}");
        var meta = string.Join("  ", new[] { r.Issuer, r.DocumentNumber, r.Year?.ToString(CultureInfo.InvariantCulture), r.Source }.Where(x => x is not null));
        if (meta.Length > 0) w.WriteLine(meta);
        w.WriteLine($"base {P(r.BaseMaxPoints)} (declared {Fmt(r.Declared.BasePoints)}), bonus {P(r.BonusMaxPoints)} (declared {Fmt(r.Declared.BonusPoints)}), " +
                    $"{r.Indicators.Count} indicators (declared {r.Declared.IndicatorCount?.ToString(CultureInfo.InvariantCulture) ?? "—"})");
        w.WriteLine($"outcome ({OutcomeName(r.Outcome.Kind)}, on {(r.Outcome.Basis == OutcomeBasis.Total ? "base + bonus" : "base")}): " +
                    string.Join(", ", r.Outcome.Bands.Reverse().Select(b => b.ToString())) + $"; any veto: {r.Outcome.VetoLabel}");
        foreach (var s in r.Sections) WriteSection(s, w, 0);
        foreach (var issue in r.Warnings) w.WriteLine(issue);
    }

    private static void WriteSection(RubricSection s, TextWriter w, int depth)
    {
        var pad = new string(' ', depth * 2);
        var declared = s.Declared.Count is null && s.Declared.Points is null ? "" :
            $" [declared {s.Declared.Count?.ToString(CultureInfo.InvariantCulture) ?? "—"}项 {Fmt(s.Declared.Points)}分]";
        var cond = s.Applicability.IsAlways ? "" : $" ({s.Applicability.Describe()})";
        w.WriteLine($"{pad}{s.Code} {s.Name} ({s.ComputedCount}项, {P(s.ComputedPoints)}分, {s.KindName}){declared}{cond}{(s.Reconstructed ? " *" : "")}");
        foreach (var sub in s.Sections) WriteSection(sub, w, depth + 1);
        foreach (var i in s.Indicators)
        {
            var text = i.Content ?? i.Standard ?? "";
            if (text.Length > 40) text = text[..40] + "…";
            w.WriteLine($"{pad}  {i.Code}  {P(i.MaxPoints),5}  {i.Rule.KindName,-13} {text}{(i.Reconstructed ? " *" : "")}");
        }
    }

    public static void WriteValidation(ValidationReport report, TextWriter w)
    {
        foreach (var e in report.Errors) w.WriteLine(e);
        foreach (var x in report.Warnings) w.WriteLine(x);
        w.WriteLine(report.IsValid
            ? $"{report.File}: valid, {report.Warnings.Count} warning(s)"
            : $"{report.File}: refused, {report.Errors.Count} error(s)");
    }

    public static void WriteScore(ScoreResult r, TextWriter w)
    {
        w.WriteLine($"{r.Rubric.Id}  {r.Rubric.Title}");
        foreach (var s in r.Indicators)
        {
            if (s.Status == IndicatorStatus.NotApplicable)
            {
                w.WriteLine($"  {s.Code,-8}     —  / {P(s.MaxPoints),-5} 不适用{(s.Reason is null ? "" : "：" + s.Reason)}");
                continue;
            }
            if (s.Indicator.Kind == IndicatorKind.Veto)
            {
                if (s.Vetoed) w.WriteLine($"  {s.Code,-8} 否决  {s.Indicator.Content}{(s.Reason is null ? "" : "（" + s.Reason + "）")}");
                continue;
            }
            w.WriteLine($"  {s.Code,-8} {P(s.Points ?? 0),5} / {P(s.MaxPoints),-5}{(s.Reason is null ? "" : " " + s.Reason)}");
            foreach (var line in s.Explanation) w.WriteLine($"             - {line}");
        }
        w.WriteLine();
        foreach (var s in r.Sections.Where(s => s.Code.IndexOf('.') < 0))
            w.WriteLine($"  {s.Code} {s.Name}: {P(s.Points)} / {P(s.ApplicableMaxPoints)}");
        if (r.TotalGiven) w.WriteLine($"total (given): {P(r.Total)}");
        else w.WriteLine($"base {P(r.BaseTotal)} / {P(r.BaseApplicableMaxPoints)}, bonus {P(r.BonusTotal)} / {P(r.BonusApplicableMaxPoints)}, total {P(r.Total)}");
        w.WriteLine($"outcome: {r.Outcome.Label}" + (r.Vetoed ? $" (veto: {string.Join(", ", r.Vetoes.Select(v => v.Code))})" : ""));
    }

    private static string Fmt(decimal? d) => d is { } x ? P(x) : "—";

    private static string OutcomeName(OutcomeKind k) => k switch
    {
        OutcomeKind.Grades => "grades",
        OutcomeKind.Stars => "stars",
        _ => "pass/fail",
    };
}
