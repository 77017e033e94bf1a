using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>What an officer types in the rules and certificate forms: a number that is not one is refused, naming the field, and kept as typed.</summary>
public sealed class RulesFormInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_new_occupation_check_refuses_counts_that_are_not_numbers_or_are_negative_naming_each_field_and_keeping_what_was_typed()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140900", "忻州新增职业表单机构", FilingType.Employer, ["XZ-SCOPE-F1"]);
        await app.OccupationsAsync("XZ-SCOPE-F2");
        var officer = await app.OfficerAsync();

        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync(
            $"/Rules/Scope?Filing={number}&Occupation=XZ-SCOPE-F2&Replacing=&Experts=abc&Examiners=-3&QuestionBanks=99999999999"));
        var errors = page.QuerySelector("#errors")!.TextContent;
        errors.ShouldContain("专家：“abc”不是有效的数量");
        errors.ShouldContain("考评人员：数量不能为负数（现为 -3）");
        errors.ShouldContain("题库（套）：“99999999999”不是有效的数量");
        page.QuerySelector("#checks").ShouldBeNull(); // nothing checked with a count read as 0
        page.QuerySelector("#f-Experts")!.GetAttribute("value").ShouldBe("abc");
        page.QuerySelector("#f-Examiners")!.GetAttribute("value").ShouldBe("-3");
        page.QuerySelector("#f-QuestionBanks")!.GetAttribute("value").ShouldBe("99999999999");
        page.QuerySelector("#f-Filing")!.GetAttribute("value").ShouldBe(number);
        page.QuerySelector("#f-Occupation")!.GetAttribute("value").ShouldBe("XZ-SCOPE-F2");

        // The form sent empty says what is missing; first opened, it says nothing.
        var empty = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Scope?Filing=&Occupation=&Replacing=&Experts=&Examiners=&QuestionBanks="));
        var missing = empty.QuerySelector("#errors")!.TextContent;
        missing.ShouldContain("请填写备案号或机构名称");
        missing.ShouldContain("请填写申请职业代码");
        new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Scope")).QuerySelector("#errors").ShouldBeNull();

        // Valid counts are checked.
        var ok = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Rules/Scope?Filing={number}&Occupation=XZ-SCOPE-F2&Experts=3&Examiners=2&QuestionBanks=1"));
        ok.QuerySelector("#errors").ShouldBeNull();
        ok.QuerySelector("#checks").ShouldNotBeNull();

        // The API refuses a negative count too, naming it.
        var api = await officer.PostAsJsonAsync("/api/scope/check", new { filingId = id, occupationCode = "XZ-SCOPE-F2", experts = 1, examiners = -3, questionBanks = 1 });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Content.ReadAsStringAsync()).ShouldContain("考评人员数量不能为负数");
    }

    [Fact]
    public async Task The_crosscheck_page_refuses_a_year_that_is_not_a_number_naming_the_field_and_keeping_what_was_typed()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Certificates/CrossCheck?Year=abc&Filing="));
        page.QuerySelector("#error")!.TextContent.ShouldContain("年度：“abc”不是有效的年度");
        page.QuerySelector("#f-Year")!.GetAttribute("value").ShouldBe("abc");
        page.QuerySelector("#crosscheck").ShouldBeNull();

        var empty = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Certificates/CrossCheck?Year=&Filing="));
        empty.QuerySelector("#error")!.TextContent.ShouldContain("请填写年度");
        new HtmlParser().ParseDocument(await officer.GetStringAsync("/Certificates/CrossCheck")).QuerySelector("#error").ShouldBeNull();
    }

    [Fact]
    public async Task The_roster_import_refuses_an_issue_year_that_is_not_a_number_instead_of_using_this_year_and_writes_nothing()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140900", "忻州名册年度机构", FilingType.Employer, ["XZ-YEAR-1"]);
        var officer = await app.OfficerAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(officer, "/Certificates/Import")), "__RequestVerificationToken" },
            { new StringContent(number), "Filing" }, { new StringContent("abc"), "Year" }, { new StringContent("true"), "GenerateNumbers" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"姓名,身份证号码,职业,等级,证书编号,发证日期\n甲,{RulesKit.Id(301)},XZ-YEAR-1,5,,2025-05-01\n")), "file", "roster.csv" },
        };
        var res = await officer.PostAsync("/Certificates/Import", form);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        page.QuerySelector("#errors")!.TextContent.ShouldContain("发证年度：“abc”不是有效的年度");
        page.QuerySelector("#f-Year")!.GetAttribute("value").ShouldBe("abc");
        page.QuerySelector("#f-Filing")!.GetAttribute("value").ShouldBe(number);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync(c => c.FilingId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task The_roster_import_refuses_a_certificate_issued_after_today_or_to_someone_born_after_its_issue_date()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140900", "忻州名册日期机构", FilingType.Employer, ["XZ-DATE-1"]);
        var officer = await app.OfficerAsync();
        async Task<string> Import(int year, string csv)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(await TokenAsync(officer, "/Certificates/Import")), "__RequestVerificationToken" },
                { new StringContent(number), "Filing" }, { new StringContent(year.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Year" },
                { new StringContent("true"), "GenerateNumbers" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n" + csv)), "file", "roster.csv" },
            };
            return new HtmlParser().ParseDocument(await (await officer.PostAsync("/Certificates/Import", form)).Content.ReadAsStringAsync()).QuerySelector("#errors")?.TextContent ?? "(no errors)";
        }
        var next = DateTime.UtcNow.AddHours(8).Year + 1;
        (await Import(next, $"甲,{RulesKit.Id(311)},XZ-DATE-1,5,,{next}-03-01\n")).ShouldContain($"第2行：发证日期 {next}-03-01 晚于今天");
        var bornLater = SkillsAudit.Domain.Rules.ResidentIdNumber.WithCheck("14090220250601001");
        (await Import(2025, $"乙,{bornLater},XZ-DATE-1,5,,2025-05-01\n")).ShouldContain("第2行：身份证号码中的出生日期 2025-06-01 晚于发证日期 2025-05-01");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync(c => c.FilingId == id))).ShouldBe(0);
    }

    [Fact]
    public async Task The_roster_import_asks_before_writing_certificates_that_cannot_be_deleted_only_revoked()
    {
        _ = app.Server;
        var page = new HtmlParser().ParseDocument(await (await app.OfficerAsync()).GetStringAsync("/Certificates/Import"));
        var button = page.QuerySelector("#import button#import-submit")!;
        button.GetAttribute("data-confirm")!.ShouldContain("全部通过才写入");
        button.GetAttribute("data-confirm-lock")!.ShouldContain("不能删除");
        button.GetAttribute("data-confirm-lock")!.ShouldContain("只能在“撤销证书”中撤销");
        button.GetAttribute("data-confirm-ok").ShouldBe("确定导入");
    }

    [Fact]
    public async Task The_roster_import_lists_every_problem_of_the_form_at_once_year_filing_and_file()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(officer, "/Certificates/Import")), "__RequestVerificationToken" },
            { new StringContent("不存在的名册机构"), "Filing" }, { new StringContent("abc"), "Year" },
        };
        var res = await officer.PostAsync("/Certificates/Import", form);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var errors = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync()).QuerySelectorAll("#errors td").Select(li => li.TextContent).ToList();
        errors.Count.ShouldBe(3);
        errors[0].ShouldContain("发证年度");
        errors[1].ShouldContain("不存在的名册机构");
        errors[2].ShouldContain("请选择名册文件");
    }

    [Fact]
    public async Task The_roster_takes_an_occupation_by_its_name_in_the_filings_scope_and_says_what_to_write_otherwise()
    {
        _ = app.Server;
        var (id, _) = await app.FilingAsync("140900", "忻州名册职业名称机构", FilingType.Employer, ["6-31-01-03"]);
        var officer = await app.OfficerAsync();
        async Task<HttpResponseMessage> Import(string occupation, int n)
        {
            var csv = $"姓名,身份证号码,职业,等级,证书编号,发证日期\n甲,{RulesKit.Id(400 + n)},{occupation},5,,2025-05-01\n";
            var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" } };
            return await officer.PostAsync($"/api/certificates/import?filingId={id}&year=2025&generateNumbers=true", form);
        }
        var byName = await Import("电工", 1);
        byName.StatusCode.ShouldBe(HttpStatusCode.OK, await byName.Content.ReadAsStringAsync());
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.Where(c => c.FilingId == id).Select(c => c.OccupationCode).SingleAsync())).ShouldBe("6-31-01-03");

        var outside = await (await Import("中式烹调师", 2)).Content.ReadAsStringAsync();
        outside.ShouldContain("职业“中式烹调师”（4-03-02-01 中式烹调师）不在该备案的职业范围内");
        var unknown = await (await Import("电工师傅", 3)).Content.ReadAsStringAsync();
        unknown.ShouldContain("职业“电工师傅”不在该备案的职业范围内：请填写职业代码或名称，如 6-31-01-03 电工");
    }
}
