using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;
using Xunit.Abstractions;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Issue 12: public responses carry no staff user names. Staff first leave their names on what the public sees — an
/// officer generates, issues and answers complaints on a notice, the CLI imports a certificate roster — and then every
/// anonymous endpoint and public page (registry, rubrics, statistics, the published notice, complaint tracking,
/// inspections, certificate lookup, health) is read as anonymous: none names a demo account, "cli:…" or "system".
/// </summary>
public sealed partial class PublicResponseTests(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    /// <summary>The demo's staff and body accounts, the CLI's actor prefix and the system's own name.</summary>
    private static readonly string[] UserNames = ["admin", "officer", "expert", "body"];

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    /// <summary>Where a user name shows: a JSON string value naming it (alone, or as cli:…), or a word of a page's visible text.</summary>
    private static IEnumerable<string> Leaks(string contentType, string body)
    {
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(body); }
            catch (JsonException) { yield break; }
            using (doc)
            {
                foreach (var (path, value) in Strings(doc.RootElement, "$"))
                {
                    if (value.StartsWith("cli:", StringComparison.Ordinal) || value == "system" || UserNames.Contains(value)
                        || UserNames.Any(u => Regex.IsMatch(value, Word(u)) && !value.StartsWith('/') && !value.StartsWith("http", StringComparison.Ordinal)))
                        yield return $"{path} = \"{value}\"";
                }
            }
            yield break;
        }
        if (!contentType.Contains("html", StringComparison.OrdinalIgnoreCase)) yield break;
        var text = WebUtility.HtmlDecode(Tag().Replace(ScriptOrStyle().Replace(body, " "), " "));
        foreach (var word in UserNames.Append("system"))
        {
            foreach (Match m in Regex.Matches(text, Word(word)))
                yield return "text: …" + text.Substring(Math.Max(0, m.Index - 30), Math.Min(70, text.Length - Math.Max(0, m.Index - 30))).Trim() + "…";
        }
        foreach (Match m in Regex.Matches(text, @"cli:\S*")) yield return "text: " + m.Value;
    }

    /// <summary>
    /// The name as a word standing among Chinese text or punctuation ("发布人：officer"), not a word of English prose
    /// ("the body used") nor part of a longer name or path.
    /// </summary>
    private static string Word(string name) => $@"(?<![A-Za-z0-9_./-]\s?){name}(?!\s?[A-Za-z0-9_-])";

    private static IEnumerable<(string Path, string Value)> Strings(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: yield return (path, e.GetString()!); break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray()) foreach (var s in Strings(x, $"{path}[{i++}]")) yield return s;
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) foreach (var s in Strings(p.Value, $"{path}.{p.Name}")) yield return s;
                break;
        }
    }

    [Fact]
    public async Task No_anonymous_endpoint_or_public_page_names_a_staff_account()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // A notice generated, issued and complained about; the officer records an outcome.
        var campaign = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync());
        var generated = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = campaign, datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕9号" });
        var noticeId = (await generated.Json(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var issued = await (await officer.PostAsJsonAsync($"/api/notices/{noticeId}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true })).Content.ReadFromJsonAsync<JsonElement>();
        var slug = issued.GetProperty("slug").GetString()!;
        var complaint = await anonymous.PostAsJsonAsync($"/api/public/notices/{slug}/complaints", new { text = "合格人数与实际不符。" });
        var tracking = (await complaint.Json(HttpStatusCode.Created)).GetProperty("trackingNumber").GetString()!;
        var listed = await officer.GetFromJsonAsync<JsonElement>($"/api/notices/{noticeId}/complaints");
        var complaintId = listed.EnumerateArray().Single(c => c.GetProperty("trackingNumber").GetString() == tracking).GetProperty("id").GetInt32();
        (await officer.PostAsJsonAsync($"/api/complaints/{complaintId}/outcome", new { outcome = "经核查，数据无误。" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A certificate roster imported by the CLI (the operator), looked up by the public.
        var (filingId, number) = await app.FilingAsync("140902", "忻州市公开查询评价机构", FilingType.Employer, ["PB-1"]);
        var roster = Path.Combine(Directory.CreateTempSubdirectory("sa-public").FullName, "证书.csv");
        var certNumber = $"{number}255000001";
        await File.WriteAllTextAsync(roster, $"姓名,身份证号码,职业,等级,证书编号,发证日期\n公开甲,{RulesKit.Id(601)},PB-1,5,{certNumber},2025-06-01\n");
        var cli = await app.CliAsync("certs", "import", roster, "--filing", filingId.ToString(CultureInfo.InvariantCulture), "--year", "2025");
        cli.Exit.ShouldBe(0, cli.Error);
        var demoFiling = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.RegionCode.StartsWith("1409")).Select(f => f.Id).FirstAsync());

        string[] urls =
        [
            "/", "/Index", "/Account/Login", "/Account/Denied",
            "/Registry", $"/Registry/Detail/{demoFiling}", $"/Registry/Detail/{filingId}", "/api/filings", $"/api/filings/{demoFiling}", $"/api/filings/{filingId}",
            "/api/regions", "/api/occupations",
            "/Rubrics", "/Rubrics/xinzhou-2023", "/Rubrics/Compare", "/api/rubrics", "/api/rubrics/xinzhou-2023", "/api/rubrics/xinzhou-2023/validation",
            "/api/rubrics/compare?from=xinzhou-2023&to=yangquan-2023",
            "/Statistics", "/api/statistics/summary?year=2023&region=140900", "/api/statistics?year=2023&region=140900", "/api/statistics/inactive?region=140900",
            "/Publication", "/Public", $"/Public/{slug}", $"/api/public/notices/{slug}", $"/Public/Tracking?number={tracking}", $"/api/public/complaints/{tracking}",
            "/Public/Inspections", "/api/inspections",
            $"/api/certificates/lookup?number={certNumber}", $"/api/certificates/lookup?number={certNumber}&name=公开甲", $"/Certificates/Lookup?Number={certNumber}&Name=公开甲", "/Certificates/Lookup",
            "/health", "/health/live", "/health/ready",
        ];
        var leaks = new List<string>();
        foreach (var url in urls)
        {
            using var res = await anonymous.GetAsync(url);
            var body = await res.Content.ReadAsStringAsync();
            var type = res.Content.Headers.ContentType?.MediaType ?? "";
            ((int)res.StatusCode).ShouldBeLessThan(500, url);
            output.WriteLine($"{(int)res.StatusCode} {type} {body.Length,7} {url}");
            leaks.AddRange(Leaks(type, body).Select(l => $"{url}: {l}"));
        }
        // The crawl reached what staff did: the outcome, the certificate.
        (await anonymous.GetStringAsync($"/api/public/complaints/{tracking}")).ShouldContain("经核查，数据无误。");
        (await anonymous.GetStringAsync($"/api/certificates/lookup?number={certNumber}&name=公开甲")).ShouldContain(certNumber);
        // The detector itself finds a name where one is.
        Leaks("application/json", """{"items":[{"issuedBy":"officer"}],"importedBy":"cli:root"}""").Count().ShouldBe(2);
        Leaks("text/html", "<body><p>发布人：officer</p><p>system</p></body>").Count().ShouldBe(2);
        leaks.ShouldBeEmpty(string.Join("\n", leaks.Take(30)));
    }
}
