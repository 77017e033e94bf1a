using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Issue 12, bounded resource use: every file read has a time budget (Files:ReadSeconds) tied to the request. With a
/// budget far too small for any file, ordinary files are refused cleanly — 400, in Chinese, naming the file and the
/// limit, nothing written — by the API (xlsx, csv, docx, evidence image) and by the CLI (exit 1, one line), never a 500.
/// </summary>
public sealed class ReadBudgetTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync()
    {
        _app.Settings["Files:ReadSeconds"] = "0.0000001"; // one tick: every file is over it
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string url, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        using var res = await client.PostAsync(url, form);
        return (res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_tiny_read_budget_ordinary_files_are_refused_with_400_naming_the_file_and_the_limit()
    {
        var officer = await _app.OfficerAsync();
        var template = await officer.GetByteArrayAsync("/api/statistics/template.xlsx?year=2025");
        var filing = await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.RegionCode.StartsWith("1409")).Select(f => f.Id).FirstAsync());
        var certCsv = Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n张三," + RulesKit.Id(1) + ",电工,4,,2025-08-01\n");
        byte[] docx;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var id = await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).FirstAsync();
            var n = await scope.ServiceProvider.GetRequiredService<NoticeGenerator>().GenerateAsync(2023, "忻州市", id, new DateOnly(2024, 1, 25));
            using var ms = new MemoryStream();
            NoticeDocx.Write(ms, n, new NoticeFonts());
            docx = ms.ToArray();
        }
        var certificates = await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync());

        (string Url, string FileName, byte[] File)[] cases =
        [
            ("/api/statistics/import?dryRun=true&year=2025", "统计模板.xlsx", template),
            ($"/api/certificates/import?filingId={filing}&year=2025", "证书名册.csv", certCsv),
            ("/api/audit-notice?offline=true", "公告.docx", docx),
        ];
        foreach (var (url, fileName, file) in cases)
        {
            var (status, body) = await PostAsync(officer, url, file, fileName);
            status.ShouldBe(HttpStatusCode.BadRequest, $"{fileName}: {body}");
            body.ShouldContain(fileName);
            body.ShouldContain("读取用时超过上限");
            body.ShouldContain("秒");
        }
        (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync())).ShouldBe(certificates);
    }

    [Fact]
    public async Task With_a_tiny_read_budget_the_cli_import_exits_1_with_one_line_naming_the_file()
    {
        var officer = await _app.OfficerAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("sa-budget").FullName, "备案.xlsx");
        await File.WriteAllBytesAsync(path, await officer.GetByteArrayAsync("/api/filings/export.xlsx"));
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAudit.Cli.SkillsAuditCli.RunAsync(["filings", "import", path, "--check"],
            new SkillsAudit.Cli.CliContext { Out = o, Error = e, ConnectionString = _app.ConnectionString, ContentRoot = AppContext.BaseDirectory, ReadSeconds = 0.0000001 });
        exit.ShouldBe(1, o + "\n" + e);
        var lines = e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, e.ToString());
        lines[0].ShouldContain("备案.xlsx");
        lines[0].ShouldContain("读取用时超过上限");
    }
}
