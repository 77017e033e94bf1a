using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Web.Infrastructure;
using SkillsAudit.Domain.Common;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Web.Features.Publication;

/// <summary>公告核查: upload a notice (or paste its text) and see every inconsistency found, in a table.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(NoticeAuditService audit) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public bool Offline { get; set; }
    /// <summary>Another document of the same campaign (e.g. its plan) to audit the notice against, and the title to cite it by.</summary>
    [BindProperty] public IFormFile? Reference { get; set; }
    [BindProperty] public string? ReferenceTitle { get; set; }

    public NoticeAuditJson.ReportView? Report { get; private set; }
    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Stream? stream = null;
        string name;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > NoticeDocument.MaxBytes) { Problem = "文件超过 10 MB"; return Page(); }
            stream = Upload.OpenReadStream();
            name = Path.GetFileName(Upload.FileName);
        }
        else if (!string.IsNullOrWhiteSpace(Text))
        {
            stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Text));
            name = "粘贴的文字";
        }
        else
        {
            Problem = "请选择公告文件或粘贴公告文字";
            return Page();
        }
        if (Reference is { Length: > NoticeDocument.MaxBytes }) { Problem = "对照文件超过 10 MB"; return Page(); }
        try
        {
            await using (stream)
            await using (var referenceStream = Reference is { Length: > 0 } ? Reference.OpenReadStream() : null)
            {
                var reference = referenceStream is null ? null : new ReferenceFile(referenceStream, Path.GetFileName(Reference!.FileName), ReferenceTitle);
                Report = (await audit.AuditAsync(stream, name, !Offline, reference, ct)).ToView(name);
            }
        }
        catch (FileReadException e)
        {
            Problem = e.Message;
        }
        return Page();
    }
}
