namespace SkillsAudit.Domain.Rubrics;

/// <summary>
/// Checks a rubric's own numbers. Where a seed's declarations disagree with what its indicators add up to, the
/// declaration is kept and a WARNING says where, what was declared and what was computed. Errors come from loading.
/// </summary>
public static class RubricValidator
{
    /// <summary>Validates a file: load errors (with path and line) if refused, otherwise the consistency warnings.</summary>
    public static ValidationReport ValidateFile(string path) => RubricLoader.TryLoadFile(path).ToReport();

    /// <summary>Validates YAML text (path used in messages only).</summary>
    public static ValidationReport ValidateText(string yaml, string path) => RubricLoader.TryLoadText(yaml, path).ToReport();

    /// <summary>Consistency warnings of a loaded rubric.</summary>
    public static ValidationReport Validate(Rubric rubric) => new(rubric.SourcePath, [], rubric.Warnings);

    internal static IReadOnlyList<ValidationIssue> Check(Rubric rubric)
    {
        var issues = new List<ValidationIssue>();
        var file = rubric.SourcePath;

        ValidationIssue Warn(string code, string location, string message, decimal? declared, decimal? computed, SourceMark? mark) =>
            new(IssueSeverity.Warning, code, location, message, declared, computed, file, mark?.Line, mark?.Column);

        if (rubric.Indicators.Count == 0)
            issues.Add(Warn("no-indicators", rubric.Id, "the rubric has no indicators: only its outcome bands can be used (scoring needs a given total)", null, null, null));

        foreach (var section in rubric.AllSections())
        {
            var where = $"{section.Code} {section.Name}";
            if (section.Declared.Count is { } count && count != section.ComputedCount)
                issues.Add(Warn("section-count", where, "declared indicator count differs from the indicators transcribed", count, section.ComputedCount, section.Mark));
            if (section.Declared.Points is { } points && points != section.ComputedPoints)
                issues.Add(Warn("section-points", where, "declared points differ from the sum of its indicators' max points", points, section.ComputedPoints, section.Mark));
            if (section.Declared.Points is { } parent && section.Sections.Count > 0 && section.Sections.All(s => s.Declared.Points is not null))
            {
                var children = section.Sections.Sum(s => s.Declared.Points!.Value);
                if (children != parent)
                    issues.Add(Warn("section-declared-sum", where, "declared points differ from the sum of its sub-sections' declared points", parent, children, section.Mark));
            }
        }

        foreach (var indicator in rubric.Indicators)
        {
            if (indicator.Rule.MaxPoints != indicator.MaxPoints && indicator.Rule is not VetoRule)
                issues.Add(Warn("rule-max", $"indicator {indicator.Code}",
                    $"max points differ from the most its {indicator.Rule.KindName} rule can give" +
                    (indicator.Rule.MaxPoints < indicator.MaxPoints ? " (the rule cannot reach the max; a points answer can)" : " (scores are capped at the max)"),
                    indicator.MaxPoints, indicator.Rule.MaxPoints, indicator.Mark));
            // A standard that gives the same points whether or not it is met (seed 002 附件3 3.13: "得0.5分，否则0.5分").
            if (indicator.Standard is { } standard && SelfContradiction(standard) is { } both)
                issues.Add(Warn("standard-contradiction", $"indicator {indicator.Code}",
                    $"the standard gives {both} points whether it is met or not (得{both}分，否则{both}分); the rule's reading is used", both, indicator.Rule.MaxPoints, indicator.Mark));
        }

        var d = rubric.Declared;
        if (d.BasePoints is { } basePoints)
        {
            if (basePoints != rubric.BaseMaxPoints)
                issues.Add(Warn("total-base", rubric.Id, "declared base points differ from the sum of the scored indicators' max points", basePoints, rubric.BaseMaxPoints, null));
            var top = rubric.Sections.Where(s => s.KindName == "scored").ToArray();
            if (top.Length > 0 && top.All(s => s.Declared.Points is not null))
            {
                var sum = top.Sum(s => s.Declared.Points!.Value);
                if (sum != basePoints)
                    issues.Add(Warn("total-base-declared-sum", rubric.Id, "declared base points differ from the sum of the scored parts' declared points", basePoints, sum, null));
            }
        }
        if (d.BonusPoints is { } bonus && bonus != rubric.BonusMaxPoints)
            issues.Add(Warn("total-bonus", rubric.Id, "declared bonus points differ from the sum of the bonus indicators' max points", bonus, rubric.BonusMaxPoints, null));
        if (d.IndicatorCount is { } n && n != rubric.Indicators.Count)
            issues.Add(Warn("total-count", rubric.Id, "declared indicator count differs from the indicators transcribed", n, rubric.Indicators.Count, null));
        return issues;
    }

    private static readonly System.Text.RegularExpressions.Regex MetOtherwise =
        new(@"得\s*(\d+(?:\.\d+)?)\s*分\s*[，,；;]?\s*否则\s*(\d+(?:\.\d+)?)\s*分", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The points when a standard reads "得X分，否则X分" with the same X above 0, else null.</summary>
    public static decimal? SelfContradiction(string standard)
    {
        foreach (System.Text.RegularExpressions.Match m in MetOtherwise.Matches(standard))
        {
            var met = decimal.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var otherwise = decimal.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (met == otherwise && met > 0) return met;
        }
        return null;
    }
}
