using System.Globalization;
using SkillsAudit.Domain.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>The result of reading one rubric file: the rubric, or the errors (path and line) that refused it.</summary>
public sealed record RubricLoadResult(string? File, Rubric? Rubric, IReadOnlyList<ValidationIssue> Errors)
{
    public bool Succeeded => Rubric is not null;
    public IReadOnlyList<ValidationIssue> Warnings => Rubric?.Warnings ?? [];
    public ValidationReport ToReport() => new(File, Errors, Warnings);
}

/// <summary>
/// Reads rubric YAML (docs/rubric-format.md). Every node keeps its line, so each error names file and line.
/// Loading also validates: errors refuse the file, warnings are on <see cref="Rubric.Warnings"/>.
/// </summary>
public static partial class RubricLoader
{
    public const string FileExtension = ".yaml";

    /// <summary>Loads a rubric file or throws <see cref="RubricLoadException"/> listing every error with path and line.</summary>
    public static Rubric LoadFile(string path)
    {
        var result = TryLoadFile(path);
        return result.Rubric ?? throw new RubricLoadException(result.Errors);
    }

    public static RubricLoadResult TryLoadFile(string path)
    {
        string text;
        try
        {
            // A file far beyond the character limit is refused unread (RubricYamlBounds checks the text itself).
            if (new FileInfo(path) is { Exists: true } info && info.Length > 4L * RubricYamlBounds.MaxChars)
                return new RubricLoadResult(path, null, [new ValidationIssue(IssueSeverity.Error, "yaml.limit", "", $"文件超过 {RubricYamlBounds.MaxChars:N0} 个字符的上限，未读取", file: path)]);
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RubricLoadResult(path, null, [new ValidationIssue(IssueSeverity.Error, "io", path, e.Message, file: path)]);
        }
        return TryLoadText(text, path);
    }

