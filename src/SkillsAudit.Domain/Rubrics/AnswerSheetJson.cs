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
            return new AnswerSheetParseResult(null, [new AnswerError("", $"malformed JSON at line {e.LineNumber + 1}: {e.Message}")]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("the answers file is a JSON object");
            string? rubricId = null, assessor = null;
            decimal? total = null;
            var context = ScoreContext.Empty;
            var answers = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in root.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) { errors.Add(new AnswerError("", $"property '{prop.Name}' appears twice")); continue; }
                switch (prop.Name)
                {
                    case "formatVersion":
                        if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetInt32(out var v) || v != CurrentVersion)
                            errors.Add(new AnswerError("", $"formatVersion must be {CurrentVersion}"));
                        break;
                    case "rubric":
                        rubricId = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() : null;
                        if (rubricId is null) errors.Add(new AnswerError("", "rubric must be a rubric id"));
                        break;
                    case "assessor":
                        assessor = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() : null;
                        break;
                    case "total":
                        if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetDecimal(out var t) || t < 0)
                            errors.Add(new AnswerError("", "total must be a number ≥ 0"));
                        else total = t;
                        break;
                    case "context":
                        context = ReadContext(prop.Value, errors);
                        break;
                    case "answers":
                        if (prop.Value.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError("", "answers must be an object keyed by indicator code")); break; }
                        foreach (var a in prop.Value.EnumerateObject())
                        {
                            if (answers.ContainsKey(a.Name)) { errors.Add(new AnswerError(a.Name, "answered twice")); continue; }
                            var answer = ReadAnswer(a.Name, a.Value, errors, allowTopLevelOnly: true);
                            if (answer is not null) answers[a.Name] = answer;
                        }
                        break;
                    default:
                        errors.Add(new AnswerError("", $"unknown property '{prop.Name}'"));
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
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError("", "context must be an object")); return ScoreContext.Empty; }
        var levels = new List<Level>();
        var computer = false;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "levelsAssessed":
                    if (p.Value.ValueKind != JsonValueKind.Array) { errors.Add(new AnswerError("", "context.levelsAssessed must be a list")); break; }
                    foreach (var l in p.Value.EnumerateArray())
                    {
                        var text = l.ValueKind switch { JsonValueKind.String => l.GetString(), JsonValueKind.Number => l.GetRawText(), _ => null };
                        if (Levels.TryParse(text, out var level)) levels.Add(level);
                        else errors.Add(new AnswerError("", $"context.levelsAssessed: unknown level '{text ?? l.GetRawText()}' (use 1–5, 五级…一级, 初级工…高级技师)"));
                    }
                    break;
                case "computerExams":
                    if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) computer = p.Value.GetBoolean();
                    else errors.Add(new AnswerError("", "context.computerExams must be true or false"));
                    break;
                default:
                    errors.Add(new AnswerError("", $"context: unknown property '{p.Name}'"));
                    break;
            }
        }
        return new ScoreContext(levels, computer);
    }

    private static IndicatorAnswer? ReadAnswer(string code, JsonElement e, List<AnswerError> errors, bool allowTopLevelOnly)
    {
        if (e.ValueKind != JsonValueKind.Object) { errors.Add(new AnswerError(code, "an answer is an object such as {\"met\": true}")); return null; }
        string? reason = null;
        JsonProperty? shape = null;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == "reason")
            {
                if (p.Value.ValueKind == JsonValueKind.String) reason = p.Value.GetString();
                else if (p.Value.ValueKind != JsonValueKind.Null) errors.Add(new AnswerError(code, "reason must be text"));
                continue;
            }
            if (!Shapes.Contains(p.Name)) { errors.Add(new AnswerError(code, $"unknown property '{p.Name}'; an answer has one of {string.Join(", ", Shapes)} and an optional reason")); return null; }
            if (shape is not null) { errors.Add(new AnswerError(code, $"give one of {shape.Value.Name} or {p.Name}, not both")); return null; }
            shape = p;
        }
        if (shape is not { } s) { errors.Add(new AnswerError(code, $"an answer needs one of {string.Join(", ", Shapes)}")); return null; }
        try
        {
            IndicatorAnswer? answer = s.Name switch
            {
                "points" => s.Value.ValueKind == JsonValueKind.Number && s.Value.TryGetDecimal(out var pts)
                    ? new PointsAnswer(pts) : Bad("points must be a number"),
                "met" => s.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? new MetAnswer(s.Value.GetBoolean()) : Bad("met must be true or false"),
                "vetoed" => allowTopLevelOnly && s.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? new VetoAnswer(s.Value.GetBoolean()) : Bad("vetoed must be true or false"),
                "notApplicable" => !allowTopLevelOnly ? Bad("a part cannot be not applicable")
                    : s.Value.ValueKind == JsonValueKind.True ? new NotApplicableAnswer() : Bad("notApplicable, if given, is true"),
                "tier" => s.Value.ValueKind == JsonValueKind.String ? new TierAnswer(s.Value.GetString()!) : Bad("tier must be a tier key or label"),
                "deficiencies" => ReadDeficiencies(s.Value),
                "parts" => allowTopLevelOnly ? ReadParts(code, s.Value, errors) : Bad("parts cannot nest"),
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
            if (!e.TryGetInt32(out var n)) throw new FormatException("deficiencies must be a whole number");
            if (n < 0) throw new FormatException($"negative deficiency count {n}");
            return DeficiencyAnswer.Of(n);
        }
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("deficiencies is a count, or an object of counts by deficiency key");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n)) throw new FormatException($"deficiencies.{p.Name} must be a whole number");
            if (n < 0) throw new FormatException($"negative deficiency count {n} for '{p.Name}'");
            if (!counts.TryAdd(p.Name, n)) throw new FormatException($"deficiency '{p.Name}' given twice");
        }
        return DeficiencyAnswer.ByKey(counts);
    }

    private static CompositeAnswer? ReadParts(string code, JsonElement e, List<AnswerError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("parts is an object of answers by part key");
        var parts = new Dictionary<string, IndicatorAnswer>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var p in e.EnumerateObject())
        {
            var a = ReadAnswer($"{code}", p.Value, errors, allowTopLevelOnly: false);
            if (a is not null && !parts.TryAdd(p.Name, a)) errors.Add(new AnswerError(code, $"part '{p.Name}' answered twice"));
        }
        return errors.Count > before ? null : new CompositeAnswer(parts);
    }

    private static StaffingAnswer ReadOccupations(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException("occupations is a list of {occupation, ownExaminers, examiners}");
        var list = new List<OccupationStaffing>();
        foreach (var o in e.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Object) throw new FormatException("each occupation is {occupation, ownExaminers, examiners}");
            string? name = null;
            int? own = null, all = null;
            foreach (var p in o.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "occupation": name = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                    case "ownExaminers": own = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var a) ? a : throw new FormatException("ownExaminers must be a whole number"); break;
                    case "examiners": all = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var b) ? b : throw new FormatException("examiners must be a whole number"); break;
                    default: throw new FormatException($"occupation: unknown property '{p.Name}'");
                }
            }
            if (name is null || own is null || all is null) throw new FormatException("each occupation needs occupation, ownExaminers and examiners");
            if (own < 0 || all < 0) throw new FormatException($"{name}: negative examiner count");
            list.Add(new OccupationStaffing(name, own.Value, all.Value));
        }
        return new StaffingAnswer(list);
    }
}
