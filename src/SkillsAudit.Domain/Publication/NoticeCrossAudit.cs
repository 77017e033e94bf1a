using System.Globalization;
using System.Text.RegularExpressions;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Domain.Publication;

/// <summary>Another document of the same campaign to audit a notice against (the plan, or last round's notice): its title and text.</summary>
public sealed record NoticeReference(string Title, string Text);

/// <summary>
/// A notice against another document of the same campaign. The plan (考核工作方案, seed 002 附件1) names the bodies and
/// marks those that have not conducted assessments; the results notice (seed 000 二) counts and names them again, and
/// its annex tables report each body's figures. The two must agree:
/// <list type="bullet">
/// <item>the counts both state — bodies in all, conducting, not conducting (seed 002: 48, "其中开展评价的 24 个"; seed 000: 48, 25, 23);</item>
/// <item>each body's state — marked 未开展 in one and listed as conducting, or reporting figures, in the other (太原聚汇);</item>
/// <item>the names — a body in one and not in the other, or spelled differently.</item>
/// </list>
/// Pure: both texts come in as strings; findings are located in the audited notice, with the reference's line in the message.
/// </summary>
public static partial class NoticeCrossAudit
{
    private enum Conduct { Listed, Conducted, NotConducted }

    private const string RunningText = "正文";

    private sealed record Mention(string Name, string Normal, int Line, string Where, Conduct State, long? Assessed)
    {
        /// <summary>Where the audited notice names the body: its line, and its annex unless it is the running text.</summary>
        public NoticeLocation Location => new(Line, Where == RunningText ? null : Where);
    }

    private sealed record Counts((int Line, int N)? Total, (int Line, int N)? Conducting, (int Line, int N)? NotConducting);

    internal static void Run(NoticeAudit.AuditRun subject, NoticeReference reference)
    {
        var other = new NoticeAudit.AuditRun(reference.Text);
        other.ReadTables();
        other.ReadAnnexLists();
        other.CheckStatements();
        var title = reference.Title.Trim().Trim('《', '》');
        var cite = $"《{title}》";

        CompareCounts(subject, CountsOf(subject), CountsOf(other), cite);

        var ours = MentionsOf(subject);
        var theirs = MentionsOf(other);
        if (ours.Count == 0 || theirs.Count == 0) return;
        CompareBodies(subject, ours, theirs, cite);
    }

    // ------------------------------------------------------------------ counts

    // "共 48 个" / "共计 48 个"; "其中开展评价的 24 个" / "已开展评价工作的 25 个"; "未开展评价工作的 23 个" (seeds 002 附件1, 000 二)
    [GeneratedRegex(@"共计?\s*(?<n>\d+)\s*(?:个|家)")]
    private static partial Regex TotalCount();
    [GeneratedRegex(@"(?<!未)开展(?:评价)?(?:工作)?的\s*(?<n>\d+)\s*(?:个|家)")]
    private static partial Regex ConductingCount();
    [GeneratedRegex(@"未开展(?:评价)?(?:工作)?的\s*(?<n>\d+)\s*(?:个|家)")]
    private static partial Regex NotConductingCount();

