using System.Text.Json;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>An answers file read: the sheet, or every problem found (each naming its indicator code, "" for the sheet).</summary>
public sealed record AnswerSheetParseResult(AnswerSheet? Sheet, IReadOnlyList<AnswerError> Errors)
{
    public bool Succeeded => Sheet is not null;
}

/// <summary>Reads the answers JSON format (docs/rubric-format.md, "Answers file").</summary>
public static class AnswerSheetJson
{
    public const int CurrentVersion = 1;

    private static readonly string[] Shapes = ["points", "met", "deficiencies", "tier", "parts", "occupations", "vetoed", "notApplicable"];

    public static AnswerSheetParseResult ParseFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AnswerSheetParseResult(null, [new AnswerError("", $"{path}: {e.Message}")]);
        }
    }

    public static AnswerSheetParseResult Parse(string json)
    {
        var errors = new List<AnswerError>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return new AnswerSheetParseResult(null, [new AnswerError("", $"评分数据不是有效的 JSON（第 {e.LineNumber + 1} 行附近）")]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("评分数据应为 JSON 对象");
            string? rubricId = null, assessor = null;
            decimal? total = null;
            var context = ScoreContext.Empty;
            var answers = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in root.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) { errors.Add(new AnswerError("", $"属性“{prop.Name}”重复出现")); continue; }
                switch (prop.Name)
                {
                    case "formatVersion":
                        if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetInt32(out var v) || v != CurrentVersion)
                            errors.Add(new AnswerError("", $"formatVersion 应为 {CurrentVersion}"));
                        break;
                    case "rubric":
                        rubricId = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() : null;
                        if (rubricId is null) errors.Add(new AnswerError("", "rubric 应为评估表编号"));
                        break;
                    case "assessor":
                        assessor = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() : null;
                        break;
                    case "total":
                        if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetDecimal(out var t) || t < 0)
                            errors.Add(new AnswerError("", "total 应为不小于 0 的数"));
                        else total = t;
                        break;
                    case "context":
                        context = ReadContext(prop.Value, errors);
                        break;
                    case "answers":
                        if (prop.Value.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError("", "answers 应为以指标编号为键的对象")); break; }
                        foreach (var a in prop.Value.EnumerateObject())
                        {
                            if (answers.ContainsKey(a.Name)) { errors.Add(new AnswerError(a.Name, "该指标重复作答")); continue; }
                            var answer = ReadAnswer(a.Name, a.Value, errors, allowTopLevelOnly: true);
                            if (answer is not null) answers[a.Name] = answer;
                        }
                        break;
                    default:
                        errors.Add(new AnswerError("", $"无法识别的属性“{prop.Name}”"));
                        break;
                }
            }
            if (errors.Count > 0) return new AnswerSheetParseResult(null, errors);
            return new AnswerSheetParseResult(new AnswerSheet(rubricId, context, answers, assessor, total), []);
        }

        AnswerSheetParseResult Fail(string message) => new(null, [new AnswerError("", message)]);
    }

    private static ScoreContext ReadContext(JsonElement e, List<AnswerError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError("", "context 应为对象")); return ScoreContext.Empty; }
        var levels = new List<Level>();
        var computer = false;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "levelsAssessed":
                    if (p.Value.ValueKind != JsonValueKind.Array) { errors.Add(new AnswerError("", "context.levelsAssessed 应为列表")); break; }
                    foreach (var l in p.Value.EnumerateArray())
                    {
                        var text = l.ValueKind switch { JsonValueKind.String => l.GetString(), JsonValueKind.Number => l.GetRawText(), _ => null };
                        if (Levels.TryParse(text, out var level)) levels.Add(level);
                        else errors.Add(new AnswerError("", $"context.levelsAssessed：无法识别的等级“{text ?? l.GetRawText()}”（可填 1–5、五级…一级 或 初级工…高级技师）"));
                    }
                    break;
                case "computerExams":
                    if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) computer = p.Value.GetBoolean();
                    else errors.Add(new AnswerError("", "context.computerExams 应为 true 或 false"));
                    break;
                default:
                    errors.Add(new AnswerError("", $"context：无法识别的属性“{p.Name}”"));
                    break;
            }
        }
        return new ScoreContext(levels, computer);
    }

    private static IndicatorAnswer? ReadAnswer(string code, JsonElement e, List<AnswerError> errors, bool allowTopLevelOnly)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError(code, "每项作答应为对象，如 {\"met\": true}")); return null; }
        string? reason = null;
        JsonProperty? shape = null;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == "reason")
            {
                if (p.Value.ValueKind == JsonValueKind.String) reason = p.Value.GetString();
                else if (p.Value.ValueKind != JsonValueKind.Null) errors.Add(new AnswerError(code, "扣分原因应为文字"));
                continue;
            }
            if (!Shapes.Contains(p.Name)) { errors.Add(new AnswerError(code, $"无法识别的属性“{p.Name}”：每项作答为 {string.Join("、", Shapes)} 之一，另可附 reason")); return null; }
            if (shape is not null) { errors.Add(new AnswerError(code, $"“{shape.Value.Name}”与“{p.Name}”只能填一个")); return null; }
            shape = p;
        }
        if (shape is not { } s) { errors.Add(new AnswerError(code, $"未作答：须填 {string.Join("、", Shapes)} 之一")); return null; }
        try
        {
            IndicatorAnswer? answer = s.Name switch
            {
                "points" => s.Value.ValueKind == JsonValueKind.Number && s.Value.TryGetDecimal(out var pts)
                    ? new PointsAnswer(pts) : Bad("得分须为数字"),
                "met" => s.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? new MetAnswer(s.Value.GetBoolean()) : Bad("是否达到须为 true 或 false"),
                "vetoed" => allowTopLevelOnly && s.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? new VetoAnswer(s.Value.GetBoolean()) : Bad("否决项须为 true 或 false"),
                "notApplicable" => !allowTopLevelOnly ? Bad("分项不能单独判为不适用")
                    : s.Value.ValueKind == JsonValueKind.True ? new NotApplicableAnswer() : Bad("notApplicable 只能为 true"),
                "tier" => s.Value.ValueKind == JsonValueKind.String ? new TierAnswer(s.Value.GetString()!) : Bad("档次须为档次编号或名称"),
                "deficiencies" => ReadDeficiencies(s.Value),
                "parts" => allowTopLevelOnly ? ReadParts(code, s.Value, errors) : Bad("分项不能再分项"),
                "occupations" => ReadOccupations(s.Value),
                _ => null,
            };
            return answer is null ? null : answer with { Reason = reason };
        }
        catch (ArgumentException ex)
        {
            errors.Add(new AnswerError(code, FirstLine(ex.Message)));
            return null;
        }
        catch (FormatException ex)
        {
            errors.Add(new AnswerError(code, ex.Message));
            return null;
        }

        IndicatorAnswer? Bad(string message)
        {
            errors.Add(new AnswerError(code, message));
            return null;
        }
    }

    private static string FirstLine(string message) => message.Split(" (Parameter")[0];

    private static DeficiencyAnswer ReadDeficiencies(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number)
        {
            if (!e.TryGetInt32(out var n)) throw new FormatException("缺项个数须为整数");
            if (n < 0) throw new FormatException($"缺项个数不能为负数（填了 {n}）");
            return DeficiencyAnswer.Of(n);
        }
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("缺项应为个数，或按缺项编号给出的个数");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n)) throw new FormatException($"缺项“{p.Name}”的个数须为整数");
            if (n < 0) throw new FormatException($"缺项“{p.Name}”的个数不能为负数（填了 {n}）");
            if (!counts.TryAdd(p.Name, n)) throw new FormatException($"缺项“{p.Name}”重复填写");
        }
        return DeficiencyAnswer.ByKey(counts);
    }

    private static CompositeAnswer? ReadParts(string code, JsonElement e, List<AnswerError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("分项应为按分项编号给出的作答");
        var parts = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var p in e.EnumerateObject())
        {
            var a = ReadAnswer($"{code}", p.Value, errors, allowTopLevelOnly: false);
            if (a is not null && !parts.TryAdd(p.Name, a)) errors.Add(new AnswerError(code, $"分项“{p.Name}”重复作答"));
        }
        return errors.Count > before ? null : new CompositeAnswer(parts);
    }

    private static StaffingAnswer ReadOccupations(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException("occupations 应为列表，每项为 {occupation, ownExaminers, examiners}");
        var list = new List<OccupationStaffing>();
        foreach (var o in e.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Object) throw new FormatException("occupations 的每项应为 {occupation, ownExaminers, examiners}");
            string? name = null;
            int? own = null, all = null;
            foreach (var p in o.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "occupation": name = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                    case "ownExaminers": own = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var a) ? a : throw new FormatException("本单位考评员人数（ownExaminers）须为整数"); break;
                    case "examiners": all = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var b) ? b : throw new FormatException("考评员人数（examiners）须为整数"); break;
                    default: throw new FormatException($"occupations：无法识别的属性“{p.Name}”");
                }
            }
            if (name is null || own is null || all is null) throw new FormatException("occupations 的每项须有 occupation、ownExaminers 和 examiners");
            if (own < 0 || all < 0) throw new FormatException($"{name}：考评员人数不能为负数");
            list.Add(new OccupationStaffing(name, own.Value, all.Value));
        }
        return new StaffingAnswer(list);
    }
}
