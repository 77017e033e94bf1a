using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>One row of a body's offline scoring sheet.</summary>
public sealed record SheetLine(string Code, string Section, string? Content, string? Standard, string Rule, decimal MaxPoints, bool Veto, bool Applies,
    string? SelfPoints, string? SelfReason);

/// <summary>A body's offline scoring sheet: the rubric, the self-scores and reasons (once submitted), empty panel columns.</summary>
public sealed record OfflineSheet(int AssessmentId, string BodyName, string CampaignTitle, IReadOnlyList<SheetLine> Lines);

/// <summary>
/// Offline scoring sheets: experts score on paper on site. The sheet is downloaded as xlsx (or printed), filled, and
/// uploaded back as that expert's answers: every row validated as the form validates it, all or nothing, each error
/// naming its row and column.
/// </summary>
public sealed class SheetHandlers(AppDb db, AssessmentHandlers assessments, CampaignHandlers campaigns)
{
    public const int HeaderRow = 3;
    private static readonly string[] Headers = ["编号", "评估项目", "评估内容", "评分标准", "评分方式", "分值", "自评得分", "自评原因", "专家得分", "不适用（填“是”）", "扣分原因 / 说明"];
    private const int PointsColumn = 8, NotApplicableColumn = 9, ReasonColumn = 10;

    /// <summary>The sheet for an officer of the region or a panel member; the self-scores only once the body has submitted.</summary>
    public async Task<OfflineSheet> SheetAsync(ReviewUser u, int assessmentId, CancellationToken ct = default)
    {
        var a = await db.Assessments.AsNoTracking().Include(x => x.Sheets).FirstOrDefaultAsync(x => x.Id == assessmentId, ct) ?? throw new NotFoundException("没有找到该评审记录，或您无权查看");
        var c = await campaigns.LoadAsync(a.CampaignId, ct, tracking: false);
        ReviewAccess.RequireSeeAssessment(u, c, a.FilingId, a.Id);
        if (!u.CoversRegion(c.RegionCode) && !c.IsPanelMember(u.UserName)) throw new ForbiddenException("只有工作人员和考核小组成员可以下载评分表");
        var rubric = await assessments.RubricOf(c, ct);
        var name = await db.Filings.Where(f => f.Id == a.FilingId).Select(f => f.LegalEntity.Name).FirstAsync(ct);
        var self = a.SelfSheet is { Status: SheetStatus.Submitted } s ? AssessmentHandlers.Score(rubric, s.AnswersJson) : null;
        var context = ContextOf(a);
        var lines = new List<SheetLine>();
        foreach (var section in rubric.AllSections())
            foreach (var i in section.Indicators)
            {
                var x = self?.Indicators.FirstOrDefault(y => y.Code == i.Code);
                var selfPoints = x is null ? null : x.Status switch
                {
                    IndicatorStatus.NotApplicable => "不适用",
                    IndicatorStatus.Defaulted => "未答",
                    _ => i.Kind == IndicatorKind.Veto ? (x.Vetoed ? "存在" : "不存在") : x.Points?.ToString("0.##", CultureInfo.InvariantCulture),
                };
                lines.Add(new SheetLine(i.Code, $"{section.Code} {section.Name}", i.Content, i.Standard, RuleWords(i), i.MaxPoints, i.Kind == IndicatorKind.Veto,
                    i.Applicability.IsApplicable(context), selfPoints, x?.Reason));
            }
        return new OfflineSheet(a.Id, name, c.Title, lines);
    }

    private static ScoreContext ContextOf(Assessment a) =>
        a.SelfSheet is { } s && AnswerSheetJson.Parse(s.AnswersJson).Sheet is { } sheet ? sheet.Context : ScoreContext.Empty;

    private static string? ContextJson(Assessment a)
    {
        if (a.SelfSheet is not { } s) return null;
        return JsonNode.Parse(s.AnswersJson) is JsonObject o && o["context"] is { } ctx ? ctx.ToJsonString() : null;
    }

