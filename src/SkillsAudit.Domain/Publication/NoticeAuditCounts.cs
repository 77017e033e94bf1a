using System.Globalization;
using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Publication;

/// <summary>Counts stated in the text (enumerations, "N 个（附件 1）", totals with their parts, subsections) against what is listed.</summary>
public static partial class NoticeAudit
{
    internal sealed partial class AuditRun
    {
        // ------------------------------------------------------------------ 省属机构 12 个。甲、乙、丙。（详情见附件 1）

        [GeneratedRegex(@"(?<n>\d+)\s*(?<u>个|家)(?<tail>[^。：:，,、\d]{0,6})[。：:]\s*(?<list>[^。]+?)。(?<ref>\s*[（(]\s*(?:详情)?见?\s*附件\s*(?<k>\d+)\s*[）)])?")]
        private static partial Regex Enumeration();
        [GeneratedRegex(@"\d+\s*(?:个|家|人|项)")]
        private static partial Regex HasCount();

        private void CheckEnumerations(Paragraph para)
        {
            foreach (Match m in Enumeration().Matches(para.Text))
            {
                var listText = m.Groups["list"].Value.Trim();
                if (listText.StartsWith("其中", StringComparison.Ordinal)) continue;
                var items = listText.Split('、').Select(s => s.Trim()).ToList();
                if (items.Count < 2 || items.Any(i => i.Length < 2 || i.Length > 40 || HasCount().IsMatch(i))) continue;
                Statements++;
                var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                var unit = m.Groups["u"].Value;
                var line = para.LineAt(m.Index);
                var listStart = m.Groups["list"].Index;
                var offset = 0;
                foreach (var item in listText.Split('、'))
                {
                    var at = para.Text.IndexOf(item.Trim(), listStart + offset, StringComparison.Ordinal);
                    offset = Math.Max(offset, at - listStart + item.Length);
                    var name = item.Trim();
                    TextNames.Add(new NameRef(name, NoticeNames.Normal(name), new NoticeLocation(para.LineAt(at < 0 ? listStart : at)), "正文"));
                }
                var what = LabelBefore(para.Text, m.Index).TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '．', ' ');
                if (items.Count != n)
                    Add(NoticeKinds.CountMismatch, NoticeSeverity.Error, new NoticeLocation(line), Num(n), Num(items.Count),
                        $"第{line}行“{what}{n}{unit}”，其后列出的名称为 {items.Count} 个。");
                if (m.Groups["k"].Success) CompareWithAnnex(n, unit, "附件" + m.Groups["k"].Value, para.LineAt(m.Groups["ref"].Index), $"{what}{n}{unit}");
            }
        }

        // ------------------------------------------------------------------ 27 个评价机构（附件 1）

        [GeneratedRegex(@"(?<n>\d+)\s*(?<u>个|家)(?:评价)?机构\s*[（(]\s*(?:详情)?见?\s*附件\s*(?<k>\d+)\s*[）)]")]
        private static partial Regex CountWithAnnex();

        private void CheckAnnexCounts(Paragraph para)
        {
            foreach (Match m in CountWithAnnex().Matches(para.Text))
            {
                Statements++;
                var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                var start = para.Text.LastIndexOfAny(['，', ',', '。', '；', ';', '：', ':'], Math.Max(0, m.Index - 1)) + 1;
                var what = para.Text[start..(m.Index + m.Length)].Trim();
                CompareWithAnnex(n, m.Groups["u"].Value, "附件" + m.Groups["k"].Value, para.LineAt(m.Index), what);
            }
        }

        private void CompareWithAnnex(int stated, string unit, string annex, int line, string what)
        {
            if (ListedIn(annex) is not { } listed) return;
            if (listed.Count == stated) return;
            Add(NoticeKinds.CountMismatch, NoticeSeverity.Error, new NoticeLocation(line, annex), Num(stated), Num(listed.Count),
                $"第{line}行“{what}”写 {stated}{unit}，{listed.Detail}。");
        }

        // ------------------------------------------------------------------ 共计 48 个。其中：25 个、23 个 / 13家（含6家、3家、4家）/ 13家机构中，4家、3家…

