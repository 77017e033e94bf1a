using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Issue 12: every update names the version it was made from. Each update endpoint answers 428 (in Chinese) without
/// If-Match and writes nothing, 412 (in Chinese) with a version that is no longer current, and succeeds with the ETag its GET gave.
/// </summary>
public sealed class IfMatchTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Stale = "\"0123456789abcdef01234567\"";

    /// <summary>(who, where the version is read, the update, its body).</summary>
    private async Task<(HttpClient Client, string VersionUrl, string Url, object Body)> UpdateAsync(string which)
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        switch (which)
        {
            case "notice":
            {
                var officer = await app.OfficerAsync();
                var campaign = await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
                var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = campaign, datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
                var id = (await res.Json(HttpStatusCode.Created)).GetProperty("id").GetInt32();
                return (officer, $"/api/notices/{id}", $"/api/notices/{id}", new { title = "版本测试公告", template = "经统计，全市全年共组织评价 {assessed} 人。" });
            }
            case "roster":
            {
                var p = await db.Roster.Where(r => r.RegionCode.StartsWith("1409")).OrderBy(r => r.Id).FirstAsync();
                return (await app.OfficerAsync(), $"/api/roster/{p.Id}", $"/api/roster/{p.Id}",
                    new { name = p.Name, organisation = p.Organisation, region = p.RegionCode, specialities = p.SpecialityCodes.FirstOrDefault(), isExpert = p.IsExpert, isInspector = p.IsInspector, userName = p.UserName, phone = "13800000000" });
            }
            case "user":
                return (await app.AdminAsync(), "/api/users/officer", "/api/users/officer", new { displayName = "版本测试", phone = "", email = "" });
            case "statistics":
            {
                var filing = await db.Filings.Where(f => f.RegionCode.StartsWith("1409")).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
                return (await app.OfficerAsync(), $"/api/statistics/entry/{filing}/2025", $"/api/statistics/entry/{filing}/2025",
                    new[] { new { occupationName = "中式烹调师", occupationCode = "4-03-02-01", batches = 1, assessed = 10, passed = 8, certified = 8, subsidyRecipients = 0 } });
            }
            case "risk":
            {
                var admin = await app.AdminAsync();
                var config = await admin.GetFromJsonAsync<JsonElement>("/api/risk/config");
                return (admin, "/api/risk/config", "/api/risk/config", new { config, note = "版本测试" });
            }
            case "calendar":
                return (await app.AdminAsync(), "/api/calendar/2031", "/api/calendar/days", new { date = "2031-01-01", kind = "Holiday", name = "元旦" });
            case "targets":
            {
                var campaign = await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
                var filing = await db.Filings.Where(f => f.RegionCode.StartsWith("1409")).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
                return (await app.OfficerAsync(), $"/api/reviews/campaigns/{campaign}", $"/api/reviews/campaigns/{campaign}/targets/{filing}", new { included = true, reason = "版本测试" });
            }
            default: throw new ArgumentOutOfRangeException(nameof(which));
        }
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(req);
    }

    private static bool Chinese(string s) => s.Any(c => c is >= '\u4e00' and <= '\u9fff');

    [Theory]
    [InlineData("notice")]
    [InlineData("roster")]
    [InlineData("user")]
    [InlineData("statistics")]
    [InlineData("risk")]
    [InlineData("calendar")]
    [InlineData("targets")]
    public async Task An_update_without_if_match_gets_428_and_with_a_stale_version_412_in_chinese_and_writes_nothing(string which)
    {
        var (client, versionUrl, url, body) = await UpdateAsync(which);
        var etag = (await client.GetAsync(versionUrl)).Headers.ETag?.Tag;
        etag.ShouldNotBeNull($"GET {versionUrl} gives no ETag");

        var missing = await PutAsync(client, url, body, null);
        var problem = await missing.Json((HttpStatusCode)428);
        problem.GetProperty("title").GetString().ShouldBe("需要版本号");
        problem.GetProperty("detail").GetString()!.ShouldSatisfyAllConditions(d => d.ShouldContain("If-Match"), d => Chinese(d).ShouldBeTrue());

        var stale = await PutAsync(client, url, body, Stale);
        var refused = await stale.Json(HttpStatusCode.PreconditionFailed);
        Chinese(refused.GetProperty("title").GetString()!).ShouldBeTrue();
        refused.GetProperty("detail").GetString()!.ShouldContain("未保存");

        // Nothing was written: the version is the one read before.
        (await client.GetAsync(versionUrl)).Headers.ETag?.Tag.ShouldBe(etag);
    }

    [Theory]
    [InlineData("notice")]
    [InlineData("roster")]
    [InlineData("user")]
    [InlineData("statistics")]
    [InlineData("calendar")]
    public async Task An_update_with_the_etag_read_succeeds_and_the_version_it_replaced_is_then_stale(string which)
    {
        var (client, versionUrl, url, body) = await UpdateAsync(which);
        var etag = (await client.GetAsync(versionUrl)).Headers.ETag!.Tag;
        var ok = await PutAsync(client, url, body, etag);
        ok.IsSuccessStatusCode.ShouldBeTrue(await ok.Content.ReadAsStringAsync());
        var now = (await client.GetAsync(versionUrl)).Headers.ETag!.Tag;
        now.ShouldNotBe(etag);
        if (ok.Headers.ETag is { } given) given.Tag.ShouldBe(now);
        (await PutAsync(client, url, body, etag)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    /// <summary>The n-th of a series of bodies for the same update, each different from the others and from <paramref name="body"/>.</summary>
    private static object Other(string which, object body, int n) => which switch
    {
        "notice" => new { title = $"版本测试公告（第{n}位）", template = $"经统计，全市全年共组织评价 {{assessed}} 人（第{n}次修改）。" },
        "roster" => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(body))!
            .ToDictionary(k => k.Key, k => k.Key == "phone" ? JsonSerializer.SerializeToElement($"1390000{n:D4}") : k.Value),
        "user" => new { displayName = $"版本测试第{n}位", phone = "", email = "" },
        "statistics" => new[] { new { occupationName = "中式烹调师", occupationCode = "4-03-02-01", batches = 1, assessed = 100 + n, passed = 9, certified = 9, subsidyRecipients = 0 } },
        "calendar" => new { date = "2031-01-01", kind = "Holiday", name = $"元旦（第{n}次）" },
        _ => throw new ArgumentOutOfRangeException(nameof(which)),
    };

    [Theory]
    [InlineData("notice")]
    [InlineData("roster")]
    [InlineData("user")]
    [InlineData("statistics")]
    [InlineData("calendar")]
    public async Task Of_two_updates_racing_with_the_same_version_exactly_one_is_saved_and_the_other_gets_412(string which)
    {
        var (client, versionUrl, url, body) = await UpdateAsync(which);
        for (var round = 0; round < 3; round++)
        {
            var etag = (await client.GetAsync(versionUrl)).Headers.ETag!.Tag;
            var first = Other(which, body, 2 * round + 1);
            var second = Other(which, body, 2 * round + 2);
            using var go = new SemaphoreSlim(0);
            var racers = new[] { first, second }.Select(async b => { await go.WaitAsync(); return await PutAsync(client, url, b, etag); }).ToList();
            go.Release(2);
            var answers = await Task.WhenAll(racers);
            var codes = answers.Select(a => (int)a.StatusCode).Order().ToList();
            codes.Count(c => c is >= 200 and < 300).ShouldBe(1, $"round {round}: {string.Join(",", codes)} {string.Join(" | ", await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync())))}");
            codes.Count(c => c == 412).ShouldBe(1, $"round {round}: {string.Join(",", codes)}");
            // What is stored is what the successful one sent: its ETag is the current version.
            var winner = answers.Single(a => a.IsSuccessStatusCode);
            if (winner.Headers.ETag is { } given) (await client.GetAsync(versionUrl)).Headers.ETag!.Tag.ShouldBe(given.Tag);
        }
    }
}
