using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Web.Features.Audit;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The audit log speaks of records in Chinese: every kind of record it can hold has a name.</summary>
public sealed class AuditNamesTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>What the audit log never holds (AppDb.NotAudited): keys, secrets, files, job runs, counters, notifications.</summary>
    private static readonly string[] NotAudited =
        ["AuditEntry", "DataProtectionKey", "AppSecret", "StoredBlob", "JobRun", "BulkOperation", "SignInThrottleEntry", "Notification", "EndedSession"];

    [Fact]
    public void Every_kind_of_record_the_log_can_hold_has_a_chinese_name_so_the_category_list_has_no_other_records()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var types = scope.ServiceProvider.GetRequiredService<AppDb>().Model.GetEntityTypes().Select(t => t.ClrType.Name).Distinct();
        types.Where(t => !NotAudited.Contains(t) && !AuditNames.Kinds.ContainsKey(t)).ShouldBeEmpty();
    }

    [Fact]
    public void Every_field_of_every_audited_record_reads_in_chinese_in_the_log()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var fields = scope.ServiceProvider.GetRequiredService<AppDb>().Model.GetEntityTypes().Where(t => !NotAudited.Contains(t.ClrType.Name))
            .SelectMany(t => t.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => $"{t.ClrType.Name}.{p.Name}")).Distinct().ToList();
        fields.ShouldContain("Filing.RegionCode");
        string.Join("\n", fields.Where(f => !AuditNames.IsNamed(f[(f.IndexOf('.', StringComparison.Ordinal) + 1)..])).Order(StringComparer.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void An_accounts_addition_lists_its_content_not_the_sign_in_librarys_bookkeeping()
    {
        var fields = AuditNames.Changes("AppUser", null, """{"Id":"a1","UserName":"zhang","DisplayName":"张三","SecurityStamp":"S","ConcurrencyStamp":"C","EmailConfirmed":false,"LockoutEnabled":true,"AccessFailedCount":0,"TwoFactorEnabled":false,"PhoneNumberConfirmed":false}""")
            .Select(c => c.Field).ToList();
        fields.ShouldBe(["用户名", "姓名"], ignoreOrder: true);
    }

    [Fact]
    public void A_filings_type_supervision_status_and_region_read_in_the_registrys_words()
    {
        var changes = AuditNames.Changes("Filing", """{"Type":"Employer","Supervision":"City","Status":"Active","RegionCode":"140900"}""",
            """{"Type":"SocialEvaluator","Supervision":"Province","Status":"Expired","RegionCode":"140300"}""");
        changes.ShouldNotContain(c => c.After == "SocialEvaluator" || c.After == "Province" || c.After == "Expired" || c.After == "140300");
        changes.Single(c => c.Field == "地区").Before.ShouldBe("山西省忻州市");
    }

    [Fact]
    public void Every_coded_field_of_every_audited_record_reads_each_of_its_codes_in_chinese()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var coded = scope.ServiceProvider.GetRequiredService<AppDb>().Model.GetEntityTypes().Where(t => !NotAudited.Contains(t.ClrType.Name))
            .SelectMany(t => t.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => (Kind: t.ClrType.Name, Field: p.Name, Type: Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)))
            .Where(x => x.Type.IsEnum).ToList();
        coded.ShouldContain(x => x.Kind == "DecisionRecord" && x.Field == "Kind");
        var unnamed = coded.SelectMany(x => Enum.GetNames(x.Type).Select(n => (x.Kind, x.Field, Code: n)))
            .Where(x => AuditNames.CodeName(x.Kind, x.Field, x.Code) is not { } name || !name.Any(c => c > '\u2e80'))
            .Select(x => $"{x.Kind}.{x.Field} = {x.Code}");
        string.Join("\n", unnamed).ShouldBeEmpty();
    }

    [Fact]
    public void A_decisions_codes_and_grounds_read_as_the_decision_page_words_them()
    {
        var changes = AuditNames.Changes("DecisionRecord", null,
            """{"Kind":"DeferRenewal","ProposedKind":"Renew","Standing":"Pass","ReasonsJson":"[{\"rule\":\"机构整改材料尚未提交\",\"clause\":\"阳人社函〔2023〕221号 四\"}]"}""");
        changes.Single(c => c.Field == "决定").After.ShouldBe("暂时不予延续备案");
        changes.Single(c => c.Field == "系统建议").After.ShouldBe("同意延续备案");
        changes.Single(c => c.Field == "决定依据").After.ShouldBe("共1项：机构整改材料尚未提交；阳人社函〔2023〕221号 四");
        changes.ShouldNotContain(c => c.After != null && (c.After.Contains("rule", StringComparison.Ordinal) || c.After.Contains("Defer", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_code_stored_as_its_number_reads_in_chinese_too()
    {
        AuditNames.Changes("ChangeRequest", null, """{"Kind":1,"State":2}""").Select(c => c.After).ShouldBe(["法人变更", "已同意"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_binding_and_a_records_filing_read_as_the_bodys_name_not_as_internal_ids()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var bindings = await admin.GetFromJsonAsync<JsonElement>("/api/audit?entityType=UserFiling&pageSize=500");
        var rows = bindings.GetProperty("items").EnumerateArray().ToList();
        rows.ShouldNotBeEmpty(); // the demo binds its body user
        rows.Select(r => r.GetProperty("entityKey").GetString()!).Where(k => char.IsAsciiDigit(k[^1])).ShouldBeEmpty();
        rows.ShouldContain(r => r.GetProperty("entityKey").GetString()!.Contains("忻州市高级技工学校"));
        var decisions = await admin.GetFromJsonAsync<JsonElement>("/api/audit?entityType=Filing&pageSize=50");
        decisions.GetProperty("items").EnumerateArray().SelectMany(r => r.GetProperty("changes").EnumerateArray())
            .ShouldNotContain(c => c.GetProperty("field").GetString() == "备案编号");
    }
}