        [GeneratedRegex(@"共计?\s*(?<n>\d+)\s*(?<u>个|家)[^。]*?。?\s*其中\s*[：:]?(?<parts>[^。]*)")]
        private static partial Regex TotalWithParts();
        [GeneratedRegex(@"(?<n>\d+)\s*(?<u>家|个)[^（(。，,]{0,10}[（(]含(?<parts>[^）)，,]*)")]
        private static partial Regex TotalIncluding();
        [GeneratedRegex(@"(?<n>\d+)\s*(?<u>家|个)(?:机构|单位)?中\s*[，,](?<parts>[^，,。；;]+)")]
        private static partial Regex TotalAmong();
        [GeneratedRegex(@"^[-*•]\s*[（(][一二三四五六七八九十]+[）)]")]
        private static partial Regex BulletPart();

        private void CheckParts(List<Paragraph> paragraphs, int p)
        {
            var para = paragraphs[p];
            foreach (var regex in new[] { TotalWithParts(), TotalIncluding(), TotalAmong() })
            {
                foreach (Match m in regex.Matches(para.Text))
                {
                    var unit = m.Groups["u"].Value;
                    var partsText = m.Groups["parts"].Value.Trim();
                    var partLines = new List<int>();
                    if (partsText.Length == 0 && regex == TotalWithParts())
                    {
                        // "共计21家，其中：" followed by bullet lines "- （一）自主评价企业4家" (seed 001 一)
                        var bullets = paragraphs.Skip(p + 1).TakeWhile(x => BulletPart().IsMatch(x.Text)).ToList();
                        partsText = string.Join("、", bullets.Select(b => b.Text));
                    }
                    var parts = partsText.Split(['、', '；', ';']).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                    if (parts.Count < 2) continue;
                    var counts = new List<long>();
                    foreach (var part in parts)
                    {
                        var cm = Regex.Matches(part, @"(\d+)\s*" + Regex.Escape(unit)).Cast<Match>().LastOrDefault();
                        if (cm is null) { counts.Clear(); break; }
                        counts.Add(long.Parse(cm.Groups[1].Value, CultureInfo.InvariantCulture));
                    }
                    if (counts.Count != parts.Count) continue;
                    Statements++;
                    var n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                    if (counts.Sum() == n) continue;
                    var line = para.LineAt(m.Index);
                    Add(NoticeKinds.PartsSum, NoticeSeverity.Error, new NoticeLocation(line), Num(n), Num(counts.Sum()),
                        $"第{line}行：总数 {n}{unit}，所列各部分 {string.Join("+", counts)}={counts.Sum()}{unit}，两者不符。");
                }
            }
        }

        // ------------------------------------------------------------------ （一）已开展工作的 25 个机构 / 1. 省属机构 12 个 / 2. 市属机构 13 个

        [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]\s*(?<t>[^。]*?)(?<n>\d+)\s*(?<u>个|家)")]
        private static partial Regex SectionCount();
        [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、|^附件")]
        private static partial Regex AnyHeading();
        [GeneratedRegex(@"^(?<i>\d+)\s*[.．、]\s*(?!\d)(?<t>[^。\d]*?)(?<n>\d+)\s*(?<u>个|家)")]
        private static partial Regex SubCount();

        private void CheckSubsections(List<Paragraph> paragraphs, int p)
        {
            var m = SectionCount().Match(paragraphs[p].Text);
            if (!m.Success) return;
            var unit = m.Groups["u"].Value;
            var subs = new List<(Match M, Paragraph P)>();
            for (var q = p + 1; q < paragraphs.Count && !AnyHeading().IsMatch(paragraphs[q].Text); q++)
            {
                if (SubCount().Match(paragraphs[q].Text) is { Success: true } s && s.Groups["u"].Value == unit) subs.Add((s, paragraphs[q]));
            }
            if (subs.Count < 2) return;
            Statements++;
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var sum = subs.Sum(s => int.Parse(s.M.Groups["n"].Value, CultureInfo.InvariantCulture));
            if (sum == n) return;
            var line = paragraphs[p].FirstLine;
            Add(NoticeKinds.PartsSum, NoticeSeverity.Error, new NoticeLocation(line), Num(n), Num(sum),
                $"第{line}行“{m.Groups["t"].Value.Trim()}{n}{unit}”，其下各项 {string.Join("+", subs.Select(s => $"{s.M.Groups["t"].Value.Trim()}{s.M.Groups["n"].Value}"))}={sum}{unit}。");
        }
    }
}
