using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rules;

/// <summary>Seed 003 第五章 法人及备案信息变更.</summary>
public enum ChangeKind
{
    LegalPerson = 1,
    Name = 2,
    Address = 3,
}

public enum AttachmentKind
{
    /// <summary>书面申请材料，写明变更原因</summary>
    WrittenApplication = 1,
    /// <summary>变更后法人身份证复印件</summary>
    NewLegalPersonId = 2,
    /// <summary>任职文件（企业或院校）</summary>
    AppointmentDocument = 3,
    /// <summary>变更依据</summary>
    ChangeBasis = 4,
    /// <summary>变更后地址、机构名称相关资质</summary>
    NewQualification = 5,
}

public enum ChangeState
{
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
    /// <summary>撤回: the body took back its own request before it was decided (so that it can correct and submit again).</summary>
    Withdrawn = 4,
}

public static class ChangeRules
{
    /// <summary>
    /// 第二十二条: 法人变更的需提供书面申请材料，写明变更原因，同时提供变更后法人身份证复印件，企业或院校还需提供任职文件。
    /// 地址、机构名称变更的需提供变更依据，同时提供变更后地址、机构名称相关资质。
    /// </summary>
    public static IReadOnlyList<AttachmentKind> Required(ChangeKind kind, FilingType? type) => kind switch
    {
        ChangeKind.LegalPerson => type is FilingType.Employer or FilingType.School
            ? [AttachmentKind.WrittenApplication, AttachmentKind.NewLegalPersonId, AttachmentKind.AppointmentDocument]
            : [AttachmentKind.WrittenApplication, AttachmentKind.NewLegalPersonId],
        ChangeKind.Name or ChangeKind.Address => [AttachmentKind.ChangeBasis, AttachmentKind.NewQualification],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Chinese(AttachmentKind kind) => kind switch
    {
        AttachmentKind.WrittenApplication => "书面申请材料（写明变更原因）",
        AttachmentKind.NewLegalPersonId => "变更后法人身份证复印件",
        AttachmentKind.AppointmentDocument => "任职文件",
        AttachmentKind.ChangeBasis => "变更依据",
        AttachmentKind.NewQualification => "变更后地址、机构名称相关资质",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The longest value a change may ask for: the length the registry keeps for that field, so that every request can be approved.</summary>
    public static int MaxLength(ChangeKind kind) => kind switch
    {
        ChangeKind.Name => LegalEntity.MaxNameLength,
        ChangeKind.Address => LegalEntity.MaxAddressLength,
        ChangeKind.LegalPerson => LegalEntity.MaxRepresentativeLength,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Chinese(ChangeKind kind) => kind switch
    {
        ChangeKind.LegalPerson => "法人变更",
        ChangeKind.Name => "机构名称变更",
        ChangeKind.Address => "地址变更",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The registry field a change of this kind rewrites, as the registry names it (机构名称 / 地址 / 法定代表人).</summary>
    public static string RegistryField(ChangeKind kind) => kind switch
    {
        ChangeKind.LegalPerson => "法定代表人",
        ChangeKind.Name => "机构名称",
        ChangeKind.Address => "地址",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Chinese(ChangeState state) => state switch { ChangeState.Submitted => "待审核", ChangeState.Approved => "已同意", ChangeState.Rejected => "不予同意", ChangeState.Withdrawn => "已撤回", _ => state.ToString() };

    /// <summary>
    /// Refuses an application missing a required attachment, naming what is missing (seed 003 第二十二条, cited as the
    /// filing's region applies it: <see cref="ManagementRules.Cite"/>).
    /// </summary>
    public static void CheckAttachments(ChangeKind kind, FilingType? type, IEnumerable<AttachmentKind> attached, string? reason, string? regionCode = null)
    {
        var errors = AttachmentProblems(kind, type, attached, reason, regionCode);
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    /// <summary>
    /// Every problem <see cref="CheckAttachments"/> refuses for, each on its own field: <see cref="AttachmentField"/> for a
    /// missing attachment, "reason" for a missing reason. Empty when the application has what 第二十二条 requires.
    /// </summary>
    public static IReadOnlyList<DomainException> AttachmentProblems(ChangeKind kind, FilingType? type, IEnumerable<AttachmentKind> attached, string? reason, string? regionCode = null)
    {
        var have = attached.ToHashSet();
        var clause = ManagementRules.Cite(regionCode, "第二十二条");
        var errors = Required(kind, type).Where(r => !have.Contains(r))
            .Select(r => new DomainException(AttachmentField(r), $"{Chinese(kind)}须提供：{Chinese(r)}（{clause}）")).ToList();
        if (kind == ChangeKind.LegalPerson && string.IsNullOrWhiteSpace(reason))
            errors.Add(new("reason", $"法人变更须写明变更原因（{clause}）"));
        return errors;
    }

    /// <summary>The field a problem with one attachment is reported on: "attachments.ChangeBasis" (the upload's own field name after the dot).</summary>
    public static string AttachmentField(AttachmentKind kind) => $"attachments.{kind}";

    /// <summary>第二十一条: 按季度向人社厅、省鉴定中心报备 — the quarter a change belongs to.</summary>
    public static (int Year, int Quarter) QuarterOf(DateOnly day) => (day.Year, (day.Month - 1) / 3 + 1);
}

/// <summary>Seed 003 第二十条: 纸质材料保管不少于3年，电子材料不少于5年.</summary>
public static class Retention
{
    public const int PaperYears = 3;
    public const int ElectronicYears = 5;

    public static DateOnly KeepUntil(DateOnly recordDate, bool electronic) => recordDate.AddYears(electronic ? ElectronicYears : PaperYears);

    public static bool MayPurge(DateOnly recordDate, bool electronic, DateOnly today) => today > KeepUntil(recordDate, electronic);
}

/// <summary>Filing periods: expiry warnings and the automatic status change.</summary>
public static class FilingExpiry
{
    /// <summary>Filings whose period ends within this many days are listed on the dashboard (issue 7 §3).</summary>
    public const int WarningDays = 90;

    /// <summary>Does the period end within the warning window (and not yet)?</summary>
    public static bool ExpiresSoon(PartialDate? periodEnd, DateOnly today) =>
        periodEnd is { } end && end.Latest >= today && end.Latest <= today.AddDays(WarningDays);

    /// <summary>
    /// Should the expiry job mark the filing 备案期满 today? Only active (or not-conducting) filings whose period has ended,
    /// and — seed 001 四(三) — not while it is under evaluation, until two months after the period ended.
    /// </summary>
    public static bool ShouldExpire(FilingStatus status, PartialDate? periodEnd, bool underEvaluation, DateOnly today)
    {
        if (status is not (FilingStatus.Active or FilingStatus.NotConducting) || periodEnd is not { } end) return false;
        if (end.Latest >= today) return false;
        if (underEvaluation && Reviews.RenewalRules.AssessingAllowedUntil(end.Latest) >= today) return false;
        return true;
    }
}
