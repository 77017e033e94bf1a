using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Results notices (seed 000 忻州市 2023): generated from the demo statistics and the Xinzhou 2023 campaign, the figures
/// of 一(一)–(三), 二 and 三(三) must come out as the notice prints them — 8884/7266/81.79%, 省属 4691/3831/81.67%,
/// 市属 4193/3435/81.92%, 25 conducted / 23 not, A 0 B 12 C 1 D 0 — in the stored figures, the .docx (read back), the
/// PDF (pdftotext) and the public page; the docx opens in LibreOffice; complaints get tracking numbers.
/// </summary>
public sealed class NoticeTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Seed000Figures = ["8884", "7266", "81.79%", "4691", "3831", "81.67%", "4193", "3435", "81.92%", "初级514人、中级4022人、高级2730人"];

    private async Task<int> CampaignIdAsync()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
    }

    private async Task<(HttpClient Officer, JsonElement Notice)> GenerateAsync()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = await CampaignIdAsync(), datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        return (officer, await res.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task An_officer_of_another_region_cannot_generate_see_or_act_on_this_regions_notices()
    {
        var (_, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            if (await users.FindByNameAsync("huainan-officer") is null)
            {
                var u = new AppUser { UserName = "huainan-officer", DisplayName = "淮南市工作人员", RegionCode = "340400" };
                (await users.CreateAsync(u, "Huainan#2026")).Succeeded.ShouldBeTrue();
                await users.AddToRoleAsync(u, Roles.Officer);
            }
        }
        var other = await app.SignedInAsync("huainan-officer", "Huainan#2026");
        (await other.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.GetAsync($"/api/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/notices/{id}/issue", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync("/api/notices/preview.html?year=2023&region=忻州市")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonDocument.Parse(await other.GetStringAsync("/api/notices")).RootElement.EnumerateArray().ShouldNotContain(n => n.GetProperty("id").GetInt32() == id);
        // Its own region is fine.
        (await other.PostAsJsonAsync("/api/notices/generate", new { year = 2021, region = "淮南市" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Through the page: refused at the 地区 field with what was typed kept (not a page of its own), still a 403.
        var token = await FormKit.TokenAsync(other, "/Publication/Notices");
        var page = await other.PostAsync("/Publication/Notices", FormKit.Form(token, ("Year", "2023"), ("Region", "忻州市"), ("CampaignId", "")));
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        doc.QuerySelector("#region-error")!.TextContent.ShouldNotBeEmpty();
        doc.QuerySelector("#Region")!.GetAttribute("value").ShouldBe("忻州市");
        doc.QuerySelector("#Year")!.GetAttribute("value").ShouldBe("2023");
    }

    [Fact]
    public async Task The_notice_page_is_headed_by_region_and_year_not_by_its_number()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await officer.GetStringAsync($"/Publication/Notice/{id}"));
        var h1 = page.QuerySelector("h1")!.TextContent;
        h1.ShouldStartWith("忻州市2023年度结果公告");
        h1.ShouldContain("草稿");
        h1.ShouldNotContain($"公告 {id}");
        page.Title!.ShouldNotContain($"公告 {id}");
    }

    [Fact]
    public async Task Public_complaints_are_rate_limited_per_client()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var issued = await (await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true })).Content.ReadFromJsonAsync<JsonElement>();
        var slug = issued.GetProperty("slug").GetString()!;
        // The same database, with a limit of 2 a minute.
        using var limited = app.WithWebHostBuilder(b => b.UseSetting("PublicRateLimits:PermitsPerMinute", "2"));
        var client = limited.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            codes.Add((await client.PostAsJsonAsync($"/api/public/notices/{slug}/complaints", new { text = $"第{i}次投诉：某机构考场秩序混乱" })).StatusCode);
        codes.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
    }

    private static Dictionary<string, string> Figures(JsonElement notice) =>
        notice.GetProperty("content").GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static void ShouldHoldSeed000(string text)
    {
        foreach (var f in Seed000Figures) text.ShouldContain(f);
        text.ShouldContain("已开展评价工作的25个、未开展评价工作的23个");
        text.ShouldContain("A(90分及以上)的0个");
        text.ShouldContain("B(70-89分)的12个");
        text.ShouldContain("C(60-69分)的1个");
        text.ShouldContain("D(60分以下)的0个");
    }

    [Fact]
    public async Task Generated_figures_are_seed_000s()
    {
        var (_, notice) = await GenerateAsync();
        var f = Figures(notice);
        (f["assessed"], f["passed"], f["rate"]).ShouldBe(("8884", "7266", "81.79%"));
        (f["l5"], f["l4"], f["l3"]).ShouldBe(("514", "4022", "2730"));
        (f["prov.assessed"], f["prov.passed"], f["prov.rate"]).ShouldBe(("4691", "3831", "81.67%"));
        (f["city.assessed"], f["city.passed"], f["city.rate"]).ShouldBe(("4193", "3435", "81.92%"));
        f["city.levels"].ShouldBe("初级452人、中级2983人"); // seed 000 一(三) prints no 高级
        (f["filings"], f["conducted"], f["notConducted"]).ShouldBe(("48", "25", "23"));
        (f["conducted.prov"], f["conducted.city"], f["notConducted.prov"], f["notConducted.city"]).ShouldBe(("12", "13", "9", "14"));
        f["conducted.city.names"].ShouldContain("忻州市高级技工学校");
        (f["grade.A"], f["grade.B"], f["grade.C"], f["grade.D"]).ShouldBe(("0", "12", "1", "0"));
        f["grade.B.pct"].ShouldBe("92.31%");
        var text = string.Join("\n", notice.GetProperty("content").GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()));
        ShouldHoldSeed000(text);
        notice.GetProperty("content").GetProperty("template").EnumerateArray().First(t => t.GetString()!.StartsWith("（一）全市")).GetString()!
            .ShouldContain("{assessed}");
        var annexes = notice.GetProperty("content").GetProperty("annexes");
        annexes.GetArrayLength().ShouldBe(2);
        var cityTotal = annexes[1].GetProperty("rows").EnumerateArray().Last().EnumerateArray().Select(c => c.GetString()).ToList();
        cityTotal.Skip(1).Take(4).ShouldBe(["合计", "4193", "3435", "81.92%"]);
        annexes[1].GetProperty("headers").EnumerateArray().Select(h => h.GetString()).ShouldContain("考核小组打分情况 (分)");
    }

    [Fact]
    public async Task Docx_reads_back_with_the_figures_and_opens_in_LibreOffice()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var res = await officer.GetAsync($"/api/notices/{id}/download/docx");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        var bytes = await res.Content.ReadAsByteArrayAsync();
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var body = doc.MainDocumentPart!.Document.Body!;
            var text = string.Join("\n", body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
            ShouldHoldSeed000(text);
            text.ShouldContain("关于公布《忻州市2023年度职业技能等级评价年度绩效考核工作情况》的通知");
            var tables = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>().ToList();
            tables.Count.ShouldBe(2);
            tables[0].InnerText.ShouldContain("4691");
            // GB/T 9704: A4, margins 37/35/28/26 mm, 16 pt body at a fixed 28.95 pt pitch, 22 pt title.
            var sect = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().First(); // the body's section (annexes follow in theirs)
            var size = sect.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageSize>()!;
            ((uint)size.Width!, (uint)size.Height!).ShouldBe((11906u, 16838u));
            var m = sect.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageMargin>()!;
            ((int)m.Top!, (int)m.Bottom!, (uint)m.Left!, (uint)m.Right!).ShouldBe((2098, 1984, 1587u, 1474u));
            var styles = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!; // sizes and spacing live in the styles (标题, 正文)
            var sizes = styles.Descendants<DocumentFormat.OpenXml.Wordprocessing.FontSize>().Select(s => s.Val!.Value).ToHashSet();
            sizes.ShouldContain("44");
            sizes.ShouldContain("32");
            styles.Descendants<DocumentFormat.OpenXml.Wordprocessing.SpacingBetweenLines>().Select(s => s.Line?.Value).ShouldContain("579");
            body.Descendants<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().Count().ShouldBe(3); // each annex on its own section
        }
        var soffice = Tools.Find("soffice") ?? throw new InvalidOperationException("soffice (LibreOffice) is not installed: run ./test.sh, which installs libreoffice-writer-nogui");
        var dir = Directory.CreateTempSubdirectory("notice-docx-");
        try
        {
            var file = Path.Combine(dir.FullName, "notice.docx");
            await File.WriteAllBytesAsync(file, bytes);
            var (code, output) = await Tools.RunAsync(soffice, $"-env:UserInstallation=file://{dir.FullName}/profile", "--headless", "--convert-to", "pdf", "--outdir", dir.FullName, file);
            code.ShouldBe(0, output);
            var pdf = Path.Combine(dir.FullName, "notice.pdf");
            File.Exists(pdf).ShouldBeTrue($"LibreOffice did not convert the docx: {output}");
            var pdftotext = Tools.Find("pdftotext") ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed: run ./test.sh");
            var (c2, text) = await Tools.RunAsync(pdftotext, "-layout", pdf, "-");
            c2.ShouldBe(0, text);
            text.ShouldContain("8884");
            text.ShouldContain("81.79%");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Pdf_is_printed_by_chromium_and_holds_the_figures()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var res = await officer.GetAsync($"/api/notices/{id}/download/pdf");
        if (Environment.GetEnvironmentVariable("SKILLSAUDIT_CHROMIUM") is not { Length: > 0 })
            throw new InvalidOperationException("SKILLSAUDIT_CHROMIUM is not set: run the suite through ./test.sh, which installs chromium and sets it");
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdftotext = Tools.Find("pdftotext") ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed: run ./test.sh");
        var file = Path.Combine(Path.GetTempPath(), $"notice-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(file, await res.Content.ReadAsByteArrayAsync());
            var (code, text) = await Tools.RunAsync(pdftotext, file, "-");
            code.ShouldBe(0, text);
            var flat = text.Replace("\n", "", StringComparison.Ordinal);
            foreach (var f in new[] { "8884", "7266", "81.79%", "4691", "3831", "81.67%", "4193", "3435", "81.92%" }) flat.ShouldContain(f);
            flat.ShouldContain("B(70-89分)的12个");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Pdf_without_chromium_is_a_503_naming_the_setting()
    {
        await using var noChromium = app.WithWebHostBuilder(b => b.UseSetting("Publication:Chromium", "/nonexistent/chromium"));
        var client = noChromium.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new { userName = "officer", password = "Officer#2026" })).EnsureSuccessStatusCode();
        var res = await client.GetAsync("/api/notices/preview.pdf?year=2023&region=忻州市");
        res.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = await res.Content.ReadAsStringAsync();
        body.ShouldContain("Publication:Chromium");
        body.ShouldContain("/nonexistent/chromium");
    }

    [Fact]
    public async Task Xlsx_holds_the_annex_tables()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.GetAsync("/api/notices/preview.xlsx?year=2023&region=忻州市&campaignId=" + await CampaignIdAsync());
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await res.Content.ReadAsByteArrayAsync()), false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().ToList();
        sheets.Count.ShouldBe(2);
        var strings = doc.WorkbookPart.SharedStringTablePart?.SharedStringTable.InnerText ?? "";
        var all = strings + string.Join("", doc.WorkbookPart.WorksheetParts.Select(w => w.Worksheet.InnerText));
        all.ShouldContain("4691");
        all.ShouldContain("4193");
        all.ShouldContain("考核小组打分情况");
    }

    [Fact]
    public async Task Edits_keep_figures_bound_and_unknown_placeholders_are_refused()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var bad = await officer.PutIfMatchAsync($"/api/notices/{id}", $"/api/notices/{id}", new { template = "全市共组织评价 {asessed} 人。" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("{asessed}");
        var ok = await officer.PutIfMatchAsync($"/api/notices/{id}", $"/api/notices/{id}", new { template = "经统计，全市全年共组织评价 {assessed} 人，合格率 {rate}。", documentNumber = "忻人社函〔2024〕5号" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var edited = await ok.Content.ReadFromJsonAsync<JsonElement>();
        edited.GetProperty("content").GetProperty("paragraphs")[0].GetString().ShouldBe("经统计，全市全年共组织评价 8884 人，合格率 81.79%。");

        // The data changes after issuing: the comparison names the figures that moved.
        (await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await officer.PutIfMatchAsync($"/api/notices/{id}", $"/api/notices/{id}", new { template = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var rec = await db.StatisticsRecords.Where(r => r.Year == 2023 && r.Assessed == 302).SingleAsync();
            rec.Assessed = 303;
            await db.SaveChangesAsync();
            await StatisticsRollups.RebuildAsync(db, [(rec.FilingId, 2023)]);
        }
        try
        {
            var cmp = await officer.GetFromJsonAsync<JsonElement>($"/api/notices/{id}/compare");
            var changes = cmp.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!, c => (c.GetProperty("stored").GetString(), c.GetProperty("current").GetString()));
            changes["assessed"].ShouldBe(("8884", "8885"));
            changes["city.assessed"].ShouldBe(("4193", "4194"));
            changes.ShouldNotContainKey("prov.assessed");
            cmp.GetProperty("annexesChanged").GetBoolean().ShouldBeTrue();
        }
        finally
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var rec = await db.StatisticsRecords.Where(r => r.Year == 2023 && r.Assessed == 303).SingleAsync();
            rec.Assessed = 302;
            await db.SaveChangesAsync();
            await StatisticsRollups.RebuildAsync(db, [(rec.FilingId, 2023)]);
        }
    }

    [Fact]
    public async Task Public_page_is_anonymous_cacheable_and_takes_complaints()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync($"/Public/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // a draft is not public
        var issued = await (await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true })).Content.ReadFromJsonAsync<JsonElement>();
        var slug = issued.GetProperty("slug").GetString()!;

        var page = await anonymous.GetAsync($"/Public/{slug}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.CacheControl!.Public.ShouldBeTrue();
        var etag = page.Headers.ETag!.Tag;
        var html = await page.Content.ReadAsStringAsync();
        ShouldHoldSeed000(System.Net.WebUtility.HtmlDecode(html));
        html.ShouldContain("2024-01-25");
        html.ShouldContain("2099-12-31");
        html.ShouldNotContain("officer");
        html.ShouldNotContain("__RequestVerificationToken");
        var again = new HttpRequestMessage(HttpMethod.Get, $"/Public/{slug}");
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        (await anonymous.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        // The public JSON names no staff.
        var pub = await anonymous.GetStringAsync($"/api/public/notices/{slug}");
        pub.ShouldNotContain("officer");
        pub.ShouldContain("8884");

        // A complaint through the page form: a tracking number, the contact never shown publicly.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Subject"] = "忻州市饭店烹饪协会", ["Text"] = "合格人数与实际不符。", ["Contact"] = "13800000000" });
        var posted = await anonymous.PostAsync($"/Public/{slug}?handler=Complaint", form);
        // post, redirect, get: the receipt is the tracking page of the new number, so a reload cannot file it again
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        var receipt = posted.Headers.Location!.ToString();
        receipt.ShouldStartWith("/Public/Tracking?number=TS-");
        var postedHtml = await anonymous.GetStringAsync(receipt);
        var tracking = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(postedHtml).QuerySelector("#complaint-filed #tracking-number")!.TextContent;
        tracking.ShouldMatch(@"^TS-\d{8}-[0-9A-Z]{6}$");
        postedHtml.ShouldNotContain("13800000000");

        // And through the API.
        var api = await anonymous.PostAsJsonAsync($"/api/public/notices/{slug}/complaints", new { text = "等级分布有误？" });
        api.StatusCode.ShouldBe(HttpStatusCode.Created);
        var apiTracking = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingNumber").GetString()!;
        (await anonymous.PostAsJsonAsync($"/api/public/notices/{slug}/complaints", new { text = " " })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anonymous.GetAsync($"/api/notices/{id}/complaints")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The region's officer is told (bell and list), with the tracking number and the notice's page.
        var told = await officer.GetFromJsonAsync<JsonElement>("/api/notifications");
        told.GetProperty("items").EnumerateArray().ShouldContain(n => n.GetProperty("kindName").GetString() == "投诉举报"
            && n.GetProperty("text").GetString()!.Contains(apiTracking) && n.GetProperty("link").GetString() == $"/Publication/Notice/{id}"
            && !n.GetProperty("text").GetString()!.Contains('{')); // the notice's title as published, not its template
        // Staff see both, with the contact, and record an outcome; the complainant tracks it without the contact.
        var list = await officer.GetFromJsonAsync<JsonElement>($"/api/notices/{id}/complaints");
        list.GetArrayLength().ShouldBe(2);
        var mine = list.EnumerateArray().Single(c => c.GetProperty("trackingNumber").GetString() == tracking);
        mine.GetProperty("contact").GetString().ShouldBe("13800000000");
        var outcome = await officer.PostAsJsonAsync($"/api/complaints/{mine.GetProperty("id").GetInt32()}/outcome", new { outcome = "经核查，数据无误。" });
        outcome.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tracked = await anonymous.GetStringAsync($"/api/public/complaints/{tracking}");
        tracked.ShouldContain("经核查，数据无误。");
        tracked.ShouldNotContain("13800000000");
        (await anonymous.GetAsync($"/api/public/complaints/{apiTracking}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // On the staff page the outcome names who recorded it as people know them, not by login name.
        var staffPage = await officer.GetStringAsync($"/Publication/Notice/{id}");
        staffPage.ShouldContain("经核查，数据无误。（");
        staffPage.ShouldNotContain("经核查，数据无误。（officer）");
    }

    [Fact]
    public async Task Staff_pages_list_preview_and_compare_a_notice()
    {
        var (officer, notice) = await GenerateAsync();
        var id = notice.GetProperty("id").GetInt32();
        var list = await officer.GetStringAsync("/Publication/Notices");
        list.ShouldContain($"/Publication/Notice/{id}");
        var page = System.Net.WebUtility.HtmlDecode(await officer.GetStringAsync($"/Publication/Notice/{id}"));
        ShouldHoldSeed000(page);
        page.ShouldContain("{assessed}"); // the template is edited with placeholders
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync($"/Publication/Notice/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await anonymous.GetAsync($"/api/notices/{id}/download/docx")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_400_and_nothing_is_stored()
    {
        var officer = await app.OfficerAsync();
        int before;
        using (var scope = app.Services.CreateScope()) before = await scope.ServiceProvider.GetRequiredService<AppDb>().Set<StoredNotice>().CountAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "火星市" });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.Content.ReadAsStringAsync()).ShouldContain("火星市");
        (await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = 9999 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await officer.GetAsync("/api/notices/preview.odt?year=2023&region=忻州市")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using (var scope = app.Services.CreateScope()) (await scope.ServiceProvider.GetRequiredService<AppDb>().Set<StoredNotice>().CountAsync()).ShouldBe(before);
        var anonymous = app.CreateClient();
        (await anonymous.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

internal static class Tools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}

public sealed class NoticeCliTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The demo's Xinzhou 2023 campaign (seed 000 附件2), whatever id it got.</summary>
    private async Task<int> CampaignIdAsync()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        _ = app.Server;
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAudit.Cli.SkillsAuditCli.RunAsync(args, new SkillsAudit.Cli.CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Notice_generate_writes_docx_and_html_and_refuses_bad_input()
    {
        var dir = Directory.CreateTempSubdirectory("notice-cli-");
        try
        {
            var docx = Path.Combine(dir.FullName, "n.docx");
            var (exit, _, err) = await Run("notice", "generate", "--year", "2023", "--region", "忻州市", "--campaign", (await CampaignIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "docx", "--out", docx);
            exit.ShouldBe(0, err);
            using (var doc = WordprocessingDocument.Open(docx, false))
                doc.MainDocumentPart!.Document.Body!.InnerText.ShouldContain("8884");
            var html = Path.Combine(dir.FullName, "n.html");
            (await Run("notice", "generate", "--year", "2023", "--region", "忻州市", "--format", "html", "--out", html)).Exit.ShouldBe(0);
            (await File.ReadAllTextAsync(html)).ShouldContain("81.79%");
            var bad = Path.Combine(dir.FullName, "bad.docx");
            var (badExit, _, badErr) = await Run("notice", "generate", "--year", "2023", "--region", "火星市", "--out", bad);
            badExit.ShouldBe(1);
            badErr.ShouldContain("火星市");
            File.Exists(bad).ShouldBeFalse();
            (await Run("notice", "generate", "--year", "2023", "--region", "忻州市", "--format", "odt", "--out", bad)).Exit.ShouldBe(2);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
