using Shouldly;
using SkillsAudit.Domain.Common;
using Xunit;

namespace SkillsAudit.Domain.Tests.Common;

public sealed class ChineseNumeralsTests
{
    [Theory]
    [InlineData(0, "零")]
    [InlineData(1, "一")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(21, "二十一")]
    [InlineData(29, "二十九")]
    [InlineData(100, "一百")]
    [InlineData(105, "一百零五")]
    [InlineData(110, "一百一十")]
    [InlineData(1010, "一千零一十")]
    [InlineData(8884, "八千八百八十四")]
    [InlineData(20_000, "二万")]
    [InlineData(20_005, "二万零五")]
    public void Numbers_are_written_and_read_back_the_way_documents_write_them(int n, string chinese)
    {
        ChineseNumerals.ToChinese(n).ShouldBe(chinese);
        ChineseNumerals.TryParse(chinese, out var back).ShouldBeTrue();
        back.ShouldBe(n);
    }

    [Fact]
    public void Every_number_to_a_thousand_reads_back_as_itself()
    {
        for (var n = 0; n <= 1000; n++)
        {
            ChineseNumerals.TryParse(ChineseNumerals.ToChinese(n), out var back).ShouldBeTrue(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            back.ShouldBe(n);
        }
    }

    [Fact]
    public void Articles_and_headings_use_chinese_numerals()
    {
        ChineseNumerals.Article(21).ShouldBe("第二十一条");
        ChineseNumerals.Heading(2).ShouldBe("二、");
        ChineseNumerals.SubHeading(3).ShouldBe("（三）");
    }

    [Theory]
    [InlineData("两", 2)]
    [InlineData("〇", 0)]
    [InlineData("一十二", 12)]
    public void Variant_forms_are_read(string text, int n)
    {
        ChineseNumerals.TryParse(text, out var v).ShouldBeTrue();
        v.ShouldBe(n);
    }

    [Theory]
    [InlineData("")]
    [InlineData("二五")]
    [InlineData("25")]
    [InlineData("十a")]
    public void What_is_not_a_numeral_is_refused(string text) => ChineseNumerals.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Counts_in_running_text_become_arabic_and_ordinals_stay()
    {
        ChineseNumerals.NormaliseCounts("全市共有二十五个评价机构，其中三家未开展，十二个合格；第三个机构除外。")
            .ShouldBe("全市共有25个评价机构，其中3家未开展，12个合格；第三个机构除外。");
        ChineseNumerals.NormaliseCounts("一、职业技能等级评价概况").ShouldBe("一、职业技能等级评价概况");
        ChineseNumerals.NormaliseCounts("两家机构").ShouldBe("2家机构");
    }

    [Fact]
    public void Numbers_outside_the_range_are_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => ChineseNumerals.ToChinese(100_000));
}
