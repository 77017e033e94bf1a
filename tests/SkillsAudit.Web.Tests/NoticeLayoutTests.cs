using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Shouldly;
using SkillsAudit.Data.Features.Publication;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The notice list and the notice's annex tables on a phone (390 px): nothing broken one character a line, no figures out of sight unsaid.</summary>
public sealed class NoticeLayoutTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_staff_notice_list_is_a_card_per_notice_on_a_phone_keeps_state_and_dates_whole_and_leaves_the_address_to_wide_screens()
    {
        var officer = await app.OfficerAsync();
        (await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市" })).EnsureSuccessStatusCode();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Publication/Notices"));
        page.QuerySelector("#notices")!.ClassList.ShouldContain("stack-sm"); // a card per notice on a phone
        var rows = page.QuerySelectorAll("#notices tbody tr");
        rows.Length.ShouldBeGreaterThan(1);
        foreach (var row in rows)
        {
            var cells = row.QuerySelectorAll("td");
            cells[1].ClassList.ShouldContain("text-nowrap"); // 已发布, not 已 / 发 / 布
            cells[4].ClassList.ShouldContain("d-none");
            cells[4].ClassList.ShouldContain("d-md-table-cell");
        }
        // the draft has no 公示期 yet: said, not a lone dash
        rows.ShouldContain(r => r.QuerySelectorAll("td")[1].TextContent == "草稿" && r.QuerySelectorAll("td")[2].TextContent.Trim() == "未设定");
        rows.ShouldContain(r => r.QuerySelectorAll("td")[2].TextContent.Contains("2024-01-25 – 2024-02-01"));
    }

    [Fact]
    public async Task Each_annex_table_tells_a_phone_reader_it_scrolls_sideways_and_the_print_leaves_it_out()
    {
        var anonymous = app.CreateClient();
        var list = new HtmlParser().ParseDocument(await anonymous.GetStringAsync("/Public"));
        var slug = list.QuerySelectorAll("tr.public-notice").First().GetAttribute("data-slug");
        var page = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/Public/{slug}"));
        var tables = page.QuerySelectorAll("#notice .table-responsive");
        tables.Length.ShouldBe(2);
        foreach (var t in tables) t.PreviousElementSibling!.ClassName.ShouldBe("notice-scroll-hint");
        var css = NoticeHtml.Css(new NoticeFonts());
        css.ShouldContain(".notice-scroll-hint { display: none;");
        css.ShouldContain("@media screen and (max-width: 767.98px) { .notice-scroll-hint { display: block; } }");
    }
}
