using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Rubrics;

/// <summary>
/// Upload → preview with the full validation report → confirm. Between the two steps the generated YAML travels in a
/// hidden field protected (signed and encrypted, two hours) by DataProtection; nothing is stored until confirm.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ImportModel(RubricLibrary library, IDataProtectionProvider protection) : PageModel
{
    private const string Purpose = "SkillsAudit.RubricImport.v1";
    private sealed record Pending(string Yaml, string FileName);

    [BindProperty] public string? RubricId { get; set; }
    [BindProperty] public string? RubricTitle { get; set; }
    [BindProperty] public string? Year { get; set; }
    [BindProperty] public string Outcome { get; set; } = "grades";
    [BindProperty] public string? Issuer { get; set; }
    [BindProperty] public string? DocumentNumber { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Token { get; set; }

    public RubricImportResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public int? NextVersion { get; private set; }
    public RubricTable? Table { get; private set; }
    public List<string> Problems { get; } = [];

    private ITimeLimitedDataProtector Protector => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0) Problems.Add("请选择要导入的 xlsx 文件");
        else if (Upload.Length > RubricXlsxImport.MaxBytes) Problems.Add("文件超过 10 MB");
        int? year = null;
        if (!string.IsNullOrWhiteSpace(Year))
        {
            if (int.TryParse(Year.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)) year = y;
            else Problems.Add($"年度“{Year}”不是整数");
        }
        if (Problems.Count > 0) return Page();
        FileName = Path.GetFileName(Upload!.FileName);
        await using (var stream = Upload.OpenReadStream())
        {
            Result = RubricXlsxImport.Read(stream, FileName, new RubricImportMetadata(RubricId, RubricTitle, year, Outcome, Issuer, DocumentNumber));
        }
        if (Result.Rubric is { } rubric)
        {
            Table = RubricTable.Build(rubric, Result.Warnings);
            NextVersion = await library.NextVersionAsync(rubric.Id, ct);
            if (Result.Succeeded)
                Token = Protector.Protect(JsonSerializer.Serialize(new Pending(Result.Yaml!, FileName)), TimeSpan.FromHours(2));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        Pending? pending = null;
        try
        {
            pending = Token is null ? null : JsonSerializer.Deserialize<Pending>(Protector.Unprotect(Token));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            pending = null;
        }
        if (pending is null)
        {
            Problems.Add("预览已过期或无效，请重新上传文件");
            return Page();
        }
        try
        {
            var version = await library.SaveAsync(pending.Yaml, pending.FileName, ct);
            var id = RubricLoader.TryLoadText(pending.Yaml, pending.FileName).Rubric!.Id;
            return Redirect($"/Rubrics/{id}?version={version}&saved=true");
        }
        catch (RubricLoadException e)
        {
            Problems.AddRange(e.Errors.Select(x => x.ToString()));
            return Page();
        }
    }
}
