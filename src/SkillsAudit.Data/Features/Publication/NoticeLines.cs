using System.Text.RegularExpressions;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>What one line of the notice body is, after GB/T 9704-2012 7.3.3 (结构层次序数 一、（一）1.（1）).</summary>
public enum NoticeLineKind { Body, Heading1, Heading2, Heading3, Annexes }

/// <summary>One body line, classified: a heading's lead (printed in its heading font) and the rest (in the body font).</summary>
public sealed record NoticeLine(NoticeLineKind Kind, string Lead, string Rest);

public static partial class NoticeLines
{
    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Level1();
    [GeneratedRegex(@"^[(（]\s*([一二三四五六七八九十]+)\s*[)）]\s*")]
    private static partial Regex Level2();
    [GeneratedRegex(@"^(\d+)\s*[.．]\s*")]
    private static partial Regex Level3();

    /// <summary>
    /// Classifies a printed line. "(一) " with ASCII brackets is normalised to "（一）" (GB/T 9704 uses full-width
    /// brackets); a level-2/3 heading that runs on into text ("（一）全市基本情况。截至…") keeps its lead up to the first "。".
    /// </summary>
    public static NoticeLine Classify(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("附件：", StringComparison.Ordinal) || text.StartsWith("附件:", StringComparison.Ordinal)) return new(NoticeLineKind.Annexes, "附件：", text[3..].Trim());
        if (Level1().IsMatch(text)) return new(NoticeLineKind.Heading1, text, "");
        if (Level2().Match(text) is { Success: true } m2)
        {
            var t = "（" + m2.Groups[1].Value + "）" + text[m2.Length..];
            return Split(NoticeLineKind.Heading2, t);
        }
        if (Level3().Match(text) is { Success: true } m3)
        {
            var t = m3.Groups[1].Value + "." + text[m3.Length..];
            return Split(NoticeLineKind.Heading3, t);
        }
        return new(NoticeLineKind.Body, "", text);
    }

    private static NoticeLine Split(NoticeLineKind kind, string text)
    {
        var stop = text.IndexOf('。', StringComparison.Ordinal);
        return stop < 0 || stop == text.Length - 1 ? new(kind, text, "") : new(kind, text[..(stop + 1)], text[(stop + 1)..]);
    }

    /// <summary>
    /// Width of a text in em (one CJK character = 1, ASCII = 0.5, but '%' = 1: it is nearly a full em in the 仿宋 and
    /// 宋体 faces and their substitutes, and a rate such as "71.43%" measured as 3 em wrapped its '%' onto a second line
    /// in a column cut to that width): how the layout measures lines.
    /// </summary>
    public static double Ems(string s) => s.Sum(c => c < 0x2E80 && c != '—' && c != '“' && c != '”' && c != '%' ? 0.5 : 1.0);

    /// <summary>
    /// Breaks a title into lines of at most <paramref name="perLine"/> em at word boundaries (GB/T 9704 7.3.1: 回行时词意完整，
    /// 排列对称): only after "关于", a verb of publication, "》", or a "年度/工作/评价/情况" word, or before "《" or "的通知"; the
    /// break chosen makes the lines as even as possible with the longer on top (梯形). An explicit line break is kept.
    /// </summary>
    public static IReadOnlyList<string> BreakTitle(string title, double perLine = 20)
    {
        var t = title.Trim();
        if (t.Contains('\n', StringComparison.Ordinal)) return t.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (Ems(t) <= perLine) return [t];
        var cuts = new SortedSet<int>();
        foreach (var after in new[] { "关于", "公布", "印发", "开展", "》", "年度", "工作", "评价", "情况", "机构", "考核" })
            for (var i = t.IndexOf(after, StringComparison.Ordinal); i >= 0; i = t.IndexOf(after, i + 1, StringComparison.Ordinal)) cuts.Add(i + after.Length);
        foreach (var before in new[] { "《", "的通知", "的公告", "的通报" })
            for (var i = t.IndexOf(before, StringComparison.Ordinal); i > 0; i = t.IndexOf(before, i + 1, StringComparison.Ordinal)) cuts.Add(i);
        cuts.RemoveWhere(c => c <= 0 || c >= t.Length);
        IReadOnlyList<string>? best = null;
        var bestScore = double.MaxValue;
        void Try(IReadOnlyList<string> lines)
        {
            if (lines.Any(l => Ems(l) > perLine)) return;
            var widths = lines.Select(Ems).ToList();
            var score = lines.Count * 100 + (widths.Max() - widths.Min()) + (widths[0] < widths[^1] ? 3 : 0);
            if (score < bestScore) (best, bestScore) = (lines, score);
        }
        var list = cuts.ToList();
        foreach (var a in list)
        {
            Try([t[..a].Trim(), t[a..].Trim()]);
            foreach (var b in list.Where(b => b > a)) Try([t[..a].Trim(), t[a..b].Trim(), t[b..].Trim()]);
        }
        if (best is not null) return best;
        // No word boundary fits: cut at the width, never inside "《…》" where avoidable.
        var result = new List<string>();
        var rest = t;
        while (Ems(rest) > perLine)
        {
            var n = 0;
            double w = 0;
            while (n < rest.Length && w + Ems(rest[n].ToString()) <= perLine) w += Ems(rest[n++].ToString());
            result.Add(rest[..n]);
            rest = rest[n..];
        }
        result.Add(rest);
        return result;
    }
}
