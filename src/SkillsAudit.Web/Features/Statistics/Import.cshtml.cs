using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>
/// 统计文件导入 for staff: the bodies' filled-in templates (xlsx), older xls files, csv, or the published annex tables,
/// through the same handler as the API and the CLI. 检查 reads and checks the whole file and writes nothing; 导入 does the
/// same and, when nothing is wrong, writes it all in one transaction, replacing each filing-year's earlier figures.
/// Every problem is listed with its sheet, row and column; on any error nothing is written.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ImportModel(StatisticsImport import, SkillsAudit.Data.Access.AccessGuard access) : PageModel
{
    /// <summary>The officer's own region, for the template offered here (pre-filled with its filings).</summary>
    public string? RegionName { get; private set; }

    /// <summary>The year for files that state none (a 年度 column, when present, wins).</summary>
    [BindProperty] public int? Year { get; set; }
    public StatisticsImportReport? Report { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadRegionAsync(ct);

    private async Task LoadRegionAsync(CancellationToken ct) =>
        RegionName = SkillsAudit.Domain.Registry.Regions.Find((await access.ActorAsync(ct)).RegionCode)?.Name;

    public Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct) => RunAsync(file, dryRun: true, ct);

    public Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct) => RunAsync(file, dryRun: false, ct);

    private async Task<IActionResult> RunAsync(IFormFile? file, bool dryRun, CancellationToken ct)
    {
        await LoadRegionAsync(ct);
        // one message in Chinese for a year that is not a number at all (the binder's own is English) or out of range
        if ((ModelState.TryGetValue(nameof(Year), out var entry) && entry.Errors.Count > 0) || Year is < 2000 or > 2100)
        {
            entry?.Errors.Clear();
            ModelState.AddModelError(nameof(Year), "年度应为 2000 至 2100 之间的四位数字，或留空");
        }
        if (file is null) Error = "请选择统计文件（xlsx、xls、csv）。";
        else if (file.Length == 0) Error = $"“{Path.GetFileName(file.FileName)}”是空文件（0 字节），请检查后重新选择。";
        if (Error is not null || !ModelState.IsValid) return Page();
        await using var stream = file!.OpenReadStream();
        Report = await import.ImportAsync(stream, Path.GetFileName(file.FileName), Year, dryRun, null, ct);
        return Page();
    }

    /// <summary>Where a problem is: sheet, row and column as the spreadsheet shows them.</summary>
    public static string Where(StatisticsIssue i) => Where(i.Sheet, i.Row is { } r ? $"第{r}行" : null, i.Column);

    private static string Where(string? sheet, string? rows, string? column) => string.Join(" ", new[]
    {
        string.IsNullOrEmpty(sheet) ? null : $"工作表“{sheet}”",
        rows,
        string.IsNullOrEmpty(column) ? null : $"“{column}”列",
    }.OfType<string>()) is { Length: > 0 } w ? w : "整个文件";

    /// <summary>
    /// The warnings, the same one on several rows said once with its rows ("第4–50行"): a template with 48 filings of
    /// which one was filled in otherwise lists 47 identical lines.
    /// </summary>
    public IEnumerable<(string Where, StatisticsIssue First)> WarningGroups() =>
        (Report?.Warnings ?? []).GroupBy(w => (w.Sheet, w.Column, w.Message, w.Stated, w.Computed))
            .Select(g => (g.Count() == 1 ? Where(g.First()) : Where(g.Key.Sheet, Rows(g.Select(w => w.Row)), g.Key.Column), g.First()));

    private static string? Rows(IEnumerable<int?> rows)
    {
        var sorted = rows.OfType<int>().Distinct().Order().ToList();
        if (sorted.Count == 0) return null;
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }
        return $"第{string.Join("、", parts)}行（{sorted.Count} 行）";
    }
}
