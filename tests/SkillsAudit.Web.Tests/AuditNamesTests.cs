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
    public void Every_field_of_a_random_draw_reads_in_chinese_in_the_log()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var fields = scope.ServiceProvider.GetRequiredService<AppDb>().Model.GetEntityTypes().Where(t => t.ClrType.Name.StartsWith("InspectionDraw", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => $"{t.ClrType.Name}.{p.Name}")).ToList();
        fields.ShouldContain("InspectionDraw.PoolJson");
        fields.Where(f => !AuditNames.IsNamed(f[(f.IndexOf('.', StringComparison.Ordinal) + 1)..])).ShouldBeEmpty();
    }

    [Fact]
    public void An_accounts_addition_lists_its_content_not_the_sign_in_librarys_bookkeeping()
    {
        var fields = AuditNames.Changes(null, """{"Id":"a1","UserName":"zhang","DisplayName":"张三","SecurityStamp":"S","ConcurrencyStamp":"C","EmailConfirmed":false,"LockoutEnabled":true,"AccessFailedCount":0,"TwoFactorEnabled":false,"PhoneNumberConfirmed":false}""")
            .Select(c => c.Field).ToList();
        fields.ShouldBe(["用户名", "姓名"], ignoreOrder: true);
    }

    [Fact]
    public void A_filings_type_supervision_status_and_region_read_in_the_registrys_words()
    {
        var changes = AuditNames.Changes("""{"Type":"Employer","Supervision":"City","Status":"Active","RegionCode":"140900"}""",
            """{"Type":"SocialEvaluator","Supervision":"Province","Status":"Expired","RegionCode":"140300"}""");
        changes.ShouldNotContain(c => c.After == "SocialEvaluator" || c.After == "Province" || c.After == "Expired" || c.After == "140300");
        changes.Single(c => c.Field == "地区").Before.ShouldBe("山西省忻州市");
    }
}