    /// <summary>Parses YAML text; <paramref name="path"/> is used in messages only.</summary>
    public static RubricLoadResult TryLoadText(string yaml, string path)
    {
        var reader = new Reader(path);
        Rubric? rubric = null;
        try
        {
            if (RubricYamlBounds.Check(yaml, path) is { } refused) return new RubricLoadResult(path, null, [refused]);
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1) reader.Fail(null, "", "a rubric file holds exactly one YAML document");
            else rubric = reader.ReadRubric(stream.Documents[0].RootNode);
        }
        catch (YamlException e)
        {
            reader.Errors.Add(new ValidationIssue(IssueSeverity.Error, "yaml", "", e.Message.Split('\n')[0], file: path,
                line: (int)e.Start.Line, column: (int)e.Start.Column));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // YamlDotNet's scanner occasionally throws without a mark on malformed input: report where parsing stopped.
            var mark = LastGoodMark(yaml);
            reader.Errors.Add(new ValidationIssue(IssueSeverity.Error, "yaml", "", "malformed YAML after this point: " + e.Message, file: path,
                line: mark is { } m ? (int)m.Line : 1, column: mark is { } c ? (int)c.Column : 1));
        }
        catch (Reader.Abort)
        {
            // recorded
        }
        catch (ArgumentException e)
        {
            // a domain type refused a value the reader did not check itself
            reader.Errors.Add(new ValidationIssue(IssueSeverity.Error, "format", "", e.Message, file: path));
        }
        return reader.Errors.Count > 0 ? new RubricLoadResult(path, null, reader.Errors) : new RubricLoadResult(path, rubric, []);
    }

    private static Mark? LastGoodMark(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        Mark? last = null;
        try
        {
            while (parser.MoveNext()) last = parser.Current?.End;
        }
        catch (Exception)
        {
            // stop at the first failure
        }
        return last;
    }

    private sealed partial class Reader(string path)
    {
        public sealed class Abort : Exception;

        public List<ValidationIssue> Errors { get; } = [];
        private readonly Dictionary<string, SourceMark?> _codes = new(StringComparer.Ordinal);

        private static readonly string[] RubricKeys = ["formatVersion", "id", "title", "issuer", "documentNumber", "year", "source", "declared", "outcome", "notes", "sections"];
        private static readonly string[] SectionKeys = ["code", "name", "kind", "declared", "applicableWhen", "note", "reconstructed", "sections", "indicators"];
        private static readonly string[] IndicatorKeys = ["code", "content", "method", "standard", "max", "kind", "applicableWhen", "rule", "note", "reconstructed"];
        public static readonly string[] RuleKinds = ["allOrNothing", "deduction", "tiers", "composite", "staffingRatio", "veto", "judgement"];

        public void Fail(YamlNode? node, string location, string message, string code = "format")
        {
            Errors.Add(Issue(node, location, message, code));
            throw new Abort();
        }

        private ValidationIssue Issue(YamlNode? node, string location, string message, string code) =>
            new(IssueSeverity.Error, code, location, message, file: path,
                line: node is null ? null : (int)node.Start.Line, column: node is null ? null : (int)node.Start.Column);

        private static SourceMark MarkOf(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

        // ---- rubric ----

        public Rubric? ReadRubric(YamlNode root)
        {
            var map = Map(root, "rubric", RubricKeys);
            var version = Int(map, "formatVersion", "rubric", required: true)!.Value;
            if (version != RubricFormat.CurrentVersion)
                Fail(map["formatVersion"].Value, "formatVersion", $"formatVersion {version} is not supported (this code reads {RubricFormat.CurrentVersion})");
            var id = Str(map, "id", "rubric", required: true)!;
            if (!RubricFormat.IsValidId(id)) Fail(map["id"].Value, "id", $"id '{id}' must be lower-case letters, digits and dashes");
            var title = Str(map, "title", "rubric", required: true)!;
            var year = Int(map, "year", "rubric");
            if (year is < 1949 or > 2100) Fail(map["year"].Value, "year", $"year {year} is out of range");

            var declared = new DeclaredTotals(null, null, null);
            if (map.TryGetValue("declared", out var dkv))
            {
                var d = Map(dkv.Value, "declared", ["basePoints", "bonusPoints", "indicatorCount"]);
                declared = new DeclaredTotals(Dec(d, "basePoints", "declared"), Dec(d, "bonusPoints", "declared"), Int(d, "indicatorCount", "declared"));
            }

            OutcomeScheme? outcome = null;
            if (!map.TryGetValue("outcome", out var okv)) Fail(root, "rubric", "missing required key 'outcome'");
            else outcome = ReadOutcome(okv.Value);

            var notes = new List<string>();
            foreach (var n in Seq(map, "notes", "rubric"))
            {
                if (n is not YamlScalarNode { Value: { Length: > 0 } text }) Fail(n, "notes", "each note is a text");
                else notes.Add(text);
            }

            var sections = new List<RubricSection>();
            var sectionNodes = Seq(map, "sections", "rubric");
            for (var i = 0; i < sectionNodes.Count; i++)
            {
                var s = TryRead(() => ReadSection(sectionNodes[i], (i + 1).ToString(CultureInfo.InvariantCulture), $"sections[{i}]", IndicatorKind.Scored, Applicability.Always));
                if (s is not null) sections.Add(s);
            }
            if (Errors.Count > 0) return null;
            try
            {
                return new Rubric(version, id, title, Str(map, "issuer", "rubric"), Str(map, "documentNumber", "rubric"), year,
                    Str(map, "source", "rubric"), declared, outcome!, sections, notes, path);
            }
            catch (ArgumentException e)
            {
                Fail(root, "rubric", e.Message);
                return null;
            }
        }

        private static T? TryRead<T>(Func<T?> read) where T : class
        {
            try
            {
                return read();
            }
            catch (Abort)
            {
                return null;
            }
        }

        private OutcomeScheme? ReadOutcome(YamlNode node)
        {
            var map = Map(node, "outcome", ["kind", "basis", "veto", "bands"]);
            var kindText = Str(map, "kind", "outcome", required: true);
            OutcomeKind kind = kindText switch
            {
                "grades" => OutcomeKind.Grades,
                "stars" => OutcomeKind.Stars,
                "passFail" => OutcomeKind.PassFail,
                _ => Fail<OutcomeKind>(map["kind"].Value, "outcome.kind", $"unknown outcome kind '{kindText}'; known: grades, stars, passFail"),
            };
            var basisText = Str(map, "basis", "outcome") ?? "total";
            OutcomeBasis basis = basisText switch
            {
                "total" => OutcomeBasis.Total,
                "base" => OutcomeBasis.Base,
                _ => Fail<OutcomeBasis>(map["basis"].Value, "outcome.basis", $"unknown basis '{basisText}'; known: total, base"),
            };
            var veto = Str(map, "veto", "outcome", required: true)!;
            var bands = new List<OutcomeBand>();
            var bandNodes = Seq(map, "bands", "outcome");
            for (var i = 0; i < bandNodes.Count; i++)
            {
                var loc = $"outcome.bands[{i}]";
                var b = Map(bandNodes[i], loc, ["label", "min", "below"]);
                var label = Str(b, "label", loc, required: true)!;
                var min = Dec(b, "min", loc);
                var below = Dec(b, "below", loc);
                if (min is { } lo && below is { } hi && lo >= hi) Fail(bandNodes[i], loc, $"band {label}: min {lo} must be below {hi}", "bands");
                bands.Add(new OutcomeBand(label, min, below));
            }
            var problems = OutcomeScheme.BandProblems(bands);
            if (problems.Count > 0)
                Fail(map.TryGetValue("bands", out var bkv) ? bkv.Value : node, "outcome.bands", "bands must cover every score exactly once: " + string.Join("; ", problems), "bands");
            return new OutcomeScheme(kind, basis, bands, veto);
        }

        private T Fail<T>(YamlNode node, string location, string message, string code = "format")
        {
            Fail(node, location, message, code);
            return default!;
        }

        private Applicability ReadApplicability(YMap map, string location)
        {
            if (!map.TryGetValue("applicableWhen", out var kv)) return Applicability.Always;
            var loc = location + ".applicableWhen";
            var a = Map(kv.Value, loc, ["levelsAny", "computerExams"]);
            List<Level>? levels = null;
            if (a.ContainsKey("levelsAny"))
            {
                levels = [];
                foreach (var n in Seq(a, "levelsAny", loc))
                {
                    if (n is not YamlScalarNode s || !Levels.TryParse(s.Value, out var level)) Fail(n, loc, $"unknown level '{(n as YamlScalarNode)?.Value}'");
                    else levels.Add(level);
                }
                if (levels.Count == 0) Fail(a["levelsAny"].Value, loc, "levelsAny must name at least one level");
            }
            return new Applicability(levels, Bool(a, "computerExams", loc));
        }

        private IndicatorKind ReadKind(YMap map, string location, IndicatorKind inherited)
        {
            var text = Str(map, "kind", location);
            return text switch
            {
                null => inherited,
                "scored" => IndicatorKind.Scored,
                "bonus" => IndicatorKind.Bonus,
                "veto" => IndicatorKind.Veto,
                _ => Fail<IndicatorKind>(map["kind"].Value, location + ".kind", $"unknown indicator kind '{text}'; known: scored, bonus, veto"),
            };
        }

        private string ClaimCode(string code, YamlNode node, string location)
        {
            if (_codes.TryGetValue(code, out var first))
                Fail(node, location, $"duplicate code {code} (first used at line {first?.Line})", "duplicate-code");
            _codes[code] = MarkOf(node);
            return code;
        }

        // ---- sections and indicators ----

        private RubricSection? ReadSection(YamlNode node, string positionCode, string location, IndicatorKind inheritedKind, Applicability inherited)
        {
            var map = Map(node, location, SectionKeys);
            var code = ClaimCode(Str(map, "code", location) ?? positionCode, node, location);
            var name = Str(map, "name", location, required: true)!;
            var loc = $"{code} {name}";
            var kind = ReadKind(map, loc, inheritedKind);
            Declared declared = Declared.None;
            if (map.TryGetValue("declared", out var dkv))
            {
                var d = Map(dkv.Value, loc + ".declared", ["count", "points"]);
                declared = new Declared(Int(d, "count", loc + ".declared"), Dec(d, "points", loc + ".declared"));
            }
            Applicability applicability = inherited;
            try
            {
                applicability = inherited.And(ReadApplicability(map, loc));
            }
            catch (ArgumentException e)
            {
                Fail(map["applicableWhen"].Value, loc, e.Message);
            }
            var subs = new List<RubricSection>();
            var inds = new List<Indicator>();
            var subNodes = Seq(map, "sections", loc);
            var indNodes = Seq(map, "indicators", loc);
            if (subNodes.Count > 0 && indNodes.Count > 0) Fail(node, loc, "a section holds either 'sections' or 'indicators', not both");
            for (var i = 0; i < subNodes.Count; i++)
            {
                var s = TryRead(() => ReadSection(subNodes[i], $"{code}.{i + 1}", $"{loc} > sections[{i}]", kind, applicability));
                if (s is not null) subs.Add(s);
            }
            for (var i = 0; i < indNodes.Count; i++)
            {
                var ind = TryRead(() => ReadIndicator(indNodes[i], $"{code}.{i + 1}", $"{loc} > indicators[{i}]", kind, applicability));
                if (ind is not null) inds.Add(ind);
            }
            return new RubricSection(code, name, declared, subs, inds, applicability, Str(map, "note", loc), Bool(map, "reconstructed", loc) ?? false, MarkOf(node));
        }

        private Indicator? ReadIndicator(YamlNode node, string positionCode, string location, IndicatorKind inheritedKind, Applicability inherited)
        {
            var map = Map(node, location, IndicatorKeys);
            var code = ClaimCode(Str(map, "code", location) ?? positionCode, node, location);
            var loc = $"indicator {code}";
            var kind = ReadKind(map, loc, inheritedKind);
            decimal max;
            if (kind == IndicatorKind.Veto) max = Dec(map, "max", loc) ?? 0m;
            else max = Dec(map, "max", loc, required: true)!.Value;
            if (kind == IndicatorKind.Veto && max != 0) Fail(map["max"].Value, loc + ".max", "a veto indicator carries no points (max 0)");
            Applicability applicability = inherited;
            try
            {
                applicability = inherited.And(ReadApplicability(map, loc));
            }
            catch (ArgumentException e)
            {
                Fail(map["applicableWhen"].Value, loc, e.Message);
            }
            if (!map.TryGetValue("rule", out var rkv)) { Fail(node, loc, "missing required key 'rule'"); return null; }
            var rule = ReadRule(rkv.Value, loc + ".rule", max);
            if (kind == IndicatorKind.Veto && rule is not VetoRule) Fail(rkv.Value, loc + ".rule", "a veto indicator needs rule kind 'veto'");
            if (kind != IndicatorKind.Veto && rule is VetoRule) Fail(rkv.Value, loc + ".rule", "rule kind 'veto' needs indicator kind 'veto' (put it in a veto section)");
            return new Indicator(code, Str(map, "content", loc), Str(map, "method", loc), Str(map, "standard", loc), max, kind, applicability, rule,
                Str(map, "note", loc), Bool(map, "reconstructed", loc) ?? false, MarkOf(node));
        }
    }
}
