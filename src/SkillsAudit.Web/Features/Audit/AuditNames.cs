using SkillsAudit.Domain.Common;
using System.Text.Json;
using SkillsAudit.Data;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Audit;

/// <summary>One changed field: its Chinese name, the value before and after.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// The audit log in words a person reads: record kinds, actions ("修改备案", "确认评审结果"…) and field names in
/// Chinese, and only the fields that changed.
/// </summary>
public static class AuditNames
{
    /// <summary>Record kinds (the stored type names) in Chinese.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["Filing"] = "备案", ["LegalEntity"] = "法人机构", ["EntityAlias"] = "机构别名", ["FilingScopeItem"] = "备案职业范围",
        ["FilingHistoryEntry"] = "备案历史", ["Occupation"] = "职业", ["Region"] = "行政区划", ["AppUser"] = "账号",
        ["IdentityUserRole`1"] = "账号角色", ["IdentityRole"] = "角色", ["IdentityUserToken`1"] = "账号令牌", ["IdentityUserClaim`1"] = "账号声明",
        ["IdentityUserLogin`1"] = "外部登录", ["UserFiling"] = "账号绑定备案", ["PasswordHistoryEntry"] = "密码历史",
        ["SignIn"] = "登录", ["AuditLog"] = "审计日志",
        ["RubricDefinition"] = "评估表", ["StatisticsRecord"] = "评价统计", ["StatisticsRollup"] = "统计汇总",
        ["Campaign"] = "考核", ["CampaignMember"] = "考核小组成员", ["CampaignTarget"] = "考核对象", ["Assessment"] = "考核评分",
        ["ScoreSheet"] = "评分表", ["EvidenceFile"] = "佐证材料", ["DecisionRecord"] = "考核结果决定", ["Rectification"] = "整改",
        ["RecordedFinding"] = "考核发现的问题", ["Reopening"] = "重新评分",
        ["ChangeRequest"] = "变更申请", ["ChangeAttachment"] = "变更申请附件", ["ScopeApplication"] = "新增职业申请",
        ["InspectionDraw"] = "双随机抽查", ["InspectionFinding"] = "抽查结果", ["CertificateRecord"] = "证书名册", ["PurgeLogEntry"] = "资料清理记录",
        ["StoredNotice"] = "结果公告", ["NoticeComplaint"] = "投诉举报", ["RosterPerson"] = "名册人员", ["RosterConflict"] = "名册回避备案",
        ["ImportBatch"] = "导入批次", ["StageWindow"] = "考核日程", ["ReviewRequest"] = "复核申请", ["CalendarEntry"] = "工作日历",
        ["RiskConfigVersion"] = "风险评估设置", ["RiskLevelChange"] = "风险等级变更", ["IdentityRoleClaim`1"] = "角色声明",
    };

    public static string Kind(string entityType) => Kinds.TryGetValue(entityType, out var k) ? k : "其他记录";

    /// <summary>Specific actions where a plain "修改" would say too little.</summary>
    private static readonly Dictionary<(string, string), string> Specific = new()
    {
        [("Assessment", "Modified")] = "修改考核评分",
        [("DecisionRecord", "Added")] = "确认评审结果",
        [("Campaign", "Added")] = "创建考核",
        [("StoredNotice", "Added")] = "生成结果公告",
        [("InspectionDraw", "Added")] = "双随机抽取",
        [("UserFiling", "Added")] = "绑定备案",
        [("UserFiling", "Deleted")] = "解除备案绑定",
        [("IdentityUserRole`1", "Added")] = "授予角色",
        [("IdentityUserRole`1", "Deleted")] = "撤销角色",
    };

    public static string ActionName(AuditEntry e) => ActionName(e.Operation, e.EntityType, e.Action);

    public static string ActionName(string? operation, string entityType, string action)
    {
        if (operation is { Length: > 0 } op) return op;
        if (Specific.TryGetValue((entityType, action), out var s)) return s;
        var verb = action switch { "Added" => "新增", "Modified" => "修改", "Deleted" => "删除", _ => action };
        return verb + Kind(entityType);
    }

    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["AccessFailedCount"] = "连续登录失败次数", ["Action"] = "动作", ["Active"] = "在用", ["Actor"] = "操作人", ["Address"] = "地址",
        ["AlgorithmVersion"] = "算法版本", ["AnswersJson"] = "评分内容", ["AppliedAt"] = "申请时间", ["AppliedBy"] = "申请人", ["Assessed"] = "组织评价人数",
        ["AssessmentId"] = "考核评分编号", ["At"] = "时间", ["Authority"] = "发文机关", ["BaseTotal"] = "基础分", ["BodiesRequested"] = "抽取机构数",
        ["BodyKey"] = "机构", ["BonusTotal"] = "加分", ["By"] = "操作人", ["CampaignId"] = "考核编号", ["Category"] = "类别", ["Certified"] = "发证人数",
        ["ChangeRequestId"] = "变更申请编号", ["ClosedAt"] = "结束时间", ["ClosedBy"] = "结束人", ["Code"] = "代码", ["Contact"] = "联系方式",
        ["CreatedAt"] = "创建时间", ["CreatedBy"] = "创建人", ["CreditCode"] = "统一社会信用代码", ["CurrentValue"] = "原值", ["DecidedAt"] = "决定时间",
        ["DecidedBy"] = "决定人", ["DecidedOn"] = "决定日期", ["DecisionReason"] = "决定理由", ["Disabled"] = "已停用", ["DisplayName"] = "姓名",
        ["DrawId"] = "抽查编号", ["DrawnAt"] = "抽取时间", ["DrawnBy"] = "抽取人", ["Due"] = "期限", ["Email"] = "电子邮箱", ["EmailConfirmed"] = "邮箱已确认",
        ["EmployerEntityId"] = "工作单位（机构）", ["ExcludeSameCounty"] = "回避同县区", ["FiledOn"] = "备案时间", ["FilingId"] = "备案编号", ["Finding"] = "检查结果",
        ["FinalisedAt"] = "确认时间", ["FinalisedBy"] = "确认人", ["Id"] = "编号", ["Included"] = "纳入", ["InspectorsPerBody"] = "每组检查人员数",
        ["IsExpert"] = "专家", ["IsInspector"] = "检查人员", ["IssuedAt"] = "发布时间", ["IssuedBy"] = "发布人", ["KeepUntil"] = "保管至", ["Kind"] = "类别",
        ["LegalEntityId"] = "法人机构编号", ["LegalRepresentative"] = "法定代表人", ["Level"] = "等级", ["LockoutEnabled"] = "允许锁定", ["LockoutEnd"] = "锁定至",
        ["MustChangePassword"] = "须修改密码", ["Name"] = "名称", ["NormalizedEmail"] = "电子邮箱（规范化）", ["NormalizedUserName"] = "用户名（规范化）",
        ["Note"] = "说明", ["Notes"] = "备注", ["Number"] = "备案号", ["OccupationCode"] = "职业代码", ["OpenedAt"] = "开始时间", ["OpenedBy"] = "开始人",
        ["Organisation"] = "工作单位", ["OriginalName"] = "文件名", ["Outcome"] = "结果", ["PanelBaseTotal"] = "考核基础分", ["PanelBonusTotal"] = "考核加分",
        ["PanelVetoed"] = "否决", ["ParentCode"] = "上级代码", ["Passed"] = "评价合格人数", ["PasswordChangedAt"] = "密码修改时间", ["PeriodEnd"] = "备案期限截止",
        ["Phone"] = "电话", ["PhoneNumber"] = "电话", ["PhoneNumberConfirmed"] = "电话已确认", ["Published"] = "已公布", ["PublishedAt"] = "公布时间",
        ["PublishInspectorNames"] = "公布检查人员姓名", ["Reason"] = "理由", ["RecordedAt"] = "记录时间", ["RecordedBy"] = "记录人", ["RegionCode"] = "地区",
        ["RequestedValue"] = "申请值", ["Response"] = "答复", ["RoleId"] = "角色", ["RosterPersonId"] = "名册人员编号", ["SavedAt"] = "保存时间", ["SavedBy"] = "保存人",
        ["Score"] = "分数", ["Seed"] = "随机种子", ["Source"] = "来源", ["Specialities"] = "专业", ["Stage"] = "阶段", ["State"] = "状态", ["Status"] = "状态",
        ["SubmittedAt"] = "提交时间", ["SubmittedBy"] = "提交人", ["Supervision"] = "监管", ["Text"] = "正文", ["Title"] = "标题", ["TwoFactorEnabled"] = "二次验证",
        ["Type"] = "机构类型", ["UserId"] = "账号", ["UserName"] = "用户名", ["Version"] = "版本", ["Year"] = "年度", ["结果"] = "结果",
        ["Vetoed"] = "否决", ["Yaml"] = "评估表内容", ["Slug"] = "标识",
        ["FiltersJson"] = "抽取条件", ["PoolJson"] = "抽取范围（机构）", ["RosterJson"] = "抽取范围（检查人员）", ["ResultJson"] = "抽取结果", ["StrataJson"] = "风险分层",
        ["RubricId"] = "评估表", ["FileName"] = "文件名", ["SourceFileName"] = "文件名", ["ImportedBy"] = "导入人", ["ImportedAt"] = "导入时间",
    };

    public static string Field(string name) => FieldNames.TryGetValue(name, out var n) ? n : name;

    /// <summary>Whether a stored field is either named in Chinese or bookkeeping the log leaves out (never shown by its column name).</summary>
    public static bool IsNamed(string name) => FieldNames.ContainsKey(name) || Internal.Contains(name);

    /// <summary>
    /// Fields that are bookkeeping, not content: ids and versions, and the sign-in library's own columns of an account
    /// (stamps, normalised copies, confirmation and lockout flags this system does not use; a failed sign-in is its own entry).
    /// </summary>
    private static readonly HashSet<string> Internal = new(StringComparer.Ordinal)
    {
        "Id", "Version", "NormalizedUserName", "NormalizedEmail", "SecurityStamp", "ConcurrencyStamp", "PasswordHash",
        "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "LockoutEnd", "AccessFailedCount",
    };

    /// <summary>The fields whose value differs between before and after (all of them for an addition or a deletion).</summary>
    public static IReadOnlyList<FieldChange> Changes(string? before, string? after)
    {
        var b = Parse(before);
        var a = Parse(after);
        return b.Keys.Union(a.Keys).Where(k => !Internal.Contains(k))
            .Select(k => (Key: k, B: b.GetValueOrDefault(k), A: a.GetValueOrDefault(k)))
            .Where(x => x.B != x.A && !(before is null && x.A is null) && !(after is null && x.B is null))
            .Select(x => new FieldChange(Field(x.Key), Value(x.Key, x.B), Value(x.Key, x.A))).ToList();
    }

    /// <summary>Stored codes in the registry's words: a filing's 机构类型, 监管 and 状态, and a region code as its name.</summary>
    private static string? Value(string field, string? v)
    {
        if (v is null) return null;
        return field switch
        {
            "Type" when Enum.TryParse<SkillsAudit.Domain.Registry.FilingType>(v, out var t) && !int.TryParse(v, out _) => t.Chinese(),
            "Supervision" when Enum.TryParse<SkillsAudit.Domain.Registry.Supervision>(v, out var su) && !int.TryParse(v, out _) => su.Chinese(),
            "Status" when Enum.TryParse<SkillsAudit.Domain.Registry.FilingStatus>(v, out var st) && !int.TryParse(v, out _) => st.Chinese(),
            "RegionCode" when SkillsAudit.Domain.Registry.Regions.FullName(v) is { Length: > 0 } name => name,
            _ => v,
        };
    }

    /// <summary>Timestamps (stored as UTC ISO text) in China time, to the second.</summary>
    private static string? Readable(string? v) =>
        v is { Length: >= 19 } && v[10] == 'T' && DateTimeOffset.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToChinaSeconds()
            : v;

    private static Dictionary<string, string?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind != JsonValueKind.Object ? [] : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => Readable(p.Value.GetString()),
                JsonValueKind.True => "是",
                JsonValueKind.False => "否",
                _ => p.Value.GetRawText(),
            });
        }
        catch (JsonException)
        {
            return new() { ["内容"] = json };
        }
    }
}
