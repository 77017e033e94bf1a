using Shouldly;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Tests.Statistics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Publication;

/// <summary>
/// A notice audited against another document of the same campaign. Seed 000 (the Xinzhou 2023 results) against seed 002
/// (its plan): the plan counts 24 bodies conducting, the results 25; 太原聚汇 is marked 未开展 in the plan and listed as
/// conducting, with 2023 figures, in the results. Everything else agrees, so the full set of cross findings is asserted.
/// </summary>
public sealed class NoticeCrossAuditTests
{
    private const string PlanTitle = "忻州市2023年职业技能等级评价机构年度绩效考核工作方案";

    private static List<NoticeFinding> Cross(NoticeAuditReport report) => report.Findings.Where(f => f.Kind.StartsWith("notice.cross-", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Results_against_plan_report_the_conducting_count_and_the_body_marked_not_conducted()
    {
        var report = NoticeAudit.Run(Seeds.Read("000_"), against: new NoticeReference(PlanTitle, Seeds.Read("002_")));

        report.ComparedWith.ShouldBe(PlanTitle);
        var cross = Cross(report);
        cross.Select(f => (f.Kind, f.Stated, f.Computed)).ShouldBe(
        [
            // 二: "已开展评价工作的 25 个" against 附件1 "(共 48 个, 其中开展评价的 24 个)"
            (NoticeKinds.CrossCount, "25", "24"),
            // 二(一)1 and 附件1 row 12 against the plan's "12、太原聚汇学科技有限公司 (未开展)"
            (NoticeKinds.CrossState, "已开展", "未开展"),
        ], ignoreOrder: true);
        var count = cross.Single(f => f.Kind == NoticeKinds.CrossCount);
        count.Message.ShouldContain($"《{PlanTitle}》");
        count.Location.Line.ShouldNotBeNull();
        var state = cross.Single(f => f.Kind == NoticeKinds.CrossState);
        state.Message.ShouldContain("太原聚汇学科技有限公司");
        state.Message.ShouldContain("未开展");
        state.Message.ShouldContain("组织评价 375 人");
        // the notice's own findings are still there, unchanged
        report.Findings.Count(f => f.Kind == NoticeKinds.NameMismatch).ShouldBe(2);
    }

    [Fact]
    public void Plan_against_results_reports_the_same_disagreement_from_the_other_side()
    {
        var report = NoticeAudit.Run(Seeds.Read("002_"), against: new NoticeReference("《" + "2023年度绩效考核工作情况" + "》", Seeds.Read("000_")));

        var cross = Cross(report);
        cross.Select(f => (f.Kind, f.Stated, f.Computed)).ShouldBe(
        [
            (NoticeKinds.CrossCount, "24", "25"),
            (NoticeKinds.CrossState, "未开展", "已开展"),
        ], ignoreOrder: true);
        var state = cross.Single(f => f.Kind == NoticeKinds.CrossState);
        state.Location.Table.ShouldBe("附件1");
        state.Message.ShouldContain("《2023年度绩效考核工作情况》");
        report.ComparedWith.ShouldBe("2023年度绩效考核工作情况");
    }

    [Fact]
    public void A_notice_against_itself_finds_nothing()
    {
        var text = Seeds.Read("000_");
        Cross(NoticeAudit.Run(text, against: new NoticeReference("同一公告", text))).ShouldBeEmpty();
    }

    [Fact]
    public void Counts_written_in_Chinese_numerals_are_compared_like_arabic_ones()
    {
        const string plan = "附件1\n\n名单\n\n(共三个, 其中开展评价的两个)\n\n一、市属机构 (三个)\n\n- 1、甲职业培训学校\n- 2、乙人力资源有限公司\n- 3、丙技工学校 (未开展)\n";
        const string results = "二、概况\n\n评价机构共计三个。其中：已开展评价工作的三个、未开展评价工作的0个。\n\n（一）已开展工作的三个机构\n\n1. 市属机构三个。甲职业培训学校、乙人力资源有限公司、丙技工学校。\n";

        var cross = Cross(NoticeAudit.Run(results, against: new NoticeReference("方案", plan)));

        cross.Select(f => (f.Kind, f.Stated, f.Computed)).ShouldBe(
        [
            (NoticeKinds.CrossCount, "3", "2"),
            (NoticeKinds.CrossState, "已开展", "未开展"),
        ], ignoreOrder: true);
        cross.Single(f => f.Kind == NoticeKinds.CrossState).Message.ShouldContain("丙技工学校");
    }

    [Fact]
    public void A_body_in_only_one_document_and_a_body_spelled_differently_are_reported()
    {
        const string plan = "附件1\n\n名单\n\n(共 3 个, 其中开展评价的 3 个)\n\n一、市属机构 (3 个)\n\n- 1、甲职业培训学校\n- 2、乙人力资源服务有限公司\n- 3、丙技工学校\n";
        const string results = "二、概况\n\n（一）已开展工作的 3 个机构\n\n1. 市属机构 3 个。甲职业培训学校、乙人力资源有限公司、丁建筑劳务有限公司。\n";

        var cross = Cross(NoticeAudit.Run(results, against: new NoticeReference("方案", plan)));

        cross.Select(f => (f.Kind, f.Stated, f.Computed)).ShouldBe(
        [
            (NoticeKinds.CrossSpelling, "乙人力资源有限公司", "乙人力资源服务有限公司"),
            (NoticeKinds.CrossMissing, null, "丙技工学校"),
            (NoticeKinds.CrossMissing, "丁建筑劳务有限公司", null),
        ], ignoreOrder: true);
        cross.ShouldAllBe(f => f.Message.Contains("《方案》"));
    }
}
