using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>
/// What an answer sheet must explain. The one home of the reason rules, used by the self-assessment, the panel sheets,
/// the score preview and the CLI alike.
/// </summary>
public static class AnswerReasons
{
    /// <summary>
    /// A not-applicable answer takes the indicator out of the maximum, so it must say why (the panel checks the
    /// body's word). One error per indicator, the field being its code.
    /// </summary>
    public static void RequireNotApplicableReasons(AnswerSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var unjustified = sheet.Answers.Where(kv => kv.Value is NotApplicableAnswer && string.IsNullOrWhiteSpace(kv.Value.Reason))
            .Select(kv => new DomainException(kv.Key, $"指标 {kv.Key} 判为不适用，须填写理由")).ToList();
        if (unjustified.Count > 0) throw new DomainValidationException(unjustified);
    }

    /// <summary>
    /// Every deduction has a reason (《职业技能等级认定机构评估表》附件3 columns 自评结果/评估意见 "扣分原因"): before a
    /// sheet is submitted, each answered indicator scored below what its rule can give, and each veto found, must say
    /// why. Drafts may be saved without. (The rule's maximum, not the printed one: 3.6 prints 1.25 points but its
    /// standard gives 1.)
    /// </summary>
    public static void RequireDeductionReasons(ScoreResult result, AnswerSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sheet);
        var missing = result.Indicators
            .Where(i => sheet.Answers.ContainsKey(i.Code) && (i.Vetoed || Deduction(i) > 0) && string.IsNullOrWhiteSpace(i.Reason))
            .Select(i => new DomainException(i.Code, i.Vetoed ? $"指标 {i.Code} 认定存在否决情形，须写明原因" : $"指标 {i.Code} 扣了 {Deduction(i):0.##} 分，须写明扣分原因"))
            .ToList();
        if (missing.Count > 0) throw new DomainValidationException(missing);
    }

    /// <summary>Points lost against what the indicator's rule can give (0 when not applicable or full).</summary>
    public static decimal Deduction(IndicatorScore i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return i.Points is { } p ? Math.Max(0m, Math.Min(i.MaxPoints, i.Indicator.Rule.MaxPoints) - p) : 0m;
    }
}
