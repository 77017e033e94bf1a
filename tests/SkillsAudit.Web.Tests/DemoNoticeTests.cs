using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The demo carries Xinzhou's 2023 campaign to the notice that closed it: seed 000 (忻州市人力资源和社会保障局《关于公布〈忻州市
/// 2023 年度职业技能等级评价年度绩效考核工作情况〉的通知》, 2024年1月25日, no 发文字号) is on the public list after the demo
/// load, its page prints seed 000's text with the figures from the data and its two annexes with the rows of 附件1/附件2.
/// </summary>
public sealed class DemoNoticeTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Title = "关于公布《忻州市2023年度职业技能等级评价年度绩效考核工作情况》的通知";

    private static async Task<string> DemoSlugAsync(HttpClient anonymous)
    {
        var list = new HtmlParser().ParseDocument(await anonymous.GetStringAsync("/Public"));
        var row = list.QuerySelectorAll("tr.public-notice").SingleOrDefault(r => r.TextContent.Contains(Title, StringComparison.Ordinal));
        row.ShouldNotBeNull($"/Public lists no {Title}");
        return row.GetAttribute("data-slug")!;
    }

    /// <summary>The rows of the table whose caption names the annex, each as its cells' text.</summary>
    private static List<List<string>> AnnexRows(AngleSharp.Dom.IDocument page, string caption) =>
        page.QuerySelectorAll("table.notice-table").Single(t => t.QuerySelector("caption")!.TextContent.Contains(caption, StringComparison.Ordinal))
            .QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td, th").Select(c => c.TextContent.Trim()).ToList()).ToList();

    [Fact]
    public async Task After_the_demo_load_the_public_list_shows_seed_000_and_its_page_shows_the_annex_rows_with_the_seed_figures()
    {
        var anonymous = app.CreateClient();
        var list = await anonymous.GetStringAsync("/Public");
        list.ShouldNotContain("暂无已发布的公告");
        var slug = await DemoSlugAsync(anonymous);
        var listRow = new HtmlParser().ParseDocument(list).QuerySelector($"tr.public-notice[data-slug='{slug}']")!.TextContent;
        listRow.ShouldContain("忻州市");
        listRow.ShouldContain("公示期已结束"); // 2024-01-25 to 2024-02-01, long past
        // seed 000 prints no 发文字号: the column says so rather than standing empty under its heading
        new HtmlParser().ParseDocument(list).QuerySelector($"tr.public-notice[data-slug='{slug}'] td[data-label='发文字号']")!.TextContent.Trim().ShouldBe("未编发文字号");

        var response = await anonymous.GetAsync($"/Public/{slug}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        page.QuerySelector("#public-from")!.TextContent.ShouldBe("2024-01-25");
        page.QuerySelector("#public-to")!.TextContent.ShouldBe("2024-02-01");
        var notice = page.QuerySelector("#notice")!.TextContent;
        notice.ShouldContain("忻州市人力资源和社会保障局");
        notice.ShouldContain("2024年1月25日");
        page.QuerySelector("#complaint-form").ShouldBeNull(); // outside its 公示期

        // 附件1 (省属机构), seed 000 lines 66–79: the bodies' figures and the totals 4691 / 3831 / 81.67% / 62 / 1039 / 2730.
        var prov = AnnexRows(page, "（省属机构）");
        prov.Count.ShouldBe(13);
        prov.Single(r => r[1] == "山西寰信人力资源有限公司").Skip(2).Take(3).ShouldBe(["1138", "971", "85.33%"]);
        prov.Single(r => r[1] == "山西工程职业学院").Skip(2).ShouldBe(["673", "609", "90.49%", "49", "464", "96"]);
        prov[^1].Skip(1).ShouldBe(["合计", "4691", "3831", "81.67%", "62", "1039", "2730"]);

        // 附件2 (忻州市属), seed 000 lines 91–105: figures, 自评得分 and 考核小组打分; row 5 prints only its 292 assessed.
        var city = AnnexRows(page, "（忻州市属）");
        city.Count.ShouldBe(14);
        city.Single(r => r[1] == "忻州市驿荣职业技术培训学校").Skip(2).ShouldBe(["302", "295", "97.68%", "40", "255", "0", "103.00", "79.75"]);
        city.Single(r => r[1] == "岢岚县晨睿职业培训学校").Skip(2).ShouldBe(["1333", "1216", "91.22%", "360", "856", "0", "112.75", "80.85"]);
        var row5 = city.Single(r => r[1] == "忻州市实用职业技术培训学校");
        row5[2].ShouldBe("292");
        row5.TakeLast(2).ShouldBe(["115.00", "68.00"]);
        city[^1].Skip(1).Take(4).ShouldBe(["合计", "4193", "3435", "81.92%"]);
    }

    [Fact]
    public async Task The_demo_notice_reads_like_seed_000_title_date_text_and_no_document_number()
    {
        var anonymous = app.CreateClient();
        var slug = await DemoSlugAsync(anonymous);
        var n = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/notices/{slug}");
        n.GetProperty("title").GetString().ShouldBe(Title);
        n.GetProperty("authority").GetString().ShouldBe("忻州市人力资源和社会保障局");
        n.GetProperty("documentNumber").ValueKind.ShouldBe(JsonValueKind.Null);
        n.GetProperty("date").GetString().ShouldBe("2024年1月25日");
        var text = n.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToList();
        text.ShouldContain("（一）全市基本情况。截至12月底，全市共组织评价8884人，合格7266人，合格率81.79%。其中：初级514人、中级4022人、高级2730人。");
        text.ShouldContain("（二）省属评价机构。截至12月底，年内共组织评价4691人，合格3831人，合格率81.67%。其中：初级62人、中级1039人、高级2730人。");
        text.ShouldContain("（三）市属机构评价。截至12月底，年内共组织评价4193人，合格3435人，合格率81.92%，其中：初级452人、中级2983人。");
        text.ShouldContain(p => p.StartsWith("2023年，在忻州市备案并以忻州市推进“人人持证、技能社会”建设工作领导小组发文公布", StringComparison.Ordinal)
            && p.EndsWith("的评价机构共计48个。其中：已开展评价工作的25个、未开展评价工作的23个。", StringComparison.Ordinal));
        text.ShouldContain("（一）制定工作方案。2023年12月12日，以忻州市人力资源和社会保障局印发《忻州市2023年职业技能等级评价机构年度绩效考核工作方案的通知》（忻人社函〔2023〕118号）（以下简称《考核工作方案》）。");
        text.ShouldContain(p => p.StartsWith("（二）组织绩效考核。", StringComparison.Ordinal) && p.Contains("截至2024年1月15日，25个评价机构的相关材料已收集、整理完毕", StringComparison.Ordinal));
        text.ShouldContain(p => p.StartsWith("（三）绩效考核结果。", StringComparison.Ordinal)
            && p.EndsWith("综合考核结果为A(90分及以上)的0个；B(70-89分)的12个；C(60-69分)的1个；D(60分以下)的0个。（详情见附件2）", StringComparison.Ordinal));
        string.Concat(text).ShouldNotContain("待补");
        string.Concat(text).ShouldNotContain("{");
    }

    [Fact]
    public async Task A_notice_without_a_document_number_is_issued_only_when_the_officer_says_it_has_none()
    {
        var officer = await app.OfficerAsync();
        var draft = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", datedOn = "2024-01-25" });
        draft.StatusCode.ShouldBe(HttpStatusCode.Created, await draft.Content.ReadAsStringAsync());
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var refused = await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2024-02-01", confirm = true });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("发文字号");

        var issued = await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2024-02-01", confirm = true, noDocumentNumber = true });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stateName").GetString().ShouldBe("已发布");

        // Saying "no 发文字号" for a notice that has one contradicts it: refused.
        var other = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var both = await officer.PostAsJsonAsync($"/api/notices/{otherId}/issue", new { publicFrom = "2024-01-25", publicTo = "2024-02-01", confirm = true, noDocumentNumber = true });
        both.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await both.Content.ReadAsStringAsync()).ShouldContain("本通知不编发文字号");
    }
}
