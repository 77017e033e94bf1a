using System.Globalization;
using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Publication;

/// <summary>Annexes printed as numbered lists (seed 002 附件1): read, their numbering and section counts checked, and how many bodies an annex lists.</summary>
public static partial class NoticeAudit
{
    /// <summary>An annex printed as a numbered list (seed 002 附件1).</summary>
    internal sealed class AnnexList
    {
        public required string Label { get; init; }
        public List<(int Line, int? Number, string Name, bool NotConducted, int Section)> Items { get; } = [];
    }

    internal sealed partial class AuditRun
    {
        // ------------------------------------------------------------------ annex lists (seed 002 附件1)

        [GeneratedRegex(@"^附件\s*(\d+)\s*$")]
        private static partial Regex AnnexHeading();
        [GeneratedRegex(@"^[-*•]?\s*(\d+)\s*[、.．]\s*(\S.*)$")]
        private static partial Regex ListItem();
        [GeneratedRegex(@"^[一二三四五六七八九十]+、(.*?)[（(]\s*(\d+)\s*个\s*[）)]\s*$")]
        private static partial Regex ListSection();
        [GeneratedRegex(@"^[（(]\s*共\s*(\d+)\s*个\s*[,，]\s*其中([^\d（()）]*?)(\d+)\s*个\s*[）)]$")]
        private static partial Regex ListTotal();

        public void ReadAnnexLists()
        {
            for (var i = 0; i < Lines.Length; i++)
            {
                var m = AnnexHeading().Match(Lines[i].Trim());
                if (!m.Success) continue;
                var list = new AnnexList { Label = "附件" + m.Groups[1].Value };
                var sections = new List<(int Line, string Name, int Stated)>();
                (int Line, int Total, string What, int Part)? total = null;
                var j = i + 1;
                for (; j < Lines.Length; j++)
                {
                    var line = Lines[j].Trim();
                    if (TableLines.Contains(j + 1) || AnnexHeading().IsMatch(line)) break;
                    if (line.Length == 0) continue;
                    if (ListTotal().Match(line) is { Success: true } tm)
                    {
                        total = (j + 1, int.Parse(tm.Groups[1].Value, CultureInfo.InvariantCulture), tm.Groups[2].Value.Trim(), int.Parse(tm.Groups[3].Value, CultureInfo.InvariantCulture));
                        continue;
                    }
                    if (ListSection().Match(line) is { Success: true } sm)
                    {
                        sections.Add((j + 1, sm.Groups[1].Value.Trim(), int.Parse(sm.Groups[2].Value, CultureInfo.InvariantCulture)));
                        continue;
                    }
                    if (ListItem().Match(line) is { Success: true } im && line.Length < 80)
                    {
                        var name = im.Groups[2].Value.Trim();
                        var notConducted = Regex.IsMatch(name, @"[（(]\s*未开展\s*[）)]");
                        list.Items.Add((j + 1, int.TryParse(im.Groups[1].Value, out var n) ? n : null, name, notConducted, sections.Count));
                    }
                }
                i = j - 1;
                if (list.Items.Count < 2 || (sections.Count == 0 && total is null)) continue; // notes, not a list of bodies
                Lists.Add(list);
                AuditList(list, sections, total);
            }
        }

        private void AuditList(AnnexList list, List<(int Line, string Name, int Stated)> sections, (int Line, int Total, string What, int Part)? total)
        {
            var label = list.Label;
            // numbering restarts in each section
            foreach (var section in list.Items.GroupBy(x => x.Section))
            {
                var expected = 1;
                foreach (var item in section)
                {
                    if (item.Number != expected)
                        Add(NoticeKinds.ListNumbering, NoticeSeverity.Warning, new NoticeLocation(item.Line, label, item.Number?.ToString(CultureInfo.InvariantCulture)), item.Number?.ToString(CultureInfo.InvariantCulture), Num(expected),
                            $"{label}第{item.Line}行“{item.Name}”编号为 {item.Number}，按顺序应为 {expected}。");
                    expected = (item.Number ?? expected) + 1;
                }
            }
            for (var s = 0; s < sections.Count; s++)
            {
                var count = list.Items.Count(x => x.Section == s + 1);
                if (count != sections[s].Stated)
                    Add(NoticeKinds.CountMismatch, NoticeSeverity.Error, new NoticeLocation(sections[s].Line, label), Num(sections[s].Stated), Num(count),
                        $"{label}“{sections[s].Name}”写明 {sections[s].Stated} 个，其下列出 {count} 个。");
            }
            if (total is { } tot)
            {
                if (tot.Total != list.Items.Count)
                    Add(NoticeKinds.CountMismatch, NoticeSeverity.Error, new NoticeLocation(tot.Line, label), Num(tot.Total), Num(list.Items.Count),
                        $"{label}写明共 {tot.Total} 个，列出 {list.Items.Count} 个。");
                var marked = list.Items.Count(x => x.NotConducted);
                if (marked > 0 && tot.What.Contains("开展", StringComparison.Ordinal))
                {
                    var conducted = list.Items.Count - marked;
                    if (conducted != tot.Part)
                        Add(NoticeKinds.CountMismatch, NoticeSeverity.Error, new NoticeLocation(tot.Line, label), Num(tot.Part), Num(conducted),
                            $"{label}写明其中{tot.What}{tot.Part} 个，但名单中未标“(未开展)”的有 {conducted} 个（标“未开展”的 {marked} 个）。");
                }
            }
            var names = list.Items.Select(x => new NameRef(x.Name, NoticeNames.Normal(x.Name), new NoticeLocation(x.Line, label, x.Number?.ToString(CultureInfo.InvariantCulture)), label)).ToList();
            CheckDuplicates(names, label);
        }

        /// <summary>How many bodies an annex lists: a table's data rows (totals rows excluded) or a list's items; null when unknown.</summary>
        public (int Count, string Detail)? ListedIn(string annex)
        {
            var table = Tables.FirstOrDefault(t => t.Label == annex && t.Source.AnnexLabel == annex);
            if (table is not null) return (table.ListedRows, $"{annex}表格列出 {table.ListedRows} 行");
            var list = Lists.FirstOrDefault(l => l.Label == annex);
            if (list is null) return null;
            var marked = list.Items.Count(x => x.NotConducted);
            var detail = $"{annex}名单列出 {list.Items.Count} 个";
            var bySection = list.Items.GroupBy(x => x.Section).Where(g => g.Key > 0).Select(g => g.Count()).ToList();
            if (bySection.Count > 1) detail += $"（分 {bySection.Count} 部分：{string.Join("、", bySection)} 个）";
            if (marked > 0) detail += $"，其中未标“未开展”的 {list.Items.Count - marked} 个";
            return (list.Items.Count, detail);
        }
    }
}
