using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Bench.Risk;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Risk;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>The app with a small generated Shanxi province written next to the demo data (RiskProvinceWriter), and a few inspectors.</summary>
public sealed class RiskApp : IAsyncLifetime
{
    public AppFactory App { get; } = new();
    public GeneratedProvince Province { get; } = RiskGenerator.Generate(filings: 80, years: 4, occupations: 6, seed: 4, anomalyShare: 0.05);
    public IReadOnlyDictionary<int, int> Ids { get; private set; } = new Dictionary<int, int>();

    public async Task InitializeAsync()
    {
        _ = App.Server;
        using var scope = App.Services.CreateScope();
        Ids = await RiskProvinceWriter.WriteAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), Province);
        var admin = await App.AdminAsync();
        foreach (var (name, county) in new[] { ("检查员甲", "140902"), ("检查员乙", "140302"), ("检查员丙", "140105"), ("检查员丁", "140106") })
            await (await admin.PostAsJsonAsync("/api/roster", new { name, organisation = name + "单位", region = county, isExpert = false, isInspector = true })).Json(HttpStatusCode.Created);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The stored filing id of a generated body with an anomaly of this kind planted.</summary>
    public int Planted(RiskSignalKind kind) => Ids[Province.Planted.First(a => a.Kind == kind).FilingId];
}

