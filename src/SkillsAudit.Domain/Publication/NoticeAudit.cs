using System.Globalization;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Domain.Publication;

/// <summary>What the audit read and what it found.</summary>
public sealed record NoticeAuditReport(IReadOnlyList<NoticeFinding> Findings, int TablesAudited, int ListsAudited, int StatementsChecked, bool RegistryChecked)
{
    /// <summary>The title of the document the notice was audited against (<see cref="NoticeCrossAudit"/>), or null.</summary>
    public string? ComparedWith { get; init; }

    public int Errors => Findings.Count(f => f.Severity == NoticeSeverity.Error);
    public int Warnings => Findings.Count(f => f.Severity == NoticeSeverity.Warning);
    public int Infos => Findings.Count(f => f.Severity == NoticeSeverity.Info);
}

/// <summary>
/// The notice audit: reads a published notice (text with markdown pipe or tab-separated tables, as in the seeds) and
/// reports every inconsistency it can establish — tables against their own totals, rates, numbering and layout
/// (<see cref="StatisticsValidator"/>); figures stated in the text against the counts they describe and against the
/// tables; stated grade and star distributions against the scores and stars listed; counts against the names and rows
/// listed; names spelled differently between text and tables, or absent from the registry; the same body listed twice.
/// Figures that agree produce no finding. Parts that cannot be read are reported (<see cref="NoticeKinds.NotAudited"/>)
/// and the rest is audited. Pure: the registry comes in as a collection of names.
/// </summary>
public static partial class NoticeAudit
{
    /// <summary>
    /// Audits one notice. <paramref name="registry"/>: registered names and aliases, or null to compare only within the notice.
    /// <paramref name="against"/>: another document of the same campaign to compare counts, states and names with (<see cref="NoticeCrossAudit"/>).
    /// </summary>
    public static NoticeAuditReport Run(string text, IReadOnlyCollection<RegisteredName>? registry = null, NoticeReference? against = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var run = new AuditRun(text);
        if (run.Lines.All(l => l.Trim().Length == 0))
        {
            run.Add(NoticeKinds.NotAudited, NoticeSeverity.Info, new NoticeLocation(null), null, null, "公告没有可读的文字内容。");
            return run.Report(registry is not null);
        }
        run.ReadTables();
        run.ReadAnnexLists();
        run.CheckStatements();
        run.CheckNamesAgainstEachOther();
        if (registry is not null) run.CheckRegistry(registry);
        if (against is not null) NoticeCrossAudit.Run(run, against);
        return run.Report(registry is not null) with { ComparedWith = against?.Title.Trim().Trim('《', '》') };
    }

    /// <summary>
    /// A band as a notice states it: "90分及以上" → [90, ∞); "70-89分" → [70, 90) (half-open, DOMAIN: the upper bound of a
    /// whole-number range is the next band's minimum); "60分以下" → (−∞, 60). Null when the text is not a band.
    /// </summary>
    public static Rubrics.OutcomeBand? ParseBand(string label, string range) => AuditRun.ParseBand(label, range);

    internal sealed record NameRef(string Name, string Normal, NoticeLocation Location, string Source, string? Extra = null);

    /// <summary>An annex table as audited: label, statistics reading (if it is one), name rows, stars.</summary>
    internal sealed class AuditedTable
    {
        public required TextTable Source { get; init; }
        public required string Label { get; init; }
        public StatisticsTable? Statistics { get; init; }
        public List<NameRef> Names { get; } = [];
        /// <summary>Star counts per row (seed 004 "★★★★★"), when the table has a 星级 column.</summary>
        public List<(int Stars, NameRef Row)> Stars { get; } = [];
        public int ListedRows { get; set; }
    }

