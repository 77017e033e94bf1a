using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>法人及备案信息变更申请（seed 003 第五章）：列表与审核（同意 / 不予同意）。</summary>
public sealed class ChangesModel(ChangeHandlers handlers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ChangeRequestView> Items { get; private set; } = [];
    /// <summary>The quarter the report link offers: today's, in China time (第二十一条 按季度报备), not the server's.</summary>
    public (int Year, int Quarter) ReportQuarter { get; private set; }

    public async Task OnGetAsync()
    {
        ReportQuarter = ChangeRules.QuarterOf(clock.GetUtcNow().ChinaDate());
        Items = await handlers.ListAsync();
    }

    /// <summary>What approving will do to the registry, for the confirmation (one line a paragraph).</summary>
    public static string ApproveConfirmation(ChangeRequestView r)
    {
        var lines = new List<string>
        {
            $"同意后，将立即更新备案登记：{r.BodyName}{(r.FilingNumber is { } n ? "（备案号 " + n + "）" : "")}的{ChangeRules.RegistryField(r.Kind)}由“{(string.IsNullOrWhiteSpace(r.CurrentValue) ? "（未登记）" : r.CurrentValue)}”改为“{r.RequestedValue}”。",
        };
        if (r.Kind == ChangeKind.Name) lines.Add("原名称作为曾用名保留，可按原名称查到本机构。");
        lines.Add("变更记入备案历史，并通知机构；同意后不能撤回。");
        return string.Join('\n', lines);
    }

    /// <summary>What refusing will do, for the confirmation.</summary>
    public static string RejectConfirmation(ChangeRequestView r) =>
        $"不予同意{r.BodyName}{(r.FilingNumber is { } n ? "（备案号 " + n + "）" : "")}的{r.KindName}申请（申请改为“{r.RequestedValue}”）。\n备案登记不变；机构将收到不予同意的通知和您填写的理由。";
}
