using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.People;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Roster;

/// <summary>专家库/检查人员库 (staff): the roster with conflicts, one person's form (add or edit) and the xlsx/csv import.</summary>
public sealed class IndexModel(RosterHandlers handlers) : PageModel
{
    public sealed class PersonForm
    {
        public string? Name { get; set; }
        public string? Organisation { get; set; }
        public string? Region { get; set; }
        public string? Specialities { get; set; }
        public bool IsExpert { get; set; }
        public bool IsInspector { get; set; } = true;
        public string? UserName { get; set; }
        public string? Phone { get; set; }
        public string? ConflictFilings { get; set; }
    }

    [BindProperty] public PersonForm Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<RosterView> People { get; private set; } = [];
    public IReadOnlyList<string> ImportErrors { get; private set; } = [];
    public string? Message { get; private set; }

    private async Task LoadAsync()
    {
        var all = await handlers.ListAsync();
        var q = Q?.Trim();
        People = string.IsNullOrEmpty(q) ? all : all.Where(p => p.Name.Contains(q, StringComparison.Ordinal) || p.Organisation.Contains(q, StringComparison.Ordinal)
            || p.RegionName.Contains(q, StringComparison.Ordinal) || p.SpecialityNames.Any(s => s.Contains(q, StringComparison.Ordinal))).ToList();
    }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Edit is { } id && People.FirstOrDefault(p => p.Id == id) is { } p)
        {
            Input = new PersonForm
            {
                Name = p.Name, Organisation = p.Organisation, Region = p.RegionCode, Specialities = string.Join(", ", p.Specialities), IsExpert = p.IsExpert,
                IsInspector = p.IsInspector, UserName = p.UserName, Phone = p.Phone,
                ConflictFilings = string.Join(", ", p.Conflicts.Where(c => !c.Employer).Select(c => c.Number ?? c.FilingId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            };
        }
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        try
        {
            await handlers.SaveAsync(new RosterInput(Input.Name, Input.Organisation, Input.Region, Input.Specialities, Input.IsExpert, Input.IsInspector,
                Input.UserName, Input.Phone, Input.ConflictFilings), Edit);
            Message = Edit is null ? $"已新增 {Input.Name}" : $"已保存 {Input.Name}";
            Input = new PersonForm();
            Edit = null;
            ModelState.Clear();
        }
        catch (DomainValidationException e)
        {
            foreach (var x in e.Errors) ModelState.AddModelError("Input." + char.ToUpperInvariant(x.Field[0]) + x.Field[1..], x.Message);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("Input." + char.ToUpperInvariant(e.Field[0]) + e.Field[1..], e.Message);
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        ModelState.Clear();
        if (file is not { Length: > 0 })
        {
            ImportErrors = ["请选择名册文件（xlsx 或 csv）"];
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var r = await handlers.ImportAsync(stream, Path.GetFileName(file.FileName));
            if (r.Errors.Count > 0) ImportErrors = r.Errors;
            else Message = $"已导入：新增 {r.Added} 人，更新 {r.Updated} 人";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active)
    {
        await handlers.SetActiveAsync(id, active);
        return RedirectToPage(new { q = Q });
    }
}