    internal sealed partial class AuditRun
    {
        public AuditRun(string text)
        {
            // Counts in Chinese numerals ("二十五个", "三家") are read like Arabic ones (ChineseNumerals).
            Lines = Common.ChineseNumerals.NormaliseCounts(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')).Split('\n');
            Text = string.Join("\n", Lines);
        }

        public string[] Lines { get; }
        public string Text { get; }
        public List<NoticeFinding> Findings { get; } = [];
        public List<AuditedTable> Tables { get; } = [];
        public List<AnnexList> Lists { get; } = [];
        public HashSet<int> TableLines { get; } = [];
        public List<NameRef> TextNames { get; } = [];
        public int Statements { get; set; }

        public void Add(string kind, NoticeSeverity severity, NoticeLocation location, string? stated, string? computed, string message) =>
            Findings.Add(new NoticeFinding(kind, severity, location, stated, computed, message));

        public NoticeAuditReport Report(bool registryChecked) =>
            new(Findings.Select((f, i) => (f, i)).OrderBy(x => x.f.Location.Line ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.f).ToList(),
                Tables.Count, Lists.Count, Statements, registryChecked);

        // ------------------------------------------------------------------ tables

        private static readonly string[] RubricWords = ["评估内容", "评分标准", "标准分值", "评估项目", "评估类别", "评估标准"];

        public void ReadTables()
        {
            IReadOnlyList<TextTable> tables;
            try
            {
                tables = TextTableParser.FindTables(Text);
            }
            catch (FormatException e)
            {
                Add(NoticeKinds.NotAudited, NoticeSeverity.Info, new NoticeLocation(null), null, null, $"表格无法读取：{e.Message}");
                return;
            }
            string? currentAnnex = null;
            var unaudited = new List<(TextTable Table, string Label, string Reason, bool Rubric)>();
            var index = 0;
            foreach (var t in tables)
            {
                index++;
                foreach (var r in t.HeaderRows.Concat(t.DataRows)) TableLines.Add(r.Line);
                // "附件1"; a lone "附件" heading (seed 004) labels the table "附件"
                var own = t.AnnexLabel ?? (t.PrecedingLines.Any(l => l == "附件") ? "附件" : null);
                if (own is not null) currentAnnex = own;
                var label = own ?? currentAnnex ?? $"表{index}";
                var audited = ReadTable(t, label, out var reason);
                if (audited is not null) { Tables.Add(audited); continue; }
                if (reason is null) continue; // a blank form: nothing filled in, nothing to check
                var headerText = string.Concat(t.HeaderRows.SelectMany(r => r.Cells).Select(c => c.Text));
                unaudited.Add((t, label, reason, RubricWords.Any(w => headerText.Contains(w, StringComparison.Ordinal))));
            }
            // One finding per annex for the tables that are neither statistics nor lists of bodies (rubrics, forms).
            foreach (var group in unaudited.GroupBy(u => u.Label))
            {
                var first = group.First().Table;
                var lastLine = group.Last().Table.DataRows.Concat(group.Last().Table.HeaderRows).Max(r => r.Line);
                var parts = group.Count() > 1 ? $"{group.Count()} 段表格" : "表格";
                var reasons = group.Select(g => g.Reason.TrimEnd('。')).Distinct().ToList();
                var why = group.Any(g => g.Rubric)
                    ? "为评估表（评分细则），不是统计表或机构名单，本核查不计其分值；评估表分值请用“评估表校验”（skillsaudit rubric validate）核查"
                    : "不是统计表或机构名单：" + string.Join("；", reasons.Take(3)) + (reasons.Count > 3 ? $"；等 {reasons.Count} 处" : "");
                Add(NoticeKinds.NotAudited, NoticeSeverity.Info, new NoticeLocation(first.StartLine, group.Key), null, null,
                    $"{group.Key}第{first.StartLine}–{lastLine}行的{parts}未核查：{why}。");
            }
        }

        private AuditedTable? ReadTable(TextTable t, string label, out string? reason)
        {
            reason = null;
            StatisticsTable? stat = null;
            string? statProblem = null;
            try
            {
                stat = StatisticsTableReader.Read(t);
            }
            catch (StatisticsTableException e)
            {
                statProblem = e.Message;
            }
            if (stat is not null)
            {
                var audited = new AuditedTable { Source = t, Label = label, Statistics = stat };
                foreach (var f in StatisticsValidator.Validate(stat))
                {
                    var row = f.RowName is "合计" or "总计" or "小计" ? f.RowName : f.RowNumber ?? f.RowName;
                    Add(f.Code, NoticeKinds.SeverityOf(f.Severity), new NoticeLocation(f.Line ?? t.StartLine, label, row, f.Column), f.Stated, f.Computed, $"{label}：{f.Message}");
                }
                foreach (var r in stat.DataRows)
                {
                    if (r.Name is { } n) audited.Names.Add(new NameRef(n, NoticeNames.Normal(n), new NoticeLocation(r.Line, label, r.Number ?? n, "机构名称"), label));
                }
                audited.ListedRows = stat.DataRows.Count();
                CheckDuplicates(audited.Names, label);
                return audited;
            }
            return ReadRoster(t, label, statProblem, out reason);
        }

        /// <summary>A list of bodies as a table: 序号, 机构名称, perhaps 类型, 备案号, 备案期限/年度, 星级 (seed 001 附件1, seed 004 附件).</summary>
        private AuditedTable? ReadRoster(TextTable t, string label, string? statProblem, out string? reason)
        {
            reason = null;
            int Col(Func<string, bool> match) => t.Headers.FirstOrDefault(h => match(StatisticsTableReader.NormalizeHeader(h.FullText)))?.Column ?? -1;
            var nameCol = Col(h => h.Contains("机构名称", StringComparison.Ordinal) || h.Contains("单位名称", StringComparison.Ordinal));
            var numberCol = Col(h => h.EndsWith("序号", StringComparison.Ordinal));
            var filingCol = Col(h => h.Contains("备案号", StringComparison.Ordinal));
            var starCol = Col(h => h.Contains("星级", StringComparison.Ordinal));
            var rows = t.DataRows.Where(r => !r.IsBlank).ToList();
            if (nameCol < 0)
            {
                if (rows.All(r => r.Cells.All(c => c.IsEmpty || CellText.LooksNumeric(c.Text) || c.Text.Trim('.', '…', ' ').Length == 0))) return null;
                reason = statProblem ?? "没有“机构名称”列";
                return null;
            }
            // A 合计 row (its label in the 序号 or 机构名称 cell) totals the bodies listed; it is not one of them. A table
            // copied from a web page loses its merged header cells, so the statistics reader may not have taken it.
            var named = rows.Where(r => !r[nameCol].IsEmpty && !StatisticsTableReader.IsTotalsLabel(r[nameCol].Text)
                && !(numberCol >= 0 && StatisticsTableReader.IsTotalsLabel(r[numberCol].Text))).ToList();
            if (named.Count == 0) return null; // a blank form (seed 001 附件4)

            var audited = new AuditedTable { Source = t, Label = label, ListedRows = named.Count };
            var carried = new Dictionary<int, string>();
            var expected = 1;
            foreach (var r in named)
            {
                var name = r[nameCol].Text;
                // columns printed once for a group of rows (seed 001 附件1 评价机构类型) carry down
                var context = new List<string>();
                for (var c = 0; c < t.ColumnCount; c++)
                {
                    if (c == nameCol || c == numberCol) continue;
                    if (!r[c].IsEmpty) carried[c] = r[c].Text;
                    if (carried.TryGetValue(c, out var v)) context.Add(v);
                }
                var number = numberCol >= 0 && !r[numberCol].IsEmpty ? r[numberCol].Text : null;
                var nameRef = new NameRef(name, NoticeNames.Normal(name), new NoticeLocation(r.Line, label, number ?? name, t.Headers[nameCol].Leaf), label, string.Join("，", context));
                audited.Names.Add(nameRef);
                if (numberCol >= 0)
                {
                    if (number is null)
                        Add(FindingKind.RowNumberMissing.Code(), NoticeSeverity.Warning, nameRef.Location with { Column = t.Headers[numberCol].Leaf }, "", Num(expected),
                            $"{label}第{r.Line}行“{name}”没有序号，应为 {expected}。");
                    else if (!CellText.TryParseInteger(number, out var n) || n != expected)
                        Add(FindingKind.RowNumberOutOfSequence.Code(), NoticeSeverity.Warning, nameRef.Location with { Column = t.Headers[numberCol].Leaf }, number, Num(expected),
                            $"{label}第{r.Line}行“{name}”序号为“{number}”，按顺序应为 {expected}。");
                    expected = number is not null && CellText.TryParseInteger(number, out var m) && m >= expected ? (int)m + 1 : expected + 1;
                }
                if (starCol >= 0 && r[starCol].Text.Count(ch => ch == '★') is var stars and > 0) audited.Stars.Add((stars, nameRef));
            }
            if (filingCol >= 0) CheckFilingNumbers(t, label, named, nameCol, filingCol);
            CheckDuplicates(audited.Names, label);
            return audited;
        }

        private void CheckFilingNumbers(TextTable t, string label, List<TextRow> rows, int nameCol, int filingCol)
        {
            var seen = new Dictionary<string, TextRow>(StringComparer.Ordinal);
            var header = t.Headers[filingCol].Leaf;
            foreach (var r in rows)
            {
                var text = r[filingCol].Text;
                if (text.Length == 0) continue;
                var loc = new NoticeLocation(r.Line, label, r[0].Text.Length > 0 ? r[0].Text : r[nameCol].Text, header);
                if (!Registry.FilingNumber.TryParse(text, out var number, out var error))
                {
                    Add(NoticeKinds.FilingNumber, NoticeSeverity.Warning, loc, text, null, $"{label}第{r.Line}行“{r[nameCol].Text}”的备案号“{text}”无效：{error}。");
                    continue;
                }
                if (seen.TryGetValue(number.Value, out var other))
                    Add(NoticeKinds.FilingNumber, NoticeSeverity.Error, loc, text, null,
                        $"{label}第{r.Line}行“{r[nameCol].Text}”与第{other.Line}行“{other[nameCol].Text}”的备案号同为“{text}”。");
                else seen[number.Value] = r;
            }
        }

        /// <summary>
        /// The same body twice in one source. A name with a trailing filing-type word ("…公司企业") counts as the same
        /// name. When the rows differ in another column (type, year) it may be one legal entity holding two filings
        /// (DOMAIN: seed 001 lists one entity under two types): info, else a warning.
        /// </summary>
        public void CheckDuplicates(IReadOnlyList<NameRef> names, string where)
        {
            foreach (var g in names.GroupBy(n => NoticeNames.WithoutTypeNote(n.Normal)).Where(g => g.Count() > 1))
            {
                var first = g.First();
                foreach (var dup in g.Skip(1))
                {
                    var differs = first.Extra is { Length: > 0 } && dup.Extra is { Length: > 0 } && first.Extra != dup.Extra;
                    var spelled = dup.Name == first.Name ? "" : $"写作“{dup.Name}”";
                    var note = NoticeNames.TypeNote(dup.Normal) ?? NoticeNames.TypeNote(first.Normal);
                    var noteText = note is null ? "" : $"；名称末尾的“{note}”疑为机构类别注记";
                    var message = differs
                        ? $"{where}：“{first.Name}”出现两次：第{first.Location.Line}行（{first.Extra}）与第{dup.Location.Line}行（{dup.Extra}{(spelled.Length > 0 ? "；" + spelled : "")}），可能是同一法人的两个备案，请核对{noteText}。"
                        : $"{where}：“{first.Name}”重复列出：第{first.Location.Line}行与第{dup.Location.Line}行{(spelled.Length > 0 ? "（" + spelled + "）" : "")}{noteText}。";
                    Add(NoticeKinds.Duplicate, differs ? NoticeSeverity.Info : NoticeSeverity.Warning, dup.Location, dup.Name,
                        $"第{first.Location.Line}行 {first.Name}", message);
                }
            }
        }

        // ------------------------------------------------------------------ names

        /// <summary>Text enumerations against the names in tables and lists: the same body spelled two ways, with the likely match.</summary>
        public void CheckNamesAgainstEachOther()
        {
            var listed = Tables.SelectMany(t => t.Names)
                .Concat(Lists.SelectMany(l => l.Items.Select(x => new NameRef(x.Name, NoticeNames.Normal(x.Name), new NoticeLocation(x.Line, l.Label, x.Number?.ToString(CultureInfo.InvariantCulture)), l.Label))))
                .ToList();
            if (listed.Count == 0 || TextNames.Count == 0) return;
            var listedSet = listed.Select(n => n.Normal).ToHashSet(StringComparer.Ordinal);
            var textSet = TextNames.Select(n => n.Normal).ToHashSet(StringComparer.Ordinal);
            var unmatchedText = TextNames.Where(n => !listedSet.Contains(n.Normal)).GroupBy(n => n.Normal).Select(g => g.First()).ToList();
            var unmatchedListed = listed.Where(n => !textSet.Contains(n.Normal)).GroupBy(n => n.Normal).Select(g => g.First()).ToList();
            foreach (var l in unmatchedListed)
            {
                var best = unmatchedText.Select(t => (t, s: NoticeNames.Similarity(l.Normal, t.Normal))).OrderByDescending(x => x.s).FirstOrDefault();
                if (best.t is null || best.s < NoticeNames.LikelyMatch) continue;
                // mutual best: the text name is not closer to another listed name
                var back = unmatchedListed.Select(o => NoticeNames.Similarity(o.Normal, best.t.Normal)).Max();
                if (back > best.s) continue;
                Add(NoticeKinds.NameMismatch, NoticeSeverity.Warning, l.Location, l.Name, best.t.Name,
                    $"{l.Source}第{l.Location.Line}行“{l.Name}”与正文第{best.t.Location.Line}行“{best.t.Name}”写法不同，疑为同一机构（相似度 {best.s:P0}），请核对正确名称。");
            }
        }

        /// <summary>Every name in the notice against the registry's names and aliases.</summary>
        public void CheckRegistry(IReadOnlyCollection<RegisteredName> registry)
        {
            var byNormal = new Dictionary<string, (RegisteredName Entity, bool Alias)>(StringComparer.Ordinal);
            foreach (var e in registry)
            {
                byNormal.TryAdd(NoticeNames.Normal(e.Name), (e, false));
            }
            foreach (var e in registry)
            {
                foreach (var a in e.Aliases) byNormal.TryAdd(NoticeNames.Normal(a), (e, true));
            }
            var all = TextNames.Concat(Tables.SelectMany(t => t.Names))
                .Concat(Lists.SelectMany(l => l.Items.Select(x => new NameRef(x.Name, NoticeNames.Normal(x.Name), new NoticeLocation(x.Line, l.Label, x.Number?.ToString(CultureInfo.InvariantCulture)), l.Label))))
                .GroupBy(n => n.Normal).Select(g => g.First()).ToList();
            foreach (var n in all)
            {
                var key = byNormal.ContainsKey(n.Normal) ? n.Normal : NoticeNames.WithoutTypeNote(n.Normal);
                if (byNormal.TryGetValue(key, out var hit))
                {
                    if (hit.Alias)
                        Add(NoticeKinds.RegistryAlias, NoticeSeverity.Info, n.Location, n.Name, hit.Entity.Name,
                            $"第{n.Location.Line}行“{n.Name}”在备案登记中是“{hit.Entity.Name}”的别名（另一写法或曾用名），登记名称为“{hit.Entity.Name}”。");
                    continue;
                }
                var best = byNormal.Select(kv => (kv.Value.Entity, s: NoticeNames.Similarity(n.Normal, kv.Key))).OrderByDescending(x => x.s).FirstOrDefault();
                if (best.Entity is not null && best.s >= NoticeNames.LikelyMatch)
                    Add(NoticeKinds.NotInRegistry, NoticeSeverity.Warning, n.Location, n.Name, best.Entity.Name,
                        $"第{n.Location.Line}行“{n.Name}”不在备案登记中，最接近的登记机构为“{best.Entity.Name}”（相似度 {best.s:P0}）。");
                else
                    Add(NoticeKinds.NotInRegistry, NoticeSeverity.Warning, n.Location, n.Name, null,
                        $"第{n.Location.Line}行“{n.Name}”不在备案登记中，也没有相近的登记名称。");
            }
        }

        public static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
