using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Test data for the seed 003 rules: filings in cities the demo data does not use, so counts are exact.</summary>
internal static class RulesKit
{
    private static int _serial = 900000;

    /// <summary>Pages HTML-encode Chinese text; tests read the decoded text.</summary>
    public static async Task<string> PageAsync(this HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    public static async Task OccupationsAsync(this AppFactory app, params string[] codes)
    {
        using var s = app.Services.CreateScope();
        var db = s.ServiceProvider.GetRequiredService<AppDb>();
        foreach (var code in codes)
        {
            if (!await db.Occupations.AnyAsync(o => o.Code == code))
            {
                db.Occupations.Add(new Occupation(code, "测试职业" + code, AssessmentKind.SkillLevel, Levels.All));
                await db.SaveChangesAsync();
            }
        }
    }

    public static async Task<(int Id, string Number)> FilingAsync(this AppFactory app, string region, string name, FilingType type, string[] scope,
        FilingStatus status = FilingStatus.Active, PartialDate? filedOn = null, PartialDate? periodEnd = null)
    {
        await app.OccupationsAsync(scope);
        using var s = app.Services.CreateScope();
        var db = s.ServiceProvider.GetRequiredService<AppDb>();
        var number = FilingNumber.Parse($"{(type == FilingType.Employer ? 'Y' : 'S')}{region[..4]}14{Interlocked.Increment(ref _serial):D6}");
        var details = new FilingDetails(name, null, null, null, number, type, Supervision.City, region, filedOn ?? new PartialDate(2022, 1), periodEnd, status,
            scope.SelectMany(c => Levels.All.Select(l => new ScopeEntry(c, l))).ToList(), null);
        var filing = Filing.Create(new LegalEntity(name), details, "test", DateTimeOffset.UtcNow);
        db.Filings.Add(filing);
        await db.SaveChangesAsync();
        return (filing.Id, number.Value);
    }

    public static async Task AssessedAsync(this AppFactory app, int filingId, int year, string occupation, long assessed, long? certifiedL5 = null, long? certifiedL4 = null)
    {
        using var s = app.Services.CreateScope();
        var db = s.ServiceProvider.GetRequiredService<AppDb>();
        db.StatisticsRecords.Add(new StatisticsRecord
        {
            FilingId = filingId, Year = year, OccupationKey = occupation, OccupationCode = occupation, Assessed = assessed, Passed = assessed,
            Certified = (certifiedL5 ?? 0) + (certifiedL4 ?? 0), CertifiedL5 = certifiedL5, CertifiedL4 = certifiedL4,
        });
        await db.SaveChangesAsync();
        await StatisticsRollups.RebuildAsync(db, [(filingId, year)]); // as every writer of records does
    }

    public static async Task<(int Exit, string Out, string Error)> CliAsync(this AppFactory app, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(args, new CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        return (exit, o.ToString(), e.ToString());
    }

    public static async Task<T> WithAsync<T>(this AppFactory app, Func<IServiceProvider, Task<T>> f)
    {
        using var s = app.Services.CreateScope();
        return await f(s.ServiceProvider);
    }

    /// <summary>A valid resident ID number (check digit computed) for a person born in 1990 in 忻州市忻府区.</summary>
    public static string Id(int n) => ResidentIdNumber.WithCheck($"14090219900101{n % 1000:D3}");

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% test attachment\n");
}

public sealed class RulesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<ScopeCheckView> Check(ScopeRequest r)
    {
        await app.OccupationsAsync(r.OccupationCode);
        return await app.WithAsync(sp => sp.GetRequiredService<ScopeHandlers>().CheckAsync(r));
    }

    private static EligibilityCheck Rule(ScopeCheckView v, string clause, string contains) =>
        v.Checks.Single(c => c.Clause == clause && c.Rule.Contains(contains, StringComparison.Ordinal));

    [Fact]
    public async Task The_rules_pages_cite_Xinzhous_management_rules_as_their_own_to_Xinzhou_and_by_reference_to_Yangquan()
    {
        var xinzhou = await app.OfficerAsync();
        var yangquan = await app.UserAsync("rules-cite-yq", Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "rules-cite-yq");
            u.RegionCode = "140300";
            return await db.SaveChangesAsync();
        });
        foreach (var (page, clause) in new[] { ("/Rules/Changes", "第二十一条"), ("/Rules/Inspections", "第二十九条"), ("/Rules/Scope", "第六章"), ("/Roster", "第二十九条"),
            ("/Certificates/Import", "第十九条、第二十条"), ("/Certificates/CrossCheck", "第二十条") })
        {
            var own = await xinzhou.GetStringAsync(page);
            own.ShouldContain("（《忻州市职业技能等级评价机构管理办法》" + clause);
            (await yangquan.GetStringAsync(page)).ShouldContain("（参照《忻州市职业技能等级评价机构管理办法》" + clause);
        }
    }

    // ---- 《忻州市职业技能等级评价机构管理办法》第六章: each rule through the handler, on both sides of its boundary (on filings
    // outside Xinzhou, where the clauses are cited by reference: "参照《…》")

    [Fact]
    public async Task Article_24_1_two_thirds_of_filed_occupations_assessed_since_filing()
    {
        _ = app.Server;
        var (ok, _) = await app.FilingAsync("140500", "晋城覆盖甲", FilingType.Employer, ["JC-A1", "JC-A2", "JC-A3"], filedOn: new PartialDate(2022, 3));
        await app.AssessedAsync(ok, 2023, "JC-A1", 12);
        await app.AssessedAsync(ok, 2024, "JC-A2", 5);
        var (short1, _) = await app.FilingAsync("140500", "晋城覆盖乙", FilingType.Employer, ["JC-A1", "JC-A2", "JC-A3"], filedOn: new PartialDate(2022, 3));
        await app.AssessedAsync(short1, 2023, "JC-A1", 12);
        await app.AssessedAsync(short1, 2021, "JC-A2", 7); // before filing: does not count
        var full = new ScopeRequest(0, "JC-NEW", Experts: 1, Examiners: 1, QuestionBanks: 1);

        var pass = Rule(await Check(full with { FilingId = ok }), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（一）", "三分之二");
        pass.Passed.ShouldBeTrue(pass.Detail);
        var fail = Rule(await Check(full with { FilingId = short1 }), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（一）", "三分之二");
        fail.Passed.ShouldBeFalse(fail.Detail);
        fail.Detail.ShouldContain("已开展评价 1 个");
    }

    [Fact]
    public async Task Article_24_1_and_24_2_bad_record_and_declared_staff()
    {
        _ = app.Server;
        var (id, _) = await app.FilingAsync("140500", "晋城人员", FilingType.Employer, ["JC-B1"]);
        var good = new ScopeRequest(id, "JC-NEW", Experts: 1, Examiners: 1, QuestionBanks: 1);
        Rule(await Check(good), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（一）", "不良行为").Passed.ShouldBeTrue();
        Rule(await Check(good with { HasBadRecord = true }), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（一）", "不良行为").Passed.ShouldBeFalse();
        Rule(await Check(good), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（二）", "题库").Passed.ShouldBeTrue();
        Rule(await Check(good with { QuestionBanks = 0 }), "参照《忻州市职业技能等级评价机构管理办法》第二十四条（二）", "题库").Passed.ShouldBeFalse();
    }

    [Fact]
    public async Task Article_25_city_coverage_below_and_at_two_thirds()
    {
        _ = app.Server;
        // 朔州市: three filings that can assess; X is covered by one other body (1/3), Y by two (2/3 — reached, refused).
        var (applicant, _) = await app.FilingAsync("140600", "朔州申请者", FilingType.Employer, ["SZ-A"]);
        await app.FilingAsync("140600", "朔州甲", FilingType.Employer, ["SZ-X", "SZ-Y"]);
        await app.FilingAsync("140600", "朔州乙", FilingType.Employer, ["SZ-Y"]);
        await app.FilingAsync("140600", "朔州已终止", FilingType.Employer, ["SZ-X"], FilingStatus.Terminated); // does not count
        var r = new ScopeRequest(applicant, "SZ-X", Experts: 1, Examiners: 1, QuestionBanks: 1);
        var below = Rule(await Check(r), "参照《忻州市职业技能等级评价机构管理办法》第二十五条", "三分之二");
        below.Passed.ShouldBeTrue(below.Detail);
        below.Detail.ShouldContain("市域内备案机构 3 个，已备案该职业的 1 个");
        var reached = Rule(await Check(r with { OccupationCode = "SZ-Y" }), "参照《忻州市职业技能等级评价机构管理办法》第二十五条", "三分之二");
        reached.Passed.ShouldBeFalse(reached.Detail);
    }

    [Fact]
    public async Task Article_26_social_evaluators_at_most_five_occupations_or_swap_old_for_new()
    {
        _ = app.Server;
        var (four, _) = await app.FilingAsync("140200", "大同四职业", FilingType.SocialEvaluator, ["DT-1", "DT-2", "DT-3", "DT-4"]);
        var (five, _) = await app.FilingAsync("140200", "大同五职业", FilingType.SocialEvaluator, ["DT-1", "DT-2", "DT-3", "DT-4", "DT-5"]);
        var r = new ScopeRequest(four, "DT-9", Experts: 1, Examiners: 1, QuestionBanks: 1);
        Rule(await Check(r), "参照《忻州市职业技能等级评价机构管理办法》第二十六条", "不超过5个").Passed.ShouldBeTrue();
        Rule(await Check(r with { FilingId = five }), "参照《忻州市职业技能等级评价机构管理办法》第二十六条", "不超过5个").Passed.ShouldBeFalse();
        Rule(await Check(r with { FilingId = five, Replacing = "DT-5" }), "参照《忻州市职业技能等级评价机构管理办法》第二十六条", "不超过5个").Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task Scope_apply_stores_a_snapshot_and_the_api_and_page_show_the_rules_with_clauses()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140200", "大同申请保存", FilingType.Employer, ["DT-S1"]);
        await app.AssessedAsync(id, 2023, "DT-S1", 3);
        await app.OccupationsAsync("DT-S2");
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        var res = await officer.PostAsJsonAsync("/api/scope/apply", new { filingId = id, occupationCode = "DT-S2", experts = 2, examiners = 3, questionBanks = 1 });
        var body = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("《忻州市职业技能等级评价机构管理办法》第二十五条");
        var stored = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().ScopeApplications.SingleAsync(a => a.FilingId == id));
        stored.ChecksJson.ShouldContain("第二十四条（一）");
        var page = await officer.PageAsync($"/Rules/Scope?FilingId={id}&Occupation=DT-S2&Experts=1&Examiners=1&QuestionBanks=1");
        page.ShouldContain("《忻州市职业技能等级评价机构管理办法》第二十四条（二）");
        page.ShouldContain("结论：");
        // the form asks for the 备案号 an officer knows, never an internal id
        var typed = await officer.PageAsync($"/Rules/Scope?Filing={number}&Occupation=DT-S2&Experts=1&Examiners=1&QuestionBanks=1");
        typed.ShouldContain("大同申请保存 申请新增 DT-S2");
        typed.ShouldContain("备案号");
        typed.ShouldNotContain("备案 ID");
        (await officer.PageAsync("/Rules/Scope?Filing=S999999999999&Occupation=DT-S2")).ShouldContain("没有备案“S999999999999”");
        (await officer.PageAsync("/Rules/Scope?Filing=&Occupation=DT-S2")).ShouldContain("请填写备案号或机构名称");
        (await officer.PageAsync($"/Rules/Scope?Filing={number}&Occupation=")).ShouldContain("请填写申请职业代码");
        (await officer.PageAsync("/Rules/Scope")).ShouldNotContain("请填写");
    }

    // ---- 《忻州市职业技能等级评价机构管理办法》第二十九条: draw, publish, verify from the seed

    [Fact]
    public async Task A_published_draw_is_reproduced_from_its_seed_by_inspect_verify_and_a_tampered_one_is_not()
    {
        _ = app.Server;
        var drawn = await app.CliAsync("inspect", "draw", "--title", "2026年第一次双随机抽查", "--bodies", "3", "--inspectors", "1", "--seed", "seed-2026-11",
            "--region", "忻州市", "--publish", "--json");
        drawn.Exit.ShouldBe(0, drawn.Error);
        var view = JsonDocument.Parse(drawn.Out).RootElement;
        var id = view.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        view.GetProperty("assignments").GetArrayLength().ShouldBe(3);
        view.GetProperty("published").GetBoolean().ShouldBeTrue();

        var verified = await app.CliAsync("inspect", "verify", id);
        verified.Exit.ShouldBe(0, verified.Out + verified.Error);
        verified.Out.ShouldContain("一致");

        // The stored result is the one the algorithm gives for the stored seed and pools (anyone can recompute it).
        var drawId = int.Parse(id, CultureInfo.InvariantCulture);
        var stored = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().InspectionDraws.SingleAsync(d => d.Id == drawId));
        var pool = JsonSerializer.Deserialize<List<DrawBody>>(stored.PoolJson, JsonSerializerOptions.Web)!;
        var roster = JsonSerializer.Deserialize<List<DrawInspector>>(stored.RosterJson, JsonSerializerOptions.Web)!;
        var again = RandomDraw.Draw("seed-2026-11", pool, 3, roster, 1, false);
        view.GetProperty("assignments").EnumerateArray().Select(a => a.GetProperty("bodyKey").GetString())
            .ShouldBe(again.Assignments.Select(a => a.Body.Key));

        // Anyone can verify a published draw through the API.
        var anonymous = app.CreateClient();
        (await anonymous.GetStringAsync($"/api/inspections/{id}/verify")).ShouldContain("\"matches\":true");

        // Tampering with the published result is caught.
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            var d = await db.InspectionDraws.SingleAsync(x => x.Id == drawId);
            var list = JsonSerializer.Deserialize<List<JsonElement>>(d.ResultJson)!;
            list.Reverse();
            d.ResultJson = JsonSerializer.Serialize(list);
            return await db.SaveChangesAsync();
        });
        var tampered = await app.CliAsync("inspect", "verify", id);
        tampered.Exit.ShouldBe(4);
        tampered.Out.ShouldContain("不一致");
    }

    [Fact]
    public async Task A_draw_asking_for_more_bodies_than_the_pool_is_refused_and_nothing_is_written()
    {
        _ = app.Server;
        await app.FilingAsync("141100", "吕梁唯一", FilingType.Employer, ["LL-1"]);
        var before = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().InspectionDraws.CountAsync());
        var r = await app.CliAsync("inspect", "draw", "--title", "超额抽取", "--bodies", "2", "--inspectors", "1", "--seed", "x", "--region", "吕梁市");
        r.Exit.ShouldBe(1);
        r.Error.ShouldContain("抽查范围内只有 1 个");
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        var res = await officer.PostAsJsonAsync("/api/inspections/draw", new { title = "超额", bodies = 5, inspectorsPerBody = 1, region = "吕梁市" });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().InspectionDraws.CountAsync())).ShouldBe(before);
    }

    // ---- 《忻州市职业技能等级评价机构管理办法》第五章: change requests

    [Fact]
    public async Task A_change_missing_an_attachment_is_refused_naming_it_and_an_approved_rename_keeps_the_former_name()
    {
        _ = app.Server;
        var (id, _) = await app.FilingAsync("140700", "晋中旧名称有限公司", FilingType.Employer, ["JZ-1"]);
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        HttpContent Form(string kind, string value, string? reason, params string[] attachmentKinds)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(id.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent(kind), "kind" }, { new StringContent(value), "value" },
            };
            if (reason is not null) form.Add(new StringContent(reason), "reason");
            foreach (var k in attachmentKinds)
            {
                var file = new ByteArrayContent(RulesKit.Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, k, k + ".pdf");
            }
            return form;
        }

        var missing = await officer.PostAsync("/api/changes", Form("LegalPerson", "王五", "原法人退休", "WrittenApplication", "NewLegalPersonId"));
        var text = await missing.Content.ReadAsStringAsync();
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        text.ShouldContain("任职文件"); // an employer also needs the appointment document (第二十二条)
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().ChangeRequests.CountAsync(c => c.FilingId == id))).ShouldBe(0);

        var cli = await app.CliAsync("changes", "submit", "--filing", id.ToString(CultureInfo.InvariantCulture), "--kind", "Name", "--value", "晋中新名称有限公司");
        cli.Exit.ShouldBe(1);
        cli.Error.ShouldContain("变更依据");

        var created = await officer.PostAsync("/api/changes", Form("Name", "晋中新名称有限公司", "更名", "ChangeBasis", "NewQualification"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var changeId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await officer.PageAsync("/Rules/Changes")).ShouldContain("晋中新名称有限公司");

        (await officer.PostAsJsonAsync($"/api/changes/{changeId}/approve", new { note = "材料齐全" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var filing = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Include(f => f.LegalEntity).ThenInclude(e => e.Aliases).Include(f => f.History).SingleAsync(f => f.Id == id));
        filing.LegalEntity.Name.ShouldBe("晋中新名称有限公司");
        filing.LegalEntity.Aliases.ShouldContain(a => a.Name == "晋中旧名称有限公司" && a.Kind == AliasKind.Former);
        filing.History.ShouldContain(h => h.Field == "机构名称" && h.Before == "晋中旧名称有限公司" && h.Action.Contains("第二十二条"));

        // A decided request cannot be decided again; a rejection needs a reason.
        (await officer.PostAsJsonAsync($"/api/changes/{changeId}/reject", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var year = DateTime.UtcNow.AddHours(8).Year;
        var quarter = (DateTime.UtcNow.AddHours(8).Month - 1) / 3 + 1;
        var report = await officer.GetAsync($"/api/changes/report.xlsx?year={year}&quarter={quarter}");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await report.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(100);
    }

    // ---- 《忻州市职业技能等级评价机构管理办法》第十九条、第二十条: certificate rosters

    private static string Csv(params string[] lines) => "姓名,身份证号码,职业,等级,证书编号,发证日期\n" + string.Join("\n", lines) + "\n";

    private static async Task<string> File(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), "roster-" + Guid.NewGuid().ToString("N") + ".csv");
        await System.IO.File.WriteAllTextAsync(path, content, new UTF8Encoding(true));
        return path;
    }

    private Task<int> CertificateCount() => app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync());

    [Fact]
    public async Task Roster_import_refusals_write_nothing_lookups_mask_the_id_and_the_crosscheck_lists_differences()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140800", "运城证书机构", FilingType.Employer, ["YC-1"]);
        var fid = id.ToString(CultureInfo.InvariantCulture);
        string N(int level, int serial) => $"{number}25{level}{serial:D6}";
        var good = await File(Csv(
            $"张三,{RulesKit.Id(1)},YC-1,5,{N(5, 1)},2025-06-01",
            $"李四,{RulesKit.Id(2)},YC-1,5,{N(5, 2)},2025-06-01",
            $"王五,{RulesKit.Id(3)},YC-1,4,{N(4, 1)},2025-06-02"));
        var ok = await app.CliAsync("certs", "import", good, "--filing", fid, "--year", "2025", "--batch", "2025-1");
        ok.Exit.ShouldBe(0, ok.Error);
        var count = await CertificateCount();

        // Refusals: malformed ID (check digit), number not matching the level, duplicate certificate — nothing written.
        var badId = RulesKit.Id(4)[..17] + (RulesKit.Id(4)[17] == '0' ? "1" : "0");
        foreach (var (content, expected) in new[]
        {
            (Csv($"赵六,{RulesKit.Id(5)},YC-1,5,{N(5, 10)},2025-07-01", $"孙七,{badId},YC-1,5,{N(5, 11)},2025-07-01"), "校验位"),
            (Csv($"周八,{RulesKit.Id(6)},YC-1,4,{N(5, 12)},2025-07-01"), "等级"),
            (Csv($"吴九,{RulesKit.Id(7)},YC-1,5,{N(5, 1)},2025-07-01"), "已存在"),
            (Csv($"张三,{RulesKit.Id(1)},YC-1,5,{N(5, 13)},2025-07-01"), "重复证书"),
            (Csv($"郑十,{RulesKit.Id(8)},YC-1,5,Y14091499999925{5}000001,2025-07-01"), "备案号"),
        })
        {
            var r = await app.CliAsync("certs", "import", await File(content), "--filing", fid, "--year", "2025");
            r.Exit.ShouldBe(1, r.Out);
            r.Error.ShouldContain(expected);
            (await CertificateCount()).ShouldBe(count);
        }

        // A new roster without numbers gets them generated, continuing the serials.
        var gen = await app.CliAsync("certs", "import", await File(Csv($"钱一,{RulesKit.Id(9)},YC-1,5,,2025-08-01")), "--filing", fid, "--year", "2025", "--generate-numbers");
        gen.Exit.ShouldBe(0, gen.Error);
        var generated = N(5, 3);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.AnyAsync(c => c.Number == generated))).ShouldBeTrue();

        // The plain ID is nowhere in the store: not in the certificate rows, not in the audit log.
        var plain = RulesKit.Id(1);
        var rows = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.Where(c => c.FilingId == id).ToListAsync());
        rows.ShouldAllBe(c => !c.IdCipher.Contains(plain) && !c.IdHash.Contains(plain) && c.IdMasked.Contains('*'));
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.AnyAsync(a => a.After!.Contains(plain)))).ShouldBeFalse();
        var protector = app.Services.GetRequiredService<ResidentIdProtector>();
        protector.Unprotect(rows.Single(c => c.PersonName == "张三").IdCipher).ShouldBe(plain);

        // Public lookup (anonymous): page and API show the masked ID only.
        var anonymous = app.CreateClient();
        var api = await anonymous.GetStringAsync($"/api/certificates/lookup?number={N(5, 1)}&name=张三");
        api.ShouldContain("1409**********");
        api.ShouldNotContain(plain);
        var page = await anonymous.PageAsync($"/Certificates/Lookup?Number={N(5, 1)}&Name=%E5%BC%A0%E4%B8%89");
        page.ShouldContain(plain[..4] + "**********" + plain[^4..]);
        page.ShouldNotContain(plain);
        (await anonymous.GetAsync($"/api/certificates/lookup?number={N(5, 1)}&name=李四")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // 查询 pressed with nothing filled in is told what is needed; the form itself loads without a message
        (await anonymous.PageAsync("/Certificates/Lookup?Number=&Name=")).ShouldContain("请输入证书编号和姓名");
        (await anonymous.PageAsync("/Certificates/Lookup")).ShouldNotContain("请输入证书编号和姓名");
        var cliLookup = await app.CliAsync("certs", "lookup", "--number", N(4, 1), "--name", "王五");
        cliLookup.Out.ShouldNotContain(RulesKit.Id(3));
        cliLookup.Out.ShouldContain("中级工");

        // Cross-check against the 2025 statistics: 初级工 3 in the roster vs 3 reported; 中级工 1 vs 2 reported.
        await app.AssessedAsync(id, 2025, "YC-1", 10, certifiedL5: 3, certifiedL4: 2);
        var cross = await app.CliAsync("certs", "crosscheck", "--year", "2025", "--filing", fid, "--json");
        cross.Exit.ShouldBe(0, cross.Error);
        var lines = JsonDocument.Parse(cross.Out).RootElement.EnumerateArray().ToList();
        lines.Single(l => l.GetProperty("level").GetString() == "初级工").GetProperty("difference").GetInt64().ShouldBe(0);
        var l4 = lines.Single(l => l.GetProperty("level").GetString() == "中级工");
        l4.GetProperty("roster").GetInt32().ShouldBe(1);
        l4.GetProperty("reported").GetInt64().ShouldBe(2);
        l4.GetProperty("note").GetString().ShouldBe("名册比统计少 1 人");
    }
}

