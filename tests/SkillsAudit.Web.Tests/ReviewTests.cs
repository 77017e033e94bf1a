using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>One app per test class, on a fake clock (AppDb's TimeProvider) that the tests move through a campaign's stages.</summary>
public sealed class ReviewApp : IAsyncLifetime
{
    /// <summary>2026-12-01 08:00 in China.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The tests move the clock through a campaign's weeks with the same signed-in clients; the sessions' idle timeout
    /// (30 minutes) and absolute lifetime (12 hours) run on that clock too, so here they outlast the campaign.
    /// </summary>
    public AppFactory App { get; } = new()
    {
        Clock = new FakeClock(Start),
        Settings = { ["Session:IdleMinutes"] = "129600", ["Session:AbsoluteHours"] = "2160" },
    };
    public FakeClock Clock => App.Clock!;

    public Task InitializeAsync()
    {
        _ = App.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

internal static class ReviewTestKit
{
    /// <summary>A sheet saved naming any version in If-Match (*): the body's "version", when given, is the one checked.</summary>
    public static async Task<HttpResponseMessage> PutSheetAsync(this HttpClient client, string url, HttpContent content)
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        req.Headers.TryAddWithoutValidation("If-Match", "*");
        return await client.SendAsync(req);
    }

    /// <summary>An update as a client makes it: read the version (ETag) of <paramref name="versionUrl"/>, send it back in If-Match.</summary>
    public static async Task<HttpResponseMessage> PutIfMatchAsync(this HttpClient client, string versionUrl, string url, object body)
    {
        using var get = await client.GetAsync(versionUrl);
        get.StatusCode.ShouldBe(HttpStatusCode.OK, await get.Content.ReadAsStringAsync());
        using var req = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        req.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        return await client.SendAsync(req);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage res, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpClient> UserAsync(this AppFactory app, string name, string role, string? filingName = null)
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(name) is null)
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var u = new AppUser { UserName = name, DisplayName = name, RegionCode = role == Roles.Officer ? "140900" : null };
                (await users.CreateAsync(u, "Test#2026pw")).Succeeded.ShouldBeTrue();
                await users.AddToRoleAsync(u, role);
                if (filingName is not null)
                {
                    var id = await db.Filings.Where(f => f.LegalEntity.Name == filingName).Select(f => f.Id).FirstAsync();
                    db.UserFilings.Add(new UserFiling { UserId = u.Id, FilingId = id });
                    await db.SaveChangesAsync();
                }
            }
        }
        return await app.SignedInAsync(name, "Test#2026pw");
    }

    public static async Task<int> FilingIdAsync(this AppFactory app, string name)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Filings.Where(f => f.LegalEntity.Name == name).Select(f => f.Id).FirstAsync();
    }

    public static async Task<T> DbAsync<T>(this AppFactory app, Func<AppDb, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    public static string Day(DateTimeOffset t, int days) => t.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A campaign in 忻州市 on rubric xinzhou-2023: self-assessment today..+5, panel +6..+20, summary, publication.</summary>
    public static async Task<int> CreateCampaignAsync(HttpClient officer, DateTimeOffset now, string title, string consolidation = "Mean")
    {
        var res = await officer.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title, documentNumber = "测试〔2026〕1号", authority = "忻州市人力资源和社会保障局", year = now.Year, region = "忻州市", rubric = "xinzhou-2023", consolidation,
            stages = new[]
            {
                new { stage = "SelfAssessment", from = Day(now, 0), to = Day(now, 5) },
                new { stage = "PanelReview", from = Day(now, 6), to = Day(now, 20) },
                new { stage = "Summary", from = Day(now, 21), to = Day(now, 25) },
                new { stage = "Publication", from = Day(now, 26), to = Day(now, 30) },
            },
        });
        return (await res.Json(HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    /// <summary>
    /// A sheet to save: the given answers, and every other applicable indicator of xinzhou-2023 answered in full (a veto
    /// as 不存在) — blank is not full marks, so a test sheet says what it gives. <paramref name="complete"/> false keeps it partial.
    /// </summary>
    public static StringContent Answers(string answersJson, int? version = null, bool complete = true) =>
        new($$"""{"answers":{{(complete ? Complete(answersJson) : answersJson)}},"version":{{(version?.ToString() ?? "null")}}}""", Encoding.UTF8, "application/json");

    private static readonly Lazy<SkillsAudit.Domain.Rubrics.Rubric> Xinzhou = new(() =>
        SkillsAudit.Domain.Rubrics.RubricLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "rubrics", "xinzhou-2023.yaml")));

    public static string Complete(string sheetJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(sheetJson)!.AsObject();
        var answers = node["answers"] as System.Text.Json.Nodes.JsonObject ?? [];
        node["answers"] = answers;
        var context = SkillsAudit.Domain.Rubrics.AnswerSheetJson.Parse(sheetJson).Sheet?.Context ?? SkillsAudit.Domain.Rubrics.ScoreContext.Empty;
        foreach (var i in Xinzhou.Value.Indicators.Where(i => !answers.ContainsKey(i.Code) && i.Applicability.IsApplicable(context)))
            answers[i.Code] = i.Rule is SkillsAudit.Domain.Rubrics.VetoRule
                ? new System.Text.Json.Nodes.JsonObject { ["vetoed"] = false }
                : new System.Text.Json.Nodes.JsonObject { ["points"] = Math.Min(i.MaxPoints, i.Rule.MaxPoints) };
        return node.ToJsonString();
    }

    public static MultipartFormDataContent File(byte[] bytes, string name, string? indicator = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        if (indicator is not null) form.Add(new StringContent(indicator), "indicator");
        return form;
    }

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
}

