using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>
/// Writes a <see cref="Rubric"/> as rubric YAML (docs/rubric-format.md, formatVersion 1) that <see cref="RubricLoader"/>
/// reads back to the same rubric: same codes, kinds, conditions, rules and declarations. Text is written as
/// double-quoted scalars (JSON string syntax, which YAML accepts), so quotes, colons and line breaks survive.
/// Codes, kinds and conditions are written only where they differ from what the loader would infer.
/// </summary>
public static class RubricYamlWriter
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Rubric rubric, string? headerComment = null)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        var w = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n')) w.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
        }
        w.Append("formatVersion: ").Append(rubric.FormatVersion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        w.Append("id: ").Append(Q(rubric.Id)).Append('\n');
        w.Append("title: ").Append(Q(rubric.Title)).Append('\n');
        Opt(w, 0, "issuer", rubric.Issuer);
        Opt(w, 0, "documentNumber", rubric.DocumentNumber);
        if (rubric.Year is { } year) w.Append("year: ").Append(year.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Opt(w, 0, "source", rubric.Source);
        var d = rubric.Declared;
        if (d.BasePoints is not null || d.BonusPoints is not null || d.IndicatorCount is not null)
        {
            w.Append("declared:\n");
            if (d.BasePoints is { } b) w.Append("  basePoints: ").Append(N(b)).Append('\n');
            if (d.BonusPoints is { } bo) w.Append("  bonusPoints: ").Append(N(bo)).Append('\n');
            if (d.IndicatorCount is { } c) w.Append("  indicatorCount: ").Append(c.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        var o = rubric.Outcome;
        w.Append("outcome:\n");
        w.Append("  kind: ").Append(o.Kind switch { OutcomeKind.Grades => "grades", OutcomeKind.Stars => "stars", _ => "passFail" }).Append('\n');
        w.Append("  basis: ").Append(o.Basis == OutcomeBasis.Total ? "total" : "base").Append('\n');
        w.Append("  veto: ").Append(Q(o.VetoLabel)).Append('\n');
        w.Append("  bands:\n");
        foreach (var band in o.Bands)
        {
            w.Append("    - { label: ").Append(Q(band.Label));
            if (band.Min is { } min) w.Append(", min: ").Append(N(min));
            if (band.Below is { } below) w.Append(", below: ").Append(N(below));
            w.Append(" }\n");
        }
        if (rubric.Notes.Count > 0)
        {
            w.Append("notes:\n");
            foreach (var note in rubric.Notes) w.Append("  - ").Append(Q(note)).Append('\n');
        }
        if (rubric.Sections.Count == 0)
        {
            w.Append("sections: []\n");
        }
        else
        {
            w.Append("sections:\n");
            for (var i = 0; i < rubric.Sections.Count; i++)
                WriteSection(w, 1, rubric.Sections[i], Position(null, i), IndicatorKind.Scored, Applicability.Always);
        }
        return w.ToString();
    }

    private static string Position(string? parent, int index) =>
        parent is null ? (index + 1).ToString(CultureInfo.InvariantCulture) : $"{parent}.{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    private static void WriteSection(StringBuilder w, int depth, RubricSection s, string positionCode, IndicatorKind inheritedKind, Applicability inherited)
    {
        var pad = new string(' ', depth * 2);
        var inner = pad + "  ";
        w.Append(pad).Append("- name: ").Append(Q(s.Name)).Append('\n');
        if (s.Code != positionCode) w.Append(inner).Append("code: ").Append(Q(s.Code)).Append('\n');
        // The loader reads a section's kind as the default of every indicator beneath; use the common kind when there is one.
        var kind = s.KindName switch { "scored" => IndicatorKind.Scored, "bonus" => IndicatorKind.Bonus, "veto" => IndicatorKind.Veto, _ => inheritedKind };
        if (kind != inheritedKind) w.Append(inner).Append("kind: ").Append(RubricText.KindName(kind)).Append('\n');
        if (s.Declared.Count is not null || s.Declared.Points is not null)
        {
            var parts = new List<string>();
            if (s.Declared.Count is { } c) parts.Add("count: " + c.ToString(CultureInfo.InvariantCulture));
            if (s.Declared.Points is { } p) parts.Add("points: " + N(p));
            w.Append(inner).Append("declared: { ").Append(string.Join(", ", parts)).Append(" }\n");
        }
        // Conditions are stored combined with the enclosing sections'; writing the combined condition where it first
        // differs gives the same result, since And(parent, combined) = combined.
        if (!SameCondition(s.Applicability, inherited)) WriteCondition(w, inner, s.Applicability);
        Opt(w, depth + 1, "note", s.Note);
        if (s.Reconstructed) w.Append(inner).Append("reconstructed: true\n");
        if (s.Sections.Count > 0)
        {
            w.Append(inner).Append("sections:\n");
            for (var i = 0; i < s.Sections.Count; i++)
                WriteSection(w, depth + 2, s.Sections[i], Position(s.Code, i), kind, s.Applicability);
        }
        else if (s.Indicators.Count > 0)
        {
            w.Append(inner).Append("indicators:\n");
            for (var i = 0; i < s.Indicators.Count; i++)
                WriteIndicator(w, depth + 2, s.Indicators[i], Position(s.Code, i), kind, s.Applicability);
        }
    }

    private static void WriteIndicator(StringBuilder w, int depth, Indicator ind, string positionCode, IndicatorKind inheritedKind, Applicability inherited)
    {
        var pad = new string(' ', depth * 2);
        var inner = pad + "  ";
        var first = true;
        void Key(string key)
        {
            w.Append(first ? pad + "- " : inner).Append(key).Append(": ");
            first = false;
        }
        if (ind.Code != positionCode) { Key("code"); w.Append(Q(ind.Code)).Append('\n'); }
        if (ind.Content is not null) { Key("content"); w.Append(Q(ind.Content)).Append('\n'); }
        if (ind.Method is not null) { Key("method"); w.Append(Q(ind.Method)).Append('\n'); }
        if (ind.Standard is not null) { Key("standard"); w.Append(Q(ind.Standard)).Append('\n'); }
        Key("max"); w.Append(N(ind.MaxPoints)).Append('\n');
        if (ind.Kind != inheritedKind) { Key("kind"); w.Append(RubricText.KindName(ind.Kind)).Append('\n'); }
        if (!SameCondition(ind.Applicability, inherited)) WriteCondition(w, inner, ind.Applicability);
        if (ind.Note is not null) { Key("note"); w.Append(Q(ind.Note)).Append('\n'); }
        if (ind.Reconstructed) { Key("reconstructed"); w.Append("true\n"); }
        Key("rule"); w.Append(Rule(ind.Rule, ind.MaxPoints)).Append('\n');
    }

    /// <summary>A rule in flow style; fields equal to what the loader would default (the owner's max) are left out.</summary>
    private static string Rule(ScoringRule rule, decimal ownerMax) => rule switch
    {
        AllOrNothingRule a => a.Points == ownerMax ? "{ kind: allOrNothing }" : $"{{ kind: allOrNothing, points: {N(a.Points)} }}",
        DeductionRule d => Deduction(d, ownerMax),
        TierRule t => "{ kind: tiers, tiers: [ " + string.Join(", ", t.Tiers.Select(x => $"{{ key: {Q(x.Key)}, label: {Q(x.Label)}, points: {N(x.Points)} }}")) + " ] }",
        CompositeRule c => "{ kind: composite, parts: [ " + string.Join(", ", c.Parts.Select(p =>
            $"{{ key: {Q(p.Key)}, label: {Q(p.Label)}, max: {N(p.Rule.MaxPoints)}, rule: {Rule(p.Rule, p.Rule.MaxPoints)} }}")) + " ] }",
        StaffingRatioRule s => "{ kind: staffingRatio" + (s.Full == ownerMax ? "" : $", full: {N(s.Full)}") + $", none: {N(s.NoneDeduct)}, below: [ "
            + string.Join(", ", s.Bands.Select(b => $"{{ share: {Q(b.Below.ToString())}, deduct: {N(b.Deduct)} }}")) + " ] }",
        VetoRule => "{ kind: veto }",
        JudgementRule => "{ kind: judgement }",
        _ => throw new ArgumentException($"cannot write rule kind {rule.KindName}", nameof(rule)),
    };

    private static string Deduction(DeductionRule d, decimal ownerMax)
    {
        var full = d.Full == ownerMax ? "" : $", full: {N(d.Full)}";
        if (d.Deficiencies is [{ Key: "default" } one])
            return $"{{ kind: deduction{full}, per: {N(one.PerUnit)}, label: {Q(one.Label)}" + (one.AtMost is { } m ? $", atMost: {m}" : "") + " }";
        return $"{{ kind: deduction{full}, deficiencies: [ " + string.Join(", ", d.Deficiencies.Select(x =>
            $"{{ key: {Q(x.Key)}, label: {Q(x.Label)}, per: {N(x.PerUnit)}" + (x.AtMost is { } m ? $", atMost: {m}" : "") + " }")) + " ] }";
    }

    private static bool SameCondition(Applicability a, Applicability b) =>
        a.ComputerExams == b.ComputerExams
        && (a.LevelsAny is null ? b.LevelsAny is null : b.LevelsAny is not null && a.LevelsAny.SequenceEqual(b.LevelsAny));

    private static void WriteCondition(StringBuilder w, string pad, Applicability a)
    {
        var parts = new List<string>();
        if (a.LevelsAny is { } levels) parts.Add("levelsAny: [ " + string.Join(", ", levels.Select(l => Q(l.ChineseName()))) + " ]");
        if (a.ComputerExams is { } ce) parts.Add("computerExams: " + (ce ? "true" : "false"));
        if (parts.Count == 0) return; // cannot widen a parent's condition; the loader would not either
        w.Append(pad).Append("applicableWhen: { ").Append(string.Join(", ", parts)).Append(" }\n");
    }

    private static void Opt(StringBuilder w, int depth, string key, string? value)
    {
        if (value is null) return;
        w.Append(new string(' ', depth * 2)).Append(key).Append(": ").Append(Q(value)).Append('\n');
    }

    /// <summary>A double-quoted YAML scalar (JSON string escapes are valid YAML escapes).</summary>
    private static string Q(string text) => JsonSerializer.Serialize(text, StringOptions);

    private static string N(decimal d) => RubricText.Points(d);
}
