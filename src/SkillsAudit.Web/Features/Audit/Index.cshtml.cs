using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Audit;

/// <summary>审计日志 (admin): filters, who/when/what in Chinese with a before/after table, xlsx export, and the purge of entries past the 6-month retention.</summary>
public sealed class IndexModel(AuditLogQuery query, AuditRetention retention) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityKey { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    // From the query string only: Razor Pages' own route value "page" (the page's path) would otherwise be bound first,
    // failing to convert on every request (a thrown exception each time) and hiding ?page=2.
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditRow> Result { get; private set; } = new([], 0, 1, 50);
    public List<(string Type, string Name)> EntityTypes { get; private set; } = [];
    public DateOnly EarliestKept { get; private set; }
    public string? Message { get; private set; }
    /// <summary>Said at the 自 field when it is later than 至: the query is not run (it could only find nothing).</summary>
    public string? FromError { get; private set; }
    public DateOnly? ConfirmBefore { get; private set; }
    public int ConfirmCount { get; private set; }

    public string QueryString(int page) => "?" + string.Join("&", new[]
    {
        ("entityType", EntityType), ("actor", Actor), ("entityKey", EntityKey), ("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));

    private async Task LoadAsync()
    {
        EntityTypes = await query.EntityTypesAsync();
        EarliestKept = retention.EarliestKept();
        if (From is { } from && To is { } to && from > to) { FromError = "起始日期不能晚于截止日期"; return; }
        Result = await query.RunAsync(new AuditQuery(EntityType, Actor, EntityKey, From, To, Math.Max(1, PageNumber), 30));
    }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Step 1 of the purge: shows how many entries would go; deletes nothing.</summary>
    public async Task<IActionResult> OnPostPrepareAsync(DateOnly? before)
    {
        await LoadAsync();
        if (before is not { } b) { Message = "请填写清理截止日期"; return Page(); }
        if (b > EarliestKept) { Message = $"审计日志须保存不少于 {AuditRetention.MinimumMonths} 个月：只能清理 {EarliestKept:yyyy-MM-dd} 之前的记录"; return Page(); }
        ConfirmBefore = b;
        ConfirmCount = await retention.CountBeforeAsync(b);
        return Page();
    }

    /// <summary>Step 2: deletes, only with the explicit confirmation.</summary>
    public async Task<IActionResult> OnPostPurgeAsync(DateOnly before, bool confirm)
    {
        if (!confirm) { await LoadAsync(); Message = "未勾选确认，未删除任何记录"; return Page(); }
        try
        {
            var r = await retention.PurgeAsync(before);
            Message = $"已清理 {r.Before:yyyy-MM-dd} 之前的审计日志 {r.Deleted} 条；本次清理已记入日志";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        await LoadAsync();
        return Page();
    }
}