public sealed class RiskTests(RiskApp fixture) : IClassFixture<RiskApp>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task An_officer_sees_only_bodies_of_their_region_ranked_with_the_figures_behind_each_signal()
    {
        var officer = await App.UserAsync("risk-officer", Roles.Officer);
        var list = await (await officer.GetAsync("/api/risk?year=2025")).Json();
        list.GetProperty("region").GetString().ShouldBe("山西省忻州市");
        var rows = list.GetProperty("rows").EnumerateArray().ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.GetProperty("regionName").GetString()!.StartsWith("山西省忻州市", StringComparison.Ordinal));
        // ranked: level, then score, never rising down the list
        var keys = rows.Select(r => (Level: r.GetProperty("level").GetString(), Score: r.GetProperty("score").GetDecimal())).ToList();
        for (var i = 1; i < keys.Count; i++) (Rank(keys[i - 1].Level) > Rank(keys[i].Level) || keys[i - 1].Score >= keys[i].Score).ShouldBeTrue();
        (await officer.GetAsync("/api/risk?region=阳泉市")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static int Rank(string? level) => level switch { "High" => 3, "Medium" => 2, _ => 1 };

    [Fact]
    public async Task A_body_user_sees_its_own_level_and_signals_and_nothing_of_other_bodies()
    {
        var own = fixture.Planted(RiskSignalKind.Certificates);
        var other = fixture.Planted(RiskSignalKind.HighPassRate);
        var name = await App.DbAsync(db => db.Filings.Where(f => f.Id == own).Select(f => f.LegalEntity.Name).FirstAsync());
        var body = await App.UserAsync("risk-body", Roles.BodyUser, name);
        var detail = await (await body.GetAsync($"/api/risk/{own}?year=2025")).Json();
        detail.GetProperty("name").GetString().ShouldBe(name);
        var latest = detail.GetProperty("timeline")[0];
        latest.GetProperty("level").GetString().ShouldBe("High");
        var cert = latest.GetProperty("signals").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "Certificates");
        cert.GetProperty("raised").GetBoolean().ShouldBeTrue();
        cert.GetProperty("summary").GetString()!.ShouldMatch("名册发证|不在备案范围内");
        (await body.GetAsync($"/api/risk/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await body.GetAsync("/api/risk")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = await body.GetAsync("/Risk/Body");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(name);
        html.ShouldContain("发证与合格不符");
        // each signal's summary is said once: its figures list only what the summary does not already say
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var row in doc.QuerySelectorAll("tr.signal"))
        {
            var summary = row.QuerySelector(".summary")!.TextContent.Trim();
            row.QuerySelectorAll(".figures li").Select(li => li.TextContent.Trim()).ShouldNotContain(summary);
        }
        doc.QuerySelector("p.text-muted")!.TextContent.Trim().ShouldNotStartWith("·");
        (await body.GetAsync($"/Risk/Body/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await body.GetAsync("/Risk")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Level_changes_are_recorded_once_with_their_reasons()
    {
        var admin = await App.AdminAsync();
        var first = await (await admin.PostAsync("/api/risk/levels?year=2025&region=山西省", null)).Json();
        first.GetProperty("changed").GetInt32().ShouldBeGreaterThan(0);
        var again = await (await admin.PostAsync("/api/risk/levels?year=2025&region=山西省", null)).Json();
        again.GetProperty("changed").GetInt32().ShouldBe(0);
        var id = fixture.Planted(RiskSignalKind.SelfInflation);
        var detail = await (await admin.GetAsync($"/api/risk/{id}?year=2025")).Json();
        var change = detail.GetProperty("changes").EnumerateArray().First(c => c.GetProperty("year").GetInt32() == 2025);
        change.GetProperty("level").GetString().ShouldBeOneOf("中", "高");
        change.GetProperty("reasons").GetString()!.ShouldContain("自评明显高于考核：");
    }

    [Fact]
    public async Task Configuration_is_edited_by_admins_only_and_refused_when_inconsistent()
    {
        var officer = await App.UserAsync("risk-officer2", Roles.Officer);
        (await officer.PutAsJsonAsync("/api/risk/config", new { config = new { }, note = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await App.AdminAsync();
        var bad = await (await admin.PutIfMatchAsync("/api/risk/config", "/api/risk/config", new { config = new { mediumFrom = 5, highFrom = 2 } })).Json(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("highFrom", out _).ShouldBeTrue();
        (await (await admin.GetAsync("/api/risk/config")).Json()).GetProperty("highFrom").GetDecimal().ShouldBe(new RiskConfig().HighFrom);
    }

    [Fact]
    public async Task A_risk_weighted_draw_publishes_seed_strata_ratios_and_pools_and_anyone_can_verify_it()
    {
        var admin = await App.AdminAsync();
        var draw = await (await admin.PostAsJsonAsync("/api/inspections/draw", new
        {
            title = "2026年第一季度分层抽查", inspectorsPerBody = 1, region = "山西省", seed = "risk-2026-q1",
            riskWeighted = new { high = 0.5m, medium = 0.2m, low = 0.05m, year = 2025 },
        })).Json();
        var id = draw.GetProperty("id").GetInt32();
        var strata = draw.GetProperty("strata").EnumerateArray().ToList();
        strata.Select(s => s.GetProperty("name").GetString()).ShouldBe(["高", "中", "低"]);
        foreach (var s in strata)
        {
            var pool = s.GetProperty("pool").GetArrayLength();
            var ratio = s.GetProperty("ratio").GetDecimal();
            s.GetProperty("drawn").GetInt32().ShouldBe(pool == 0 ? 0 : (int)Math.Ceiling(ratio * pool));
        }
        var high = strata[0].GetProperty("pool").EnumerateArray().Select(x => x.GetString()).ToHashSet();
        high.Count.ShouldBeGreaterThan(0);
        var drawn = draw.GetProperty("assignments").EnumerateArray().Select(a => a.GetProperty("bodyKey").GetString()).ToList();
        drawn.Count(high.Contains).ShouldBe(strata[0].GetProperty("drawn").GetInt32());
        draw.GetProperty("algorithmVersion").GetInt32().ShouldBe(SkillsAudit.Domain.Rules.StratifiedDraw.AlgorithmVersion);

        (await admin.PostAsync($"/api/inspections/{id}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var anyone = App.CreateClient();
        var published = await (await anyone.GetAsync($"/api/inspections/{id}")).Json();
        published.GetProperty("seed").GetString().ShouldBe("risk-2026-q1");
        published.GetProperty("strata").GetArrayLength().ShouldBe(3);
        var verified = await (await anyone.GetAsync($"/api/inspections/{id}/verify")).Json();
        verified.GetProperty("matches").GetBoolean().ShouldBeTrue();
        verified.GetProperty("message").GetString()!.ShouldContain("按风险等级分层");

        // A stratum's pool changed after the fact no longer reproduces the published result.
        await App.DbAsync(async db =>
        {
            var d = await db.InspectionDraws.FirstAsync(x => x.Id == id);
            using var doc = JsonDocument.Parse(d.StrataJson!);
            var views = doc.RootElement.Deserialize<List<DrawStratumView>>(JsonSerializerOptions.Web)!;
            var moved = views[2].Pool.Where(k => !drawn.Contains(k)).Take(3).ToList();
            views[0] = views[0] with { Pool = [.. views[0].Pool, .. moved] };
            views[2] = views[2] with { Pool = views[2].Pool.Except(moved).ToList() };
            d.StrataJson = JsonSerializer.Serialize(views, JsonSerializerOptions.Web);
            return await db.SaveChangesAsync();
        });
        (await (await anyone.GetAsync($"/api/inspections/{id}/verify")).Json()).GetProperty("matches").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task The_risk_page_lists_filters_and_exports()
    {
        var admin = await App.AdminAsync();
        var occupation = fixture.Province.Occupations[0].Code;
        var page = await admin.GetAsync($"/Risk?year=2025&region=山西省&occupation={occupation}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("风险名单");
        html.ShouldContain("data-chart=");
        html.ShouldNotContain("没有符合筛选条件的机构");
        // an occupation nobody covers: the list says so instead of showing an empty table
        var none = await (await admin.GetAsync("/Risk?year=2025&region=山西省&occupation=9-99-99-99")).Content.ReadAsStringAsync();
        none.ShouldContain("风险名单（0 个机构）");
        none.ShouldContain("没有符合筛选条件的机构，可放宽筛选条件（职业、等级、风险等级）后重试。");
        var xlsx = await admin.GetAsync("/api/risk/export.xlsx?year=2025&region=山西省");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await xlsx.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000);
    }
}

/// <summary>The daily job keeps every change of level, running with no signed-in user (as the scheduler does).</summary>
public sealed class RiskJobTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_daily_risk_levels_job_records_each_change_once_without_a_signed_in_user()
    {
        var admin = await _app.AdminAsync();
        (await admin.GetStringAsync("/api/admin/jobs")).ShouldContain(SkillsAudit.Data.FeatureServices.RiskLevelsJob);

        async Task<int> RunAsScheduler()
        {
            using var scope = _app.Services.CreateScope(); // no HTTP request: nobody is signed in
            return await scope.ServiceProvider.GetRequiredService<SkillsAudit.Data.Features.Risk.RiskHandlers>().RecordAllLevelsAsync();
        }
        var first = await RunAsScheduler();
        first.ShouldBeGreaterThan(0);
        (await RunAsScheduler()).ShouldBe(0);
        (await _app.DbAsync(db => db.Set<SkillsAudit.Data.Features.Risk.RiskLevelChange>().CountAsync())).ShouldBe(first);
    }
}
