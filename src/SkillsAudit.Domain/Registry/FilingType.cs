namespace SkillsAudit.Domain.Registry;

/// <summary>The three kinds of filed body (seed 003 第三条; seed 001 一: 自主评价企业 / 自主评价院校 / 社会培训评价组织).</summary>
public enum FilingType
{
    /// <summary>用人单位（自主评价企业）; filing numbers start with Y.</summary>
    Employer = 1,
    /// <summary>职业院校/技工院校（自主评价院校）; filing numbers start with S.</summary>
    School = 2,
    /// <summary>社会培训评价组织; filing numbers start with S.</summary>
    SocialEvaluator = 3,
}

/// <summary>Who supervises the filing; seed 000 splits every table by it.</summary>
public enum Supervision
{
    /// <summary>省属</summary>
    Province = 1,
    /// <summary>市属</summary>
    City = 2,
}

public enum FilingStatus
{
    /// <summary>正常 — filed and entitled to assess.</summary>
    Active = 1,
    /// <summary>未开展 — filed, but conducted no assessment in the latest year (seed 000 二(二)).</summary>
    NotConducting = 2,
    /// <summary>暂停评价活动 (seed 001 四(二)).</summary>
    Suspended = 3,
    /// <summary>终止备案 (seed 001 四(一)).</summary>
    Terminated = 4,
    /// <summary>备案期满.</summary>
    Expired = 5,
}

public static class RegistryLabels
{
    public const string NotStated = "未注明";

    public static string Chinese(this FilingType type) => type switch
    {
        FilingType.Employer => "用人单位（自主评价企业）",
        FilingType.School => "职业院校（自主评价院校）",
        FilingType.SocialEvaluator => "社会培训评价组织",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Chinese(this FilingType? type) => type is { } t ? t.Chinese() : NotStated;

    public static string Chinese(this Supervision supervision) => supervision switch
    {
        Supervision.Province => "省属",
        Supervision.City => "市属",
        _ => throw new ArgumentOutOfRangeException(nameof(supervision)),
    };

    public static string Chinese(this Supervision? supervision) => supervision is { } s ? s.Chinese() : NotStated;

    public static string Chinese(this FilingStatus status) => status switch
    {
        FilingStatus.Active => "正常",
        FilingStatus.NotConducting => "未开展评价",
        FilingStatus.Suspended => "暂停评价活动",
        FilingStatus.Terminated => "终止备案",
        FilingStatus.Expired => "备案期满",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Reads the seeds' and spreadsheets' spellings of a filing type.</summary>
    public static bool TryParseType(string? text, out FilingType type)
    {
        type = default;
        var t = (text ?? "").Trim();
        if (t.Length == 0) return false;
        if (Enum.TryParse(t, ignoreCase: true, out type) && Enum.IsDefined(type)) return true;
        if (t.Contains("企业") || t.Contains("用人单位")) { type = FilingType.Employer; return true; }
        if (t.Contains("院校") || t.Contains("学校") && t.Contains("自主")) { type = FilingType.School; return true; }
        if (t.Contains("社会培训评价") || t.Contains("社评") || t.Contains("社会评价")) { type = FilingType.SocialEvaluator; return true; }
        return false;
    }

    public static bool TryParseSupervision(string? text, out Supervision supervision)
    {
        supervision = default;
        var t = (text ?? "").Trim();
        if (t.Length == 0) return false;
        if (Enum.TryParse(t, ignoreCase: true, out supervision) && Enum.IsDefined(supervision)) return true;
        if (t.StartsWith('省')) { supervision = Supervision.Province; return true; }
        if (t.StartsWith('市')) { supervision = Supervision.City; return true; }
        return false;
    }

    public static bool TryParseStatus(string? text, out FilingStatus status)
    {
        status = default;
        var t = (text ?? "").Trim();
        if (t.Length == 0) return false;
        if (Enum.TryParse(t, ignoreCase: true, out status) && Enum.IsDefined(status)) return true;
        foreach (var s in Enum.GetValues<FilingStatus>())
        {
            if (s.Chinese() == t) { status = s; return true; }
        }
        return false;
    }
}
