using SkillsAudit.Data.Access;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Features.Certificates;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>
/// The statistics form (seed 001 附件2): a body user for its own filings, an officer for any of the region's. Opened as
/// /Statistics/Entry?filing={id}&amp;year={year} (links from the registry), or from the page's own picker, where staff type
/// the body's 备案号 or name (StatisticsEntry.FindAsync) and a year. The cells are bound as text, so that a figure that is
/// not a whole number is refused with what was typed, never saved as an empty cell.
/// </summary>
[Authorize]
public sealed class EntryModel(StatisticsEntry entry, AppDb db) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty(SupportsGet = true)] public int? Filing { get; set; }
    [BindProperty(SupportsGet = true)] public int Year { get; set; } = DateTime.UtcNow.AddHours(8).Year - 1;
    /// <summary>The picker's field: the body's 备案号 or name, as staff type it.</summary>
    [BindProperty(SupportsGet = true)] public string? Body { get; set; }
    [BindProperty] public List<EntryFormLine> Lines { get; set; } = [];

    public string? FilingName { get; private set; }
    public List<(int Id, string Name, string? Number)> MyFilings { get; private set; } = [];
    public IReadOnlyList<EntryError> Errors { get; private set; } = [];
    public string? Saved { get; private set; }
    /// <summary>Why the picker could not open a form (unknown or ambiguous body, another region, a year that is not one).</summary>
    public List<string> PickErrors { get; } = [];

    public bool IsStaff => User.IsStaff();
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>The year as typed: "abc" stays in the field with its message, not replaced by the default year.</summary>
    public string YearText => ModelState.TryGetValue(nameof(Year), out var e) && e.Errors.Count > 0 ? e.AttemptedValue ?? "" : Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var yearProblem = CrossCheckModel.YearProblem(ModelState, nameof(Year));
        if (yearProblem is not null) PickErrors.Add(yearProblem);
        if (Filing is null && Request.Query.ContainsKey("filing") && Request.Query["filing"].ToString() is { Length: > 0 } bad)
            PickErrors.Add($"地址中的机构“{bad}”无法识别，请在下面填写备案号或机构名称");
        if (Filing is null && IsStaff && Request.Query.ContainsKey(nameof(Body).ToLowerInvariant()) && string.IsNullOrWhiteSpace(Body))
            PickErrors.Add("请填写备案号或机构名称");
        if (Filing is null && IsStaff && !string.IsNullOrWhiteSpace(Body))
        {
            try
            {
                var id = await entry.FindAsync(Body, ct);
                if (PickErrors.Count == 0) return RedirectToPage(new { filing = id, year = Year });
            }
            catch (Exception e) when (e is DomainException or NotFoundException or ForbiddenException)
            {
                PickErrors.Add(e.Message);
            }
        }
        if (await Prepare() is { } refusal) return refusal;
        if (Filing is { } filing && yearProblem is null)
        {
            Lines = (await entry.GetAsync(filing, Year, ct)).Select(EntryFormLine.Of).ToList();
            Lines.AddRange(Enumerable.Range(0, BlankLines).Select(_ => new EntryFormLine()));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await Prepare() is { } refusal) return refusal;
        if (Filing is not { } id) return BadRequest();
        try
        {
            var before = (await entry.GetAsync(id, Year, ct)).Count; // said only when there was something to replace
            var n = await entry.SaveAsync(id, Year, Lines, ct);
            Saved = before > 0 ? $"已保存 {Year} 年统计 {n} 行，原有的 {before} 行已被替换（记入审计日志）。" : $"已保存 {Year} 年统计 {n} 行（记入审计日志）。";
            Lines = (await entry.GetAsync(id, Year, ct)).Select(EntryFormLine.Of).ToList();
            Lines.AddRange(Enumerable.Range(0, BlankLines).Select(_ => new EntryFormLine()));
        }
        catch (EntryRefusedException e)
        {
            Errors = e.Errors; // the lines stay as typed
        }
        return Page();
    }

    public bool LineHasError(int line) => Errors.Any(e => e.Line == line);

    public bool CellHasError(int line, string field) => Errors.Any(e => e.Line == line && e.Field == field);

    private async Task<IActionResult?> Prepare()
    {
        if (!IsStaff)
        {
            MyFilings = (await db.UserFilings.Where(u => u.UserId == UserId)
                .Join(db.Filings, u => u.FilingId, f => f.Id, (u, f) => new { f.Id, f.LegalEntity.Name, f.Number }).ToListAsync())
                .Select(f => (f.Id, f.Name, f.Number?.Value)).ToList();
            if (Filing is null && MyFilings.Count == 1) Filing = MyFilings[0].Id;
        }
        if (Filing is not { } id) return null;
        await entry.RequireAsync(id);
        FilingName = await db.Filings.Where(f => f.Id == id).Select(f => f.LegalEntity.Name).FirstOrDefaultAsync();
        return FilingName is null ? NotFound() : null;
    }
}
