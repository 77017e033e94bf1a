using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The notice page's forms (发布, 撤回): refusals at the field with the typed input kept, and a confirmation before 撤回.</summary>
public sealed class NoticeFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HttpClient Officer, int Id)> DraftAsync()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", datedOn = "2024-01-25" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (officer, (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    }

    private static async Task<IHtmlDocument> PostFormAsync(HttpClient client, int id, string handler, Dictionary<string, string> fields)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Publication/Notice/{id}"));
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["Version"] = page.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        var res = await client.PostAsync($"/Publication/Notice/{id}?handler={handler}", new FormUrlEncodedContent(fields));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Issue_refusals_are_shown_at_their_fields_and_keep_what_was_typed()
    {
        var (officer, id) = await DraftAsync();
        var page = await PostFormAsync(officer, id, "Issue", new()
        {
            ["Title"] = "关于公布《{region}{year}年度结果》的通知", ["DocumentNumber"] = "忻人社函〔2024〕9号", ["DatedOn"] = "2024-01-25",
            ["Template"] = "现将{region}{year}年度结果公布如下{bogus}。", ["PublicFrom"] = "2024-02-10", ["PublicTo"] = "2024-02-01",
        });
        page.QuerySelector("#template-error")!.TextContent.ShouldContain("未知的数字占位符：{bogus}");
        page.QuerySelector("#Template")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#publicTo-error")!.TextContent.ShouldBe("公示期结束 2024-02-01 早于开始 2024-02-10");
        page.QuerySelector("#PublicTo")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#confirm-error")!.TextContent.ShouldContain("请勾选确认后再发布");
        page.QuerySelector("#problem")!.TextContent.ShouldNotContain("公示期结束"); // said once, at the field
        // what was typed stays in the form
        page.QuerySelector("#Template")!.TextContent.Trim().ShouldBe("现将{region}{year}年度结果公布如下{bogus}。");
        page.QuerySelector("#PublicFrom")!.GetAttribute("value").ShouldBe("2024-02-10");
        page.QuerySelector("#PublicTo")!.GetAttribute("value").ShouldBe("2024-02-01");
        page.QuerySelector("#DocumentNumber")!.GetAttribute("value").ShouldBe("忻人社函〔2024〕9号");
        page.QuerySelector("#state")!.TextContent.ShouldBe("草稿");
    }

    [Fact]
    public async Task Withdraw_refusals_are_shown_at_their_fields_and_the_button_asks_for_confirmation()
    {
        var (officer, id) = await DraftAsync();
        var issued = await officer.PostAsJsonAsync($"/api/notices/{id}/issue",
            new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true, noDocumentNumber = true });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());

        var form = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Publication/Notice/{id}"));
        var withdraw = form.QuerySelector("#withdraw")!;
        withdraw.GetAttribute("data-confirm").ShouldNotBeNullOrWhiteSpace();
        withdraw.GetAttribute("data-confirm-ok").ShouldBe("确定撤回");

        var page = await PostFormAsync(officer, id, "Withdraw", new() { ["Reason"] = "" });
        page.QuerySelector("#reason-error")!.TextContent.ShouldBe("请填写撤回理由");
        page.QuerySelector("#Reason")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#confirm-error")!.TextContent.ShouldContain("请确认后再撤回");
        page.QuerySelector("#state")!.TextContent.ShouldBe("已发布");

        page = await PostFormAsync(officer, id, "Withdraw", new() { ["Reason"] = "数据有误" });
        page.QuerySelector("#Reason")!.GetAttribute("value").ShouldBe("数据有误");
        page.QuerySelector("#reason-error").ShouldBeNull();
        page.QuerySelector("#confirm-error").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_withdrawn_notice_says_it_takes_no_complaints_because_it_was_withdrawn_not_because_of_its_dates()
    {
        var (officer, id) = await DraftAsync();
        var issued = await officer.PostAsJsonAsync($"/api/notices/{id}/issue",
            new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true, noDocumentNumber = true });
        var slug = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
        var anonymous = app.CreateClient();
        var open = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/Public/{slug}"));
        open.QuerySelector("#window")!.TextContent.ShouldContain("可通过下方表单投诉举报");

        (await officer.PostAsJsonAsync($"/api/notices/{id}/withdraw", new { reason = "数据有误", confirm = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/Public/{slug}"));
        var window = page.QuerySelector("#window")!.TextContent;
        window.ShouldContain("本通知已撤回，不再受理投诉举报。");
        window.ShouldNotContain("不在公示期内"); // today is inside 2024-01-25 … 2099-12-31
        page.QuerySelector("#complaint-form").ShouldBeNull();
    }
}
