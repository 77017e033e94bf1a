namespace SkillsAudit.Domain.Registry;

/// <summary>
/// Skill levels (seed 003 第八条): 初级工(五级) … 高级技师(一级). The numeric value is the level number,
/// so Level1 is the highest. 专项职业能力 has no level (seed 003 第八条 "专项职业能力考核不设等级").
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1712:Do not prefix enum values with the type name",
    Justification = "Level1…Level5 are the names stored as text in every database and exchanged in files and the API; 1 … 5 alone are not identifiers.")]
public enum Level
{
    Level1 = 1,
    Level2 = 2,
    Level3 = 3,
    Level4 = 4,
    Level5 = 5,
}

public static class Levels
{
    public static readonly IReadOnlyList<Level> All = [Level.Level5, Level.Level4, Level.Level3, Level.Level2, Level.Level1];

    /// <summary>The Chinese name as the seeds print it, e.g. 初级工 for Level5.</summary>
    public static string ChineseName(this Level level) => level switch
    {
        Level.Level5 => "初级工",
        Level.Level4 => "中级工",
        Level.Level3 => "高级工",
        Level.Level2 => "技师",
        Level.Level1 => "高级技师",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The short form used in the statistics tables: 初级/中级/高级/技师/高级技师.</summary>
    public static string ShortName(this Level level) => level switch
    {
        Level.Level5 => "初级",
        Level.Level4 => "中级",
        Level.Level3 => "高级",
        Level.Level2 => "技师",
        Level.Level1 => "高级技师",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The numbered form: 五级 … 一级.</summary>
    public static string GradeName(this Level level) => level switch
    {
        Level.Level5 => "五级",
        Level.Level4 => "四级",
        Level.Level3 => "三级",
        Level.Level2 => "二级",
        Level.Level1 => "一级",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Parses any of the seeds' spellings: 初级, 初级工, 五级, 5, Level5.</summary>
    public static bool TryParse(string? text, out Level level)
    {
        level = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        foreach (var l in All)
        {
            if (t == l.ChineseName() || t == l.ShortName() || t == l.GradeName() || t == ((int)l).ToString(System.Globalization.CultureInfo.InvariantCulture)
                || t.Equals(l.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                level = l;
                return true;
            }
        }
        if (t is "高技工") { level = Level.Level3; return true; } // seed 003 第八条 spells 高级工 this way once
        return false;
    }
}
