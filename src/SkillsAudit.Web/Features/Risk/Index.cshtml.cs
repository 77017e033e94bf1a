using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Risk;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Risk;

/// <summary>风险监管：哪些机构本季度应当抽查、为什么 — the ranked list, the pass-rate scatter and the export.</summary>
public sealed class IndexModel(RiskHandlers handlers, AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupation { get; set; }
    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Risk { get; set; }
    public RiskList? List { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Occupations { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Records the level changes of the region's bodies for the year, each with its reasons.</summary>
    public async Task<IActionResult> OnPostRecordAsync()
    {
        try
        {
            var changed = await handlers.RecordLevelsAsync(Region, Year);
            Message = changed == 0 ? "风险等级与上次记录相同，没有新的变化" : $"已记录 {changed} 个机构的风险等级变化及理由";
        }
        catch (InvalidInputException e) { Message = string.Join("；", e.InputErrors.Select(x => x.Message)); }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Occupations = (await db.Occupations.AsNoTracking().OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).ToListAsync()).Select(o => (o.Code, o.Name)).ToList();
        try
        {
            List = await handlers.ListAsync(new RiskFilter(Year, Region, Occupation, Level, Risk));
            Year ??= List.Year;
        }
        catch (InvalidInputException e) { Errors = e.InputErrors.Select(x => x.Message).ToList(); }
    }

    public string Query(string? risk = null) =>
        "/api/risk/export.xlsx" + QueryString.Create(new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["region"] = Region, ["occupation"] = Occupation,
            ["level"] = Level?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["risk"] = risk ?? Risk,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    public static string Badge(RiskLevel level) => level switch
    {
        RiskLevel.High => "bg-danger",
        RiskLevel.Medium => "bg-warning text-dark",
        _ => "bg-success",
    };

    /// <summary>The scatter: per occupation and level, each body's pass rate against its assessed persons; the outliers apart.</summary>
    public string ChartJson()
    {
        var points = List?.Points ?? [];
        var names = List?.Names ?? new Dictionary<int, string>();
        object Point(PassRatePoint p) => new
        {
            value = new object[] { p.Assessed, p.Rate },
            name = names.GetValueOrDefault(p.FilingId, ""),
            group = p.GroupLabel,
            median = Rates.FormatPercent(p.PeerMedian),
            id = p.FilingId,
        };
        var groups = points.Where(p => !p.Outlier).GroupBy(p => p.Level is { } l ? l.ShortName() : "未分等级").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new { name = g.Key, data = g.Select(Point).ToList() }).ToList();
        return PageJson.Serialize(new { groups, outliers = points.Where(p => p.Outlier).Select(Point).ToList(), year = List?.Year });
    }
}
