using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Web.Features.Risk;

/// <summary>The risk weights, thresholds and draw ratios: staff read them, administrators change them (every version kept).</summary>
public sealed class ConfigModel(RiskHandlers handlers) : PageModel
{
    public sealed record Field(string Key, string Label, string Group);

    /// <summary>Every setting, in the order shown; Key is the JSON (camelCase) name.</summary>
    public static readonly IReadOnlyList<Field> Fields =
    [
        new("passRateAlpha", "二项检验显著性水平（出现如此多合格的概率不超过此值）", "合格率异常偏高"),
        new("passRateMadK", "高出同类中位数的离散度倍数", "合格率异常偏高"),
        new("passRateMinSpread", "最小离散度（百分点）", "合格率异常偏高"),
        new("passRateMinPeers", "最少同类机构数", "合格率异常偏高"),
        new("volumeFactor", "评价人数为往年中位数的倍数", "评价人数骤增"),
        new("volumeMinIncrease", "至少增加人数", "评价人数骤增"),
        new("volumeMinHistoryYears", "所需往年统计年数", "评价人数骤增"),
        new("certificateTolerance", "发证人数允许超出合格人数", "发证与合格不符"),
        new("inflationMinPoints", "自评高出考核小组的最少分数", "自评明显高于考核"),
        new("inflationMadK", "高出本次考核差值中位数的离散度倍数", "自评明显高于考核"),
        new("inflationMinSpread", "最小离散度（分）", "自评明显高于考核"),
        new("inflationMinPeers", "应用考核分布所需最少机构数", "自评明显高于考核"),
        .. RiskNames.AllSignals.Select(k => new Field("weight" + k, $"“{k.Chinese()}”权重", "风险等级")),
        new("mediumFrom", "中风险起点分", "风险等级"),
        new("highFrom", "高风险起点分", "风险等级"),
        new("drawRatioHigh", "高风险抽查比例（0–1）", "分层抽查"),
        new("drawRatioMedium", "中风险抽查比例（0–1）", "分层抽查"),
        new("drawRatioLow", "低风险抽查比例（0–1）", "分层抽查"),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }
    [BindProperty] public string? Note { get; set; }

    public async Task OnGetAsync() => Values = ValuesOf(await handlers.ConfigAsync());

    private static Dictionary<string, string> ValuesOf(RiskConfig c)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(c, Json));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!User.IsInRole(SkillsAudit.Data.Roles.Admin)) throw new ForbiddenException("只有系统管理员可以修改风险权重与阈值");
        var posted = Fields.ToDictionary(f => f.Key, f => (Request.Form[f.Key].ToString() ?? "").Trim());
        Values = posted;
        var errors = new Dictionary<string, string>();
        var numbers = new Dictionary<string, decimal>();
        foreach (var (key, text) in posted)
        {
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) numbers[key] = v;
            else errors[key] = $"“{text}”不是数字";
        }
        if (errors.Count == 0)
        {
            try
            {
                var config = JsonSerializer.Deserialize<RiskConfig>(JsonSerializer.Serialize(numbers), Json)!;
                await handlers.SaveConfigAsync(config, Note);
                Message = "已保存，新的权重与阈值即时生效（历次版本均保留）";
                Values = ValuesOf(config);
            }
            catch (DomainValidationException e) { foreach (var x in e.Errors) errors[x.Field] = x.Message; }
            catch (JsonException) { errors["form"] = "整数项不能填写小数"; }
        }
        Errors = errors;
        return Page();
    }
}
