using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Web.Features.Rubrics;

/// <summary>One rubric as the seed prints it, with computed subtotals beside the declared ones and the validation warnings.</summary>
public sealed class ShowModel(RubricLibrary library) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    public LibraryRubric Found { get; private set; } = null!;
    public ValidationReport Report { get; private set; } = null!;
    public RubricTable Table { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!RubricRef.TryParse(Id, out var r)) return NotFound();
        var found = await library.FindAsync(r.Id, Version ?? r.Version, ct);
        if (found is null) return NotFound();
        Found = found;
        Report = RubricValidator.Validate(found.Rubric);
        Table = RubricTable.Build(found.Rubric, Report.Warnings);
        return Page();
    }
}
