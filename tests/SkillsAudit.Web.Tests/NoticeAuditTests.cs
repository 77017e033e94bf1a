using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shouldly;
using SkillsAudit.Cli;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>公告核查 through POST /api/audit-notice, the upload page and `skillsaudit audit-notice`, with the demo registry.</summary>
public sealed class NoticeAuditTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();
    private static readonly string[] FindingFields = ["kind", "severity", "location", "stated", "computed", "message"];

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return content;
    }

    private static void ShouldHaveTheFindingShape(JsonElement root)
    {
        foreach (var f in root.GetProperty("findings").EnumerateArray())
        {
            f.EnumerateObject().Select(p => p.Name).ShouldBe(FindingFields);
            f.GetProperty("location").EnumerateObject().Select(p => p.Name).ShouldBe(["line", "table", "row", "column"]);
            f.GetProperty("severity").GetString().ShouldBeOneOf("error", "warning", "info");
        }
    }

    [Fact]
    public async Task Api_audits_an_uploaded_seed_against_the_registry_and_names_the_registered_spelling()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsync("/api/audit-notice", Upload(await File.ReadAllBytesAsync(Seeds.PathOf("000_")), "000.txt"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var root = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        ShouldHaveTheFindingShape(root);
        root.GetProperty("summary").GetProperty("registryChecked").GetBoolean().ShouldBeTrue();
        var findings = root.GetProperty("findings").EnumerateArray()
            .Select(f => (Kind: f.GetProperty("kind").GetString(), Stated: f.GetProperty("stated").GetString(), Computed: f.GetProperty("computed").GetString())).ToList();
        // the two spellings the demo registry holds as aliases are named with the registered name
        findings.ShouldContain(("notice.name-registry-alias", "太原聚汇科技有限公司", "太原聚汇学科技有限公司"));
        findings.ShouldContain(("notice.name-registry-alias", "忻州市实用技术职业学校", "忻州市实用职业技术培训学校"));
        // within the notice the text and the tables still disagree
        findings.Count(f => f.Kind == "notice.name-mismatch").ShouldBe(2);
        findings.Count(f => f.Kind == "stat.totals-row-numbered").ShouldBe(2);

        var offline = await officer.PostAsync("/api/audit-notice?offline=true", Upload(await File.ReadAllBytesAsync(Seeds.PathOf("000_")), "000.txt"));
        var offlineRoot = JsonDocument.Parse(await offline.Content.ReadAsStringAsync()).RootElement;
        offlineRoot.GetProperty("summary").GetProperty("registryChecked").GetBoolean().ShouldBeFalse();
        offlineRoot.GetProperty("findings").GetArrayLength().ShouldBe(10);
    }

    [Fact]
    public async Task Api_refuses_anonymous_users_and_unreadable_files()
    {
        var anonymous = app.CreateClient();
        (await anonymous.PostAsync("/api/audit-notice", Upload([1, 2, 3], "x.txt"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var officer = await app.OfficerAsync();
        var bad = await officer.PostAsync("/api/audit-notice", Upload([0xff, 0xfe, 0xc3, 0x28, 0xa0], "x.txt"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("UTF-8");
        var broken = await officer.PostAsync("/api/audit-notice", Upload("PK not really a zip"u8.ToArray(), "x.docx"));
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await officer.PostAsync("/api/audit-notice", new MultipartFormDataContent())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>A Word notice: paragraphs, a statement, and a table with a merged title cell and deliberate errors.</summary>
    internal static byte[] DocxNotice()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            Paragraph P(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            TableCell C(string text, int span = 1)
            {
                var cell = new TableCell(P(text));
                if (span > 1) cell.TableCellProperties = new TableCellProperties(new GridSpan { Val = span });
                return cell;
            }
            body.Append(P("关于公布某市 2024 年度评价情况的通知"));
            body.Append(P("(一) 全市基本情况。全市共组织评价 300 人，合格 200 人，合格率 66.67%。"));
            body.Append(P("参加考核的 3 个机构中，A级 1 个，占 30%；B级 2 个，占 67%。"));
            body.Append(P("附件1"));
            body.Append(P("某市2024年度评价情况（市属）"));
            var table = new Table();
            table.Append(new TableRow(C("序号"), C("机构名称"), C("评价概况", 3)));
            table.Append(new TableRow(C(""), C(""), C("组织评价 (人)"), C("评价合格 (人)"), C("评价合格率 (%)")));
            table.Append(new TableRow(C("1"), C("甲学校"), C("100"), C("50"), C("50.00%")));
            table.Append(new TableRow(C("2"), C("乙公司"), C("120"), C("90"), C("70.00%")));
            table.Append(new TableRow(C("3"), C("丙协会"), C("80"), C("60"), C("75.00%")));
            table.Append(new TableRow(C("合计"), C(""), C("300"), C("200"), C("66.67%")));
            body.Append(table);
            main.Document = new Document(body);
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task A_docx_notice_is_read_paragraphs_and_tables_and_audited()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsync("/api/audit-notice?offline=true", Upload(DocxNotice(), "notice.docx"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var root = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        ShouldHaveTheFindingShape(root);
        var findings = root.GetProperty("findings").EnumerateArray()
            .Select(f => (Kind: f.GetProperty("kind").GetString(), Table: f.GetProperty("location").GetProperty("table").GetString(),
                Row: f.GetProperty("location").GetProperty("row").GetString(), Stated: f.GetProperty("stated").GetString(), Computed: f.GetProperty("computed").GetString()))
            .ToList();
        findings.ShouldBe(
        [
            ("notice.percent-mismatch", null, null, "30%", "33.33%"), // 1 of 3 is 33%, printed 30%; 2 of 3 → 67% agrees
            ("stat.rate-mismatch", "附件1", "2", "70.00%", "75.00%"),  // 90/120 = 75.00%
        ]);
    }

    [Fact]
    public async Task The_upload_page_shows_the_findings_in_a_Chinese_table()
    {
        var officer = await app.OfficerAsync();
        var get = Parser.ParseDocument(await officer.GetStringAsync("/Publication"));
        get.QuerySelector("a[href='/Publication']")!.TextContent.ShouldBe("公告核查");
        var token = get.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("true"), "Offline" },
        };
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Seeds.PathOf("004_")));
        content.Add(file, "Upload", "004.txt");
        var res = await officer.PostAsync("/Publication", content);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        var rows = html.QuerySelectorAll("#findings tbody tr");
        rows.Length.ShouldBe(1);
        rows[0].GetAttribute("data-kind").ShouldBe("notice.percent-mismatch");
        rows[0].TextContent.ShouldContain("百分比与数量不符");
        rows[0].TextContent.ShouldContain("30.77%");
        html.QuerySelector("#summary")!.TextContent.ShouldContain("错误 1");
    }

    [Fact]
    public async Task Cli_json_has_a_findings_array_of_six_field_objects_offline_and_with_the_database()
    {
        await app.OfficerAsync(); // the app has started: the database is migrated and the demo registry loaded
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(["audit-notice", Seeds.PathOf("004_"), "--json"], new CliContext { Out = o, Error = e, ContentRoot = AppContext.BaseDirectory });
        exit.ShouldBe(0, e.ToString());
        var root = JsonDocument.Parse(o.ToString()).RootElement;
        ShouldHaveTheFindingShape(root);
        var only = root.GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        only.GetProperty("kind").GetString().ShouldBe("notice.percent-mismatch");
        only.GetProperty("location").GetProperty("line").GetInt32().ShouldBe(15);
        only.GetProperty("stated").GetString().ShouldBe("32%");
        only.GetProperty("computed").GetString().ShouldBe("30.77%");
        root.GetProperty("summary").GetProperty("registryChecked").GetBoolean().ShouldBeFalse();

        o = new StringWriter();
        exit = await SkillsAuditCli.RunAsync(["audit-notice", Seeds.PathOf("000_"), "--json"],
            new CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        exit.ShouldBe(0, e.ToString());
        var withDb = JsonDocument.Parse(o.ToString()).RootElement;
        ShouldHaveTheFindingShape(withDb);
        withDb.GetProperty("summary").GetProperty("registryChecked").GetBoolean().ShouldBeTrue();
        withDb.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("kind").GetString() == "notice.name-registry-alias");

        o = new StringWriter();
        (await SkillsAuditCli.RunAsync(["audit-notice", Seeds.PathOf("004_")], new CliContext { Out = o, Error = e, ContentRoot = AppContext.BaseDirectory })).ShouldBe(0);
        o.ToString().ShouldContain("[错误] 第15行");
        var missing = new StringWriter();
        (await SkillsAuditCli.RunAsync(["audit-notice", "/nonexistent/notice.txt"], new CliContext { Out = o, Error = missing, ContentRoot = AppContext.BaseDirectory })).ShouldBe(1);
        missing.ToString().ShouldContain("找不到文件");
    }

    private const string PlanTitle = "忻州市2023年职业技能等级评价机构年度绩效考核工作方案";

    [Fact]
    public async Task Api_audits_the_results_against_the_plan_of_the_same_campaign()
    {
        var officer = await app.OfficerAsync();
        var content = Upload(await File.ReadAllBytesAsync(Seeds.PathOf("000_")), "000.txt");
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Seeds.PathOf("002_"))), "reference", "方案.txt");
        content.Add(new StringContent(PlanTitle), "referenceTitle");
        var res = await officer.PostAsync("/api/audit-notice?offline=true", content);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var root = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        ShouldHaveTheFindingShape(root);
        root.GetProperty("summary").GetProperty("comparedWith").GetString().ShouldBe(PlanTitle);
        var cross = root.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("kind").GetString()!.StartsWith("notice.cross-", StringComparison.Ordinal))
            .Select(f => (Kind: f.GetProperty("kind").GetString(), Stated: f.GetProperty("stated").GetString(), Computed: f.GetProperty("computed").GetString(), Message: f.GetProperty("message").GetString()!))
            .ToList();
        cross.Select(c => (c.Kind, c.Stated, c.Computed)).ShouldBe([("notice.cross-count", "25", "24"), ("notice.cross-state", "已开展", "未开展")], ignoreOrder: true);
        cross.ShouldAllBe(c => c.Message.Contains("《" + PlanTitle + "》"));
        // the notice's own ten findings are unchanged
        root.GetProperty("findings").GetArrayLength().ShouldBe(12);

        // an unreadable reference is refused like an unreadable notice
        var bad = Upload(await File.ReadAllBytesAsync(Seeds.PathOf("000_")), "000.txt");
        bad.Add(new ByteArrayContent("PK not really a zip"u8.ToArray()), "reference", "方案.docx");
        (await officer.PostAsync("/api/audit-notice?offline=true", bad)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_upload_page_audits_against_a_reference_and_names_it()
    {
        var officer = await app.OfficerAsync();
        var get = Parser.ParseDocument(await officer.GetStringAsync("/Publication"));
        get.QuerySelector("label[for=Reference]")!.TextContent.ShouldContain("对照文件");
        var token = get.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("true"), "Offline" },
            { new StringContent(PlanTitle), "ReferenceTitle" },
        };
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Seeds.PathOf("000_"))), "Upload", "工作情况.txt");
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Seeds.PathOf("002_"))), "Reference", "方案.txt");
        var res = await officer.PostAsync("/Publication", content);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        html.QuerySelector("#summary")!.TextContent.ShouldContain("已对照《" + PlanTitle + "》");
        var state = html.QuerySelectorAll("#findings tbody tr").Single(r => r.GetAttribute("data-kind") == "notice.cross-state");
        state.TextContent.ShouldContain("与对照文件的开展情况不符");
        state.TextContent.ShouldContain("太原聚汇学科技有限公司");
        // the title typed is kept in the form
        html.QuerySelector("input[name=ReferenceTitle]")!.GetAttribute("value").ShouldBe(PlanTitle);
    }

    [Fact]
    public async Task Cli_audits_against_another_document_and_refuses_a_missing_one()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(["audit-notice", Seeds.PathOf("002_"), "--offline", "--against", Seeds.PathOf("000_"), "--against-title", "2023年度绩效考核工作情况"],
            new CliContext { Out = o, Error = e, ContentRoot = AppContext.BaseDirectory });
        exit.ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("已对照《2023年度绩效考核工作情况》");
        o.ToString().ShouldContain("notice.cross-state");
        o.ToString().ShouldContain("太原聚汇学科技有限公司");

        var missing = new StringWriter();
        (await SkillsAuditCli.RunAsync(["audit-notice", Seeds.PathOf("000_"), "--offline", "--against", "/nonexistent/plan.txt"],
            new CliContext { Out = o, Error = missing, ContentRoot = AppContext.BaseDirectory })).ShouldBe(1);
        missing.ToString().ShouldContain("找不到对照文件");
    }
}