/// <summary>The public certificate lookup is rate-limited per client (ASP.NET Core rate limiter).</summary>
public sealed class CertificateLookupRateLimitTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_public_lookup_answers_429_beyond_its_limit()
    {
        _ = app.Server;
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Certificates:LookupPermitsPerMinute", "2"));
        var client = limited.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) codes.Add((await client.GetAsync("/api/certificates/lookup?number=Y14091499999925500000" + i + "&name=某人")).StatusCode);
        codes.ShouldBe([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests]);
    }
}

/// <summary>The expiry job and retention on their own app: they change demo filings' status.</summary>
public sealed class RulesJobTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_expiry_job_run_twice_changes_nothing_the_second_time()
    {
        _ = app.Server;
        var (ended, _) = await app.FilingAsync("141000", "临汾期满机构", FilingType.Employer, ["LF-1"], periodEnd: new PartialDate(2026, 10));
        var (soon, _) = await app.FilingAsync("141000", "临汾将满机构", FilingType.Employer, ["LF-1"], periodEnd: new PartialDate(2027, 1));
        var expiring = await app.CliAsync("filings", "expiring", "--on", "2026-11-21", "--json");
        expiring.Exit.ShouldBe(0, expiring.Error);
        expiring.Out.ShouldContain("临汾将满机构");
        expiring.Out.ShouldNotContain("临汾期满机构");

        var first = await app.CliAsync("filings", "expire", "--on", "2026-11-21");
        first.Exit.ShouldBe(0, first.Error);
        first.Out.ShouldContain("临汾期满机构");
        var history = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().FilingHistory.CountAsync());
        var audit = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.CountAsync());
        var status = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.Id == ended).Select(f => f.Status).SingleAsync());
        status.ShouldBe(FilingStatus.Expired);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().FilingHistory.AnyAsync(h => h.FilingId == ended && h.After == FilingStatus.Expired.Chinese()))).ShouldBeTrue();
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.Id == soon).Select(f => f.Status).SingleAsync())).ShouldBe(FilingStatus.Active);

        var second = await app.CliAsync("filings", "expire", "--on", "2026-11-21");
        second.Exit.ShouldBe(0, second.Error);
        second.Out.ShouldContain("0 个备案标为备案期满");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().FilingHistory.CountAsync())).ShouldBe(history);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.CountAsync())).ShouldBe(audit);

        var officer = await app.OfficerAsync();
        (await officer.GetStringAsync("/")).ShouldContain("expiring-panel");
    }

    [Fact]
    public async Task Retention_lists_without_deleting_and_purges_only_when_confirmed_with_a_log()
    {
        _ = app.Server;
        var (id, _) = await app.FilingAsync("141000", "临汾保管机构", FilingType.Employer, ["LF-2"]);
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            db.Set<SkillsAudit.Data.Features.Reviews.EvidenceFile>().Add(new SkillsAudit.Data.Features.Reviews.EvidenceFile
            {
                Sha256 = new string('a', 64), OriginalName = "2019年考务记录.pdf", MediaType = "application/pdf", Size = 10, FilingId = id,
                UploadedBy = "test", UploadedAt = new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero),
            });
            return await db.SaveChangesAsync();
        });
        var list = await app.CliAsync("retention", "list", "--on", "2026-11-21");
        list.Out.ShouldContain("2019年考务记录.pdf");
        var dry = await app.CliAsync("retention", "purge", "--on", "2026-11-21");
        dry.Out.ShouldContain("未删除");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<SkillsAudit.Data.Features.Reviews.EvidenceFile>().CountAsync(e => e.FilingId == id))).ShouldBe(1);
        // Not yet five years (第二十条) on 2024-04-30: nothing to purge.
        (await app.CliAsync("retention", "list", "--on", "2024-04-30")).Out.ShouldNotContain("2019年考务记录.pdf");
        var purge = await app.CliAsync("retention", "purge", "--on", "2026-11-21", "--confirm");
        purge.Exit.ShouldBe(0, purge.Error);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<SkillsAudit.Data.Features.Reviews.EvidenceFile>().CountAsync(e => e.FilingId == id))).ShouldBe(0);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().PurgeLog.AnyAsync(p => p.Note!.Contains("2019年考务记录.pdf")))).ShouldBeTrue();
    }
}
