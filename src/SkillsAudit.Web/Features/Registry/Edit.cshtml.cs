using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Registry;

/// <summary>Fills the edit form from a filing: the same <see cref="FilingInput"/> the API and the import use.</summary>
internal static class FilingFormValues
{
    public static FilingInput From(FilingDetail d) => new()
    {
        EntityName = d.EntityName, CreditCode = d.CreditCode, Address = d.Address, LegalRepresentative = d.LegalRepresentative,
        FilingNumber = d.Number, Type = d.Type?.Chinese(), Supervision = d.Supervision?.Chinese(),
        Region = Regions.All.FirstOrDefault(r => r.Code == d.RegionCode)?.Name,
        FiledOn = d.FiledOn, PeriodEnd = d.PeriodEnd, Status = d.Status.Chinese(),
        Scope = FilingInput.FormatScope(d.Scope.Select(s => new ScopeEntry(s.OccupationCode, s.Level)).ToList()), Notes = d.Notes,
    };
}

public sealed class EditModel(FilingHandlers handlers, SkillsAudit.Data.Access.AccessGuard access) : PageModel
{
    public static readonly IReadOnlyList<(string Field, string Label, string Hint)> Fields =
    [
        ("EntityName", "机构名称", "必填"),
        ("CreditCode", "统一社会信用代码", "18位，可不填"),
        ("FilingNumber", "备案号", "13位，如 Y000034040002"),
        ("Type", "机构类型", "用人单位 / 职业院校 / 社会培训评价组织"),
        ("Supervision", "监管", "省属 / 市属"),
        ("Region", "所在地区", "必填，如 忻州市 或 140900"),
        ("FiledOn", "备案时间", "如 2020、2020.4、2020-04-15"),
        ("PeriodEnd", "备案期限截止", "如 2023.3"),
        ("Status", "状态", "正常 / 未开展评价 / 暂停评价活动 / 终止备案 / 备案期满"),
        ("Address", "地址", ""),
        ("LegalRepresentative", "法定代表人", ""),
        ("Scope", "职业范围", "职业代码:等级，如 4-03-02-01:5/4/3；多项以分号分隔"),
        ("Notes", "备注", ""),
    ];

    [BindProperty] public FilingInput Input { get; set; } = new();
    [BindProperty] public int? Version { get; set; }
    public int? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        Id = id;
        if (id is null)
        {
            Input = new FilingInput { Status = "正常" };
            return Page();
        }
        await access.FilingAsync(id.Value); // the edit form only for the staff of the filing's region
        var f = await handlers.GetAsync(id.Value);
        if (f is null) return NotFound();
        Input = FilingFormValues.From(f);
        Version = f.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        Id = id;
        // A filing outside the officer's region is refused whole (as its form is); a 所在地区 outside it is said next to
        // that field, the form keeping everything typed — still a refusal (403), and nothing written.
        if (id is not null) await access.FilingAsync(id.Value);
        if (!string.IsNullOrWhiteSpace(Input.Region))
        {
            try
            {
                await access.RegionAsync(Input.Region);
            }
            catch (ForbiddenException e)
            {
                ModelState.AddModelError("Input.Region", e.Message);
                ModelState.AddModelError("", "请更正标出的错误后再保存。");
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }
        try
        {
            if (id is null)
            {
                var newId = await handlers.CreateAsync(Input);
                TempData["Saved"] = "已新建备案。";
                return Redirect($"/Registry/Detail/{newId}");
            }
            if (!await handlers.UpdateAsync(id.Value, Input, Version)) return NotFound();
            TempData["Saved"] = "已保存修改。";
            return Redirect($"/Registry/Detail/{id}");
        }
        catch (DomainValidationException e)
        {
            foreach (var err in e.Errors) ModelState.AddModelError("Input." + char.ToUpperInvariant(err.Field[0]) + err.Field[1..], err.Message);
            ModelState.AddModelError("", "请更正标出的错误后再保存。");
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return Page();
    }

    /// <summary>The choices of a field with a fixed set of values (a drop-down, not a box to type into); null for the others.</summary>
    public static IReadOnlyList<string>? Options(string field) => field switch
    {
        "Type" => [.. Enum.GetValues<FilingType>().Select(t => t.Chinese())],
        "Supervision" => [.. Enum.GetValues<Supervision>().Select(s => s.Chinese())],
        "Status" => [.. Enum.GetValues<FilingStatus>().Select(s => s.Chinese())],
        _ => null,
    };

    public string? Value(string field) => typeof(FilingInput).GetProperty(field)!.GetValue(Input) as string;

    public bool HasError(string field) => ModelState.TryGetValue("Input." + field, out var entry) && entry.Errors.Count > 0;

    public IEnumerable<string> ErrorsFor(string field) =>
        ModelState.TryGetValue("Input." + field, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];
}
