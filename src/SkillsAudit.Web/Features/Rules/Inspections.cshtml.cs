using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>双随机、一公开（seed 003 第二十九条）：抽取、记录检查结果、公布、复核。</summary>
public sealed class InspectionsModel(DrawHandlers handlers, SkillsAudit.Data.Features.Risk.RiskHandlers risk) : PageModel
{
    public IReadOnlyList<DrawView> Draws { get; private set; } = [];
    /// <summary>What the last action did (carried over the redirect after it), or the result of a verification.</summary>
    public string? Message { get; private set; }
    /// <summary>Why the last action was refused (the form keeps what was typed).</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>The draw whose finding form was refused, and the text typed there, kept for correcting.</summary>
    /// <summary>A finding that was refused: what was typed, kept in its row, and why, said under it.</summary>
    public (int Draw, string Body, string? Text, string Error)? FindingTyped { get; private set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public int Bodies { get; set; } = 3;
    [BindProperty] public int Inspectors { get; set; } = 2;
    [BindProperty] public bool ExcludeSameCounty { get; set; }
    [BindProperty] public string? Seed { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public bool PublishInspectorNames { get; set; }
    /// <summary>差异化监管: draw by risk level, with a ratio (%) per level; defaults from the risk configuration.</summary>
    [BindProperty(SupportsGet = true)] public bool RiskWeighted { get; set; }
    [BindProperty] public decimal? RatioHigh { get; set; }
    [BindProperty] public decimal? RatioMedium { get; set; }
    [BindProperty] public decimal? RatioLow { get; set; }

    /// <summary>The form's fields by their names in the form, as the refusals name them.</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(Title)] = "抽查名称", [nameof(Region)] = "地区", [nameof(Bodies)] = "机构数", [nameof(Inspectors)] = "每组人数", [nameof(Seed)] = "随机种子",
        [nameof(RatioHigh)] = "高风险抽查比例", [nameof(RatioMedium)] = "中风险抽查比例", [nameof(RatioLow)] = "低风险抽查比例",
    };

    /// <summary>The handlers' field names (title, bodies, inspectors, ratio…) as the form's.</summary>
    private static string FormField(string field) => field switch
    {
        "title" => nameof(Title), "region" => nameof(Region), "bodies" => nameof(Bodies), "inspectors" => nameof(Inspectors), "seed" => nameof(Seed),
        _ => "",
    };

    public async Task OnGetAsync()
    {
        Message = TempData["InspectionMessage"] as string;
        await DefaultRatiosAsync();
        Draws = await handlers.ListAsync();
    }

    private async Task DefaultRatiosAsync()
    {
        if (ModelState.ContainsKey(nameof(RatioHigh))) return; // as typed, when the form came back
        var c = await risk.ConfigAsync();
        RatioHigh ??= c.DrawRatioHigh * 100;
        RatioMedium ??= c.DrawRatioMedium * 100;
        RatioLow ??= c.DrawRatioLow * 100;
    }

    private async Task<IActionResult> RefusedAsync()
    {
        Errors = ModelState.Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(x => (Labels.TryGetValue(e.Key, out var label) ? label + "：" : "") + x.ErrorMessage)).Distinct().ToList();
        await DefaultRatiosAsync();
        Draws = await handlers.ListAsync();
        return Page();
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["InspectionMessage"] = message;
        return RedirectToPage(new { riskWeighted = RiskWeighted ? true : (bool?)null });
    }

    public async Task<IActionResult> OnPostDrawAsync()
    {
        // A value that is not a number (机构数 "abc") is refused with the field named, never replaced by the default.
        if (!ModelState.IsValid) return await RefusedAsync();
        if (RiskWeighted)
        {
            foreach (var (name, value) in new[] { (nameof(RatioHigh), RatioHigh), (nameof(RatioMedium), RatioMedium), (nameof(RatioLow), RatioLow) })
                if (value is null) ModelState.AddModelError(name, "请填写比例（0–100）");
                else if (value is < 0 or > 100) ModelState.AddModelError(name, $"应在 0 至 100 之间（现为 {value}）");
            if (!ModelState.IsValid) return await RefusedAsync();
        }
        try
        {
            var ratios = RiskWeighted ? new RiskRatios(RatioHigh!.Value / 100, RatioMedium!.Value / 100, RatioLow!.Value / 100) : null;
            var v = await handlers.DrawAsync(new DrawRequest(Title ?? "", Bodies, Inspectors, ExcludeSameCounty, Seed, Region, PublishInspectorNames: PublishInspectorNames, RiskWeighted: ratios));
            return Done($"已抽取“{v.Title}”：{v.Assignments.Count} 个机构" + (v.Strata is { } st ? "（" + string.Join("，", st.Select(x => $"{x.Name}风险 {x.Drawn} 个")) + "）" : "")
                + "。请在下方记录检查结果，核对后公布。");
        }
        catch (InvalidInputException e)
        {
            foreach (var x in e.InputErrors) ModelState.AddModelError(FormField(x.Field), x.Message);
            return await RefusedAsync();
        }
        catch (ForbiddenException e)
        {
            // A region outside the officer's: said at the field, with everything typed kept (not a page of its own),
            // still answered 403 as the refusal it is (as 编辑备案 does).
            ModelState.AddModelError(nameof(Region), e.Message);
            var page = await RefusedAsync();
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return page;
        }
    }

    public async Task<IActionResult> OnPostPublishAsync(int id)
    {
        await handlers.PublishAsync(id);
        var title = (await handlers.GetAsync(id))?.Title;
        return Done($"抽查“{title}”已公布：抽查结果已在“抽查结果公开”页面向社会公开。");
    }

    /// <summary>Records what the inspection found at one drawn body (published with the draw, 第二十九条 一公开).</summary>
    public async Task<IActionResult> OnPostFindingAsync(int id, string? body, string? finding)
    {
        try
        {
            await handlers.RecordFindingAsync(id, body ?? "", finding);
            var draw = await handlers.GetAsync(id);
            var name = draw?.Assignments.FirstOrDefault(a => a.BodyKey == body)?.BodyName ?? body;
            return Done($"已记录抽查“{draw?.Title}”中“{name}”的检查结果");
        }
        catch (DomainException e)
        {
            ModelState.Clear(); // the draw form was not sent: it shows as it was
            // Said at the row's own field (with what was typed), not in the page's top bar.
            FindingTyped = (id, body ?? "", finding, "未记录：" + e.Message);
            return await RefusedAsync();
        }
    }

    public async Task<IActionResult> OnPostVerifyAsync(int id)
    {
        ModelState.Clear();
        try { Message = (await handlers.VerifyAsync(id)).Message; }
        catch (DomainException e) { ModelState.AddModelError("", e.Message); return await RefusedAsync(); }
        await DefaultRatiosAsync();
        Draws = await handlers.ListAsync();
        return Page();
    }
}
