using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class StatisticsEntryTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<int> FilingId(string name)
    {
        var list = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/filings?q={Uri.EscapeDataString(name)}")).RootElement;
        return list.GetProperty("items")[0].GetProperty("id").GetInt32();
    }

    private static object Line(string name, string code, long assessed, long? passed, long? certified, long? l5 = null, long? l4 = null) =>
        new { occupationName = name, occupationCode = code, batches = 2, assessed, passed, certified, certifiedL5 = l5, certifiedL4 = l4, subsidyRecipients = 10 };

    [Fact]
    public async Task A_body_user_enters_its_own_figures_and_a_second_save_replaces_them()
    {
        var own = await FilingId("忻州市高级技工学校");
        var body = await app.SignedInAsync("body", "Body#2026");
        var first = await body.PutIfMatchAsync($"/api/statistics/entry/{own}/2024", $"/api/statistics/entry/{own}/2024", new[] { Line("中式烹调师", "4-03-02-01", 120, 100, 100, 40, 60), Line("电工", "6-31-01-03", 30, 20, 20, 20) });
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var second = await body.PutIfMatchAsync($"/api/statistics/entry/{own}/2024", $"/api/statistics/entry/{own}/2024", new[] { Line("中式烹调师", "4-03-02-01", 150, 130, 130, 50, 80) });
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var rows = await db.StatisticsRecords.Where(r => r.FilingId == own && r.Year == 2024).ToListAsync();
        rows.Count.ShouldBe(1);
        rows[0].Assessed.ShouldBe(150);
        rows[0].CertifiedL4.ShouldBe(80);
        (await db.AuditLog.CountAsync(a => a.EntityType == "StatisticsRecord" && a.Action == "Deleted" && a.Actor == "body")).ShouldBeGreaterThanOrEqualTo(2);
        var summary = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/statistics/summary?year=2024&region=忻州市")).RootElement;
        summary.GetProperty("assessed").GetInt64().ShouldBe(150);
        summary.GetProperty("passRate").GetDecimal().ShouldBe(86.67m);
    }

    [Fact]
    public async Task A_body_user_cannot_read_or_write_another_bodys_figures()
    {
        var other = await FilingId("忻州市饭店烹饪协会");
        var body = await app.SignedInAsync("body", "Body#2026");
        // Another body's data is not even confirmed to exist (404).
        (await body.GetAsync($"/api/statistics/entry/{other}/2023")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await body.PutAsJsonAsync($"/api/statistics/entry/{other}/2023", new[] { Line("x", "1", 1, 1, 1) })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync($"/api/statistics/entry/{other}/2023")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_lines_are_refused_with_line_and_field_and_nothing_changes()
    {
        var id = await FilingId("忻州市驿荣职业技术培训学校");
        var officer = await app.OfficerAsync();
        var before = await (await officer.GetAsync($"/api/statistics/entry/{id}/2023")).Content.ReadAsStringAsync();
        var res = await officer.PutIfMatchAsync($"/api/statistics/entry/{id}/2023", $"/api/statistics/entry/{id}/2023", new object[]
        {
            Line("中式烹调师", "4-03-02-01", 10, 12, 12, 12),      // passed above assessed
            Line("中式面点师", "4-03-02-02", 10, 8, 8, 3, 3),      // levels 6 ≠ certified 8
            Line("中式烹调师", "4-03-02-01", 5, 5, 5, 5),          // duplicate occupation
            new { occupationName = "电工", assessed = -1 },
        });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var keys = errors.EnumerateObject().Select(p => p.Name).ToList();
        keys.ShouldContain(k => k.StartsWith("lines[0]"));
        keys.ShouldContain(k => k.StartsWith("lines[1]"));
        keys.ShouldContain(k => k.StartsWith("lines[2]"));
        keys.ShouldContain("lines[3].人次");
        (await (await officer.GetAsync($"/api/statistics/entry/{id}/2023")).Content.ReadAsStringAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_dashboard_shows_seed_000_figures_and_offers_downloads()
    {
        var html = new HtmlParser().ParseDocument(await app.CreateClient().GetStringAsync("/Statistics?year=2023&region=忻州市"));
        html.QuerySelector("#assessed")!.TextContent.ShouldBe("8884");
        html.QuerySelector("#passed")!.TextContent.ShouldBe("7266");
        html.QuerySelector("#pass-rate")!.TextContent.ShouldBe("81.79%");
        html.QuerySelector("#conducted")!.TextContent.ShouldBe("25 / 23");
        html.QuerySelectorAll("#bodies tbody tr").Length.ShouldBe(25);
        html.QuerySelector("#download-xlsx")!.GetAttribute("href")!.ShouldContain("format=xlsx");
        (await app.CreateClient().GetAsync(html.QuerySelector("#download-xlsx")!.GetAttribute("href"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
