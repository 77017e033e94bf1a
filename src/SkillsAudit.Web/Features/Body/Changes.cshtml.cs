using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Web.Features.Body;

/// <summary>
/// 机构用户的变更申请（seed 003 第二十二条 机构…变更…需提供相应材料）：只能为本机构（UserFilings 绑定的备案）提交，
/// 附上材料；由工作人员审核（第二十一条）。本页列出本机构的申请及审核结果。
/// </summary>
[Authorize(Roles = Roles.BodyUser)]
public sealed class ChangesModel(ChangeHandlers handlers) : PageModel
{
    public IReadOnlyList<ChangeRequestView> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string? Number, string Name)> Filings { get; private set; } = [];
    public string? Message { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [BindProperty] public int FilingId { get; set; }
    [BindProperty] public ChangeKind Kind { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Reason { get; set; }

    private async Task<IReadOnlySet<int>> LoadAsync()
    {
        var own = await handlers.OwnFilingsAsync(User.Identity?.Name, isStaff: false) ?? new HashSet<int>();
        Filings = await handlers.FilingChoicesAsync(own);
        Items = await handlers.ListAsync(null, own);
        return own;
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var own = await LoadAsync();
        if (!own.Contains(FilingId)) return NotFound(); // another body's filing: not confirmed to exist
        var uploads = new List<ChangeUpload>();
        foreach (var f in Request.Form.Files)
        {
            if (f.Length == 0 || !Enum.TryParse<AttachmentKind>(f.Name, out var kind) || !Enum.IsDefined(kind)) continue;
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms);
            uploads.Add(new ChangeUpload(kind, f.FileName, ms.ToArray()));
        }
        try
        {
            var id = await handlers.SubmitAsync(FilingId, Kind, Value, Reason, uploads);
            Message = $"已提交变更申请 #{id}，待审核";
            Items = await handlers.ListAsync(null, own);
        }
        catch (InvalidInputException e) { Errors = [.. e.InputErrors.Select(x => x.Message)]; }
        return Page();
    }
}
