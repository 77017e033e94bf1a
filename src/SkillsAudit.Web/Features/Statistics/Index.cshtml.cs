using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>The statistics dashboard: a region's year as seed 000 reports it, with charts, a table and downloads.</summary>
public sealed class IndexModel(StatisticsQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Year { get; set; } = 2023;
    [BindProperty(SupportsGet = true)] public string Region { get; set; } = "忻州市";
    [BindProperty(SupportsGet = true)] public string? Supervision { get; set; }

    public StatisticsSummary? Summary { get; private set; }
    public IReadOnlyList<StatisticsGroupRow> ByFiling { get; private set; } = [];
    public IReadOnlyList<StatisticsGroupRow> ByYear { get; private set; } = [];
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync()
    {
        try
        {
            Summary = await queries.SummaryAsync(Year, Region);
            ByFiling = (await queries.GroupAsync(new StatisticsFilter { Year = Year, Region = Region, Supervision = Supervision }, "filing"))
                .OrderByDescending(g => g.Figures.PassRate ?? -1).ToList();
            ByYear = (await queries.GroupAsync(new StatisticsFilter { Region = Region, Supervision = Supervision }, "year")).OrderBy(g => g.Key).ToList();
        }
        catch (InvalidInputException e)
        {
            Errors.AddRange(e.InputErrors.Select(x => x.Message));
        }
    }

    public string Query(string format) =>
        $"/api/statistics/export?year={Year}&region={Uri.EscapeDataString(Region)}{(string.IsNullOrEmpty(Supervision) ? "" : "&supervision=" + Uri.EscapeDataString(Supervision))}&format={format}";

    /// <summary>The chart data, serialised once for the page's script.</summary>
    public string ChartJson()
    {
        if (Summary is null) return "null";
        return JsonSerializer.Serialize(new
        {
            bodies = ByFiling.Select(g => new { name = g.Label, rate = g.Figures.PassRate, assessed = g.Figures.Assessed }),
            levels = Summary.ByLevel.Select(l => new { name = l.Name, value = l.Passed }),
            supervision = new[]
            {
                new { name = "省属", assessed = Summary.BySupervision.Province.Assessed, passed = Summary.BySupervision.Province.Passed ?? 0 },
                new { name = "市属", assessed = Summary.BySupervision.City.Assessed, passed = Summary.BySupervision.City.Passed ?? 0 },
            },
            years = ByYear.Select(g => new { year = g.Label, assessed = g.Figures.Assessed, passed = g.Figures.Passed, rate = g.Figures.PassRate }),
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
    }
}
