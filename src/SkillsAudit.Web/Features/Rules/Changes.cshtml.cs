using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>法人及备案信息变更申请（seed 003 第五章）：列表与审核（同意 / 不予同意）。</summary>
public sealed class ChangesModel(ChangeHandlers handlers) : PageModel
{
    public IReadOnlyList<ChangeRequestView> Items { get; private set; } = [];

    public async Task OnGetAsync() => Items = await handlers.ListAsync();
}
