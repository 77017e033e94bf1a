using SkillsAudit.Data;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// What each restricted part of the site is and who may use it: the 无权访问 page explains a refusal with it, and the
/// navigation shows a link only to those who may follow it.
/// </summary>
public static class PageCatalog
{
    public sealed record Entry(string Prefix, string Title, string Description, IReadOnlyList<string> Roles);

    private static readonly string[] Staff = [Data.Roles.Officer, Data.Roles.Admin];
    private static readonly string[] AdminOnly = [Data.Roles.Admin];
    private static readonly string[] SignedIn = [.. Data.Roles.All];

    // Longest prefix first: the most specific entry wins.
    public static readonly IReadOnlyList<Entry> Entries = new List<Entry>
    {
        new("/Admin/Users", "账号管理", "创建账号、停用与启用、重置密码、修改角色与绑定", AdminOnly),
        new("/Admin/User", "账号详情", "一个账号的信息、绑定与状态", AdminOnly),
        new("/Admin/Calendar", "节假日安排", "法定节假日与调休工作日（计算工作日期限）", AdminOnly),
        new("/Roster", "专家库/检查人员库", "专家与检查人员名册、回避关系与名册导入", Staff),
        new("/Audit/Jobs", "定时任务", "每日任务的运行记录与手动运行", AdminOnly),
        new("/Audit", "审计日志", "谁在何时做了什么，及修改前后的内容", AdminOnly),
        new("/Rules/Retention", "资料保管清理", "保管期满资料的清理", AdminOnly),
        new("/Rules/Occupations", "新增职业申请", "审核本地区机构的新增职业（工种）申请", Staff),
        new("/Rules", "日常监管", "变更申请、新增职业、双随机抽查", Staff),
        new("/Certificates/Import", "证书名册导入", "导入机构的证书发放名册", Staff),
        new("/Certificates/CrossCheck", "名册与统计核对", "证书名册与统计报表的核对", Staff),
        new("/Certificates/Revoke", "撤销证书", "撤销登记错误或弄虚作假取得的证书", Staff),
        new("/Registry/Edit", "修改备案", "新建或修改备案信息", Staff),
        new("/Registry/Import", "导入备案", "从 Excel 批量新增或修改备案", Staff),
        new("/Statistics/Import", "统计文件导入", "从 Excel 导入评价统计数据", Staff),
        new("/Risk/Body", "机构风险等级", "一个机构的风险等级及其依据", SignedIn),
        new("/Risk", "风险监管", "各机构的风险等级、权重与阈值", Staff),
        new("/Rubrics/Import", "导入评估表", "从 Excel 导入评估表", Staff),
        new("/Publication", "公告核查与结果公告", "核查公告文字、生成与发布结果公告", Staff),
        new("/Body/Occupations", "本机构新增职业申请", "机构用户为本机构申请新增职业（工种）", [Data.Roles.BodyUser]),
        new("/Body", "本机构变更申请", "机构用户为本机构提交变更申请", [Data.Roles.BodyUser]),
        new("/Reviews/Board", "考核看板", "一次考核中各机构的进度、专家分配与催办", Staff),
        new("/Reviews/Decisions", "评估意见", "按考核结果拟定续期、整改、暂停或终止的意见", Staff),
        new("/Reviews", "绩效考核", "考核方案、自评、考核小组评分与结果", SignedIn),
        new("/Statistics/Entry", "统计填报", "评价统计数据的填报", SignedIn),
        new("/ApiDocs", "接口说明", "供系统对接使用的 JSON 接口说明", Staff),
        new("/Account/ChangePassword", "修改密码", "修改本人的登录密码", SignedIn),
    }.OrderByDescending(e => e.Prefix.Length).ToList();

    public static Entry? Find(string? path) =>
        string.IsNullOrEmpty(path) ? null : Entries.FirstOrDefault(e => path.StartsWith(e.Prefix, StringComparison.OrdinalIgnoreCase));

    public static string RoleNames(Entry e) => e.Roles.Count == Data.Roles.All.Count ? "所有已登录的用户" : string.Join("、", e.Roles.Select(Data.Roles.Chinese));
}
