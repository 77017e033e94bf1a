using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.People;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rules;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every endpoint and page handler the app maps (read from its own EndpointDataSource), called by every role — anonymous,
/// a body user, an expert, the 忻州市 officer, a 阳泉市 officer, a 山西省 (provincial) officer and the admin — against
/// records of two cities (忻州市 and 阳泉市). A role outside a record's region is denied (401/403/404, nothing written);
/// a role inside is not. A new endpoint without a row here fails the test.
/// </summary>
public sealed class AuthorisationMatrixTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>Who may pass the gate. Region: the staff whose region covers the record's; RegionOrBody: also the body bound to the 忻州 filing.</summary>
    private enum Rule { Public, SignedIn, Staff, Admin, Region, RegionOrBody, ReviewRegion, ReviewActor, BodyOnly, OwnBody, StaffOrBody, OwnRecord }

    private enum Role { Anonymous, Body, Expert, OfficerXinzhou, OfficerYangquan, OfficerProvince, Admin }

    private const string Xinzhou = "140900";
    private const string Yangquan = "140300";

    /// <summary>The records of one city that a request is made against; the change request, notice, complaint and draw are fresh per row.</summary>
    private sealed record City(string Code, int FilingId, string FilingNumber, int CampaignId, int AssessmentId, int RectificationId, int ChangeId, int NoticeId, int ComplaintId, int DrawId, string DrawBody, int EditFilingId, int RosterId, int BulkId = 0, int RequestId = 0, int AttachmentId = 0, int OccupationId = 0, int OccupationAttachmentId = 0, string Certificate = "")
    {
        public string Token { get; set; } = "";
    }

    private sealed record Row(string Key, Rule Rule, Func<City, HttpRequestMessage> Request);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod m, string url, HttpContent? content = null) => new(m, url) { Content = content };

    /// <summary>An update that names no particular version (If-Match: *): access is decided before the version (IfMatchTests).</summary>
    private static HttpRequestMessage AnyVersion(HttpMethod m, string url, HttpContent? content = null)
    {
        var req = Send(m, url, content);
        req.Headers.TryAddWithoutValidation("If-Match", "*");
        return req;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Form(City c, string url, params (string, string)[] fields) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.Append(("__RequestVerificationToken", c.Token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))) };

    private static HttpRequestMessage Upload(City c, string url, string field, byte[] bytes, string fileName, params (string, string)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        foreach (var (k, v) in fields.Append(("__RequestVerificationToken", c.Token))) form.Add(new StringContent(v), k);
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
    }

    private static string Csv(string text) => text;

    /// <summary>A one-row statistics file for the city's filing (a staff member of another region gets it refused, row by row).</summary>
    private static byte[] StatisticsCsv(City c) => Encoding.UTF8.GetBytes($"序号,备案号,年度,组织评价,评价合格\n1,{c.FilingNumber},2025,3,2\n");

    private static readonly byte[] RosterCsv = Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n张三,110101199003070000,X,3,,2026-01-05\n");

    /// <summary>The account the admin rows act on: an officer that no role's session belongs to.</summary>
    private const string Target = "m-target";

    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    private static string Person(string name, City c) => $$"""{"name":"{{name}}","organisation":"矩阵单位{{Unique()}}","region":"{{County(c)}}","isExpert":true,"isInspector":true}""";

    /// <summary>A county of the city, for roster people (忻府区 or 阳泉城区).</summary>
    private static string County(City c) => c.Code == "140300" ? "140302" : "140902";

    private static byte[] RosterFileOf(City c) => Encoding.UTF8.GetBytes($"姓名,工作单位,所在县区,专业（职业代码）,专家,检查人员\n矩阵导入,矩阵导入单位,{County(c)},,是,是\n");


    /// <summary>A one-row filing import of a new body in the city (another region's officer gets the row refused).</summary>
    private static byte[] FilingFileOf(City c) => Encoding.UTF8.GetBytes($"机构名称,机构类型,所在地区,备案时间\n矩阵导入机构{Unique()},用人单位,{c.Code},2022\n");

    private static string Filing(City c) => $$"""{"entityName":"测试机构{{c.Code}}{{Guid.NewGuid():N}}","type":"Employer","supervision":"City","region":"{{c.Code}}","filedOn":"2022-01"}""";

    private static IReadOnlyList<Row> Rows() =>
    [
        // ---- infrastructure and account
        new("GET /openapi/{documentName}.json", Rule.Public, _ => Get("/openapi/v1.json")),
        new("GET /health", Rule.Public, _ => Get("/health")),
        new("GET /health/live", Rule.Public, _ => Get("/health/live")),
        new("GET /health/ready", Rule.Public, _ => Get("/health/ready")),
        new("GET /favicon.ico", Rule.Public, _ => Get("/favicon.ico")),
        new("GET /api/admin/jobs/", Rule.Admin, _ => Get("/api/admin/jobs")),
        new("POST /api/admin/jobs/{name}/run", Rule.Admin, _ => Send(HttpMethod.Post, "/api/admin/jobs/filing-expiry/run")),
        new("POST /api/auth/login", Rule.Public, _ => Send(HttpMethod.Post, "/api/auth/login", Json("""{"userName":"nobody","password":"x"}"""))),
        new("POST /api/auth/logout", Rule.Public, _ => Get("/api/auth/me")), // logging out would end the role's session: checked by its own tests
        new("GET /api/auth/me", Rule.SignedIn, _ => Get("/api/auth/me")),
        new("GET /Account/Denied", Rule.Public, _ => Get("/Account/Denied")),
        new("GET /Account/Login", Rule.Public, _ => Get("/Account/Login")),
        new("POST /Account/Login", Rule.Public, c => Form(c, "/Account/Login", ("UserName", "nobody"), ("Password", "x"))),
        new("GET /Account/Logout", Rule.Public, _ => Get("/Account/Login")), // as logout above
        new("POST /Account/Logout", Rule.Public, _ => Get("/Account/Login")),
        new("GET /Index", Rule.Public, _ => Get("/")),

        new("POST /api/auth/password", Rule.SignedIn, _ => Send(HttpMethod.Post, "/api/auth/password", Json("""{"currentPassword":"wrong","newPassword":"Matrix#2026x"}"""))), // a wrong current password: the role's session stays
        new("GET /Account/ChangePassword", Rule.SignedIn, _ => Get("/Account/ChangePassword")),
        new("POST /Account/ChangePassword", Rule.SignedIn, c => Form(c, "/Account/ChangePassword", ("CurrentPassword", "wrong"), ("NewPassword", "Matrix#2026x"), ("ConfirmPassword", "Matrix#2026x"))),
        new("GET /ApiDocs", Rule.Staff, _ => Get("/ApiDocs")),
        new("GET /ApiReference", Rule.Public, _ => Get("/api/docs")),
        new("GET /api/docs/scalar.js", Rule.Public, _ => Get("/api/docs/scalar.js")),

        // ---- accounts (admin), acting on a throwaway officer account, never on a role's own
        new("GET /api/users/", Rule.Admin, _ => Get("/api/users")),
        new("GET /api/users/{name}", Rule.Admin, _ => Get($"/api/users/{Target}")),
        new("POST /api/users/", Rule.Admin, _ => Send(HttpMethod.Post, "/api/users", Json($$"""{"userName":"m-{{Unique()}}","displayName":"矩阵账号","role":"Expert"}"""))),
        new("PUT /api/users/{name}", Rule.Admin, _ => AnyVersion(HttpMethod.Put, $"/api/users/{Target}", Json("""{"displayName":"矩阵目标","phone":"","email":""}"""))),
        new("POST /api/users/{name}/disable", Rule.Admin, _ => Send(HttpMethod.Post, $"/api/users/{Target}/disable")),
        new("POST /api/users/{name}/enable", Rule.Admin, _ => Send(HttpMethod.Post, $"/api/users/{Target}/enable")),
        new("POST /api/users/{name}/reset-password", Rule.Admin, _ => Send(HttpMethod.Post, $"/api/users/{Target}/reset-password")),
        new("POST /api/users/{name}/role", Rule.Admin, _ => Send(HttpMethod.Post, $"/api/users/{Target}/role", Json("""{"role":"Officer"}"""))),
        new("POST /api/users/{name}/bind", Rule.Admin, c => Send(HttpMethod.Post, $"/api/users/{Target}/bind", Json($$"""{"region":"{{c.Code}}"}"""))),
        new("GET /Admin/Users", Rule.Admin, _ => Get("/Admin/Users")),
        new("POST /Admin/Users", Rule.Admin, c => Form(c, "/Admin/Users", ("Input.UserName", "m-" + Unique()), ("Input.DisplayName", "矩阵账号"), ("Input.Role", "Expert"))),
        new("GET /Admin/User", Rule.Admin, _ => Get($"/Admin/User?name={Target}")),
        new("POST /Admin/User?handler=Contact", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Contact", ("DisplayName", "矩阵目标"))),
        new("POST /Admin/User?handler=Role", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Role", ("Role", "Officer"))),
        new("POST /Admin/User?handler=Bind", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Bind", ("Region", c.Code))),
        new("POST /Admin/User?handler=Disable", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Disable")),
        new("POST /Admin/User?handler=Enable", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Enable")),
        new("POST /Admin/User?handler=Reset", Rule.Admin, c => Form(c, $"/Admin/User?name={Target}&handler=Reset")),

        // ---- expert and inspector roster (staff read all of it; writes confined to the counties of their region)
        new("GET /api/roster/", Rule.Staff, _ => Get("/api/roster")),
        new("POST /api/roster/", Rule.Region, c => Send(HttpMethod.Post, "/api/roster", Json(Person("矩阵专家", c)))),
        new("GET /api/roster/{id:int}", Rule.Region, c => Get($"/api/roster/{c.RosterId}")),
        new("PUT /api/roster/{id:int}", Rule.Region, c => AnyVersion(HttpMethod.Put, $"/api/roster/{c.RosterId}", Json(Person("矩阵改名", c)))),
        new("POST /api/roster/{id:int}/active", Rule.Region, c => Send(HttpMethod.Post, $"/api/roster/{c.RosterId}/active?active=true")),
        new("POST /api/roster/import", Rule.Region, c => Send(HttpMethod.Post, "/api/roster/import", new MultipartFormDataContent { { new ByteArrayContent(RosterFileOf(c)), "file", "roster.csv" } })),
        new("GET /Roster/Index", Rule.Staff, _ => Get("/Roster")),
        new("POST /Roster/Index?handler=Save", Rule.Region, c => Form(c, "/Roster?handler=Save", ("Input.Name", "矩阵专家"), ("Input.Organisation", "矩阵单位" + Unique()), ("Input.Region", County(c)), ("Input.IsExpert", "true"), ("Input.IsInspector", "true"))),
        new("POST /Roster/Index?handler=Import", Rule.Region, c => Upload(c, "/Roster?handler=Import", "file", RosterFileOf(c), "roster.csv")),
        new("POST /Roster/Index?handler=Active", Rule.Region, c => Form(c, "/Roster?handler=Active", ("id", c.RosterId.ToString(CultureInfo.InvariantCulture)), ("active", "true"))),

        // ---- audit log (admin)
        new("GET /api/audit/", Rule.Admin, _ => Get("/api/audit")),
        new("GET /api/audit/export.xlsx", Rule.Admin, _ => Get("/api/audit/export.xlsx")),
        new("POST /api/audit/purge", Rule.Admin, _ => Send(HttpMethod.Post, "/api/audit/purge", Json("""{"before":"2000-01-01"}"""))), // nothing that old: deletes nothing
        new("POST /api/audit-notice", Rule.Staff, _ => Send(HttpMethod.Post, "/api/audit-notice", new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "n.txt" } })),
        new("GET /Audit/Index", Rule.Admin, _ => Get("/Audit")),
        new("GET /Audit/Jobs", Rule.Admin, _ => Get("/Audit/Jobs")),
        new("POST /Audit/Index?handler=Prepare", Rule.Admin, c => Form(c, "/Audit?handler=Prepare", ("before", "2000-01-01"))),
        new("POST /Audit/Index?handler=Purge", Rule.Admin, c => Form(c, "/Audit?handler=Purge", ("before", "2000-01-01"), ("confirm", "false"))),
        new("POST /Audit/Jobs?handler=Run", Rule.Admin, c => Form(c, "/Audit/Jobs?handler=Run", ("name", "no-such-job"))),

        // ---- registry
        new("GET /api/filings", Rule.Public, _ => Get("/api/filings")),
        new("GET /api/filings/export.xlsx", Rule.Public, _ => Get("/api/filings/export.xlsx")),
        new("GET /api/filings/{id:int}", Rule.Public, c => Get($"/api/filings/{c.FilingId}")),
        new("POST /api/filings", Rule.Region, c => Send(HttpMethod.Post, "/api/filings", Json(Filing(c)))),
        new("PUT /api/filings/{id:int}", Rule.Region, c => Send(HttpMethod.Put, $"/api/filings/{c.EditFilingId}", Json(Filing(c)))),
        new("POST /api/filings/import", Rule.Region, c => Send(HttpMethod.Post, "/api/filings/import?dryRun=true", new MultipartFormDataContent { { new ByteArrayContent(FilingFileOf(c)), "file", "filings.csv" } })),
        new("GET /api/regions", Rule.Public, _ => Get("/api/regions")),
        new("GET /api/occupations", Rule.Public, _ => Get("/api/occupations")),
        new("POST /api/occupations", Rule.Staff, _ => Send(HttpMethod.Post, "/api/occupations", Json($$"""{"code":"9-{{Random.Shared.Next(10, 99)}}-{{Random.Shared.Next(10, 99)}}-{{Random.Shared.Next(10, 99)}}","name":"矩阵测试职业","kind":"SkillLevel","levels":["Level5"]}"""))),
        new("GET /Registry/Index", Rule.Public, _ => Get("/Registry")),
        new("GET /Registry/Detail", Rule.Public, c => Get($"/Registry/Detail/{c.FilingId}")),
        new("GET /Registry/Edit", Rule.Region, c => Get($"/Registry/Edit/{c.EditFilingId}")),
        new("GET /Registry/Import", Rule.Staff, _ => Get("/Registry/Import")),
        new("POST /Registry/Import?handler=Check", Rule.Region, c => Upload(c, "/Registry/Import?handler=Check", "file", FilingFileOf(c), "filings.csv")),
        new("POST /Registry/Import?handler=Import", Rule.Region, c => Upload(c, "/Registry/Import?handler=Import", "file", FilingFileOf(c), "filings.csv")),
        new("POST /Registry/Edit", Rule.Region, c => Form(c, $"/Registry/Edit/{c.EditFilingId}", ("Input.EntityName", "改名" + c.Code), ("Input.Type", "Employer"), ("Input.Supervision", "City"), ("Input.Region", c.Code), ("Input.FiledOn", "2022-01"))),

        // ---- rubrics (shared reference data: staff)
        new("GET /api/rubrics/", Rule.Public, _ => Get("/api/rubrics")),
        new("GET /api/rubrics/compare", Rule.Public, _ => Get("/api/rubrics/compare?from=xinzhou-2023&to=xinzhou-2023")),
        new("GET /api/rubrics/{id}", Rule.Public, _ => Get("/api/rubrics/xinzhou-2023")),
        new("GET /api/rubrics/{id}/validation", Rule.Public, _ => Get("/api/rubrics/xinzhou-2023/validation")),
        new("POST /api/rubrics/{id}/score", Rule.Public, _ => Send(HttpMethod.Post, "/api/rubrics/xinzhou-2023/score", Json("""{"answers":{}}"""))),
        new("POST /api/rubrics/import", Rule.Staff, _ => Send(HttpMethod.Post, "/api/rubrics/import", new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "r.xlsx" } })),
        new("GET /Rubrics/Index", Rule.Public, _ => Get("/Rubrics")),
        new("GET /Rubrics/Show", Rule.Public, _ => Get("/Rubrics/xinzhou-2023")),
        new("GET /Rubrics/Compare", Rule.Public, _ => Get("/Rubrics/Compare")),
        new("GET /Rubrics/Import", Rule.Staff, _ => Get("/Rubrics/Import")),
        new("POST /Rubrics/Import?handler=Preview", Rule.Staff, c => Upload(c, "/Rubrics/Import?handler=Preview", "Upload", "x"u8.ToArray(), "r.xlsx")),
        new("POST /Rubrics/Import?handler=Confirm", Rule.Staff, c => Form(c, "/Rubrics/Import?handler=Confirm", ("Token", "none"))),

        // ---- statistics: public aggregates; a filing's form for its region's staff and its own body
        new("GET /api/statistics/summary", Rule.Public, c => Get($"/api/statistics/summary?year=2023&region={c.Code}")),
        new("GET /api/statistics/template.xlsx", Rule.SignedIn, c => Get($"/api/statistics/template.xlsx?year=2023&region={c.Code}")),
        new("GET /api/statistics/entry/{filingId:int}/{year:int}", Rule.RegionOrBody, c => Get($"/api/statistics/entry/{c.FilingId}/2025")),
        new("PUT /api/statistics/entry/{filingId:int}/{year:int}", Rule.RegionOrBody, c => AnyVersion(HttpMethod.Put, $"/api/statistics/entry/{c.FilingId}/2025", Json("""[{"assessed":3,"passed":2}]"""))),
        new("GET /api/statistics/", Rule.Public, c => Get($"/api/statistics?year=2023&region={c.Code}")),
        new("GET /api/statistics/inactive", Rule.Public, c => Get($"/api/statistics/inactive?region={c.Code}")),
        new("POST /api/statistics/import", Rule.Staff, c => Send(HttpMethod.Post, "/api/statistics/import?dryRun=true", new MultipartFormDataContent { { new ByteArrayContent(StatisticsCsv(c)), "file", "s.csv" } })),
        new("GET /Statistics/Import", Rule.Staff, _ => Get("/Statistics/Import")),
        new("POST /Statistics/Import?handler=Check", Rule.Staff, c => Upload(c, "/Statistics/Import?handler=Check", "file", StatisticsCsv(c), "s.csv")),
        new("POST /Statistics/Import?handler=Import", Rule.Staff, c => Upload(c, "/Statistics/Import?handler=Import", "file", StatisticsCsv(c), "s.csv")),
        new("GET /api/statistics/export", Rule.Public, c => Get($"/api/statistics/export?year=2023&region={c.Code}")),
        new("GET /Statistics/Index", Rule.Public, _ => Get("/Statistics")),
        new("GET /Statistics/Entry", Rule.RegionOrBody, c => Get($"/Statistics/Entry?filing={c.FilingId}&year=2025")),
        new("POST /Statistics/Entry", Rule.RegionOrBody, c => Form(c, $"/Statistics/Entry?filing={c.FilingId}&year=2025", ("Lines[0].Assessed", "3"), ("Lines[0].Passed", "2"))),

        // ---- notices and complaints
        new("GET /api/notices/", Rule.Staff, _ => Get("/api/notices")),
        new("POST /api/notices/generate", Rule.Region, c => Send(HttpMethod.Post, "/api/notices/generate", Json($$"""{"year":2023,"region":"{{c.Code}}"}"""))),
        new("GET /api/notices/preview.{format}", Rule.Region, c => Get($"/api/notices/preview.html?year=2023&region={c.Code}")),
        new("GET /api/notices/{id:int}", Rule.Region, c => Get($"/api/notices/{c.NoticeId}")),
        new("PUT /api/notices/{id:int}", Rule.Region, c => AnyVersion(HttpMethod.Put, $"/api/notices/{c.NoticeId}", Json("""{"title":"标题","template":"正文","documentNumber":"","version":0}"""))),
        new("POST /api/notices/{id:int}/issue", Rule.Region, c => Send(HttpMethod.Post, $"/api/notices/{c.NoticeId}/issue", Json("{}"))),
        new("POST /api/notices/{id:int}/withdraw", Rule.Region, c => Send(HttpMethod.Post, $"/api/notices/{c.NoticeId}/withdraw", Json("""{"reason":"矩阵","confirm":true}"""))),
        new("POST /api/notices/{id:int}/correct", Rule.Region, c => Send(HttpMethod.Post, $"/api/notices/{c.NoticeId}/correct")),
        new("GET /api/notices/{id:int}/compare", Rule.Region, c => Get($"/api/notices/{c.NoticeId}/compare")),
        new("GET /api/notices/{id:int}/complaints", Rule.Region, c => Get($"/api/notices/{c.NoticeId}/complaints")),
        new("GET /api/notices/{id:int}/download/{format}", Rule.Region, c => Get($"/api/notices/{c.NoticeId}/download/html")),
        new("POST /api/complaints/{id:int}/outcome", Rule.Region, c => Send(HttpMethod.Post, $"/api/complaints/{c.ComplaintId}/outcome", Json("""{"outcome":"已核实"}"""))),
        new("GET /api/public/notices/{key}", Rule.Public, c => Get($"/api/public/notices/{c.NoticeId}")),
        new("POST /api/public/notices/{key}/complaints", Rule.Public, c => Send(HttpMethod.Post, $"/api/public/notices/{c.NoticeId}/complaints", Json("""{"text":"举报"}"""))),
        new("GET /api/public/complaints/{tracking}", Rule.Public, _ => Get("/api/public/complaints/TS-NONE")),
        new("GET /Publication/Index", Rule.Public, _ => Get("/Publication")),
        new("POST /Publication/Index", Rule.Public, c => Form(c, "/Publication", ("Year", "2023"))),
        new("GET /Publication/Notices", Rule.Staff, _ => Get("/Publication/Notices")),
        new("POST /Publication/Notices", Rule.Region, c => Form(c, "/Publication/Notices", ("Year", "2023"), ("Region", c.Code))),
        new("GET /Publication/Notice", Rule.Region, c => Get($"/Publication/Notice/{c.NoticeId}")),
        new("POST /Publication/Notice?handler=Save", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Save", ("Title", "标题"), ("Template", "正文"), ("Version", "0"))),
        new("POST /Publication/Notice?handler=Issue", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Issue")),
        new("POST /Publication/Notice?handler=Withdraw", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Withdraw", ("Reason", "矩阵"), ("Confirm", "true"))),
        new("POST /Publication/Notice?handler=Correct", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Correct")),
        new("POST /Publication/Notice?handler=Compare", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Compare")),
        new("POST /Publication/Notice?handler=Outcome", Rule.Region, c => Form(c, $"/Publication/Notice/{c.NoticeId}?handler=Outcome", ("ComplaintId", c.ComplaintId.ToString(CultureInfo.InvariantCulture)), ("Outcome", "已核实"))),
        new("GET /Public/Index", Rule.Public, _ => Get("/Public")),
        new("GET /Public/Tracking", Rule.Public, _ => Get("/Public/Tracking?number=TS-NONE")),
        new("GET /Public/Notice", Rule.Public, _ => Get("/Public/none")),
        new("POST /Public/Notice?handler=Complaint", Rule.Public, c => Form(c, "/Public/none?handler=Complaint", ("Text", "举报"))),
        new("GET /Public/Inspections", Rule.Public, _ => Get("/Public/Inspections")),

        // ---- management rules: changes, scope, expiry, retention, inspections, certificates
        new("GET /api/changes/", Rule.StaffOrBody, _ => Get("/api/changes")), // lists: filtered, checked below
        new("POST /api/changes/", Rule.RegionOrBody, c => Send(HttpMethod.Post, "/api/changes", ChangeForm(c.FilingId))),
        new("POST /api/changes/{id:int}/approve", Rule.Region, c => Send(HttpMethod.Post, $"/api/changes/{c.ChangeId}/approve", Json("""{"note":"同意"}"""))),
        new("POST /api/changes/{id:int}/reject", Rule.Region, c => Send(HttpMethod.Post, $"/api/changes/{c.ChangeId}/reject", Json("""{"reason":"材料不全"}"""))),
        // 撤回 is the body's own act: staff of the region are refused (403) as well as everyone else
        new("POST /api/changes/{id:int}/withdraw", Rule.OwnBody, c => Send(HttpMethod.Post, $"/api/changes/{c.ChangeId}/withdraw")),
        new("GET /api/changes/attachments/{id:int}", Rule.RegionOrBody, c => Get($"/api/changes/attachments/{c.AttachmentId}")),
        new("GET /api/changes/report.xlsx", Rule.Staff, _ => Get("/api/changes/report.xlsx?year=2026&quarter=1")),
        new("GET /api/occupation-applications/", Rule.StaffOrBody, _ => Get("/api/occupation-applications")), // filtered, checked below
        new("POST /api/occupation-applications/", Rule.RegionOrBody, c => Send(HttpMethod.Post, "/api/occupation-applications", OccupationForm(c.FilingId))),
        new("POST /api/occupation-applications/{id:int}/approve", Rule.Region, c => Send(HttpMethod.Post, $"/api/occupation-applications/{c.OccupationId}/approve", Json("""{"note":"同意"}"""))),
        new("POST /api/occupation-applications/{id:int}/reject", Rule.Region, c => Send(HttpMethod.Post, $"/api/occupation-applications/{c.OccupationId}/reject", Json("""{"reason":"条件不足"}"""))),
        new("POST /api/occupation-applications/{id:int}/withdraw", Rule.OwnBody, c => Send(HttpMethod.Post, $"/api/occupation-applications/{c.OccupationId}/withdraw")),
        new("GET /api/occupation-applications/attachments/{id:int}", Rule.RegionOrBody, c => Get($"/api/occupation-applications/attachments/{c.OccupationAttachmentId}")),
        new("POST /api/scope/check", Rule.Region, c => Send(HttpMethod.Post, "/api/scope/check", Json($$"""{"filingId":{{c.FilingId}},"occupationCode":"6-01-01-01"}"""))),
        new("POST /api/scope/apply", Rule.Region, c => Send(HttpMethod.Post, "/api/scope/apply", Json($$"""{"filingId":{{c.FilingId}},"occupationCode":"6-01-01-01"}"""))),
        new("GET /api/filings/expiring", Rule.Staff, _ => Get("/api/filings/expiring")),
        new("POST /api/filings/expire", Rule.Staff, _ => Send(HttpMethod.Post, "/api/filings/expire?on=2000-01-01")),
        new("GET /api/retention/", Rule.Admin, _ => Get("/api/retention")),
        new("POST /api/retention/purge", Rule.Admin, _ => Send(HttpMethod.Post, "/api/retention/purge?confirm=false")),
        new("GET /api/retention/log", Rule.Admin, _ => Get("/api/retention/log")),
        new("GET /api/inspections/", Rule.Public, _ => Get("/api/inspections")),
        new("POST /api/inspections/draw", Rule.Region, c => Send(HttpMethod.Post, "/api/inspections/draw", Json($$"""{"title":"矩阵抽查","bodies":1,"inspectorsPerBody":1,"region":"{{c.Code}}"}"""))),
        new("GET /api/inspections/{id:int}", Rule.Region, c => Get($"/api/inspections/{c.DrawId}")),
        new("POST /api/inspections/{id:int}/publish", Rule.Region, c => Send(HttpMethod.Post, $"/api/inspections/{c.DrawId}/publish")),
        new("GET /api/inspections/{id:int}/verify", Rule.Region, c => Get($"/api/inspections/{c.DrawId}/verify")),
        new("POST /api/inspections/{id:int}/findings", Rule.Region, c => Send(HttpMethod.Post, $"/api/inspections/{c.DrawId}/findings", Json($$"""{"body":"{{c.DrawBody}}","finding":"合格"}"""))),
        new("POST /api/certificates/import", Rule.Region, c => Send(HttpMethod.Post, $"/api/certificates/import?filingId={c.FilingId}&year=2026&dryRun=true", new MultipartFormDataContent { { new ByteArrayContent(RosterCsv), "file", "roster.csv" } })),
        new("GET /api/certificates/lookup", Rule.Public, _ => Get("/api/certificates/lookup?number=X&name=Y")),
        new("GET /api/certificates/", Rule.Staff, c => Get($"/api/certificates?number={c.Certificate}")),
        new("POST /api/certificates/{number}/revoke", Rule.Region, c => Send(HttpMethod.Post, $"/api/certificates/{c.Certificate}/revoke", Json("""{"reason":"矩阵撤销"}"""))),
        new("GET /api/certificates/crosscheck", Rule.Region, c => Get($"/api/certificates/crosscheck?year=2026&filingId={c.FilingId}")),
        new("GET /Rules/Changes", Rule.Staff, _ => Get("/Rules/Changes")),
        new("GET /Rules/Occupations", Rule.Staff, _ => Get("/Rules/Occupations")),
        new("GET /Rules/Scope", Rule.Region, c => Get($"/Rules/Scope?filingId={c.FilingId}&occupation=6-01-01-01")),
        new("GET /Rules/Retention", Rule.Admin, _ => Get("/Rules/Retention")),
        new("POST /Rules/Retention?handler=Prepare", Rule.Admin, c => Form(c, "/Rules/Retention?handler=Prepare")),
        new("POST /Rules/Retention?handler=Purge", Rule.Admin, c => Form(c, "/Rules/Retention?handler=Purge", ("confirm", "false"), ("expected", "0"))),
        // ---- risk-based supervision: officers see their region's list; a body sees its own level only
        new("GET /api/risk/", Rule.Region, c => Get($"/api/risk?region={c.Code}")),
        new("GET /api/risk/export.xlsx", Rule.Region, c => Get($"/api/risk/export.xlsx?region={c.Code}")),
        new("GET /api/risk/config", Rule.Staff, _ => Get("/api/risk/config")),
        new("PUT /api/risk/config", Rule.Admin, _ => AnyVersion(HttpMethod.Put, "/api/risk/config", Json("""{"config":{},"note":"矩阵"}"""))),
        new("POST /api/risk/levels", Rule.Region, c => Send(HttpMethod.Post, $"/api/risk/levels?region={c.Code}")),
        new("GET /api/risk/{filing}", Rule.RegionOrBody, c => Get($"/api/risk/{c.FilingId}")),
        new("GET /api/risk/{filing}/explain", Rule.RegionOrBody, c => Get($"/api/risk/{c.FilingId}/explain")),
        new("GET /Risk/Index", Rule.Region, c => Get($"/Risk?region={c.Code}")),
        new("POST /Risk/Index?handler=Record", Rule.Region, c => Form(c, "/Risk?handler=Record", ("region", c.Code))),
        new("GET /Risk/Body", Rule.RegionOrBody, c => Get($"/Risk/Body/{c.FilingId}")),
        new("GET /Risk/Config", Rule.Staff, _ => Get("/Risk/Config")),
        new("POST /Risk/Config", Rule.Admin, c => Form(c, "/Risk/Config", ("note", "矩阵"))),
        new("GET /Rules/Inspections", Rule.Staff, _ => Get("/Rules/Inspections")),
        new("POST /Rules/Inspections?handler=Draw", Rule.Region, c => Form(c, "/Rules/Inspections?handler=Draw", ("Title", "矩阵抽查"), ("Bodies", "1"), ("Inspectors", "1"), ("Region", c.Code))),
        new("POST /Rules/Inspections?handler=Publish", Rule.Region, c => Form(c, "/Rules/Inspections?handler=Publish", ("id", c.DrawId.ToString(CultureInfo.InvariantCulture)))),
        new("POST /Rules/Inspections?handler=Finding", Rule.Region, c => Form(c, "/Rules/Inspections?handler=Finding", ("id", c.DrawId.ToString(CultureInfo.InvariantCulture)), ("body", c.DrawBody), ("finding", "合格"))),
        new("POST /Rules/Inspections?handler=Verify", Rule.Region, c => Form(c, "/Rules/Inspections?handler=Verify", ("id", c.DrawId.ToString(CultureInfo.InvariantCulture)))),
        new("GET /Certificates/CrossCheck", Rule.Region, c => Get($"/Certificates/CrossCheck?year=2026&filingId={c.FilingId}")),
        new("GET /Certificates/Import", Rule.Staff, c => Get($"/Certificates/Import?filingId={c.FilingId}")),
        new("POST /Certificates/Import", Rule.Region, c => Upload(c, "/Certificates/Import", "file", RosterCsv, "roster.csv", ("FilingId", c.FilingId.ToString(CultureInfo.InvariantCulture)), ("Year", "2026"), ("DryRun", "true"))),
        new("GET /Certificates/Lookup", Rule.Public, _ => Get("/Certificates/Lookup")),
        new("GET /Certificates/Revoke", Rule.Staff, c => Get($"/Certificates/Revoke?Number={c.Certificate}")),
        new("POST /Certificates/Revoke", Rule.Region, c => Form(c, "/Certificates/Revoke", ("Target", c.Certificate), ("Reason", "矩阵撤销"))),
        new("GET /Body/Changes", Rule.BodyOnly, _ => Get("/Body/Changes")),
        new("GET /Body/Occupations", Rule.BodyOnly, _ => Get("/Body/Occupations")),
        new("POST /Body/Occupations", Rule.OwnBody, c => Form(c, "/Body/Occupations", ("FilingId", c.FilingId.ToString(CultureInfo.InvariantCulture)), ("Occupation", "6-01-01-01"), ("Experts", "1"))),
        new("POST /Body/Changes?handler=Withdraw", Rule.OwnBody, c => Form(c, "/Body/Changes?handler=Withdraw", ("id", c.ChangeId.ToString(CultureInfo.InvariantCulture)))),
        new("POST /Body/Occupations?handler=Withdraw", Rule.OwnBody, c => Form(c, "/Body/Occupations?handler=Withdraw", ("id", c.OccupationId.ToString(CultureInfo.InvariantCulture)))),
        new("POST /Body/Changes", Rule.OwnBody, c => Form(c, "/Body/Changes", ("FilingId", c.FilingId.ToString(CultureInfo.InvariantCulture)), ("Kind", "Address"), ("Value", "新址"))),

        // ---- reviews (ReviewAccess): the officers' region rule; bodies and experts by their own rules (ReviewAccessTests)
        new("GET /api/reviews/campaigns", Rule.SignedIn, _ => Get("/api/reviews/campaigns")),
        new("POST /api/reviews/campaigns", Rule.ReviewRegion, c => Send(HttpMethod.Post, "/api/reviews/campaigns", Json($$"""{"title":"矩阵考核","year":2026,"region":"{{c.Code}}","rubric":"xinzhou-2023"}"""))),
        new("GET /api/reviews/campaigns/{id:int}", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}")),
        new("POST /api/reviews/campaigns/{id:int}/targets/apply", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/targets/apply", Json("{}"))),
        new("PUT /api/reviews/campaigns/{id:int}/plan", Rule.ReviewRegion, c => AnyVersion(HttpMethod.Put, $"/api/reviews/campaigns/{c.CampaignId}/plan", Json("""{"planTitle":"矩阵方案"}"""))),
        new("PUT /api/reviews/campaigns/{id:int}/schedule", Rule.ReviewRegion, c => AnyVersion(HttpMethod.Put, $"/api/reviews/campaigns/{c.CampaignId}/schedule", Json("""{"stages":[]}"""))),
        new("PUT /api/reviews/campaigns/{id:int}/targets/{filingId:int}", Rule.ReviewRegion, c => AnyVersion(HttpMethod.Put, $"/api/reviews/campaigns/{c.CampaignId}/targets/{c.FilingId}", Json("""{"included":true,"reason":"矩阵"}"""))),
        new("POST /api/reviews/campaigns/{id:int}/members", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/members", Json("""{"userName":"expert","role":"Panel"}"""))),
        new("POST /api/reviews/campaigns/{id:int}/open", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/open")),
        new("POST /api/reviews/campaigns/{id:int}/close", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/close")),
        new("POST /api/reviews/campaigns/{id:int}/next-year", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/next-year", Json("{}"))),
        new("GET /api/reviews/campaigns/{id:int}/assessments", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/assessments")),
        new("GET /api/reviews/campaigns/{id:int}/filings/{filingId:int}", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/filings/{c.FilingId}")),
        new("POST /api/reviews/campaigns/{id:int}/historical", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/historical", Json("x"))),
        new("GET /api/reviews/campaigns/{id:int}/results", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/results")),
        new("GET /api/reviews/campaigns/{id:int}/findings", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/findings")),
        new("POST /api/reviews/campaigns/{id:int}/findings", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/findings", Json($$"""{"filingId":{{c.FilingId}},"finding":"OrganisedCheating","note":"x"}"""))),
        new("POST /api/reviews/campaigns/{id:int}/findings/{filingId:int}/evidence", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/findings/{c.FilingId}/evidence", File(Pdf, "x.pdf"))),
        new("POST /api/reviews/campaigns/{id:int}/decisions", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/decisions", Json("{}"))),
        new("GET /api/reviews/campaigns/{id:int}/proposals", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/proposals")),
        new("POST /api/reviews/rectifications/{rid:int}/follow-up", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/rectifications/{c.RectificationId}/follow-up", Json("{}"))),
        new("GET /api/reviews/campaigns/{id:int}/decisions", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/decisions")),
        new("GET /api/reviews/campaigns/{id:int}/annex4.xlsx", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/annex4.xlsx")),
        new("GET /api/reviews/assessments/{id:int}", Rule.ReviewRegion, c => Get($"/api/reviews/assessments/{c.AssessmentId}")),
        new("GET /api/reviews/assessments/{id:int}/comparison", Rule.ReviewRegion, c => Get($"/api/reviews/assessments/{c.AssessmentId}/comparison")),
        new("GET /api/reviews/assessments/{id:int}/sheet.xlsx", Rule.ReviewRegion, c => Get($"/api/reviews/assessments/{c.AssessmentId}/sheet.xlsx")),
        new("POST /api/reviews/assessments/{id:int}/sheet", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/sheet", File(Pdf, "x.xlsx"))),
        new("POST /api/reviews/assessments/{id:int}/score", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/score", Json("""{"answers":{}}"""))),
        new("PUT /api/reviews/assessments/{id:int}/self", Rule.ReviewActor, c => AnyVersion(HttpMethod.Put, $"/api/reviews/assessments/{c.AssessmentId}/self", Answers("{}"))),
        new("POST /api/reviews/assessments/{id:int}/self/submit", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/self/submit", Json("{}"))),
        new("POST /api/reviews/assessments/{id:int}/evidence", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/evidence", File(Pdf, "x.pdf"))),
        new("PUT /api/reviews/assessments/{id:int}/panel", Rule.ReviewActor, c => AnyVersion(HttpMethod.Put, $"/api/reviews/assessments/{c.AssessmentId}/panel", Answers("{}"))),
        new("POST /api/reviews/assessments/{id:int}/panel/submit", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/panel/submit", Json("{}"))),
        new("POST /api/reviews/assessments/{id:int}/finalise", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/finalise", Json("{}"))),
        new("POST /api/reviews/assessments/{id:int}/reopen", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/reopen", Json("""{"stage":"SelfAssessment","reason":"x"}"""))),
        new("GET /api/reviews/evidence/{id:int}", Rule.SignedIn, _ => Get("/api/reviews/evidence/999999")), // evidence by id: ReviewAccessTests
        new("GET /api/reviews/rectifications", Rule.SignedIn, _ => Get("/api/reviews/rectifications")),
        new("GET /api/reviews/rectifications/{id:int}", Rule.ReviewRegion, c => Get($"/api/reviews/rectifications/{c.RectificationId}")),
        new("POST /api/reviews/rectifications/{id:int}/evidence", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/rectifications/{c.RectificationId}/evidence", File(Pdf, "x.pdf"))),
        new("POST /api/reviews/rectifications/{id:int}/respond", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/rectifications/{c.RectificationId}/respond", Json("""{"response":"x"}"""))),
        new("POST /api/reviews/rectifications/{id:int}/check", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/rectifications/{c.RectificationId}/check", Json("""{"passed":true,"note":"x"}"""))),
        new("GET /api/reviews/filings/{filingId:int}/history", Rule.ReviewRegion, c => Get($"/api/reviews/filings/{c.FilingId}/history")),
        new("GET /Reviews/Index", Rule.SignedIn, _ => Get("/Reviews")),
        new("GET /Reviews/Campaign", Rule.ReviewRegion, c => Get($"/Reviews/Campaign/{c.CampaignId}")),
        new("GET /Reviews/Assessment", Rule.ReviewRegion, c => Get($"/Reviews/Assessment/{c.AssessmentId}")),
        new("GET /Reviews/Results", Rule.ReviewRegion, c => Get($"/Reviews/Results/{c.CampaignId}")),
        new("GET /Reviews/Decisions", Rule.ReviewRegion, c => Get($"/Reviews/Decisions/{c.CampaignId}")),
        new("GET /Reviews/Sheet", Rule.ReviewRegion, c => Get($"/Reviews/Sheet/{c.AssessmentId}")),
        new("GET /Reviews/Rectifications", Rule.SignedIn, _ => Get("/Reviews/Rectifications")),
        // ---- the campaign board and its bulk actions (a finished action per city for step/get), review requests, the calendar
        new("GET /api/reviews/campaigns/{id:int}/board", Rule.ReviewRegion, c => Get($"/api/reviews/campaigns/{c.CampaignId}/board")),
        new("POST /api/reviews/campaigns/{id:int}/board/bulk", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/campaigns/{c.CampaignId}/board/bulk", Json($$"""{"action":"decide","filingIds":[{{c.FilingId}}]}"""))),
        new("GET /api/reviews/bulk/{opId:int}", Rule.ReviewRegion, c => Get($"/api/reviews/bulk/{c.BulkId}")),
        new("POST /api/reviews/bulk/{opId:int}/step", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/bulk/{c.BulkId}/step", Json("{}"))),
        new("GET /api/reviews/assessments/{id:int}/review-window", Rule.ReviewRegion, c => Get($"/api/reviews/assessments/{c.AssessmentId}/review-window")),
        new("POST /api/reviews/assessments/{id:int}/review-requests", Rule.ReviewActor, c => Send(HttpMethod.Post, $"/api/reviews/assessments/{c.AssessmentId}/review-requests", Json("""{"grounds":"矩阵"}"""))),
        new("GET /api/reviews/review-requests", Rule.SignedIn, _ => Get("/api/reviews/review-requests")),
        new("GET /api/reviews/review-requests/{rid:int}", Rule.ReviewRegion, c => Get($"/api/reviews/review-requests/{c.RequestId}")),
        new("POST /api/reviews/review-requests/{rid:int}/answer", Rule.ReviewRegion, c => Send(HttpMethod.Post, $"/api/reviews/review-requests/{c.RequestId}/answer", Json("""{"answer":"维持","reopen":false}"""))),
        new("GET /Reviews/Board", Rule.ReviewRegion, c => Get($"/Reviews/Board/{c.CampaignId}")),
        new("GET /Reviews/Requests", Rule.SignedIn, _ => Get("/Reviews/Requests")),
        new("GET /api/calendar/{year:int}", Rule.SignedIn, _ => Get("/api/calendar/2026")),
        new("PUT /api/calendar/days", Rule.Admin, c => AnyVersion(HttpMethod.Put, "/api/calendar/days", Json($$"""{"date":"{{CalendarDay(c)}}","kind":"Holiday","name":"矩阵"}"""))),
        new("DELETE /api/calendar/days/{date}", Rule.Admin, c => Send(HttpMethod.Delete, $"/api/calendar/days/{CalendarDay(c)}")),
        new("GET /Admin/Calendar", Rule.Admin, _ => Get("/Admin/Calendar")),

        // ---- notifications (each user's own; NotificationTests checks that nobody reads or marks another's) and the home page's to-do list
        new("GET /api/notifications/", Rule.SignedIn, _ => Get("/api/notifications")),
        new("GET /api/notifications/unread-count", Rule.SignedIn, _ => Get("/api/notifications/unread-count")),
        new("POST /api/notifications/{id:long}/read", Rule.OwnRecord, _ => Send(HttpMethod.Post, "/api/notifications/0/read")),
        new("POST /api/notifications/read-all", Rule.SignedIn, _ => Send(HttpMethod.Post, "/api/notifications/read-all")),
        new("GET /api/todo", Rule.SignedIn, _ => Get("/api/todo")),
        new("GET /Notifications/Index", Rule.SignedIn, _ => Get("/Notifications")),
        new("POST /Notifications/Index?handler=Read", Rule.OwnRecord, c => Form(c, "/Notifications?handler=Read&id=0")),
        new("POST /Notifications/Index?handler=ReadAll", Rule.SignedIn, c => Form(c, "/Notifications?handler=ReadAll")),
    ];

    /// <summary>The day the calendar rows add and then remove, one per city (rows run city by city).</summary>
    private static string CalendarDay(City c) => c.Code == Yangquan ? "2030-01-02" : "2030-01-01";

    private static MultipartFormDataContent ChangeForm(int filingId)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(filingId.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent("Address"), "kind" }, { new StringContent("矩阵新址"), "value" },
            { new StringContent("搬迁"), "reason" },
        };
        foreach (var k in new[] { "ChangeBasis", "NewQualification" })
        {
            var file = new ByteArrayContent(RulesKit.Pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, k, k + ".pdf");
        }
        return form;
    }

    private static MultipartFormDataContent OccupationForm(int filingId) => new()
    {
        { new StringContent(filingId.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent("矩阵职业"), "occupation" },
        { new StringContent("1"), "experts" }, { new StringContent("1"), "examiners" }, { new StringContent("1"), "questionBanks" }, { new StringContent("矩阵"), "explanation" },
    };

    /// <summary>Every mapped endpoint as "METHOD route", and every page handler as "METHOD /Page?handler=Name".</summary>
    private static IEnumerable<string> Endpoints(IServiceProvider services)
    {
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var type = typeof(Program).Assembly.GetType("SkillsAudit.Web.Features" + page.ViewEnginePath.Replace('/', '.') + "Model");
                if (type is null)
                {
                    yield return "GET " + page.ViewEnginePath; // a page without a model answers GET only
                    continue;
                }
                foreach (var m in type.GetMethods().Where(m => m.DeclaringType == type && Regex.IsMatch(m.Name, "^On(Get|Post)")))
                {
                    var name = m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^5] : m.Name;
                    var verb = name.StartsWith("OnGet", StringComparison.Ordinal) ? "GET" : "POST";
                    var handler = name[(verb == "GET" ? 5 : 6)..];
                    yield return $"{verb} {page.ViewEnginePath}" + (handler.Length > 0 ? "?handler=" + handler : "");
                }
                continue;
            }
            foreach (var m in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]) yield return $"{m} {e.RoutePattern.RawText}";
        }
    }

    [Fact]
    public void Every_endpoint_and_page_handler_has_a_row_in_the_matrix()
    {
        _ = app.Server;
        var rows = Rows().Select(r => r.Key).ToList();
        rows.ShouldBeUnique();
        var mapped = Endpoints(app.Services).Distinct().ToList();
        mapped.Except(rows).ShouldBeEmpty("endpoints without a row in the authorisation matrix");
        rows.Except(mapped).ShouldBeEmpty("rows for endpoints that no longer exist");
    }

    private static bool Allowed(Rule rule, Role role, string city) => rule switch
    {
        Rule.Public => true,
        Rule.SignedIn => role != Role.Anonymous,
        Rule.Staff => role is Role.OfficerXinzhou or Role.OfficerYangquan or Role.OfficerProvince or Role.Admin,
        Rule.Admin => role == Role.Admin,
        Rule.Region or Rule.ReviewRegion => role is Role.Admin or Role.OfficerProvince || (role == Role.OfficerXinzhou && city == Xinzhou) || (role == Role.OfficerYangquan && city == Yangquan),
        Rule.RegionOrBody => Allowed(Rule.Region, role, city) || (role == Role.Body && city == Xinzhou),
        Rule.BodyOnly => role == Role.Body,
        Rule.OwnBody => role == Role.Body && city == Xinzhou,
        Rule.StaffOrBody => Allowed(Rule.Staff, role, city) || role == Role.Body,
        Rule.ReviewActor => false, // decided only for those who must be denied (below)
        _ => false,
    };

    /// <summary>Roles whose outcome a row does not decide (only "no 500"): the public's rows for everyone; bodies and experts on review rows (ReviewAccessTests).</summary>
    private static bool Decided(Rule rule, Role role, string city) => rule switch
    {
        Rule.Public => false,
        Rule.SignedIn => role == Role.Anonymous,
        Rule.OwnRecord => role == Role.Anonymous, // someone else's record is not found for every signed-in role alike
        Rule.ReviewRegion => role is not (Role.Body or Role.Expert),
        // The body's own or the panel's action: whoever else acts is refused by ReviewAccess; here, the officers of another city.
        Rule.ReviewActor => role == Role.Anonymous || (role == Role.OfficerXinzhou && city != Xinzhou) || (role == Role.OfficerYangquan && city != Yangquan),
        _ => true,
    };

    private static bool Denied(HttpResponseMessage res) =>
        res.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || (res.StatusCode == HttpStatusCode.Redirect && res.Headers.Location?.OriginalString is { } to
            && (to.Contains("/Account/Login", StringComparison.Ordinal) || to.Contains("/Account/Denied", StringComparison.Ordinal)));

    [Fact]
    public async Task Every_role_is_confined_to_its_region_on_every_endpoint_and_page_handler()
    {
        _ = app.Server;
        var now = DateTimeOffset.UtcNow;
        var clients = new Dictionary<Role, HttpClient>
        {
            [Role.Anonymous] = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }),
            [Role.Body] = await app.SignedInAsync("body", "Body#2026"),
            [Role.Expert] = await app.SignedInAsync("expert", "Expert#2026"),
            [Role.OfficerXinzhou] = await app.OfficerAsync(),
            [Role.OfficerYangquan] = await OfficerOfAsync("m-officer-yq", Yangquan),
            [Role.OfficerProvince] = await OfficerOfAsync("m-officer-sx", "140000"),
            [Role.Admin] = await app.AdminAsync(),
        };
        (await OfficerOfAsync(Target, Xinzhou)).Dispose(); // the account the admin rows act on
        var tokens = new Dictionary<Role, string>();
        foreach (var (role, client) in clients) tokens[role] = await TokenAsync(client, "/Account/Login");

        // The fixed records: the body user's own 忻州 filing, a 阳泉 filing, and an open campaign with an assessment in each city.
        await app.OccupationsAsync("6-01-01-01");
        var (ownFiling, ownNumber) = await app.FilingAsync(Xinzhou, "忻州矩阵测试机构", FilingType.Employer, ["6-01-01-01"]);
        await app.DbAsync(async db =>
        {
            var uid = await db.Users.Where(u => u.UserName == "body").Select(u => u.Id).SingleAsync();
            db.UserFilings.Add(new UserFiling { UserId = uid, FilingId = ownFiling });
            return await db.SaveChangesAsync();
        });
        var (yqFiling, yqNumber) = await app.FilingAsync(Yangquan, "阳泉矩阵测试机构", FilingType.Employer, ["6-01-01-01"]);
        var fixedRecords = new Dictionary<string, (int Filing, string Number, int Campaign, int Assessment, int Rectification)>();
        foreach (var (code, filing, number) in new[] { (Xinzhou, ownFiling, ownNumber), (Yangquan, yqFiling, yqNumber) })
        {
            var campaign = await app.WithAsync(async sp =>
            {
                var h = sp.GetRequiredService<CampaignHandlers>();
                var who = ReviewUser.Operator("test");
                var v = await h.CreateAsync(who, new CampaignInput
                {
                    Title = "矩阵考核" + code, Year = now.Year, Region = code, Rubric = "xinzhou-2023", Authority = "人社局", DocumentNumber = "测试〔2026〕1号",
                    Stages = [new("SelfAssessment", Day(now, -1), Day(now, 5)), new("PanelReview", Day(now, 6), Day(now, 20)), new("Summary", Day(now, 21), Day(now, 25)), new("Publication", Day(now, 26), Day(now, 30))],
                });
                await h.SetTargetAsync(who, v.Id, filing, true, "矩阵");
                await h.OpenAsync(who, v.Id);
                return v.Id;
            });
            var assessment = await app.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign && a.FilingId == filing).Select(a => a.Id).FirstAsync());
            var rect = await app.DbAsync(async db =>
            {
                var r = new Rectification(filing, assessment, "矩阵整改", new DateOnly(2027, 2, 1), "officer", db.Now);
                db.Rectifications.Add(r);
                await db.SaveChangesAsync();
                return r.Id;
            });
            fixedRecords[code] = (filing, number, campaign, assessment, rect);
        }

        var failures = new List<string>();
        var calls = 0;
        foreach (var row in Rows())
        {
            foreach (var code in new[] { Xinzhou, Yangquan })
            {
                var city = await FreshAsync(code, fixedRecords[code]);
                // Denied roles first, so that a write by an allowed role cannot change what a denied one sees.
                foreach (var role in Enum.GetValues<Role>().OrderBy(r => Allowed(row.Rule, r, code)))
                {
                    city.Token = tokens[role];
                    var audit = await app.DbAsync(db => db.AuditLog.CountAsync());
                    using var req = row.Request(city);
                    using var res = await clients[role].SendAsync(req);
                    calls++;
                    var what = $"{row.Key} [{code}] as {role}: {(int)res.StatusCode}";
                    if ((int)res.StatusCode >= 500) { failures.Add(what + " " + await res.Content.ReadAsStringAsync()); continue; }
                    if (!Decided(row.Rule, role, code)) continue;
                    var allowed = Allowed(row.Rule, role, code);
                    if (allowed && Denied(res)) failures.Add(what + " (should be allowed) " + Short(await res.Content.ReadAsStringAsync()));
                    if (!allowed)
                    {
                        if (!Denied(res)) failures.Add(what + " (should be denied) " + Short(await res.Content.ReadAsStringAsync()));
                        else if (await app.DbAsync(db => db.AuditLog.CountAsync()) != audit) failures.Add(what + " denied but wrote to the audit log");
                    }
                }
            }
        }
        failures.ShouldBeEmpty($"{failures.Count} violations in {calls} calls");

        // Lists are filtered: the 阳泉 officer sees no 忻州 change request, notice or draw, and the 忻州 officer no 阳泉 one.
        var yq = clients[Role.OfficerYangquan];
        var xz = clients[Role.OfficerXinzhou];
        (await yq.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/changes")).EnumerateArray().ShouldAllBe(c => c.GetProperty("filingId").GetInt32() != ownFiling);
        (await xz.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/changes")).EnumerateArray().ShouldAllBe(c => c.GetProperty("filingId").GetInt32() != yqFiling);
        (await xz.GetStringAsync("/api/notices")).ShouldNotContain("阳泉");
        (await yq.GetStringAsync("/api/notices")).ShouldNotContain("忻州");
        (await yq.GetStringAsync("/Rules/Changes")).ShouldNotContain(WebUtility.HtmlEncode("忻州矩阵测试机构"));
        (await yq.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/occupation-applications")).EnumerateArray().ShouldAllBe(c => c.GetProperty("filingId").GetInt32() != ownFiling);
        (await xz.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/occupation-applications")).EnumerateArray().ShouldAllBe(c => c.GetProperty("filingId").GetInt32() != yqFiling);
        (await yq.GetStringAsync("/Rules/Occupations")).ShouldNotContain(WebUtility.HtmlEncode("忻州矩阵测试机构"));
    }

    private static string Short(string s) => s.Length > 200 ? s[..200] : s;

    private async Task<HttpClient> OfficerOfAsync(string name, string region)
    {
        var client = await app.UserAsync(name, Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == name);
            u.RegionCode = region;
            return await db.SaveChangesAsync();
        });
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!m.Success) m = Regex.Match(html, "value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"");
        m.Success.ShouldBeTrue("no antiforgery token on " + page);
        return m.Groups[1].Value;
    }

    /// <summary>The fixed records plus a fresh change request, draft notice, complaint and inspection draw in the city.</summary>
    private async Task<City> FreshAsync(string code, (int Filing, string Number, int Campaign, int Assessment, int Rectification) f)
    {
        var (edit, _) = await app.FilingAsync(code, "矩阵编辑机构" + Guid.NewGuid().ToString("N")[..8], FilingType.Employer, ["6-01-01-01"]);
        return await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            var change = new ChangeRequest { FilingId = f.Filing, Kind = ChangeKind.Address, RequestedValue = "矩阵地址", SubmittedBy = "test", SubmittedAt = db.Now };
            var stored = await sp.GetRequiredService<EvidenceStore>().StoreAsync(new MemoryStream(RulesKit.Pdf), "矩阵变更依据.pdf");
            var attachment = new ChangeAttachment { Kind = AttachmentKind.ChangeBasis, Sha256 = stored.Sha256, OriginalName = "矩阵变更依据.pdf", MediaType = stored.MediaType, Size = stored.Size };
            change.Attachments.Add(attachment);
            db.ChangeRequests.Add(change);
            var occupation = new ScopeApplication
            {
                FilingId = f.Filing, OccupationCode = "6-01-01-02", Levels = "5", DeclaredExperts = 1, DeclaredExaminers = 1, DeclaredQuestionBanks = 1,
                Explanation = "矩阵申请", AppliedBy = "test", AppliedAt = db.Now,
            };
            var material = new ScopeAttachment { Kind = OccupationAttachmentKind.Premises, Sha256 = stored.Sha256, OriginalName = "矩阵场地.pdf", MediaType = stored.MediaType, Size = stored.Size };
            occupation.Attachments.Add(material);
            db.ScopeApplications.Add(occupation);
            var notice = new StoredNotice { Year = 2023, RegionCode = code, Title = "矩阵公告", Authority = "人社局", TemplateText = "正文", CreatedBy = "test", CreatedAt = db.Now };
            db.Set<StoredNotice>().Add(notice);
            await db.SaveChangesAsync();
            var complaint = new NoticeComplaint { NoticeId = notice.Id, TrackingNumber = "TS-M-" + Guid.NewGuid().ToString("N")[..10], Text = "举报", Contact = "13800000000", FiledAt = db.Now };
            db.Set<NoticeComplaint>().Add(complaint);
            await db.SaveChangesAsync();
            var draw = await sp.GetRequiredService<DrawHandlers>().DrawAsync(new DrawRequest("矩阵抽查", 1, 1, Region: code));
            var person = await sp.GetRequiredService<RosterHandlers>().SaveAsync(new RosterInput("矩阵人员", "矩阵单位" + Unique(), code == "140300" ? "140302" : "140902", null, true, true));
            var bulk = new BulkOperation { CampaignId = f.Campaign, Action = "decide", Reason = "", FilingIds = f.Filing.ToString(CultureInfo.InvariantCulture), Total = 1, Done = 1, StartedBy = "test", StartedAt = db.Now, UpdatedAt = db.Now, FinishedAt = db.Now };
            db.BulkOperations.Add(bulk);
            var today = DateOnly.FromDateTime(db.Now.UtcDateTime);
            var request = new ReviewRequest(f.Campaign, f.Filing, f.Assessment, "矩阵复核", "body", db.Now, today, today, new SkillsAudit.Domain.Calendar.WorkingDayCalendar([]));
            db.ReviewRequests.Add(request);
            // a certificate of the city, for the revoke rows (the first allowed role revokes it; the next is refused 409)
            var editNumber = await db.Filings.Where(x => x.Id == edit).Select(x => x.Number).FirstAsync();
            var certificate = new SkillsAudit.Data.Features.Rules.CertificateRecord
            {
                FilingId = edit, PersonName = "矩阵持证人", IdCipher = "x", IdHash = "matrix-" + Guid.NewGuid().ToString("N"), IdMasked = "1409**********0001",
                OccupationCode = "6-01-01-01", Level = 5, Number = editNumber!.Value + "255000001", Year = 2025, IssuedOn = new DateOnly(2025, 6, 1), ImportedBy = "test", ImportedAt = db.Now,
            };
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            return new City(code, f.Filing, f.Number, f.Campaign, f.Assessment, f.Rectification, change.Id, notice.Id, complaint.Id, draw.Id, draw.Assignments[0].BodyKey, edit, person, bulk.Id, request.Id, attachment.Id, occupation.Id, material.Id, certificate.Number);
        });
    }
}
