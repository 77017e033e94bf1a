using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Domain.Publication;

public static partial class NoticeAudit
{
    /// <summary>A paragraph of running text (lines outside tables, joined where OCR broke a sentence) with its source lines.</summary>
    internal sealed record Paragraph(string Text, int[] LineOfChar)
    {
        public int FirstLine => LineOfChar.Length > 0 ? LineOfChar[0] : 0;
        public int LineAt(int index) => LineOfChar.Length == 0 ? 0 : LineOfChar[Math.Clamp(index, 0, LineOfChar.Length - 1)];
    }

    internal sealed partial class AuditRun
    {
        private List<Paragraph>? _paragraphs;

        /// <summary>
        /// Lines outside tables, a paragraph each, except that a line ending in "、" or "，" (an enumeration or sentence cut
        /// by a page break, seed 000 二(二)1) or a long line without closing punctuation joins the next non-empty line.
        /// </summary>
        public List<Paragraph> Paragraphs => _paragraphs ??= BuildParagraphs();

        private List<Paragraph> BuildParagraphs()
        {
            var result = new List<Paragraph>();
            var sb = new StringBuilder();
            var map = new List<int>();
            void Flush()
            {
                if (sb.Length > 0) result.Add(new Paragraph(sb.ToString(), map.ToArray()));
                sb.Clear();
                map.Clear();
            }
            for (var i = 0; i < Lines.Length; i++)
            {
                if (TableLines.Contains(i + 1)) { Flush(); continue; }
                var line = Lines[i].Trim();
                if (line.Length == 0) continue;
                foreach (var ch in line) { sb.Append(ch); map.Add(i + 1); }
                var last = line[^1];
                var continues = last is '、' or '，' or ',' || (line.Length >= 20 && !"。；;：:！？!?）)”\"".Contains(last, StringComparison.Ordinal));
                if (!continues) Flush();
            }
            Flush();
            return result;
        }

        public void CheckStatements()
        {
            var paragraphs = Paragraphs;
            for (var p = 0; p < paragraphs.Count; p++)
            {
                var para = paragraphs[p];
                CheckFigureStatements(para);
                CheckPercentages(para);
                CheckGradeDistribution(para);
                CheckStarDistribution(para);
                CheckEnumerations(para);
                CheckAnnexCounts(para);
                CheckParts(paragraphs, p);
                CheckSubsections(paragraphs, p);
            }
            // the same body in two of the text's enumerations (e.g. both 已开展 and 未开展)
            CheckDuplicates(TextNames, "正文");
        }

        // ------------------------------------------------------------------ 组织评价 N 人，合格 N 人，合格率 x%，其中：初级 …

        [GeneratedRegex(@"组织评价\s*(?<a>\d[\d,]*)\s*人[^。；]*?合格\s*(?<p>\d[\d,]*)\s*人(?:[，,、]?\s*合格率\s*(?<r>\d+(?:\.\d+)?)\s*[%％])?")]
        private static partial Regex FigureSentence();
        [GeneratedRegex(@"^\s*[。，,；;]?\s*其中\s*[：:]?(?<lv>[^。]*)")]
        private static partial Regex LevelsTail();
        [GeneratedRegex(@"(?<l>高级技师|初级工|中级工|高级工|初级|中级|高级|技师|五级|四级|三级|二级|一级)\s*(?<n>\d[\d,]*)\s*人")]
        private static partial Regex LevelItem();