    private static Counts CountsOf(NoticeAudit.AuditRun run)
    {
        (int, int)? First(Regex regex)
        {
            foreach (var p in run.Paragraphs)
            {
                if (regex.Match(p.Text) is { Success: true } m)
                    return (p.LineAt(m.Index), int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
            }
            return null;
        }
        return new Counts(First(TotalCount()), First(ConductingCount()), First(NotConductingCount()));
    }

    private static void CompareCounts(NoticeAudit.AuditRun subject, Counts ours, Counts theirs, string cite)
    {
        void Compare((int Line, int N)? a, (int Line, int N)? b, string what)
        {
            if (a is not { } x || b is not { } y || x.N == y.N) return;
            subject.Add(NoticeKinds.CrossCount, NoticeSeverity.Error, new NoticeLocation(x.Line), NoticeAudit.AuditRun.Num(x.N), NoticeAudit.AuditRun.Num(y.N),
                $"第{x.Line}行写{what} {x.N} 个，{cite}第{y.Line}行写 {y.N} 个。");
        }
        Compare(ours.Total, theirs.Total, "评价机构共");
        Compare(ours.Conducting, theirs.Conducting, "开展评价的机构");
        Compare(ours.NotConducting, theirs.NotConducting, "未开展评价的机构");
    }

    // ------------------------------------------------------------------ bodies

    [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、")]
    private static partial Regex Heading();

    /// <summary>Every body a document names, with what it says of it: lists (未开展 marks), text under 已开展/未开展 headings, table rows with figures.</summary>
    private static List<Mention> MentionsOf(NoticeAudit.AuditRun run)
    {
        var result = new List<Mention>();
        foreach (var list in run.Lists)
        {
            var marked = list.Items.Any(x => x.NotConducted);
            foreach (var item in list.Items)
            {
                var state = item.NotConducted ? Conduct.NotConducted : marked ? Conduct.Conducted : Conduct.Listed;
                result.Add(new Mention(Clean(item.Name), NoticeNames.Normal(item.Name), item.Line, list.Label, state, null));
            }
        }

        // the heading a line of text falls under: "（一）已开展工作的 25 个机构" / "（二）未开展工作的 23 个机构"
        var stateOfLine = new Dictionary<int, Conduct>();
        Conduct? current = null;
        foreach (var p in run.Paragraphs)
        {
            if (Heading().IsMatch(p.Text))
                current = p.Text.Contains("未开展", StringComparison.Ordinal) ? Conduct.NotConducted
                    : p.Text.Contains("开展", StringComparison.Ordinal) ? Conduct.Conducted : null;
            if (current is { } c)
                foreach (var line in p.LineOfChar.Distinct()) stateOfLine[line] = c;
        }
        foreach (var n in run.TextNames)
        {
            var line = n.Location.Line ?? 0;
            result.Add(new Mention(n.Name, n.Normal, line, RunningText, stateOfLine.TryGetValue(line, out var s) ? s : Conduct.Listed, null));
        }

        foreach (var table in run.Tables)
        {
            if (table.Statistics is { } stat)
            {
                foreach (var row in stat.DataRows)
                {
                    if (row.Name is not { } name) continue;
                    var assessed = row.Cell(StatisticsField.Assessed) is { State: CellState.Value, Number: { } a } ? (long)a : (long?)null;
                    result.Add(new Mention(name, NoticeNames.Normal(name), row.Line, table.Label, assessed > 0 ? Conduct.Conducted : Conduct.Listed, assessed));
                }
            }
            else
            {
                foreach (var n in table.Names) result.Add(new Mention(n.Name, n.Normal, n.Location.Line ?? 0, table.Label, Conduct.Listed, null));
            }
        }
        return result;
    }

    private static string Clean(string listed) => Regex.Replace(listed, @"\s*[（(]\s*未开展\s*[）)]", "").Trim();

    private static void CompareBodies(NoticeAudit.AuditRun subject, List<Mention> ours, List<Mention> theirs, string cite)
    {
        var ourBodies = ours.GroupBy(m => NoticeNames.WithoutTypeNote(m.Normal)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var theirBodies = theirs.GroupBy(m => NoticeNames.WithoutTypeNote(m.Normal)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // pair each of our spellings with one of theirs: the same name, else the mutually most similar one above LikelyMatch
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in ourBodies.Keys.Where(theirBodies.ContainsKey)) pairs[key] = key;
        var ourLeft = ourBodies.Keys.Where(k => !pairs.ContainsKey(k)).ToList();
        // a spelling of ours may be a second spelling of a body we also name the reference's way (seed 000 正文 "太原聚汇科技"
        // and 附件1 "太原聚汇学科技"): the notice's own audit reports that; here it counts as that body, so every key of
        // theirs is a candidate, paired or not
        foreach (var key in ourLeft)
        {
            var best = theirBodies.Keys.Select(t => (t, s: NoticeNames.Similarity(key, t))).OrderByDescending(x => x.s).FirstOrDefault();
            if (best.t is null || best.s < NoticeNames.LikelyMatch) continue;
            var back = ourLeft.Max(o => NoticeNames.Similarity(o, best.t));
            if (back > best.s) continue;
            pairs[key] = best.t;
        }
        var bodyOf = pairs;

        foreach (var (theirKey, theirMentions) in theirBodies)
        {
            var ourKeys = bodyOf.Where(p => p.Value == theirKey).Select(p => p.Key).ToList();
            var their = theirMentions.OrderBy(m => m.Line).First();
            if (ourKeys.Count == 0)
            {
                // the reference's second spelling of a body we pair with its first one (its own audit reports that)
                var closest = ourBodies.Keys.Select(o => (o, s: NoticeNames.Similarity(o, theirKey))).OrderByDescending(x => x.s).First();
                if (closest.s >= NoticeNames.LikelyMatch && bodyOf.ContainsKey(closest.o)) continue;
                subject.Add(NoticeKinds.CrossMissing, NoticeSeverity.Warning, new NoticeLocation(null), null, their.Name,
                    $"{cite}{their.Where}第{their.Line}行的“{their.Name}”在本公告中没有出现。");
                continue;
            }
            var mine = ourKeys.SelectMany(k => ourBodies[k]).OrderBy(m => m.Line).ToList();
            if (!ourKeys.Contains(theirKey))
            {
                var m = mine[0];
                subject.Add(NoticeKinds.CrossSpelling, NoticeSeverity.Warning, m.Location, m.Name, their.Name,
                    $"第{m.Line}行“{m.Name}”在{cite}{their.Where}第{their.Line}行写作“{their.Name}”，疑为同一机构，请核对正确名称。");
            }
            CompareState(subject, mine, theirMentions, cite);
        }
        foreach (var (ourKey, mentions) in ourBodies)
        {
            if (bodyOf.ContainsKey(ourKey)) continue;
            var m = mentions.OrderBy(x => x.Line).First();
            subject.Add(NoticeKinds.CrossMissing, NoticeSeverity.Warning, m.Location, m.Name, null,
                $"第{m.Line}行的“{m.Name}”不在{cite}的名单中。");
        }
    }

    /// <summary>未开展 in one document, conducting (listed so, or reporting figures) in the other.</summary>
    private static void CompareState(NoticeAudit.AuditRun subject, List<Mention> ours, List<Mention> theirs, string cite)
    {
        static string Says(Mention m, string where) => m.State == Conduct.NotConducted
            ? $"{where}{m.Where}第{m.Line}行列为未开展"
            : m.Assessed is { } a ? $"{where}{m.Where}第{m.Line}行报有评价数据（组织评价 {a} 人）" : $"{where}{m.Where}第{m.Line}行列为已开展";

        var ourNot = ours.FirstOrDefault(m => m.State == Conduct.NotConducted);
        var ourDone = ours.Where(m => m.State == Conduct.Conducted).ToList();
        var theirNot = theirs.FirstOrDefault(m => m.State == Conduct.NotConducted);
        var theirDone = theirs.FirstOrDefault(m => m.State == Conduct.Conducted);
        if (theirNot is not null && ourDone.Count > 0)
        {
            var first = ourDone[0];
            subject.Add(NoticeKinds.CrossState, NoticeSeverity.Error, first.Location, "已开展", "未开展",
                $"“{theirNot.Name}”在{cite}{theirNot.Where}第{theirNot.Line}行标为“未开展”，本公告{string.Join("，", ourDone.Select(m => Says(m, "")))}。");
        }
        else if (theirDone is not null && ourNot is not null)
        {
            subject.Add(NoticeKinds.CrossState, NoticeSeverity.Error, ourNot.Location, "未开展", "已开展",
                $"“{ourNot.Name}”本公告{Says(ourNot, "")}，{cite}{Says(theirDone, "")}。");
        }
    }
}
