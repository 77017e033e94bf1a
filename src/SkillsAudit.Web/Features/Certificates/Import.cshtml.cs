using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Certificates;

/// <summary>
/// 证书名册导入（seed 003 第十九条 全国统一编码规则；第二十条 证书发放数据报送）：xlsx / csv upload; every line is
/// checked and the roster is written all or nothing — on any error the report lists each row and nothing is written.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ImportModel(CertificateHandlers handlers, FilingSearch filings) : PageModel
{
    /// <summary>The filing as an officer knows it, typed in the form: its 备案号 or the body's name (FilingSearch.FilingIdAsync).</summary>
    [BindProperty] public string? Filing { get; set; }
    /// <summary>The filing as links and the result's cross-check link name it.</summary>
    [BindProperty] public int FilingId { get; set; }
    [BindProperty] public int Year { get; set; } = DateTime.UtcNow.AddHours(8).Year;
    [BindProperty] public string? Batch { get; set; }
    [BindProperty] public bool GenerateNumbers { get; set; }
    [BindProperty] public bool DryRun { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public RosterImportResult? Result { get; private set; }

    public void OnGet(int? filingId) { if (filingId is { } id) FilingId = id; }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        // Every problem of the form at once (year, filing, file), each naming its field; the form keeps what was typed.
        var problems = new List<string>();
        // A 发证年度 that is not a number ("abc") is refused with the field named, never replaced by this year.
        if (CrossCheckModel.YearProblem(ModelState, nameof(Year), "发证年度") is { } yearProblem) problems.Add(yearProblem);
        var filingKnown = true;
        if (!string.IsNullOrWhiteSpace(Filing))
        {
            try { FilingId = await filings.FilingIdAsync(Filing, ct); }
            catch (Exception e) when (e is DomainException or NotFoundException)
            {
                problems.Add(e.Message);
                filingKnown = false;
            }
        }
        else if (FilingId == 0)
        {
            problems.Add("请填写备案号或机构名称");
            filingKnown = false;
        }
        if (filingKnown)
        {
            try { await handlers.MayImportAsync(FilingId, ct); } // before the file is read
            catch (ForbiddenException e)
            {
                Errors = [e.Message]; // listed above the form, which keeps what was typed; still a 403
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }
        if (file is null || file.Length == 0) problems.Add("请选择名册文件（.xlsx 或 .csv）");
        if (problems.Count > 0 || file is null)
        {
            Errors = problems;
            return Page();
        }
        try
        {
            await using var s = file.OpenReadStream();
            var lines = CertificateHandlers.ReadRoster(s, file.FileName);
            Result = await handlers.ImportAsync(FilingId, Year, Batch, lines, GenerateNumbers, DryRun, ct);
        }
        catch (InvalidInputException e) { Errors = e is DomainValidationException ? [.. e.InputErrors.Select(x => x.Message)] : [e.Message]; } // the list's heading says nothing was written
        return Page();
    }
}
