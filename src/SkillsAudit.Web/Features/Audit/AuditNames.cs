using System.Text.Json;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Calendar;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Risk;
using SkillsAudit.Domain.Rules;

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
        ["ChangeRequest"] = "变更申请", ["ChangeAttachment"] = "变更申请附件", ["ScopeApplication"] = "新增职业申请", ["ScopeAttachment"] = "新增职业申请材料",
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
        [("ScopeApplication", "Added")] = "提交新增职业申请", // not "新增新增职业申请"
        [("ScopeApplication", "Modified")] = "审核新增职业申请",
        [("ScopeAttachment", "Added")] = "上传新增职业申请材料",
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
        ["EmployerEntityId"] = "工作单位（机构）", ["ExcludeSameCounty"] = "回避同县区", ["FiledOn"] = "备案时间", ["FilingId"] = "备案", ["Finding"] = "检查结果",
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
        ["RevokedAt"] = "撤销时间", ["RevokedBy"] = "撤销人", ["RevokeReason"] = "撤销原因",
        // 工作日历
        ["Date"] = "日期", ["UpdatedAt"] = "修改时间", ["UpdatedBy"] = "修改人",
        // 考核
        ["Consolidation"] = "汇总方式", ["DocumentNumber"] = "文号", ["Historical"] = "历史结果（仅有总分）", ["IndicatorDisagreement"] = "单项分差提示阈值",
        ["ListBasis"] = "机构名单依据", ["PlanIssuedOn"] = "工作方案印发日期", ["PlanTitle"] = "工作方案标题", ["PreviousCampaignId"] = "上一年度考核",
        ["TotalDisagreement"] = "总分分差提示阈值", ["Role"] = "职责", ["ByHand"] = "人工调整", ["Expert"] = "评分人", ["IsLead"] = "组长",
        ["From"] = "开始日期", ["To"] = "结束日期", ["Until"] = "截止日期",
        // 考核结果决定与整改
        ["FollowsRectificationId"] = "依据的整改复查", ["InactiveTwoYears"] = "连续两年未开展评价", ["OverrideReason"] = "改变建议的理由",
        ["PeriodEnds"] = "本年度备案到期", ["ProposedKind"] = "系统建议", ["ReasonsJson"] = "决定依据", ["RectificationDue"] = "整改期限",
        ["RectificationId"] = "整改", ["Round"] = "决定轮次", ["Standing"] = "评估结论", ["StatisticsMissing"] = "缺少年度统计",
        ["Rectifiable"] = "可整改问题", ["Serious"] = "严重问题", ["EvidenceHashes"] = "佐证材料（校验值）",
        ["CheckNote"] = "复查意见", ["CheckedAt"] = "复查时间", ["CheckedBy"] = "复查人", ["RequiredActions"] = "整改要求", ["RespondedAt"] = "报送时间",
        // 复核申请
        ["Answer"] = "答复", ["AnsweredAt"] = "答复时间", ["AnsweredBy"] = "答复人", ["Deadline"] = "受理截止日期", ["FiledAt"] = "提交时间",
        ["FiledBy"] = "申请人", ["Grounds"] = "申请理由", ["PublishedOn"] = "结果公布日期",
        // 证书
        ["Batch"] = "批次", ["IdMasked"] = "身份证号（脱敏）", ["IssuedOn"] = "发证日期", ["PersonName"] = "持证人姓名",
        // 附件与佐证材料
        ["MediaType"] = "文件类型", ["Sha256"] = "SHA-256 校验值", ["Size"] = "大小（字节）", ["IndicatorCode"] = "评估指标",
        ["UploadedAt"] = "上传时间", ["UploadedBy"] = "上传人",
        // 备案历史
        ["Field"] = "变更事项", ["Before"] = "变更前", ["After"] = "变更后",
        // 账号
        ["NormalizedName"] = "名称（规范化）", ["ClaimType"] = "声明类型", ["ClaimValue"] = "声明值", ["LoginProvider"] = "登录方式",
        ["ProviderDisplayName"] = "登录方式名称", ["ProviderKey"] = "外部账号", ["Value"] = "值",
        // 导入
        ["Replaced"] = "替换记录数", ["ReplacedRanges"] = "替换的备案年度", ["Rows"] = "行数", ["Written"] = "写入记录数",
        // 投诉举报与结果公告
        ["NoticeId"] = "结果公告", ["OutcomeAt"] = "办结时间", ["OutcomeBy"] = "办结人", ["Subject"] = "被投诉机构", ["TrackingNumber"] = "查询编号",
        ["AnnexesJson"] = "附件表格", ["CorrectsNoticeId"] = "更正的公告", ["DatedOn"] = "成文日期", ["FiguresJson"] = "公告数据",
        ["PublicFrom"] = "公示开始日期", ["PublicTo"] = "公示结束日期", ["TemplateText"] = "公告模板", ["WithdrawReason"] = "撤回理由",
        ["WithdrawnAt"] = "撤回时间", ["WithdrawnBy"] = "撤回人",
        // 资料清理
        ["RecordKey"] = "清理的记录", ["What"] = "清理的资料",
        // 风险
        ["ChangedAt"] = "修改时间", ["ChangedBy"] = "修改人", ["Json"] = "设置内容", ["PreviousLevel"] = "原风险等级", ["Reasons"] = "依据",
        // 新增职业申请
        ["ChecksJson"] = "条件核验", ["DeclaredExaminers"] = "申报考评人员数", ["DeclaredExperts"] = "申报专家数",
        ["DeclaredQuestionBanks"] = "申报题库数", ["Eligible"] = "符合申报条件", ["HasBadRecord"] = "有不良记录", ["Replacing"] = "以旧换新替换的职业",
        ["Levels"] = "申请等级", ["Explanation"] = "申请说明", ["ScopeApplicationId"] = "新增职业申请编号",
        // 评价统计
        ["Batches"] = "评价批次", ["CertifiedL1"] = "发证人数（一级/高级技师）", ["CertifiedL2"] = "发证人数（二级/技师）",
        ["CertifiedL3"] = "发证人数（三级/高级工）", ["CertifiedL4"] = "发证人数（四级/中级工）", ["CertifiedL5"] = "发证人数（五级/初级工）",
        ["PassedL1"] = "评价合格人数（一级/高级技师）", ["PassedL2"] = "评价合格人数（二级/技师）", ["PassedL3"] = "评价合格人数（三级/高级工）",
        ["PassedL4"] = "评价合格人数（四级/中级工）", ["PassedL5"] = "评价合格人数（五级/初级工）",
        ["Findings"] = "核对提示", ["ImportBatchId"] = "导入批次", ["OccupationKey"] = "职业", ["OccupationName"] = "职业名称",
        ["StatedRate"] = "原表合格率", ["_levelCodes"] = "等级", ["SubsidyRecipients"] = "享受补贴人数", ["Trade"] = "工种", ["Records"] = "记录数", ["WithoutPassed"] = "未填合格人数的记录数",
    };

    /// <summary>
    /// Stored codes of a record kind's field in the words of the pages (a decision's "DeferRenewal" reads 暂时不予延续备案).
    /// Every coded field of every record the log holds is here (AuditNamesTests); the value is matched by name or number.
    /// </summary>
    private static readonly Dictionary<(string Kind, string Field), Func<string, string?>> Codes = new()
    {
        [("CalendarEntry", "Kind")] = Code<CalendarDayKind>(k => k == CalendarDayKind.Holiday ? "放假" : "调休上班"),
        [("NoticeComplaint", "State")] = Code<ComplaintState>(s => s.Chinese()),
        [("StoredNotice", "State")] = Code<NoticeState>(s => s.Chinese()),
        [("ChangeAttachment", "Kind")] = Code<AttachmentKind>(ChangeRules.Chinese),
        [("ChangeRequest", "Kind")] = Code<ChangeKind>(ChangeRules.Chinese),
        [("ChangeRequest", "State")] = Code<ChangeState>(ChangeRules.Chinese),
        [("ScopeApplication", "State")] = Code<ChangeState>(ChangeRules.Chinese),
        [("ScopeAttachment", "Kind")] = Code<OccupationAttachmentKind>(OccupationApplicationRules.Chinese),
        [("EntityAlias", "Kind")] = Code<AliasKind>(k => k == AliasKind.Former ? "曾用名" : "其他写法"),
        [("Filing", "Status")] = Code<FilingStatus>(s => s.Chinese()),
        [("Filing", "Supervision")] = Code<Supervision>(s => s.Chinese()),
        [("Filing", "Type")] = Code<FilingType>(t => t.Chinese()),
        [("FilingScopeItem", "Level")] = Code<Level>(l => l.ChineseName()),
        [("Occupation", "Kind")] = Code<AssessmentKind>(k => k switch { AssessmentKind.Qualification => "职业资格", AssessmentKind.SkillLevel => "职业技能等级", _ => "专项职业能力" }),
        [("Region", "Level")] = Code<RegionLevel>(l => l switch { RegionLevel.Province => "省", RegionLevel.City => "市", _ => "县（区）" }),
        [("Campaign", "Consolidation")] = Code<ConsolidationRule>(c => c == ConsolidationRule.Mean ? "取专家平均分" : "以组长汇总意见为准"),
        [("Campaign", "State")] = Code<CampaignState>(s => s switch { CampaignState.Draft => "筹备中", CampaignState.Open => "进行中", _ => "已结束" }),
        [("CampaignMember", "Role")] = Code<CampaignMemberRole>(r => r switch { CampaignMemberRole.PanelLead => "组长", CampaignMemberRole.Panel => "考核小组成员", _ => "领导小组" }),
        [("DecisionRecord", "Kind")] = Code<RenewalDecisionKind>(RenewalRules.Chinese),
        [("DecisionRecord", "ProposedKind")] = Code<RenewalDecisionKind>(RenewalRules.Chinese),
        [("DecisionRecord", "Standing")] = Code<ResultStanding>(s => s switch { ResultStanding.Pass => "达到标准", ResultStanding.BelowStandard => "不达标准", _ => "不合格" }),
        [("RecordedFinding", "Category")] = Code<FindingCategory>(c => c switch { FindingCategory.Serious => "严重问题", FindingCategory.Rectifiable => "可整改问题", _ => "评估结果不达标准" }),
        [("RecordedFinding", "Rectifiable")] = Code<RectifiableFinding>(f => RecordedFinding.Chinese(f.ToString())),
        [("RecordedFinding", "Serious")] = Code<SeriousFinding>(f => RecordedFinding.Chinese(f.ToString())),
        [("Rectification", "State")] = Code<RectificationState>(s => s switch { RectificationState.Open => "待整改", RectificationState.Responded => "待复查", RectificationState.Passed => "复查通过", _ => "复查未通过" }),
        [("Reopening", "Stage")] = Code<CampaignStage>(CampaignSchedule.Chinese),
        [("StageWindow", "Stage")] = Code<CampaignStage>(CampaignSchedule.Chinese),
        [("ReviewRequest", "State")] = Code<ReviewRequestState>(ReviewRequest.Chinese),
        [("ScoreSheet", "Status")] = Code<SheetStatus>(s => s == SheetStatus.Submitted ? "已提交" : "草稿"),
        [("RiskLevelChange", "Level")] = Code<RiskLevel>(l => l.Chinese()),
        [("RiskLevelChange", "PreviousLevel")] = Code<RiskLevel>(l => l.Chinese()),
        [("IdentityRole", "Name")] = v => Roles.Chinese(v) is var n && n != v ? n : null,
        [("ImportBatch", "Kind")] = v => Kinds.TryGetValue(v, out var k) ? k : null,
        // an occupation's levels, stored as "3,4,5", and those an occupation application asks for
        [("ScopeApplication", "Levels")] = LevelCodes,
        [("Occupation", "_levelCodes")] = LevelCodes,
    };

    private static string? LevelCodes(string v) => v.Split(',').Select(c => Enum.TryParse<Level>(c, out var l) && Enum.IsDefined(l) ? l.ChineseName() : null).ToList() is var ls && ls.All(l => l is not null) ? string.Join("、", ls) : null;

    private static Func<string, string?> Code<T>(Func<T, string> name) where T : struct, Enum =>
        v => Enum.TryParse<T>(v, out var e) && Enum.IsDefined(e) ? name(e) : null;

    /// <summary>Whether a record kind's field holds codes named in <see cref="Codes"/>.</summary>
    public static bool IsCoded(string kind, string field) => Codes.ContainsKey((kind, field));

    /// <summary>A stored code of a record kind's field in words (null when the field holds no codes or the value is not one).</summary>
    public static string? CodeName(string kind, string field, string value) => Codes.TryGetValue((kind, field), out var name) ? name(value) : null;

    public static string Field(string name) => FieldNames.TryGetValue(name, out var n) ? n : name;

    /// <summary>Where a record kind's field means more than the shared name says (a decision's kind is the decision).</summary>
    private static readonly Dictionary<(string Kind, string Field), string> KindFieldNames = new()
    {
        [("DecisionRecord", "Kind")] = "决定", [("DecisionRecord", "Outcome")] = "评估等次", [("Assessment", "Outcome")] = "评估等次",
        [("ChangeRequest", "Kind")] = "变更事项", [("ChangeAttachment", "Kind")] = "材料类别", [("ScopeAttachment", "Kind")] = "材料类别", [("CalendarEntry", "Kind")] = "安排",
        [("Region", "Level")] = "行政级别", [("RiskLevelChange", "Level")] = "风险等级", [("Occupation", "Kind")] = "评价类别",
        [("CertificateRecord", "Number")] = "证书编号", [("ImportBatch", "Kind")] = "导入的记录", [("IdentityRole", "Name")] = "角色",
    };

    private static string Field(string kind, string name) => KindFieldNames.TryGetValue((kind, name), out var n) ? n : Field(name);

    /// <summary>Whether a stored field is either named in Chinese or bookkeeping the log leaves out (never shown by its column name).</summary>
    public static bool IsNamed(string name) => FieldNames.ContainsKey(name) || Internal.Contains(name);

    /// <summary>
    /// Fields that are bookkeeping, not content: ids and versions, and the sign-in library's own columns of an account
    /// (stamps, normalised copies, confirmation and lockout flags this system does not use; a failed sign-in is its own entry).
    /// </summary>
    private static readonly HashSet<string> Internal = new(StringComparer.Ordinal)
    {
        "Id", "Version", "NormalizedUserName", "NormalizedEmail", "NormalizedName", "SecurityStamp", "ConcurrencyStamp", "PasswordHash",
        "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "LockoutEnd", "AccessFailedCount",
        // a certificate holder's ID number is kept encrypted and as a lookup hash; the log shows the masked number only
        "IdCipher", "IdHash",
        // the statistics rollup's "is this figure known" flags: the figure itself is logged, empty when unknown
        "BatchesKnown", "CertifiedKnown", "PassedKnown", "SubsidyRecipientsKnown",
        "CertifiedL1Known", "CertifiedL2Known", "CertifiedL3Known", "CertifiedL4Known", "CertifiedL5Known",
        "PassedL1Known", "PassedL2Known", "PassedL3Known", "PassedL4Known", "PassedL5Known",
    };

    /// <summary>
    /// The fields of a record of the given kind whose value differs between before and after (all of them for an
    /// addition or a deletion), each value in words: codes by <see cref="Codes"/>, a region code as its name, structured
    /// content (JSON) by the Chinese text it holds.
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(string kind, string? before, string? after)
    {
        var b = Parse(before);
        var a = Parse(after);
        return b.Keys.Union(a.Keys).Where(k => !Internal.Contains(k))
            .Select(k => (Key: k, B: b.GetValueOrDefault(k), A: a.GetValueOrDefault(k)))
            .Where(x => x.B != x.A && !(before is null && x.A is null) && !(after is null && x.B is null))
            .Select(x => new FieldChange(Field(kind, x.Key), Value(kind, x.Key, x.B), Value(kind, x.Key, x.A))).ToList();
    }

    private static string? Value(string kind, string field, string? v)
    {
        if (v is null) return null;
        if (CodeName(kind, field, v) is { } named) return named;
        if (field == "RegionCode" && Regions.FullName(v) is { Length: > 0 } region) return region;
        return Structured(v) ?? v;
    }

    /// <summary>
    /// Structured content (a JSON object or list kept in one field: a decision's grounds, a sheet's answers, a notice's
    /// tables) as the Chinese text it holds, without its keys: "共3项：…" for a list. Null when the value is not JSON.
    /// </summary>
    internal static string? Structured(string v)
    {
        var t = v.TrimStart();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) return null;
        try
        {
            using var doc = JsonDocument.Parse(v);
            var texts = new List<string>();
            Collect(doc.RootElement, texts);
            var count = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.GetArrayLength() : doc.RootElement.EnumerateObject().Count();
            var head = doc.RootElement.ValueKind == JsonValueKind.Array ? $"共{count}项" : $"{count}项内容";
            return texts.Count == 0 ? head : $"{head}：{string.Join("；", texts.Distinct())}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Collect(JsonElement e, List<string> texts)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Collect(p.Value, texts); break;
            case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Collect(i, texts); break;
            case JsonValueKind.String when e.GetString() is { } s && s.Any(IsCjk): texts.Add(s.Trim()); break;
        }
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

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
