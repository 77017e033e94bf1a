using SkillsAudit.Data.Access;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Statistics;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>The statistics form (seed 001 附件2): a body user for its own filings, an officer for any.</summary>
[Authorize]
public sealed class EntryModel(StatisticsEntry entry, AppDb db) : PageModel
{
    public const int BlankLines = 3;

    [BindProperty(SupportsGet = true)] public int? Filing { get; set; }
    [BindProperty(SupportsGet = true)] public int Year { get; set; } = DateTime.Today.Year - 1;
    [BindProperty] public List<EntryLine> Lines { get; set; } = [];

    public string? FilingName { get; private set; }
    public List<(int Id, string Name, string? Number)> MyFilings { get; private set; } = [];
    public IReadOnlyList<EntryError> Errors { get; private set; } = [];
    public string? Saved { get; private set; }

    private bool IsStaff => User.IsStaff();
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Prepare() is { } refusal) return refusal;
        if (Filing is { } id)
        {
            Lines = (await entry.GetAsync(id, Year)).ToList();
            Lines.AddRange(Enumerable.Range(0, BlankLines).Select(_ => new EntryLine()));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Prepare() is { } refusal) return refusal;
        if (Filing is not { } id) return BadRequest();
        try
        {
            var n = await entry.SaveAsync(id, Year, Lines);
            Saved = $"已保存 {Year} 年统计 {n} 行，原有数据已被替换（记入审计日志）。";
            Lines = (await entry.GetAsync(id, Year)).ToList();
            Lines.AddRange(Enumerable.Range(0, BlankLines).Select(_ => new EntryLine()));
        }
        catch (EntryRefusedException e)
        {
            Errors = e.Errors;
        }
        return Page();
    }

    public bool LineHasError(int line) => Errors.Any(e => e.Line == line);

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
