using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>/Reviews/Rectifications as each side first sees it: with nothing to rectify, the page says so and what brings items there.</summary>
public sealed class RectificationPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task With_no_items_the_officer_and_the_body_are_told_where_rectifications_come_from_instead_of_an_empty_table()
    {
        var officer = new HtmlParser().ParseDocument(await (await app.OfficerAsync()).GetStringAsync("/Reviews/Rectifications"));
        officer.QuerySelectorAll("#rectifications tbody tr").Length.ShouldBe(0);
        officer.QuerySelector("#no-rectifications")!.TextContent.ShouldContain("作出“暂不予延续备案”或“暂停评价活动”的评估意见后");

        var body = new HtmlParser().ParseDocument(await (await app.SignedInAsync("body", "Body#2026")).GetStringAsync("/Reviews/Rectifications"));
        body.QuerySelector("#no-rectifications")!.TextContent.ShouldContain("请在期限内提交整改情况和证明材料");
    }
}
