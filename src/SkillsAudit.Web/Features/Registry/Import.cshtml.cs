using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Registry;

/// <summary>
/// 导入备案 for staff, through the same handler as `skillsaudit filings import` and POST /api/filings/import. 检查 reads
/// and checks the whole file, lists the filings it would add and change (field by field) and every problem, and writes
/// nothing. The checked file then travels in a hidden field, protected (signed and encrypted, two hours, for this user)
/// by DataProtection, so that 导入 — after a confirmation naming how many filings are added and changed — needs no second
/// upload; it checks everything again and writes all or nothing in one transaction. Rows outside the officer's region
/// are refused, each named, with a 403.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ImportModel(FilingImport import, AccessGuard access, IDataProtectionProvider protection) : PageModel
{
    private const string Purpose = "SkillsAudit.FilingImport.v1";
    private sealed record Pending(string User, string FileName, string? Region, byte[] Content);

    /// <summary>The region of the rows when the file has no 所在地区 column; the officer's own to begin with.</summary>
    [BindProperty] public string? Region { get; set; }
    /// <summary>The checked file, protected; posted back by 导入.</summary>
    [BindProperty] public string? Token { get; set; }

    public ImportReport? Report { get; private set; }
    public List<string> Problems { get; } = [];

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public async Task OnGetAsync(CancellationToken ct) =>
        Region = Regions.Find((await access.ActorAsync(ct)).RegionCode)?.Name;

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        Token = null;
        if (file is not { Length: > 0 }) Problems.Add("请选择要导入的备案文件（xlsx、xls 或 csv）");
        else if (file.Length > FilingImport.MaxBytes) Problems.Add($"文件超过 {FilingImport.MaxBytes / 1024 / 1024} MB，请分成几个文件导入");
        CheckRegion();
        if (Problems.Count > 0) return Page();
        byte[] content;
        await using (var stream = file!.OpenReadStream())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy, ct);
            content = copy.ToArray();
        }
        var name = Path.GetFileName(file.FileName);
        Report = await import.ImportAsync(new MemoryStream(content), name, Blank(Region), null, dryRun: true, ct);
        if (Report.Succeeded && Report.Created + Report.Changed > 0)
            Token = Protector.Protect(JsonSerializer.Serialize(new Pending(User.Identity?.Name ?? "", name, Blank(Region), content)), TimeSpan.FromHours(2));
        return Outcome();
    }

    /// <summary>Imports the checked file (its token), or a file sent along with the request, as the API takes it.</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        Pending? pending = null;
        if (file is { Length: > 0 })
        {
            if (file.Length > FilingImport.MaxBytes) Problems.Add($"文件超过 {FilingImport.MaxBytes / 1024 / 1024} MB，请分成几个文件导入");
            else
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy, ct);
                pending = new Pending(User.Identity?.Name ?? "", Path.GetFileName(file.FileName), Blank(Region), copy.ToArray());
            }
        }
        else
        {
            try
            {
                pending = Token is null ? null : JsonSerializer.Deserialize<Pending>(Protector.Unprotect(Token));
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                pending = null;
            }
            if (pending is null || pending.User != (User.Identity?.Name ?? ""))
                Problems.Add("检查结果已过期（超过两小时）或无效，未写入任何数据：请重新选择文件并检查。");
        }
        Token = null;
        if (Problems.Count > 0 || pending is null) return Page();
        Region = pending.Region;
        Report = await import.ImportAsync(new MemoryStream(pending.Content), pending.FileName, pending.Region, null, dryRun: false, ct);
        return Outcome();
    }

    private PageResult Outcome()
    {
        // Another region's filings: the list below names each row; the answer is still a refusal.
        if (Report?.Refused == true) Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private void CheckRegion()
    {
        if (!string.IsNullOrWhiteSpace(Region) && Regions.Find(Region) is null)
            Problems.Add($"未知的地区“{Region.Trim()}”（所在地区可填写名称或行政区划代码，如 忻州市 或 140900）");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Where a problem is, as the spreadsheet shows it: 第3行 [C:备案号], or the whole file.</summary>
    public static string Where(ImportError e) => e.Row == 0 ? "整个文件" : e.Column is "-" or "" ? $"第{e.Row}行" : $"第{e.Row}行 [{e.Column}]";

    /// <summary>The confirmation before 导入, with the counts the check found.</summary>
    public string ConfirmText() => Report is not { } r ? "" :
        $"将导入文件“{r.File}”：新增 {r.Created} 条备案，修改 {r.Changed} 条备案" + (r.Unchanged > 0 ? $"（另有 {r.Unchanged} 行与登记册相同，不改动）" : "") + "。\n"
        + "全部在一次操作中写入，修改记入各备案的变更记录和审计日志；导入时会重新检查，有任何错误则不写入任何数据。";
}