    public static string RuleWords(Indicator i)
    {
        static string P(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        return i.Rule switch
        {
            VetoRule => "否决项：填“存在”或“不存在”",
            AllOrNothingRule r => $"符合得{P(r.Points)}分，否则0分",
            TierRule r => "分档：" + string.Join("；", r.Tiers.Select(t => $"{t.Label}{P(t.Points)}分")),
            DeductionRule r => $"满分{P(r.MaxPoints)}分，" + string.Join("；", r.Deficiencies.Select(d => $"{d.Label}扣{P(d.PerUnit)}分")) + "，扣完为止",
            CompositeRule r => "分项合计：" + string.Join("；", r.Parts.Select(p => $"{p.Label}{P(p.Rule.MaxPoints)}分")),
            _ => $"直接给分（0–{P(i.MaxPoints)}分）",
        };
    }

    public async Task<byte[]> XlsxAsync(ReviewUser u, int assessmentId, CancellationToken ct = default)
    {
        var sheet = await SheetAsync(u, assessmentId, ct);
        var rows = new List<IReadOnlyList<XCell>>
        {
            new XCell[] { new($"考核评分表：{sheet.BodyName}（{sheet.CampaignTitle}）", CellStyle.Bold) },
            new XCell[] { "专家在“专家得分”列填写得分（否决项填“存在”或“不存在”），不适用的在“不适用”列填“是”并写明理由；扣分须写明原因。上传后作为上传专家本人的评分。" },
            Headers.Select(h => new XCell(h, CellStyle.Header)).ToArray(),
        };
        foreach (var l in sheet.Lines)
            rows.Add(new XCell[]
            {
                l.Code, l.Section, l.Content, l.Standard, l.Applies ? l.Rule : "本机构不适用（条件不满足），不填", new XCell(l.MaxPoints, CellStyle.Decimal2),
                l.SelfPoints, l.SelfReason, l.Applies ? "" : "—", "", "",
            });
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
            w.AddSheet("评分表", rows, ["A1:K1", "A2:K2"], [8, 18, 40, 40, 26, 7, 9, 20, 10, 10, 30], frozenRows: HeaderRow);
        return ms.ToArray();
    }

    /// <summary>
    /// A filled sheet uploaded as the signed-in expert's answers (a draft; submitting stays a separate, confirmed step).
    /// Every row is checked; any error refuses the whole file, naming row and column; nothing is saved.
    /// </summary>
    public async Task<SheetView> ImportAsync(ReviewUser u, int assessmentId, Stream content, string fileName, CancellationToken ct = default)
    {
        var a = await db.Assessments.AsNoTracking().Include(x => x.Sheets).FirstOrDefaultAsync(x => x.Id == assessmentId, ct) ?? throw new NotFoundException("没有找到该评审记录，或您无权查看");
        var c = await campaigns.LoadAsync(a.CampaignId, ct, tracking: false);
        ReviewAccess.RequireSeeAssessment(u, c, a.FilingId, a.Id);
        if (!c.IsPanelMember(u.UserName)) throw new ForbiddenException("只有考核小组成员可以上传自己的评分表");
        var rubric = await assessments.RubricOf(c, ct);
        var context = ContextOf(a);
        List<SheetRow> rows;
        try
        {
            rows = TabularReader.ReadRows(content, fileName).ToList();
        }
        catch (FileReadException e)
        {
            throw new DomainException("file", e.Message);
        }
        var errors = new List<DomainException>();
        var header = rows.FirstOrDefault(r => r.Cells.Length > PointsColumn && r.Cells[0]?.Trim() == "编号" && r.Cells[PointsColumn]?.Trim() == "专家得分");
        if (header is null) throw new DomainException("file", $"{fileName}：找不到表头（第一列“编号”、{TabularReader.ColumnName(PointsColumn)}列“专家得分”），请使用下载的评分表");
        var answers = new JsonObject();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        string Col(int i) => $"{TabularReader.ColumnName(i)}列（{Headers[i]}）";
        foreach (var r in rows.Where(r => r.RowNumber > header.RowNumber && !r.IsEmpty))
        {
            string? Cell(int i) => i < r.Cells.Length && !string.IsNullOrWhiteSpace(r.Cells[i]) ? r.Cells[i]!.Trim() : null;
            var code = Cell(0);
            if (code is null) continue;
            var where = $"第{r.RowNumber}行（指标 {code}）";
            if (rubric.FindIndicator(code) is not { } i) { errors.Add(new($"row{r.RowNumber}", $"第{r.RowNumber}行 A列（编号）：评估表中没有指标“{code}”")); continue; }
            if (!rowOf.TryAdd(code, r.RowNumber)) { errors.Add(new($"row{r.RowNumber}", $"{where}：与第{rowOf[code]}行重复")); continue; }
            var points = Cell(PointsColumn);
            var na = Cell(NotApplicableColumn);
            var reason = Cell(ReasonColumn);
            if (!i.Applicability.IsApplicable(context))
            {
                if (points is not null and not "—") errors.Add(new($"row{r.RowNumber}", $"{where} {Col(PointsColumn)}：本机构不适用此项（{i.Applicability.Describe()}），不应填写"));
                continue;
            }
            JsonObject answer;
            if (na is not null)
            {
                if (na != "是") { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(NotApplicableColumn)}：只能填“是”或留空，填写了“{na}”")); continue; }
                if (i.Kind == IndicatorKind.Veto) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(NotApplicableColumn)}：否决项不能判为不适用")); continue; }
                if (reason is null) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(ReasonColumn)}：判为不适用须写明理由")); continue; }
                answer = new JsonObject { ["notApplicable"] = true };
            }
            else if (points is null) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(PointsColumn)}：未填写")); continue; }
            else if (i.Kind == IndicatorKind.Veto)
            {
                if (points is not ("存在" or "不存在")) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(PointsColumn)}：否决项填“存在”或“不存在”，填写了“{points}”")); continue; }
                if (points == "存在" && reason is null) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(ReasonColumn)}：认定存在否决情形须写明原因")); continue; }
                answer = new JsonObject { ["vetoed"] = points == "存在" };
            }
            else
            {
                if (!decimal.TryParse(points, NumberStyles.Number, CultureInfo.InvariantCulture, out var p)) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(PointsColumn)}：“{points}”不是数字")); continue; }
                if (p < 0 || p > i.MaxPoints) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(PointsColumn)}：得分 {p:0.##} 分不在 0–{i.MaxPoints:0.##} 分之间")); continue; }
                if (p < Math.Min(i.MaxPoints, i.Rule.MaxPoints) && reason is null) { errors.Add(new($"row{r.RowNumber}", $"{where} {Col(ReasonColumn)}：扣了 {Math.Min(i.MaxPoints, i.Rule.MaxPoints) - p:0.##} 分，须写明扣分原因")); continue; }
                answer = new JsonObject { ["points"] = p };
            }
            if (reason is not null) answer["reason"] = reason;
            answers[code] = answer;
        }
        foreach (var i in rubric.Indicators.Where(i => i.Applicability.IsApplicable(context) && !rowOf.ContainsKey(i.Code)))
            errors.Add(new(i.Code, $"指标 {i.Code}：评分表中缺少这一行"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var sheetJson = new JsonObject { ["formatVersion"] = 1, ["answers"] = answers };
        if (ContextJson(a) is { } ctxJson) sheetJson["context"] = JsonNode.Parse(ctxJson);
        var existing = a.ExpertSheets.FirstOrDefault(s => s.Expert == u.UserName);
        return await assessments.SaveExpertAsync(u, assessmentId, sheetJson.ToJsonString(), existing?.Version, ct);
    }
}
