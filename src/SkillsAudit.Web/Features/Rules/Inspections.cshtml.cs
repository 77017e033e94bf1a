using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>双随机、一公开（seed 003 第二十九条）：抽取、公布、复核。</summary>
public sealed class InspectionsModel(DrawHandlers handlers, SkillsAudit.Data.Features.Risk.RiskHandlers risk) : PageModel
{
    public IReadOnlyList<DrawView> Draws { get; private set; } = [];
    public string? Message { get; private set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public int Bodies { get; set; } = 3;
    [BindProperty] public int Inspectors { get; set; } = 2;
    [BindProperty] public bool ExcludeSameCounty { get; set; }
    [BindProperty] public string? Seed { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public bool PublishInspectorNames { get; set; }
    /// <summary>差异化监管: draw by risk level, with a ratio (%) per level; defaults from the risk configuration.</summary>
    [BindProperty] public bool RiskWeighted { get; set; }
    [BindProperty] public decimal? RatioHigh { get; set; }
    [BindProperty] public decimal? RatioMedium { get; set; }
    [BindProperty] public decimal? RatioLow { get; set; }

    public async Task OnGetAsync()
    {
        await DefaultRatiosAsync();
        Draws = await handlers.ListAsync();
    }

    private async Task DefaultRatiosAsync()
    {
        var c = await risk.ConfigAsync();
        RatioHigh ??= c.DrawRatioHigh * 100;
        RatioMedium ??= c.DrawRatioMedium * 100;
        RatioLow ??= c.DrawRatioLow * 100;
    }

    public async Task<IActionResult> OnPostDrawAsync()
    {
        try
        {
            await DefaultRatiosAsync();
            var ratios = RiskWeighted ? new RiskRatios(RatioHigh!.Value / 100, RatioMedium!.Value / 100, RatioLow!.Value / 100) : null;
            var v = await handlers.DrawAsync(new DrawRequest(Title ?? "", Bodies, Inspectors, ExcludeSameCounty, Seed, Region, PublishInspectorNames: PublishInspectorNames, RiskWeighted: ratios));
            Message = $"已抽取：抽查 #{v.Id}，种子 {v.Seed}" + (v.Strata is { } st ? "；" + string.Join("，", st.Select(x => $"{x.Name}风险抽 {x.Drawn} 个")) : "");
        }
        catch (InvalidInputException e)
        {
            Message = "未抽取：" + string.Join("；", e.InputErrors.Select(x => x.Message));
        }
        Draws = await handlers.ListAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int id)
    {
        await handlers.PublishAsync(id);
        return RedirectToPage();
    }

    /// <summary>Records what the inspection found at one drawn body (published with the draw, 第二十九条 一公开).</summary>
    public async Task<IActionResult> OnPostFindingAsync(int id, string? body, string? finding)
    {
        try
        {
            await handlers.RecordFindingAsync(id, body ?? "", finding);
            Message = $"已记录抽查 #{id} 机构 {body} 的检查结果";
        }
        catch (DomainException e) { Message = "未记录：" + e.Message; }
        Draws = await handlers.ListAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(int id)
    {
        try { Message = (await handlers.VerifyAsync(id)).Message; }
        catch (DomainException e) { Message = e.Message; }
        Draws = await handlers.ListAsync();
        return Page();
    }
}
