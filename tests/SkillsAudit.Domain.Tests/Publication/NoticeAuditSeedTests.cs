using Shouldly;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Tests.Statistics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Publication;

/// <summary>
/// The audit on the five seeds. The expected findings are the inconsistencies established by reading the seeds by hand
/// (docs/notice-audit.md, "What the seeds contain"); for seeds 000 and 004 the full set is asserted, so a false alarm
/// fails the test.
/// </summary>
public sealed class NoticeAuditSeedTests
{
    internal static (string Kind, int? Line, string? Table, string? Row, string? Column) Key(NoticeFinding f) =>
        (f.Kind, f.Location.Line, f.Location.Table, f.Location.Row, f.Location.Column);

    [Fact]
    public void Seed_000_reports_its_real_inconsistencies_and_nothing_else()
    {
        var report = NoticeAudit.Run(Seeds.Read("000_"));
        report.Findings.Select(Key).ShouldBe(
        [
            // 附件1: 太原聚汇学科技有限公司 in the table, 太原聚汇科技有限公司 in the text (二(一)1)
            ("notice.name-mismatch", 78, "附件1", "12", "机构名称"),
            // 附件1: the 合计 row numbered "11" after row 12
            ("stat.totals-row-numbered", 79, "附件1", "合计", "序号"),
            // 附件2: the score columns sit one column left of their headers
            ("stat.header-misaligned", 89, "附件2", null, "评价机构 自评得分 (分)"),
            // 附件2 row 5 (忻州市实用技术职业学校): only 组织评价 292 printed
            ("stat.missing-cell", 96, "附件2", "5", "评价合格 (人)"),
            ("stat.missing-cell", 96, "附件2", "5", "评价合格率 (%)"),
            ("stat.missing-cell", 96, "附件2", "5", "其中：初级 (人)"),
            ("stat.missing-cell", 96, "附件2", "5", "其中：中级 (人)"),
            ("stat.missing-cell", 96, "附件2", "5", "其中：高级 (人)"),
            // 附件2 忻州市实用技术职业学校 vs the text's 忻州市实用职业技术培训学校 (二(一)2)
            ("notice.name-mismatch", 96, "附件2", "5", "机构名称"),
            // 附件2: the 合计 row numbered "12" after row 13
            ("stat.totals-row-numbered", 105, "附件2", "合计", "序号"),
        ]);
        var names = report.Findings.Where(f => f.Kind == NoticeKinds.NameMismatch).Select(f => (f.Stated, f.Computed)).ToList();
        names.ShouldBe([("太原聚汇学科技有限公司", "太原聚汇科技有限公司"), ("忻州市实用技术职业学校", "忻州市实用职业技术培训学校")]);
        report.Findings.Where(f => f.Kind == "stat.totals-row-numbered").Select(f => f.Stated).ShouldBe(["11", "12"]);
        report.Findings.ShouldAllBe(f => f.Severity == NoticeSeverity.Warning);
    }

    [Fact]
    public void Seed_000_figures_that_agree_are_checked_and_produce_no_finding()
    {
        var report = NoticeAudit.Run(Seeds.Read("000_"));
        // 一(一)–(三) against their own rates and levels and against 附件1/附件2 合计 (and 全市 = both); 48 = 25 + 23;
        // 25 = 12 + 13, 23 = 9 + 14; the four enumerations hold 12, 13, 9 and 14 names; 附件1 has 12 rows and 附件2 13;
        // the grade distribution A0 B12 C1 D0 matches the panel scores (68.00 is the only C).
        report.StatementsChecked.ShouldBeGreaterThanOrEqualTo(10);
        report.Findings.ShouldNotContain(f => f.Kind == "stat.statement-mismatch" || f.Kind == "stat.rate-mismatch" || f.Kind == "stat.totals-mismatch"
            || f.Kind == NoticeKinds.PercentMismatch || f.Kind == NoticeKinds.CountMismatch || f.Kind == NoticeKinds.PartsSum
            || f.Kind == NoticeKinds.Distribution || f.Kind == NoticeKinds.Duplicate);
    }

