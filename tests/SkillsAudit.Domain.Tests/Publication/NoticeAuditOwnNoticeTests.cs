using Shouldly;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Tests.Statistics;
using Xunit;
using static SkillsAudit.Domain.Tests.Publication.NoticeAuditSeedTests;

namespace SkillsAudit.Domain.Tests.Publication;

/// <summary>Notices written for the tests (Publication/notices), each deliberate error asserted, and a clean one.</summary>
public sealed class NoticeAuditOwnNoticeTests
{
    private static string Notice(string file) =>
        File.ReadAllText(Path.Combine(Seeds.RepositoryRoot, "tests", "SkillsAudit.Domain.Tests", "Publication", "notices", file));

    [Fact]
    public void A_notice_copied_from_its_public_page_counts_no_totals_row_as_a_listed_body()
    {
        // The text a browser copies from the app's own published notice (附件1 12 省属 rows, 附件2 13 市属 rows, each
        // with a 合计 row whose label stands in the 机构名称 cell; the merged header cells come out misaligned).
        var report = NoticeAudit.Run(Notice("copied-from-public-page.txt"));
        report.Findings.ShouldNotContain(f => f.Kind == "notice.count-mismatch");
        report.Findings.ShouldNotContain(f => f.Stated == "合计");
    }

    [Fact]
    public void Markdown_notice_every_deliberate_error_is_reported_and_nothing_else()
    {
        var report = NoticeAudit.Run(Notice("errors-markdown.md"));
        report.Findings.Select(Key).ShouldBe(
        [
            ("stat.rate-mismatch", 7, null, null, null),                 // 550/710 = 77.46%, printed 77.50%
            ("notice.statement-arithmetic", 7, null, null, null),        // 100+200+240 = 540 ≠ 550
            ("stat.statement-mismatch", 7, "附件1、附件2", null, "高级人数"), // 240 vs 180 in the tables
            ("stat.statement-mismatch", 9, "附件1", null, "组织评价"),      // 省属 600 vs 附件1 合计 610
            ("stat.statement-mismatch", 9, "附件1", null, "合格率"),        // 80.00% vs 480/610 = 78.69%
            ("notice.parts-sum", 13, null, null, null),                  // 共计 10 = 6 + 3 ?
            ("notice.parts-sum", 15, null, null, null),                  // 6 = 3 + 2 ?
            ("notice.count-mismatch", 17, null, null, null),             // "3 个" then four names
            ("notice.count-mismatch", 17, "附件1", null, null),          // "3 个" but 附件1 has four rows
            ("notice.distribution-mismatch", 23, "附件2", null, "考核小组打分"), // C 0 stated, 65.00 listed
            ("notice.percent-mismatch", 25, null, null, null),           // 1 of 3 is not 40%
            ("stat.rate-mismatch", 34, "附件1", "2", "评价合格率 (%)"),   // 120/150 = 80.00%, printed 85.00%
            ("stat.row-number-sequence", 35, "附件1", "4", "序号"),       // 1, 2, 4, 5
            ("notice.name-mismatch", 36, "附件1", "5", "机构名称"),        // 庚辛家政服务协会 vs 庚辛家政协会
            ("notice.duplicate", 47, "附件2", "3", "机构名称"),            // 壬癸职业中学校 twice
        ]);
        var byLine = report.Findings.ToLookup(f => (f.Kind, f.Location.Line));
        byLine[("stat.rate-mismatch", 7)].Single().Computed.ShouldBe("77.46%");
        byLine[("notice.percent-mismatch", 25)].Single().Stated.ShouldBe("40%");
        byLine[("notice.percent-mismatch", 25)].Single().Computed.ShouldBe("33.33%");
        byLine[("notice.distribution-mismatch", 23)].Single().Message.ShouldContain("65");
        // 89.50 is B (70 ≤ score < 90), not A: the half-open bands leave A and B in agreement
        byLine[("notice.distribution-mismatch", 23)].Single().Stated.ShouldBe("0");
        byLine[("notice.name-mismatch", 36)].Single().Computed.ShouldBe("庚辛家政协会");
    }

