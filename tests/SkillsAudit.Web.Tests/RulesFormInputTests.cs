using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Shouldly;
using SkillsAudit.Domain.Registry;
using Xunit;

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
}