    [Fact]
    public void Seed_004_reports_the_five_star_percentage_and_nothing_else()
    {
        var report = NoticeAudit.Run(Seeds.Read("004_"));
        var f = report.Findings.ShouldHaveSingleItem();
        Key(f).ShouldBe(("notice.percent-mismatch", 15, null, null, null));
        f.Severity.ShouldBe(NoticeSeverity.Error);
        f.Stated.ShouldBe("32%");
        f.Computed.ShouldBe("30.77%"); // 4/13; at the printed precision 31 ≠ 32. 2/13 → 15%, 5/13 → 38% agree.
        f.Message.ShouldContain("4/13");
        // checked and agreeing: 13 = 6+3+4 = 4+3+4+2, star counts 4/2/2 vs the annex's ★ rows, filing numbers
        report.StatementsChecked.ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public void Seed_001_lists_the_entities_held_twice_in_附件1_as_info_and_skips_the_rubric()
    {
        var report = NoticeAudit.Run(Seeds.Read("001_"));
        report.Findings.Where(f => f.Kind == NoticeKinds.Duplicate).Select(f => (f.Location.Line, f.Stated)).ShouldBe(
        [
            (134, "阳泉市热力有限责任公司企业"), (141, "阳泉木子管家家政服务有限公司企业"), (142, "阳泉职业技术学院院校"),
            (143, "平定县高级职业中学校院校"), (144, "阳泉市郊区职业高级中学校院校"),
        ]);
        // the rows differ in type and year: one legal entity may hold two filings (DOMAIN), so info, not an error
        report.Findings.Where(f => f.Kind == NoticeKinds.Duplicate).ShouldAllBe(f => f.Severity == NoticeSeverity.Info);
        // 21 = 4 + 3 + 14 agrees; the blank 附件2/附件4 forms are not findings; the 附件3 rubric is named as not audited
        var rest = report.Findings.Where(f => f.Kind != NoticeKinds.Duplicate).ShouldHaveSingleItem();
        Key(rest).ShouldBe(("notice.not-audited", 183, "附件3", null, null));
        rest.Severity.ShouldBe(NoticeSeverity.Info);
        rest.Message.ShouldContain("rubric validate");
    }

    [Fact]
    public void Seed_002_reports_27_bodies_against_the_48_listed_and_finds_the_annex_header_consistent_with_its_marks()
    {
        var report = NoticeAudit.Run(Seeds.Read("002_"));
        var count = report.Findings.Where(f => f.Kind == NoticeKinds.CountMismatch).ShouldHaveSingleItem();
        Key(count).ShouldBe(("notice.count-mismatch", 23, "附件1", null, null));
        (count.Stated, count.Computed).ShouldBe(("27", "48"));
        count.Message.ShouldContain("21、27");
        count.Message.ShouldContain("24 个");
        // "(共 48 个, 其中开展评价的 24 个)": 21 + 27 = 48 listed, 24 without "(未开展)" — they agree, so no finding;
        // "省属机构 (21 个)" and "市属机构 (27 个)" agree with their items; the numbering restarts correctly.
        report.ListsAudited.ShouldBe(1);
        report.Findings.ShouldNotContain(f => f.Kind == NoticeKinds.ListNumbering || f.Kind == NoticeKinds.Duplicate || f.Kind == NoticeKinds.PartsSum);
        report.Findings.Where(f => f.Kind != NoticeKinds.CountMismatch).ShouldAllBe(f => f.Kind == NoticeKinds.NotAudited && f.Location.Table == "附件3");
    }

    [Fact]
    public void Seed_003_has_no_figure_to_contradict_and_produces_no_finding()
    {
        NoticeAudit.Run(Seeds.Read("003_")).Findings.ShouldBeEmpty();
    }
}