    [Fact]
    public void Tab_separated_star_notice_every_deliberate_error_is_reported_and_nothing_else()
    {
        var report = NoticeAudit.Run(Notice("errors-tabs.txt"));
        report.Findings.Select(Key).ShouldBe(
        [
            ("notice.distribution-mismatch", 5, "附件", null, "星级"),          // 五星级 2家, one ★★★★★ row
            ("notice.distribution-mismatch", 5, "附件", null, "星级"),          // 四星级 2家, three ★★★★ rows
            ("notice.parts-sum", 5, null, null, null),                        // 5家（含企业2家、院校2家）
            ("notice.filing-number", 14, "附件", "3", "机构备案号"),            // S000034040006 twice
            ("stat.row-number-sequence", 15, "附件", "3", "序号"),              // 1, 2, 3, 3, 5
            ("notice.filing-number", 15, "附件", "3", "机构备案号"),            // X00003404001 is not a filing number
        ]);
        report.Findings.Where(f => f.Kind == NoticeKinds.Distribution).Select(f => (f.Stated, f.Computed)).ShouldBe([("2", "1"), ("2", "3")]);
        report.Findings.Where(f => f.Kind == NoticeKinds.FilingNumber).Select(f => f.Severity).ShouldBe([NoticeSeverity.Error, NoticeSeverity.Warning]);
    }

    [Fact]
    public void Annex_list_notice_every_deliberate_error_is_reported_and_nothing_else()
    {
        var report = NoticeAudit.Run(Notice("errors-list.txt"));
        report.Findings.Select(Key).ShouldBe(
        [
            ("notice.count-mismatch", 7, "附件1", null, null),   // 6 个评价机构（附件 1）, five listed
            ("notice.count-mismatch", 13, "附件1", null, null),  // 开展评价的 3 个, four unmarked
            ("notice.count-mismatch", 15, "附件1", null, null),  // 省属机构 (3 个), two listed
            ("notice.count-mismatch", 20, "附件1", null, null),  // 市属机构 (2 个), three listed
            ("notice.list-numbering", 23, "附件1", "3", null),   // 1, 3, 4
            ("notice.duplicate", 23, "附件1", "3", null),        // 壬癸职业中学校 (原平市) = 壬癸职业中学校
        ]);
        report.Findings.Single(f => f.Location.Line == 13).Computed.ShouldBe("4");
    }

    [Fact]
    public void A_notice_whose_figures_all_agree_produces_no_finding()
    {
        // rates at 0, 1 and 2 decimals, a "-" level, 89.99 as B and 90.00 as A, parts and subsections adding up
        var report = NoticeAudit.Run(Notice("clean.md"));
        report.Findings.ShouldBeEmpty();
        report.StatementsChecked.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void With_a_registry_names_are_compared_with_registered_names_and_aliases()
    {
        var registry = new List<RegisteredName>
        {
            new("太原聚汇学科技有限公司", ["太原聚汇科技有限公司"]),
            new("山西工程职业学院", []),
            new("忻州市实用职业技术培训学校", []),
        };
        var text = "1. 省属机构 2 个。山西工程职业学院、太原聚汇科技有限公司。\n\n2. 市属机构 2 个。忻州市实用技术职业学校、某某无关单位。\n";
        var report = NoticeAudit.Run(text, registry);
        report.RegistryChecked.ShouldBeTrue();
        report.Findings.Select(f => (f.Kind, f.Stated, f.Computed)).ShouldBe(
        [
            ("notice.name-registry-alias", "太原聚汇科技有限公司", "太原聚汇学科技有限公司"),
            ("notice.name-not-in-registry", "忻州市实用技术职业学校", "忻州市实用职业技术培训学校"),
            ("notice.name-not-in-registry", "某某无关单位", null),
        ]);
    }

    [Fact]
    public void Unreadable_parts_are_named_and_the_rest_is_audited()
    {
        var text = "一、情况\n\n共计 5 个。其中：甲 2 个、乙 2 个。\n\n附件1\n\n| 名称 | 数值 |\n|---|---|\n| 甲 | 一百 |\n";
        var report = NoticeAudit.Run(text);
        report.Findings.Select(f => f.Kind).ShouldBe([NoticeKinds.PartsSum, NoticeKinds.NotAudited]);
        report.Findings[1].Message.ShouldContain("附件1");
        NoticeAudit.Run("   \n").Findings.ShouldHaveSingleItem().Kind.ShouldBe(NoticeKinds.NotAudited);
    }

    [Theory]
    [InlineData("90分及以上", 90.0, null)]
    [InlineData("70-89分", 70.0, 90.0)]
    [InlineData("60-69分", 60.0, 70.0)]
    [InlineData("60分以下", null, 60.0)]
    [InlineData("70.5-89.5分", 70.5, 89.5)]
    public void Stated_bands_are_half_open(string range, double? min, double? below)
    {
        var band = NoticeAudit.ParseBand("X", range).ShouldNotBeNull();
        band.Min.ShouldBe(min is null ? null : (decimal)min);
        band.Below.ShouldBe(below is null ? null : (decimal)below);
    }
}
