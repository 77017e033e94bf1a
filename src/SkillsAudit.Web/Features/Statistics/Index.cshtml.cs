using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>The statistics dashboard: a region's year as seed 000 reports it, with charts, a table and downloads.</summary>
public sealed class IndexModel(StatisticsQueries queries, SkillsAudit.Data.Access.AccessGuard access, SkillsAudit.Data.AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Year { get; set; } = 2023;
    /// <summary>The region asked for; unset: the city of the officer or body signed in, else the demo's 忻州市.</summary>
    [BindProperty(SupportsGet = true)] public string Region { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Supervision { get; set; }

    public StatisticsSummary? Summary { get; private set; }
    public IReadOnlyList<StatisticsGroupRow> ByFiling { get; private set; } = [];
    public IReadOnlyList<StatisticsGroupRow> ByYear { get; private set; } = [];
    /// <summary>Refusals that belong to no field of the form (said above the figures).</summary>
    public List<string> Errors { get; } = [];
    /// <summary>Refusals by the form's field ("year", "region", "supervision"), said under that field.</summary>
    public Dictionary<string, List<string>> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool YearInvalid => FieldErrors.ContainsKey("year");
    public IReadOnlyList<string> ErrorsOf(string field) => FieldErrors.TryGetValue(field, out var list) ? list : [];
    /// <summary>
    /// The user's own city, shown because no region was asked for, has no filing yet: said as an empty page (nothing to
    /// count there yet), not as a query the user has to correct, since the user typed nothing.
    /// </summary>
    public string? EmptyOwnRegion { get; private set; }

    private void AddError(string field, string message)
    {
        if (field is "year" or "region" or "supervision")
        {
            if (!FieldErrors.TryGetValue(field, out var list)) FieldErrors[field] = list = [];
            list.Add(message);
        }
        else Errors.Add(message);
    }

    /// <summary>The year as typed: "abc" stays in the field with its message, not replaced by the default year.</summary>
    public string YearText => ModelState.TryGetValue(nameof(Year), out var e) && e.Errors.Count > 0 ? e.AttemptedValue ?? "" : Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task OnGetAsync()
    {
        var defaulted = string.IsNullOrWhiteSpace(Region);
        if (defaulted) Region = await OwnCityAsync() ?? "忻州市";
        // a year that is not a number is refused with the field named, never replaced by the default year
        if (SkillsAudit.Web.Features.Certificates.CrossCheckModel.YearProblem(ModelState, nameof(Year)) is { } yearProblem)
        {
            AddError("year", yearProblem);
            // the region is still checked, so that both fields say what is wrong at once
            if (!string.IsNullOrWhiteSpace(Region) && SkillsAudit.Domain.Registry.Regions.Find(Region) is null) AddError("region", $"未知的地区“{Region.Trim()}”");
            else await RegionWithoutFilingsAsync(!defaulted);
            return;
        }
        // A region of the catalogue with no filing at all (another province, a county without bodies) would only show zeros.
        if (await RegionWithoutFilingsAsync(!defaulted)) return;
        try
        {
            Summary = await queries.SummaryAsync(Year, Region);
            ByFiling = (await queries.GroupAsync(new StatisticsFilter { Year = Year, Region = Region, Supervision = Supervision }, "filing"))
                .OrderByDescending(g => g.Figures.PassRate ?? -1).ToList();
            ByYear = (await queries.GroupAsync(new StatisticsFilter { Region = Region, Supervision = Supervision }, "year")).OrderBy(g => g.Key).ToList();
        }
        catch (InvalidInputException e)
        {
            foreach (var x in e.InputErrors) AddError(x.Field, x.Message);
        }
    }

    public string Query(string format) =>
        $"/api/statistics/export?year={Year}&region={Uri.EscapeDataString(Region)}{(string.IsNullOrEmpty(Supervision) ? "" : "&supervision=" + Uri.EscapeDataString(Supervision))}&format={format}";

    /// <summary>
    /// The levels' pie: passed persons by level where the figures state them (seed 000's tables); else, for a year whose
    /// levels are only stated under 已发证人数 (附件2's template), certified persons by level, titled so. No level at all:
    /// an empty list, which the chart says as 暂无数据.
    /// </summary>
    public (string Title, IReadOnlyList<(string Name, long Value)> Data) LevelChart()
    {
        var levels = Summary?.ByLevel ?? [];
        if (levels.Any(l => l.Passed is not null))
            return ("合格人数按等级", levels.Where(l => l.Passed is not null).Select(l => (l.Name, l.Passed!.Value)).ToList());
        if (levels.Any(l => l.Certified is not null))
            return ("已发证人数按等级", levels.Where(l => l.Certified is not null).Select(l => (l.Name, l.Certified!.Value)).ToList());
        return ("合格人数按等级", []);
    }

    private object Levels()
    {
        var (title, data) = LevelChart();
        return new { title, data = data.Select(d => new { name = d.Name, value = d.Value }) };
    }

    /// <summary>The chart data, serialised once for the page's script.</summary>
    public string ChartJson()
    {
        if (Summary is null) return "null";
        return PageJson.Serialize(new
        {
            bodies = ByFiling.Select(g => new { name = g.Label, rate = g.Figures.PassRate, assessed = g.Figures.Assessed }),
            levels = Levels(),
            supervision = new[]
            {
                new { name = "省属", assessed = Summary.BySupervision.Province.Assessed, passed = Summary.BySupervision.Province.Passed ?? 0 },
                new { name = "市属", assessed = Summary.BySupervision.City.Assessed, passed = Summary.BySupervision.City.Passed ?? 0 },
            },
            years = ByYear.Select(g => new { year = g.Label, assessed = g.Figures.Assessed, passed = g.Figures.Passed, rate = g.Figures.PassRate }),
        });
    }

    /// <summary>
    /// Says at the region field that the region asked for has no filing in the registry, so there is nothing to count;
    /// for the user's own region shown by default (<paramref name="asked"/> false), says the page is empty instead.
    /// </summary>
    private async Task<bool> RegionWithoutFilingsAsync(bool asked = true)
    {
        if (SkillsAudit.Domain.Registry.Regions.Find(Region) is not { } region) return false; // unknown: the query names it
        var prefix = region.DescendantPrefix;
        if (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Filings.Where(f => f.RegionCode.StartsWith(prefix)), HttpContext.RequestAborted)) return false;
        if (asked) AddError("region", $"{region.Name}没有已登记的评价机构备案，没有可统计的数据");
        else EmptyOwnRegion = region.Name;
        return true;
    }

    /// <summary>The city of the user's region (an officer's own, a body's filing's), none for visitors and the province.</summary>
    private async Task<string?> OwnCityAsync()
    {
        if (User.Identity?.IsAuthenticated != true) return null;
        var u = await access.ActorAsync(HttpContext.RequestAborted);
        var code = u.IsStaff ? u.RegionCode
            : u.FilingIds.Count > 0 ? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Filings.Where(f => u.FilingIds.Contains(f.Id)).Select(f => f.RegionCode), HttpContext.RequestAborted)
            : null;
        return code is { Length: >= 4 } && SkillsAudit.Domain.Registry.Regions.Find(code[..4] + "00") is { Level: SkillsAudit.Domain.Registry.RegionLevel.City } city ? city.Name : null;
    }
}
