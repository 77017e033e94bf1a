using Shouldly;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Tests.Statistics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Publication;

/// <summary>Counts written in Chinese numerals ("十二个", "二十五个") are read and checked like Arabic ones.</summary>
public sealed class NoticeAuditChineseNumeralTests
{
    private static readonly string Seed000 = Seeds.Read("000_");

    [Fact]
    public void Seed_000_with_its_counts_in_chinese_numerals_gives_the_same_findings()
    {
        var chinese = Seed000.Replace("省属机构 12 个", "省属机构十二个", StringComparison.Ordinal)
            .Replace("已开展工作的 25 个机构", "已开展工作的二十五个机构", StringComparison.Ordinal)
            .Replace("市属机构 13 个", "市属机构十三个", StringComparison.Ordinal);
        chinese.ShouldNotBe(Seed000);
        NoticeAudit.Run(chinese).Findings.Select(NoticeAuditSeedTests.Key).ShouldBe(NoticeAudit.Run(Seed000).Findings.Select(NoticeAuditSeedTests.Key));
    }

    [Fact]
    public void A_wrong_count_in_chinese_numerals_is_reported_like_an_arabic_one()
    {
        var arabic = NoticeAudit.Run(Seed000.Replace("省属机构 12 个", "省属机构 11 个", StringComparison.Ordinal)).Findings.Select(NoticeAuditSeedTests.Key).ToList();
        var chinese = NoticeAudit.Run(Seed000.Replace("省属机构 12 个", "省属机构十一个", StringComparison.Ordinal)).Findings.Select(NoticeAuditSeedTests.Key).ToList();
        var baseline = NoticeAudit.Run(Seed000).Findings.Select(NoticeAuditSeedTests.Key).ToList();
        arabic.Count.ShouldBeGreaterThan(baseline.Count); // the 12 names listed after "11 个" are noticed
        chinese.ShouldBe(arabic);
    }
}
