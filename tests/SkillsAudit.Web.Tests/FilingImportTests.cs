using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class FilingImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_broken_file_writes_nothing_and_lists_every_bad_row_with_column_and_value()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var before = await db.Filings.CountAsync();
        var csv = """
            序号,机构名称,统一社会信用代码,备案号,机构类型,所在地区
            1,完好的机构,,Y000014090101,用人单位,忻州市
            2,坏备案号机构,,Y14,用人单位,忻州市
            3,坏信用代码机构,91350100M000100Y44,,社会培训评价组织,忻州市
            4,未知地区机构,,,社会培训评价组织,火星市
            5,未知类型机构,,,外星机构,忻州市
            6,重复备案号机构,,Y000014090101,用人单位,忻州市
            7,与登记册重复机构,,Y000034040002,用人单位,淮南市
            """;
        var report = await scope.ServiceProvider.GetRequiredService<FilingImport>().ImportAsync(Csv(csv), "broken.csv", null, null, dryRun: false);
        report.Succeeded.ShouldBeFalse();
        report.Errors.ShouldContain(e => e.Row == 3 && e.Column.Contains("备案号") && e.Value == "Y14");
        report.Errors.ShouldContain(e => e.Row == 4 && e.Column.Contains("统一社会信用代码") && e.Message.Contains("校验位"));
        report.Errors.ShouldContain(e => e.Row == 5 && e.Column.Contains("所在地区") && e.Value == "火星市");
        report.Errors.ShouldContain(e => e.Row == 6 && e.Column.Contains("机构类型"));
        report.Errors.ShouldContain(e => e.Row == 7 && e.Column == "D:备案号" && e.Message.Contains("第2行"));
        report.Errors.ShouldContain(e => e.Row == 8 && e.Message.Contains("中煤新集"));
        (await db.Filings.CountAsync()).ShouldBe(before);
        (await db.LegalEntities.CountAsync(e => e.Name == "完好的机构")).ShouldBe(0);
    }

    [Fact]
    public async Task A_missing_required_column_is_reported_against_the_header()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<FilingImport>()
            .ImportAsync(Csv("序号,备案号\n1,Y000014090102\n"), "nocols.csv", null, null, dryRun: false);
        report.Errors.ShouldContain(e => e.Row == 1 && e.Message.Contains("机构名称"));
        report.Errors.ShouldContain(e => e.Row == 1 && e.Message.Contains("所在地区"));
    }

    [Fact]
    public async Task Seed_001_list_imports_with_merged_type_cells_and_a_default_region()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var csv = "序号,评价机构类型,评价机构名称,备案年度\n1,自主评价企业,导入测试企业甲,2020年\n2,,导入测试企业乙,2021年\n3,社会培训评价组织,导入测试企业甲,2021年\n";
        var report = await scope.ServiceProvider.GetRequiredService<FilingImport>().ImportAsync(Csv(csv), "list.csv", "阳泉市", null, dryRun: false);
        report.Errors.ShouldBeEmpty();
        report.Created.ShouldBe(3);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var b = await db.Filings.Include(f => f.LegalEntity).SingleAsync(f => f.LegalEntity.Name == "导入测试企业乙");
        b.Type.ShouldBe(SkillsAudit.Domain.Registry.FilingType.Employer);
        (await db.Filings.CountAsync(f => f.LegalEntity.Name == "导入测试企业甲")).ShouldBe(2);
        (await db.LegalEntities.CountAsync(e => e.Name == "导入测试企业甲")).ShouldBe(1);
    }

    [Fact]
    public async Task Cli_export_imported_back_unchanged_changes_nothing()
    {
        _ = app.Server;
        var dir = Directory.CreateTempSubdirectory("sa-cli");
        var file = Path.Combine(dir.FullName, "out.xlsx");
        var ctx = new CliContext { Out = new StringWriter(), Error = new StringWriter(), ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["filings", "export", file, "--region", "淮南市"], ctx)).ShouldBe(0);
        ctx.Out.ToString()!.ShouldContain("已导出 8 条");
        var history = await app.DbAsync(db => db.FilingHistory.CountAsync());
        var output = new StringWriter();
        var ctx2 = new CliContext { Out = output, Error = new StringWriter(), ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["filings", "import", file], ctx2)).ShouldBe(0, ctx2.Error.ToString());
        output.ToString().ShouldContain("新增 0 条、修改 0 条备案，8 行与登记册相同");
        (await app.DbAsync(db => db.FilingHistory.CountAsync())).ShouldBe(history);
    }

    [Fact]
    public async Task Cli_duplicate_number_errors_name_the_column_letter_like_every_other_error()
    {
        _ = app.Server;
        var dir = Directory.CreateTempSubdirectory("sa-cli");
        var file = Path.Combine(dir.FullName, "dup.csv");
        await File.WriteAllTextAsync(file, "序号,机构名称,备案号,机构类型,所在地区,备案时间\n1,重复甲,Y000014090177,用人单位,忻州市,2021\n2,重复乙,Y000014090177,用人单位,忻州市,2021\n3,日期错误丙,,用人单位,忻州市,20x1\n");
        var err = new StringWriter();
        var ctx = new CliContext { Out = new StringWriter(), Error = err, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["filings", "import", file, "--check"], ctx)).ShouldBe(1);
        err.ToString().ShouldContain("第3行 [C:备案号] “Y000014090177”：备案号与第2行重复");
        err.ToString().ShouldContain("第4行 [F:备案时间] “20x1”");
    }

    [Fact]
    public async Task Cli_lists_filings_as_json()
    {
        _ = app.Server;
        var ctx = new CliContext { Out = new StringWriter(), Error = new StringWriter(), ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["filings", "list", "--region", "忻州市", "--json"], ctx)).ShouldBe(0);
        System.Text.Json.JsonDocument.Parse(ctx.Out.ToString()!).RootElement.GetArrayLength().ShouldBe(48);
    }
}