        private void CheckFigureStatements(Paragraph para)
        {
            foreach (Match m in FigureSentence().Matches(para.Text))
            {
                Statements++;
                var line = para.LineAt(m.Index);
                var assessed = long.Parse(m.Groups["a"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                var passed = long.Parse(m.Groups["p"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                decimal? rate = null;
                var rateDecimals = 0;
                if (m.Groups["r"].Success && CellText.TryParsePercent(m.Groups["r"].Value, out var rv, out rateDecimals)) rate = rv;
                var levels = new List<KeyValuePair<Level, long>>();
                var tail = LevelsTail().Match(para.Text[(m.Index + m.Length)..]);
                if (tail.Success)
                {
                    foreach (Match lm in LevelItem().Matches(tail.Groups["lv"].Value))
                    {
                        if (Levels.TryParse(lm.Groups["l"].Value, out var level))
                            levels.Add(KeyValuePair.Create(level, long.Parse(lm.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)));
                    }
                }
                var before = para.Text[..m.Index];
                var scope = before.Contains("省属", StringComparison.Ordinal) ? "省属" : before.Contains("市属", StringComparison.Ordinal) ? "市属" : null;
                var scopeName = scope is null ? $"第{line}行的统计" : $"第{line}行（{scope}）";
                var loc = new NoticeLocation(line);

                // the sentence's own arithmetic, compared at the precision printed
                var rateAgrees = true;
                if (rate is { } sr && assessed > 0)
                {
                    var raw = passed * 100m / assessed;
                    rateAgrees = Math.Round(raw, rateDecimals, MidpointRounding.AwayFromZero) == sr;
                    if (!rateAgrees)
                        Add(FindingKind.RateMismatch.Code(), NoticeSeverity.Error, loc, m.Groups["r"].Value + "%", Rates.FormatPercent(Rates.Percent(passed, assessed)),
                            $"{scopeName}：合格率 {m.Groups["r"].Value}% 与文中人数 {passed}/{assessed} 算得的 {Rates.FormatPercent(Rates.Percent(passed, assessed))} 不符。");
                }
                if (passed > assessed)
                    Add(FindingKind.PassedExceedsAssessed.Code(), NoticeSeverity.Error, loc, Num(passed), $"≤ {assessed}", $"{scopeName}：合格 {passed} 人多于组织评价 {assessed} 人。");
                var levelSum = levels.Sum(l => l.Value);
                if (levels.Count > 0 && (levelSum > passed || (levels.Count >= 2 && levelSum != passed)))
                    Add(NoticeKinds.StatementArithmetic, NoticeSeverity.Error, loc, Num(passed), Num(levelSum),
                        $"{scopeName}：“其中”各等级 {string.Join("+", levels.Select(l => l.Value))}={levelSum} 人，与合格 {passed} 人不符。");

                // against the tables: 省属/市属 → the table whose title says so; otherwise the sum of all statistics tables
                var tables = Tables.Where(t => t.Statistics is { Form: StatisticsForm.Summary } s && s.Rows.Count > 0).ToList();
                if (scope is not null) tables = tables.Where(t => TitleOf(t).Contains(scope, StringComparison.Ordinal)).ToList();
                if (tables.Count == 0 || (scope is not null && tables.Count > 1)) continue;
                var computed = StatisticsFigures.Sum(tables.Select(t => FiguresOf(t.Statistics!)));
                // a rate already reported against its own counts is not compared again with the table's
                var stated = new StatedFigures(assessed, passed, rateDecimals == 2 && rateAgrees ? rate : null, levels.Count > 0 ? LevelCounts.Of(levels) : null);
                var where = string.Join("、", tables.Select(t => t.Label));
                foreach (var f in StatisticsValidator.CheckStatement(stated, computed, scopeName))
                {
                    if (f.Kind == FindingKind.RateMismatch) continue; // the sentence's own rate was checked above at its precision
                    Add(f.Code, NoticeKinds.SeverityOf(f.Severity), loc with { Table = where, Column = f.Column }, f.Stated, f.Computed, $"{f.Message}（表：{where}合计）");
                }
            }
        }

        private static string TitleOf(AuditedTable t) => string.Join(" ", t.Source.PrecedingLines);

        /// <summary>A table's figures as printed in its 合计 row, or the sum of its data rows (blank as 0) when it has none.</summary>
        private static StatisticsFigures FiguresOf(StatisticsTable table)
        {
            var total = table.Rows.FirstOrDefault(r => r.Kind == RowKind.Total);
            if (total is not null)
                return new StatisticsFigures
                {
                    Assessed = total.Assessed,
                    Passed = total.Cell(StatisticsField.Passed) is { IsStated: true } ? total.Passed : null,
                    PassedByLevel = total.PassedByLevel,
                };
            var rows = table.DataRows.ToList();
            return new StatisticsFigures
            {
                Assessed = rows.Select(r => r.Assessed).Sum(),
                Passed = table.Has(StatisticsField.Passed) ? rows.Select(r => r.Passed).Sum() : null,
                PassedByLevel = rows.Aggregate(LevelCounts.Empty, (acc, r) => acc.Add(r.PassedByLevel)),
            };
        }

        // ------------------------------------------------------------------ N家，占P%

        [GeneratedRegex(@"(?<n>\d+)\s*(?<u>家|个|人|项)\s*[，,]?\s*占\s*(?<p>\d+(?:\.\d+)?)\s*[%％]")]
        private static partial Regex PercentItem();

        private void CheckPercentages(Paragraph para)
        {
            var items = PercentItem().Matches(para.Text).Cast<Match>().ToList();
            foreach (var unitGroup in items.GroupBy(i => i.Groups["u"].Value))
            {
                var list = unitGroup.ToList();
                var unit = unitGroup.Key;
                var counts = list.Select(i => long.Parse(i.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
                // the base: the first count with the same unit stated before the percentages, when it is at least each part;
                // otherwise the parts' sum when several parts are given (a distribution)
                long? denominator = null;
                string basis;
                var stated = Regex.Matches(para.Text[..list[0].Index], @"(\d+)\s*" + Regex.Escape(unit)).Cast<Match>()
                    .Select(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault(x => x >= counts.Max());
                if (stated > 0) { denominator = stated; basis = $"共 {stated}{unit}"; }
                else if (list.Count >= 2) { denominator = counts.Sum(); basis = $"各项之和 {denominator}{unit}"; }
                else continue;
                Statements++;
                for (var k = 0; k < list.Count; k++)
                {
                    var item = list[k];
                    // a printed figure that is not a percentage is not checked (rather than compared as 0%)
                    if (!CellText.TryParsePercent(item.Groups["p"].Value, out var printed, out var decimals)) continue;
                    var raw = counts[k] * 100m / denominator.Value;
                    var atPrinted = Math.Round(raw, decimals, MidpointRounding.AwayFromZero);
                    if (atPrinted == printed) continue;
                    var label = LabelBefore(para.Text, item.Index);
                    var computed = Rates.FormatPercent(Rates.Percent(counts[k], denominator.Value));
                    var precision = decimals == 2 ? "" : $"，按所印精度（{decimals} 位小数）应为 {atPrinted.ToString("0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.')}%";
                    Add(NoticeKinds.PercentMismatch, NoticeSeverity.Error, new NoticeLocation(para.LineAt(item.Index)), item.Groups["p"].Value + "%", computed,
                        $"第{para.LineAt(item.Index)}行“{label}{counts[k]}{unit}，占{item.Groups["p"].Value}%”：按 {counts[k]}/{denominator}（{basis}）计算为 {computed}{precision}。");
                }
                // percentages that claim to cover the whole (summing to 100) must come from parts that add up to the base
                var percentSum = list.Sum(i => decimal.Parse(i.Groups["p"].Value, CultureInfo.InvariantCulture));
                if (stated > 0 && list.Count >= 2 && Math.Abs(percentSum - 100) <= list.Count * 0.5m && counts.Sum() != stated)
                    Add(NoticeKinds.PartsSum, NoticeSeverity.Error, new NoticeLocation(para.LineAt(list[0].Index)), Num(stated), Num(counts.Sum()),
                        $"第{para.LineAt(list[0].Index)}行：各项 {string.Join("+", counts)}={counts.Sum()}{unit}，与共 {stated}{unit} 不符。");
            }
        }

        /// <summary>The words naming an item: from the previous clause boundary to the count, without bracketed notes.</summary>
        private static string LabelBefore(string text, int index)
        {
            var start = text.LastIndexOfAny(['；', ';', '。', '：', ':', '，', ','], Math.Max(0, index - 1));
            // a comma inside brackets does not end the label
            var label = text[(start + 1)..index];
            var open = label.IndexOfAny(['（', '(']);
            if (open > 0) label = label[..open];
            return label.Trim();
        }

        // ------------------------------------------------------------------ A(90分及以上)的0个；B(70-89分)的12个 …

        [GeneratedRegex(@"(?<g>[A-DＡ-Ｄ])\s*[（(](?<range>[^）)]{1,20})[）)]\s*的?\s*(?<n>\d+)\s*(?:个|家)")]
        private static partial Regex GradeItem();
        [GeneratedRegex(@"^(?<lo>\d+(?:\.\d+)?)\s*分?\s*[-–—~～至到]\s*(?<hi>\d+(?:\.\d+)?)\s*分?$")]
        private static partial Regex RangeBetween();
        [GeneratedRegex(@"^(?<lo>\d+(?:\.\d+)?)\s*分?\s*(?:及|或)?以上$")]
        private static partial Regex RangeFrom();
        [GeneratedRegex(@"^(?<hi>\d+(?:\.\d+)?)\s*分?\s*以下$")]
        private static partial Regex RangeBelow();
        [GeneratedRegex(@"附件\s*(\d+)")]
        private static partial Regex AnnexRef();

        /// <summary>
        /// "A(90分及以上)" → [90, ∞); "B(70-89分)" → [70, 90): half-open (DOMAIN), the upper bound of a whole-number
        /// range is the next band's minimum; "D(60分以下)" → (−∞, 60).
        /// </summary>
        internal static OutcomeBand? ParseBand(string label, string range)
        {
            var t = CellText.Normalize(range);
            if (RangeBetween().Match(t) is { Success: true } b)
            {
                var lo = decimal.Parse(b.Groups["lo"].Value, CultureInfo.InvariantCulture);
                var hi = decimal.Parse(b.Groups["hi"].Value, CultureInfo.InvariantCulture);
                var below = hi == Math.Floor(hi) ? hi + 1 : hi;
                return lo < below ? new OutcomeBand(label, lo, below) : null;
            }
            if (RangeFrom().Match(t) is { Success: true } f) return new OutcomeBand(label, decimal.Parse(f.Groups["lo"].Value, CultureInfo.InvariantCulture), null);
            if (RangeBelow().Match(t) is { Success: true } w) return new OutcomeBand(label, null, decimal.Parse(w.Groups["hi"].Value, CultureInfo.InvariantCulture));
            return null;
        }

        private void CheckGradeDistribution(Paragraph para)
        {
            var items = GradeItem().Matches(para.Text).Cast<Match>()
                .Select(m => (Match: m, Band: ParseBand(CellText.Normalize(m.Groups["g"].Value).Replace('Ａ', 'A').Replace('Ｂ', 'B').Replace('Ｃ', 'C').Replace('Ｄ', 'D'), m.Groups["range"].Value),
                    Count: int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)))
                .ToList();
            if (items.Count < 2 || items.Any(i => i.Band is null)) return;
            // the scores: the annex the paragraph names, else the only statistics table with scores
            var scored = Tables.Where(t => t.Statistics is { } s && (s.Has(StatisticsField.PanelScore) || s.Has(StatisticsField.SelfScore))).ToList();
            var refs = AnnexRef().Matches(para.Text).Select(m => "附件" + m.Groups[1].Value).ToList();
            var table = scored.FirstOrDefault(t => refs.Contains(t.Label)) ?? (scored.Count == 1 ? scored[0] : null);
            if (table is null) return;
            var stat = table.Statistics!;
            var usePanel = stat.DataRows.Any(r => r.PanelScore is not null);
            var field = usePanel ? "考核小组打分" : "自评得分";
            var rows = stat.DataRows.Select(r => (Row: r, Score: usePanel ? r.PanelScore : r.SelfScore)).ToList();
            Statements++;
            foreach (var (m, band, count) in items)
            {
                var inBand = rows.Where(r => r.Score is { } s && band!.Contains(s)).ToList();
                if (inBand.Count == count) continue;
                var line = para.LineAt(m.Index);
                var names = inBand.Count == 0 ? "" : "：" + string.Join("、", inBand.Select(r => $"{r.Row.Name}（{r.Score!.Value.ToString(CultureInfo.InvariantCulture)}）"));
                Add(NoticeKinds.Distribution, NoticeSeverity.Error, new NoticeLocation(line, table.Label, null, field), Num(count), Num(inBand.Count),
                    $"第{line}行写 {band!.Label}（{m.Groups["range"].Value}）{count} 个，{table.Label}“{field}”在该分数段（{BandText(band)}）的有 {inBand.Count} 个{names}。");
            }
            var unscored = rows.Where(r => r.Score is null).ToList();
            var statedTotal = items.Sum(i => i.Count);
            if (unscored.Count > 0 && statedTotal != rows.Count - unscored.Count)
                Add(NoticeKinds.Distribution, NoticeSeverity.Warning, new NoticeLocation(para.LineAt(items[0].Match.Index), table.Label, null, field), Num(statedTotal), Num(rows.Count - unscored.Count),
                    $"{table.Label}有 {unscored.Count} 个机构没有“{field}”：{string.Join("、", unscored.Select(r => r.Row.Name))}，无法核对等级分布。");
        }

        private static string BandText(OutcomeBand b) => (b.Min, b.Below) switch
        {
            ({ } lo, { } hi) => $"{lo.ToString(CultureInfo.InvariantCulture)} ≤ 分数 < {hi.ToString(CultureInfo.InvariantCulture)}",
            ({ } lo, null) => $"分数 ≥ {lo.ToString(CultureInfo.InvariantCulture)}",
            (null, { } hi) => $"分数 < {hi.ToString(CultureInfo.InvariantCulture)}",
            _ => "全部",
        };

        // ------------------------------------------------------------------ 五星级（…）4家

        [GeneratedRegex(@"(?<s>[一二三四五1-5])\s*星级[^；;。家个]*?(?<n>\d+)\s*(?:家|个)")]
        private static partial Regex StarItem();

        private void CheckStarDistribution(Paragraph para)
        {
            var starred = Tables.Where(t => t.Stars.Count > 0).ToList();
            if (starred.Count != 1) return;
            var table = starred[0];
            var items = StarItem().Matches(para.Text).Cast<Match>().ToList();
            if (items.Count == 0) return;
            Statements++;
            foreach (var m in items)
            {
                var stars = "一二三四五".IndexOf(m.Groups["s"].Value[0], StringComparison.Ordinal) + 1;
                if (stars == 0) stars = m.Groups["s"].Value[0] - '0';
                var count = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                var listed = table.Stars.Where(s => s.Stars == stars).ToList();
                if (listed.Count == count) continue;
                var line = para.LineAt(m.Index);
                Add(NoticeKinds.Distribution, NoticeSeverity.Error, new NoticeLocation(line, table.Label, null, "星级"), Num(count), Num(listed.Count),
                    $"第{line}行写{m.Groups["s"].Value}星级 {count} 家，{table.Label}中评为 {new string('★', stars)} 的有 {listed.Count} 家{(listed.Count > 0 ? "：" + string.Join("、", listed.Select(x => x.Row.Name)) : "")}。");
            }
        }
    }
}
