using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Statistics;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The one error model: each kind of refusal maps to one status, a Chinese title and detail, field errors and the trace id.</summary>
public sealed class ErrorModelTests(ErrorApp app) : IClassFixture<ErrorApp>
{
    private static bool HasChinese(string? s) => s is not null && s.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static async Task<JsonElement> Problem(HttpResponseMessage res, HttpStatusCode status)
    {
        var body = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(status, body);
        res.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body[..Math.Min(3000, body.Length)]);
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        HasChinese(json.GetProperty("title").GetString()).ShouldBeTrue(body);
        HasChinese(json.GetProperty("detail").GetString()).ShouldBeTrue(body);
        json.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        return json;
    }

    [Fact]
    public void Each_kind_of_refusal_maps_to_its_own_status()
    {
        Refusal.Of(new NotFoundException("没有考核 9"))!.Status.ShouldBe(404);
        Refusal.Of(new ForbiddenException("只有本地区的工作人员可以进行此操作"))!.Status.ShouldBe(403);
        Refusal.Of(new ConflictException("已被他人修改"))!.Status.ShouldBe(409);
        Refusal.Of(new UnavailableException("无法生成 PDF"))!.Status.ShouldBe(503);
        Refusal.Of(new DomainException("year", "年度应为整数"))!.Status.ShouldBe(400);
        Refusal.Of(new FileReadException("a.xlsx：文件已损坏"))!.Errors!["file"].ShouldBe(["a.xlsx：文件已损坏"]);
        Refusal.Of(new StatisticsTableException("未识别的表头“人数”（第3列）。", 2, "人数", 7))!.Errors!["table"].ShouldBe(["第7行 未识别的表头“人数”（第3列）。"]);
        Refusal.Of(new InvalidOperationException("internal detail")).ShouldBeNull();
    }

    [Fact]
    public void Validation_errors_keep_field_row_and_column()
    {
        var e = new DomainValidationException([
            new DomainException("assessed", "不能为负数") { Row = 3, Column = "人次" },
            new DomainException("assessed", "应为整数") { Row = 4, Column = "人次" },
            new DomainException("region", "请填写地区"),
        ]);
        var r = Refusal.Of(e)!;
        r.Status.ShouldBe(400);
        r.Errors!["assessed"].ShouldBe(["第3行 人次：不能为负数", "第4行 人次：应为整数"]);
        r.Errors["region"].ShouldBe(["请填写地区"]);
        r.Detail.ShouldBe("第3行 人次：不能为负数；第4行 人次：应为整数；请填写地区");
    }

    [Fact]
    public async Task Api_not_found_is_problem_details_in_Chinese_with_trace_id()
    {
        var officer = await app.OfficerAsync();
        var json = await Problem(await officer.GetAsync("/api/reviews/campaigns/999999"), HttpStatusCode.NotFound);
        json.GetProperty("title").GetString().ShouldBe("未找到");
    }

    [Fact]
    public async Task Api_validation_names_the_fields_in_errors()
    {
        var officer = await app.OfficerAsync();
        var json = await Problem(await officer.PostAsJsonAsync("/api/reviews/campaigns", new { title = "" }), HttpStatusCode.BadRequest);
        json.GetProperty("title").GetString().ShouldBe("输入有误");
        var errors = json.GetProperty("errors");
        errors.EnumerateObject().ShouldNotBeEmpty();
        errors.EnumerateObject().ShouldAllBe(p => p.Value.EnumerateArray().All(m => HasChinese(m.GetString())));
    }

    [Fact]
    public async Task Api_forbidden_action_on_a_visible_record_is_403_problem()
    {
        var body = await app.SignedInAsync("body", "Body#2026");
        var campaigns = JsonDocument.Parse(await body.GetStringAsync("/api/reviews/campaigns")).RootElement;
        var id = campaigns.EnumerateArray().First().GetProperty("id").GetInt32();
        var json = await Problem(await body.PostAsync($"/api/reviews/campaigns/{id}/open", JsonContent.Create(new { })), HttpStatusCode.Forbidden);
        json.GetProperty("title").GetString().ShouldBe("无权操作");
    }

    [Fact]
    public async Task Api_conflict_is_409_problem()
    {
        var officer = await app.OfficerAsync();
        var filings = JsonDocument.Parse(await officer.GetStringAsync("/api/filings?region=忻州市")).RootElement;
        var first = (filings.ValueKind == JsonValueKind.Array ? filings : filings.GetProperty("items")).EnumerateArray().First();
        var id = first.GetProperty("id").GetInt32();
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}")
        {
            Content = JsonContent.Create(new { entityName = first.GetProperty("entityName").GetString(), region = "忻州市", address = "别处" }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "-1");
        var json = await Problem(await officer.SendAsync(stale), HttpStatusCode.Conflict);
        json.GetProperty("title").GetString().ShouldBe("操作冲突");
    }

    [Fact]
    public async Task Malformed_json_names_the_position()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsync("/api/reviews/campaigns", new StringContent("{\"title\": \"x\",\n \"year\": ", Encoding.UTF8, "application/json"));
        var json = await Problem(res, HttpStatusCode.BadRequest);
        json.GetProperty("detail").GetString()!.ShouldContain("第2行");
        json.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_field()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsync("/api/reviews/campaigns", new StringContent("{\"title\": \"x\", \"year\": \"二〇二六\"}", Encoding.UTF8, "application/json"));
        var json = await Problem(res, HttpStatusCode.BadRequest);
        json.GetProperty("errors").TryGetProperty("year", out _).ShouldBeTrue(json.ToString());
    }

    [Fact]
    public async Task Api_unknown_route_is_problem_details_not_a_page()
    {
        var json = await Problem(await app.CreateClient().GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        json.GetProperty("title").GetString().ShouldBe("页面不存在");
    }

    [Fact]
    public async Task Browser_404_is_a_styled_Chinese_page_with_the_trace_id()
    {
        var res = await app.CreateClient().GetAsync("/no/such/page");
        res.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        res.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain("页面不存在");
        html.ShouldContain("css/site.css"); // the site layout, styled
        html.ShouldContain("职业技能等级评价机构监管系统");
        Regex.IsMatch(html, "id=\"trace-id\">([0-9a-zA-Z:.\\-]+)<").ShouldBeTrue(html);
    }

    [Fact]
    public async Task A_404_on_the_public_site_is_shown_in_the_public_layout_without_the_staff_menu()
    {
        var res = await app.CreateClient().GetAsync("/Public/no-such-notice");
        res.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain("页面不存在");
        html.ShouldContain("id=\"public-nav\"");
        html.ShouldContain("返回公示公告");
        html.ShouldNotContain("职业技能等级评价机构监管系统");
        Regex.IsMatch(html, "id=\"trace-id\">([0-9a-zA-Z:.\\-]+)<").ShouldBeTrue(html);
    }

    [Fact]
    public async Task Browser_record_not_found_in_a_page_is_the_404_page()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.GetAsync("/Reviews/Campaign/999999");
        res.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await res.Content.ReadAsStringAsync()).ShouldContain("页面不存在");
    }

    [Theory]
    [InlineData(403, "无权访问")]
    [InlineData(503, "服务暂不可用")]
    public async Task Error_pages_exist_for_each_status(int status, string title)
    {
        var res = await app.CreateClient().GetAsync($"/Error/{status}");
        ((int)res.StatusCode).ShouldBe(status);
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain(title);
        html.ShouldContain("追踪编号");
    }

    [Fact]
    public async Task A_crash_shows_the_500_page_with_its_trace_id_and_no_internals()
    {
        app.Crash = true;
        try
        {
            var res = await app.CreateClient().GetAsync("/Registry");
            res.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            var html = await res.Content.ReadAsStringAsync();
            html.ShouldContain("服务器内部错误");
            html.ShouldNotContain("secret internal detail");
            var trace = Regex.Match(html, "id=\"trace-id\">([^<]+)<").Groups[1].Value;
            trace.ShouldNotBeNullOrWhiteSpace();

            var api = await app.CreateClient().GetAsync("/api/filings");
            var json = await Problem(api, HttpStatusCode.InternalServerError);
            json.GetProperty("detail").GetString()!.ShouldNotContain("secret internal detail");
        }
        finally
        {
            app.Crash = false;
        }
    }
}

/// <summary>The app with a switch that makes every database read fail, to see what a real crash looks like.</summary>
public sealed class ErrorApp : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;
    private readonly FailingReads _failing = new();

    public bool Crash { get => _failing.On; set => _failing.On = value; }

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<SkillsAudit.Data.AppDb>(o => o.AddInterceptors(_failing))));
        return Task.CompletedTask;
    }

    public HttpClient CreateClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password })).EnsureSuccessStatusCode();
        return client;
    }

    public Task<HttpClient> OfficerAsync() => SignedInAsync("officer", "Officer#2026");

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private sealed class FailingReads : DbCommandInterceptor
    {
        public volatile bool On;

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            On ? throw new InvalidOperationException("secret internal detail") : result;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            On ? throw new InvalidOperationException("secret internal detail") : ValueTask.FromResult(result);
    }
}
