using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Web.Features.Publication;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The public notice page and JSON (issue 16): the ETag is answered from the notice's version before its body is read;
/// anonymous answers come from an output cache that a withdrawal or a correction invalidates — on this server at once,
/// on another server sharing the database at its next check of the version column.
/// </summary>
public sealed class PublicCacheTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Anonymous(WebApplicationFactory<Program>? factory = null) =>
        (factory ?? app).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Another server on the same database (its own memory, output cache and clock of checks).</summary>
    private WebApplicationFactory<Program> OtherInstance(string recheckSeconds) =>
        app.WithWebHostBuilder(b => b.UseSetting("Public:NoticeRecheckSeconds", recheckSeconds));

    private async Task<(HttpClient Officer, int Id, string Slug)> IssuedAsync()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var id = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var issued = await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        return (officer, id, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) req.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(req);
    }

    [Fact]
    public async Task A_conditional_get_naming_the_current_etag_is_answered_304_without_reading_the_notice_body()
    {
        var (officer, id, slug) = await IssuedAsync();
        (await GetAsync(Anonymous(), $"/Public/{slug}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The stored body made unreadable, and the version moved on (so nothing kept of the old version applies): whoever
        // reads the body now fails; a conditional GET naming the new version's ETag must not.
        string etag, annexes, figures;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var n = await db.Set<StoredNotice>().SingleAsync(x => x.Id == id);
            (annexes, figures) = (n.AnnexesJson, n.FiguresJson);
            n.Version++;
            n.AnnexesJson = "not json";
            n.FiguresJson = "not json";
            await db.SaveChangesAsync();
            etag = NoticesApi.ETag(n.Id, n.Version, n.IssuedAt, open: true);
        }
        try
        {
            await using var other = OtherInstance("0");
            var anonymous = Anonymous(other);
            (await GetAsync(anonymous, $"/Public/{slug}", etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
            (await GetAsync(anonymous, $"/api/public/notices/{slug}", etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
            (await GetAsync(anonymous, $"/Public/{slug}", "\"something-else\"")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError); // the body is read
            // Signed in (never from the shared cache): the page handler itself answers 304 first.
            var staff = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            (await staff.PostAsJsonAsync("/api/auth/login", new { userName = "officer", password = "Officer#2026" })).EnsureSuccessStatusCode();
            (await GetAsync(staff, $"/Public/{slug}", etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }
        finally
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var n = await db.Set<StoredNotice>().SingleAsync(x => x.Id == id);
            (n.AnnexesJson, n.FiguresJson) = (annexes, figures);
            n.Version++;
            await db.SaveChangesAsync();
        }
        _ = officer;
    }

    [Fact]
    public async Task A_withdrawal_changes_the_etag_and_the_cached_page_on_this_server_at_once_and_on_another_server_at_its_next_check()
    {
        var (officer, id, slug) = await IssuedAsync();
        await using var strict = OtherInstance("0");   // checks the version on every request
        await using var lagging = OtherInstance("1");  // checks at most every second
        var here = Anonymous();
        var first = await GetAsync(here, $"/Public/{slug}");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag!.Tag;
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        foreach (var client in new[] { here, Anonymous(strict), Anonymous(lagging) })
        {
            // Twice each: the second comes from the output cache, with the same validator and a 304 for it.
            for (var i = 0; i < 2; i++)
            {
                var page = await GetAsync(client, $"/Public/{slug}");
                page.Headers.ETag!.Tag.ShouldBe(etag);
                (await page.Content.ReadAsStringAsync()).ShouldNotContain("本通知已撤回");
            }
            (await GetAsync(client, $"/Public/{slug}", etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
            (await GetAsync(client, $"/api/public/notices/{slug}")).Headers.ETag!.Tag.ShouldBe(etag);
        }

        var withdrawn = await officer.PostAsJsonAsync($"/api/notices/{id}/withdraw", new { reason = "数据有误，重新核对", confirm = true });
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());

        foreach (var client in new[] { here, Anonymous(strict) })
        {
            var after = await GetAsync(client, $"/Public/{slug}", etag);
            after.StatusCode.ShouldBe(HttpStatusCode.OK);
            after.Headers.ETag!.Tag.ShouldNotBe(etag);
            (await after.Content.ReadAsStringAsync()).ShouldContain("本通知已撤回");
            (await GetAsync(client, $"/api/public/notices/{slug}", etag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var late = await GetAsync(Anonymous(lagging), $"/Public/{slug}");
        late.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await late.Content.ReadAsStringAsync()).ShouldContain("本通知已撤回");
    }

    [Fact]
    public async Task Issuing_a_correction_changes_the_original_notices_etag_and_its_cached_page()
    {
        var (officer, id, slug) = await IssuedAsync();
        var before = await GetAsync(Anonymous(), $"/Public/{slug}");
        var etag = before.Headers.ETag!.Tag;
        (await GetAsync(Anonymous(), $"/Public/{slug}")).Headers.ETag!.Tag.ShouldBe(etag); // cached
        var draft = await officer.PostAsync($"/api/notices/{id}/correct", null);
        draft.StatusCode.ShouldBe(HttpStatusCode.Created, await draft.Content.ReadAsStringAsync());
        var correction = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var c = await db.Set<StoredNotice>().SingleAsync(x => x.Id == correction);
            c.DocumentNumber ??= "忻人社函〔2024〕9号";
            await db.SaveChangesAsync();
        }
        var issued = await officer.PostAsJsonAsync($"/api/notices/{correction}/issue", new { publicFrom = "2024-02-01", publicTo = "2099-12-31", confirm = true });
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        var after = await GetAsync(Anonymous(), $"/Public/{slug}", etag);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await after.Content.ReadAsStringAsync()).ShouldContain("本通知已更正");
    }

    [Fact]
    public async Task Pages_are_compressed_for_clients_that_accept_it_and_chinese_is_not_entity_encoded()
    {
        var (_, _, slug) = await IssuedAsync();
        foreach (var (encoding, open) in new (string, Func<Stream, Stream>)[]
                 {
                     ("br", s => new BrotliStream(s, CompressionMode.Decompress)),
                     ("gzip", s => new GZipStream(s, CompressionMode.Decompress)),
                 })
        {
            foreach (var url in new[] { "/Public", $"/Public/{slug}", $"/api/public/notices/{slug}" })
            {
                var req = new HttpRequestMessage(HttpMethod.Get, url);
                req.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                var res = await Anonymous().SendAsync(req);
                res.StatusCode.ShouldBe(HttpStatusCode.OK);
                res.Content.Headers.ContentEncoding.ShouldContain(encoding, url);
                using var reader = new StreamReader(open(await res.Content.ReadAsStreamAsync()));
                var text = await reader.ReadToEndAsync();
                text.ShouldContain("忻州市", Case.Sensitive, url);
                text.ShouldNotContain("&#x5FFB;", Case.Insensitive, url); // 忻 as an entity
                text.ShouldNotContain("\\u5FFB", Case.Insensitive, url);
            }
        }
    }

    [Fact]
    public async Task A_cached_public_page_is_kept_compressed_so_later_visitors_asking_for_the_same_encoding_cost_no_compression()
    {
        var (_, _, slug) = await IssuedAsync();
        var brotli = new CountingBrotli();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.Configure<Microsoft.AspNetCore.ResponseCompression.ResponseCompressionOptions>(o => { o.Providers.Clear(); o.Providers.Add(brotli); })));
        var client = Anonymous(counted);
        var plain = await (await client.GetAsync($"/Public/{slug}")).Content.ReadAsStringAsync();
        for (var i = 0; i < 3; i++)
        {
            var req = new HttpRequestMessage(HttpMethod.Get, $"/Public/{slug}");
            req.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
            var res = await client.SendAsync(req);
            res.Content.Headers.ContentEncoding.ShouldBe(["br"]);
            res.Headers.Vary.ShouldContain("Accept-Encoding");
            using var reader = new StreamReader(new BrotliStream(await res.Content.ReadAsStreamAsync(), CompressionMode.Decompress));
            (await reader.ReadToEndAsync()).ShouldBe(plain);
        }
        brotli.Streams.ShouldBe(1); // compressed when first stored, then served as stored
        (await (await client.GetAsync($"/Public/{slug}")).Content.ReadAsStringAsync()).ShouldBe(plain); // a client without br still gets plain text
    }

    private sealed class CountingBrotli : Microsoft.AspNetCore.ResponseCompression.ICompressionProvider
    {
        private int _streams;
        public int Streams => _streams;
        public string EncodingName => "br";
        public bool SupportsFlush => true;

        public Stream CreateStream(Stream outputStream)
        {
            Interlocked.Increment(ref _streams);
            return new BrotliStream(outputStream, CompressionLevel.Fastest, leaveOpen: true);
        }
    }

    [Fact]
    public async Task Loading_the_lookup_forms_is_never_rate_limited_only_the_lookups_are()
    {
        _ = app.Server;
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Certificates:LookupPermitsPerMinute", "2"));
        var client = Anonymous(limited);
        for (var i = 0; i < 6; i++)
        {
            (await client.GetAsync("/Certificates/Lookup")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/Public/Tracking")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add((await client.GetAsync($"/Certificates/Lookup?number=Y14091499999925500000{i}&name=%E6%9F%90%E4%BA%BA")).StatusCode);
        codes.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests]);
        (await client.GetAsync("/Certificates/Lookup")).StatusCode.ShouldBe(HttpStatusCode.OK); // the form still loads
    }

    [Fact]
    public async Task Registry_pages_give_the_right_total_on_full_partial_and_empty_pages()
    {
        var officer = await app.OfficerAsync();
        async Task<JsonElement> Page(string query) => await officer.GetFromJsonAsync<JsonElement>("/api/filings?" + query);
        foreach (var filter in new[] { "", "region=%E5%BF%BB%E5%B7%9E%E5%B8%82&", "status=%E6%AD%A3%E5%B8%B8&" })
        {
            var all = await Page(filter + "pageSize=500");
            var total = all.GetProperty("total").GetInt32();
            all.GetProperty("items").GetArrayLength().ShouldBe(total);
            total.ShouldBeGreaterThan(0);
            var seen = new List<int>();
            for (var page = 1; page <= total / 7 + 2; page++)
            {
                var p = await Page($"{filter}pageSize=7&page={page}&sort=number");
                p.GetProperty("total").GetInt32().ShouldBe(total, $"{filter} page {page}");
                seen.AddRange(p.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
            }
            seen.Count.ShouldBe(total);
            seen.Distinct().Count().ShouldBe(total);
        }
        var html = await officer.GetStringAsync("/Registry?region=%E5%BF%BB%E5%B7%9E%E5%B8%82");
        html.ShouldContain("山西省忻州市");
    }
}
