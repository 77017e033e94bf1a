using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>
/// 资料保管与清理（seed 003 第二十条 纸质材料保管不少于3年，电子材料不少于5年）：what may be purged (kind, origin,
/// keep-until), a purge in two steps — “清理…” shows what will go, only the explicit confirmation deletes — and the
/// purge log. Administrators only, like /api/retention.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class RetentionModel(RetentionHandlers handlers) : PageModel
{
    public IReadOnlyList<RetentionItem> Items { get; private set; } = [];
    public IReadOnlyList<SkillsAudit.Data.Features.Rules.PurgeLogEntry> Log { get; private set; } = [];
    public bool Confirming { get; private set; }
    public string? Message { get; private set; }

    private async Task LoadAsync()
    {
        Items = await handlers.ListAsync();
        Log = await handlers.LogAsync();
    }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Step 1: shows the confirmation panel; deletes nothing.</summary>
    public async Task<IActionResult> OnPostPrepareAsync()
    {
        await LoadAsync();
        Confirming = Items.Count > 0;
        if (!Confirming) Message = "没有保管期满的资料，无需清理";
        return Page();
    }

    /// <summary>Step 2: deletes only with the explicit confirmation and when the count seen is still the count listed.</summary>
    public async Task<IActionResult> OnPostPurgeAsync(bool confirm, int expected)
    {
        await LoadAsync();
        if (!confirm)
        {
            Message = "未勾选确认，未删除任何资料";
            return Page();
        }
        if (expected != Items.Count)
        {
            Message = $"可清理的资料已变为 {Items.Count} 项（确认时为 {expected} 项），未删除，请重新核对";
            return Page();
        }
        var r = await handlers.PurgeAsync(confirm: true);
        Message = $"已清理 {r.Items.Count} 项，删除文件 {r.FilesDeleted} 个，已记入清理日志";
        await LoadAsync();
        return Page();
    }
}