/// <summary>
/// Seed 000 附件2: the 13 city-administered Xinzhou bodies' self and panel totals, imported as a historical campaign,
/// classified with the xinzhou-2023 bands (seed 002 备注4) must give 三(三)'s A 0, B 12, C 1, D 0.
/// </summary>
public sealed class ReviewHistoricalTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;

    private static void ShouldBeSeed000(JsonElement results)
    {
        var d = results.GetProperty("distribution");
        (d.GetProperty("A").GetInt32(), d.GetProperty("B").GetInt32(), d.GetProperty("C").GetInt32(), d.GetProperty("D").GetInt32()).ShouldBe((0, 12, 1, 0));
        var rows = results.GetProperty("rows").EnumerateArray().ToList();
        rows.Count.ShouldBe(13);
        var shiyong = rows.Single(r => r.GetProperty("bodyName").GetString() == "忻州市实用职业技术培训学校"); // 附件2 row 5 spells it 忻州市实用技术职业学校 (alias)
        (shiyong.GetProperty("selfTotal").GetDecimal(), shiyong.GetProperty("panelTotal").GetDecimal(), shiyong.GetProperty("gap").GetDecimal()).ShouldBe((115.00m, 68.00m, 47.00m));
        shiyong.GetProperty("outcome").GetString().ShouldBe("C");
        results.GetProperty("smallestGap").GetDecimal().ShouldBe(10.10m); // 保德县职业中学校 88.40 − 78.30
        results.GetProperty("largestGap").GetDecimal().ShouldBe(47.00m);
        rows[0].GetProperty("bodyName").GetString().ShouldBe("岢岚县晨睿职业培训学校"); // 80.85, the highest panel score
        var b = results.GetProperty("distributionDetail").EnumerateArray().Single(x => x.GetProperty("label").GetString() == "B");
        b.GetProperty("percent").GetDecimal().ShouldBe(92.31m); // 12/13
    }

    [Fact]
    public async Task Demo_campaign_and_an_API_import_of_seed_000_annex_2_give_A0_B12_C1_D0()
    {
        using var officer = await App.OfficerAsync();
        var list = await (await officer.GetAsync("/api/reviews/campaigns")).Json();
        var demo = list.EnumerateArray().Single(c => c.GetProperty("documentNumber").GetString() == "忻人社函〔2023〕118号");
        demo.GetProperty("state").GetString().ShouldBe("Closed");
        ShouldBeSeed000(await (await officer.GetAsync($"/api/reviews/campaigns/{demo.GetProperty("id").GetInt32()}/results")).Json());

        var created = await (await officer.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title = "忻州市2023年考核（API 导入）", documentNumber = "忻人社函〔2023〕118号", authority = "忻州市人力资源和社会保障局", year = 2023,
            region = "140900", rubric = "xinzhou-2023", historical = true,
            stages = new[] { new { stage = "自评", from = "2023-12-15", to = "2023-12-20" }, new { stage = "考核", from = "2023-12-21", to = "2024-01-10" } },
        })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var md = await System.IO.File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo", "statistics", "xinzhou-2023-city.md"));
        var imported = await (await officer.PostAsync($"/api/reviews/campaigns/{id}/historical?source=seed%20000", new StringContent(md, Encoding.UTF8, "text/markdown"))).Json();
        imported.GetArrayLength().ShouldBe(13);
        var results = await (await officer.GetAsync($"/api/reviews/campaigns/{id}/results")).Json();
        ShouldBeSeed000(results);

        // Importing again is refused, naming the line, and changes nothing.
        var again = await officer.PostAsync($"/api/reviews/campaigns/{id}/historical", new StringContent(md, Encoding.UTF8, "text/markdown"));
        (await again.Json(HttpStatusCode.BadRequest)).GetProperty("errors").ToString().ShouldContain("已有该机构的结果");

        // The CLI reads the same store: results --json has the distribution keyed by grade.
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext { Out = o, Error = e, ConnectionString = App.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["campaign", "results", id.ToString(CultureInfo.InvariantCulture), "--json"], ctx)).ShouldBe(0, e.ToString());
        var cli = JsonDocument.Parse(o.ToString()).RootElement;
        cli.GetProperty("distribution").GetProperty("B").GetInt32().ShouldBe(12);
        cli.GetProperty("distribution").GetProperty("C").GetInt32().ShouldBe(1);
        o.GetStringBuilder().Clear();
        (await SkillsAuditCli.RunAsync(["campaign", "list", "--json"], ctx)).ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("忻人社函〔2023〕118号");
    }

    [Fact]
    public async Task An_unknown_body_in_the_totals_refuses_the_whole_file_naming_its_line()
    {
        using var officer = await App.OfficerAsync();
        var created = await (await officer.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title = "历史导入（有误）", authority = "忻州市人力资源和社会保障局", year = 2023, region = "忻州市", rubric = "xinzhou-2023", historical = true,
        })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var md = (await System.IO.File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo", "statistics", "xinzhou-2023-city.md")))
            .Replace("保德县职业中学校", "保德县不存在学校");
        var res = await officer.PostAsync($"/api/reviews/campaigns/{id}/historical", new StringContent(md, Encoding.UTF8, "text/markdown"));
        (await res.Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("保德县不存在学校");
        (await App.DbAsync(db => db.Assessments.CountAsync(a => a.CampaignId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task Pages_show_the_campaign_its_results_and_an_assessment_in_Chinese()
    {
        using var officer = await App.OfficerAsync();
        async Task<string> Page(string url) => WebUtility.HtmlDecode(await officer.GetStringAsync(url));
        var html = await Page("/Reviews");
        html.ShouldContain("绩效考核");
        html.ShouldContain("忻人社函〔2023〕118号");
        var list = await (await officer.GetAsync("/api/reviews/campaigns")).Json();
        var id = list.EnumerateArray().First(c => c.GetProperty("documentNumber").GetString() == "忻人社函〔2023〕118号" && c.GetProperty("state").GetString() == "Closed").GetProperty("id").GetInt32();
        var campaign = await Page($"/Reviews/Campaign/{id}");
        campaign.ShouldContain("考核小组评审");
        campaign.ShouldContain("忻州市驿荣职业技术培训学校");
        var results = await Page($"/Reviews/Results/{id}");
        results.ShouldContain("data-label=\"B\">12<");
        results.ShouldContain("10.10 至 47.00");
        var assessments = await (await officer.GetAsync($"/api/reviews/campaigns/{id}/assessments")).Json();
        var page = await Page($"/Reviews/Assessment/{assessments[0].GetProperty("id").GetInt32()}");
        page.ShouldContain("否决项");
        (await Page("/Reviews/Rectifications")).ShouldContain("整改事项");
        using var anonymous = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync("/Reviews")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
