using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Publication;

/// <summary>A registered legal entity's name and its aliases (other spellings, former names), as the audit needs them.</summary>
public sealed record RegisteredName(string Name, IReadOnlyList<string> Aliases);

/// <summary>How names are compared and paired. Pure string work, no registry access.</summary>
public static class NoticeNames
{
    /// <summary>Words a table appends to a name to say the filing type (seed 001 附件1 "阳泉职业技术学院院校").</summary>
    private static readonly string[] TypeNotes = ["企业", "院校"];
    private static readonly string[] LegalEndings = ["公司", "学院", "学校", "中心", "协会", "学会", "集团", "促进会", "大学"];

    /// <summary>
    /// The comparable form: <see cref="LegalEntity.NormaliseName"/> (no white space, brackets folded), quotes removed, and
    /// trailing bracketed notes dropped — "山西双惠种业股份有限公司（原平市）", "…（未开展）" name the same body as without them.
    /// </summary>
    public static string Normal(string name)
    {
        var n = LegalEntity.NormaliseName(name ?? "").Trim('“', '”', '"', '《', '》', '「', '」', '。', '；', ';', '，', ',');
        while (n.EndsWith(')'))
        {
            var open = n.LastIndexOf('(');
            if (open <= 0) break;
            n = n[..open];
        }
        return n;
    }

    /// <summary>A trailing filing-type word after a complete name ("…有限责任公司企业"), or null.</summary>
    public static string? TypeNote(string normal)
    {
        foreach (var note in TypeNotes)
        {
            if (!normal.EndsWith(note, StringComparison.Ordinal)) continue;
            var rest = normal[..^note.Length];
            if (LegalEndings.Any(e => rest.EndsWith(e, StringComparison.Ordinal))) return note;
        }
        return null;
    }

    /// <summary>The name without a trailing filing-type word.</summary>
    public static string WithoutTypeNote(string normal) => TypeNote(normal) is { } note ? normal[..^note.Length] : normal;

    /// <summary>
    /// Similarity in [0, 1]: the longest common subsequence over the longer name. 太原聚汇科技有限公司 / 太原聚汇学科技有限公司
    /// → 10/11; 忻州市实用职业技术培训学校 / 忻州市实用技术职业学校 → 9/13.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            (prev, cur) = (cur, prev);
        }
        return (double)prev[b.Length] / Math.Max(a.Length, b.Length);
    }

    /// <summary>Names at least this similar are reported as a likely match.</summary>
    public const double LikelyMatch = 0.6;
}
