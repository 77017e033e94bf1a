using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>
/// 新增职业（工种）申请的审核（忻州市管理办法 第二十三至二十六条）：本地区机构的申请，每份都按 /Rules/Scope 的同一规则
/// （ScopeEligibility）逐条核验；同意（符合全部条件时）或不予同意（写明理由），决定前先确认。
/// </summary>
public sealed class OccupationsModel(OccupationApplicationHandlers handlers) : PageModel
{
    public IReadOnlyList<OccupationApplicationView> Pending { get; private set; } = [];
    public IReadOnlyList<OccupationApplicationView> Decided { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await handlers.ListAsync();
        Pending = all.Where(a => a.State == ChangeState.Submitted).OrderBy(a => a.Id).ToList();
        Decided = all.Where(a => a.State != ChangeState.Submitted).ToList();
    }

    private static string Filing(OccupationApplicationView a) => $"{a.BodyName}{(a.FilingNumber is { } n ? "（备案号 " + n + "）" : "")}";

    /// <summary>What approving will do to the registry, for the confirmation (one line a paragraph).</summary>
    public static string ApproveConfirmation(OccupationApplicationView a)
    {
        var lines = new List<string>
        {
            $"同意后，将立即在{Filing(a)}的备案职业范围中新增：{a.OccupationName ?? a.OccupationCode}（{a.OccupationCode}），等级：{a.LevelNames}。",
        };
        if (a.Replacing is { } r) lines.Add($"以旧换新：{a.ReplacingName ?? r}（{r}）的全部等级将移出备案职业范围。");
        lines.Add("变更记入备案历史，并通知机构；同意后不能撤回。");
        return string.Join('\n', lines);
    }

    /// <summary>What refusing will do, for the confirmation.</summary>
    public static string RejectConfirmation(OccupationApplicationView a) =>
        $"不予同意{Filing(a)}新增{a.OccupationName ?? a.OccupationCode}的申请。\n备案职业范围不变；机构将收到不予同意的通知和您填写的理由。";
}
