using System.Net;
using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>The admin's account pages after a refusal: what the forms show, and in whose words.</summary>
public sealed class AdminAccountFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_body_users_filings_are_shown_as_the_field_asks_for_them_by_number_or_name_not_by_internal_id()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var value = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Admin/User?name=body")).QuerySelector("#Filings")!.GetAttribute("value")!;
        value.ShouldBe("忻州市高级技工学校"); // the demo body's filing has no 备案号
    }

    [Fact]
    public async Task A_refused_disable_keeps_the_contact_form_filled_with_the_stored_name_and_contacts()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var stored = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Admin/User?name=admin")).QuerySelector("#DisplayName")!.GetAttribute("value");
        stored.ShouldNotBeNullOrEmpty();
        var token = await TokenAsync(admin, "/Admin/User?name=admin");
        // the last active admin cannot be disabled: the refusal is shown on the page itself
        var res = await admin.PostAsync("/Admin/User?name=admin&handler=Disable", Form(token, ("Name", "admin")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        page.QuerySelector("#errors")!.TextContent.ShouldContain("最后一个启用的管理员");
        page.QuerySelector("#DisplayName")!.GetAttribute("value").ShouldBe(stored);
        page.QuerySelector("#Role option[selected]")!.GetAttribute("value").ShouldBe("Admin");
    }

    [Fact]
    public async Task A_refused_contact_change_keeps_what_was_typed_into_that_form()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/User?name=officer");
        var res = await admin.PostAsync("/Admin/User?name=officer&handler=Contact",
            Form(token, ("Name", "officer"), ("DisplayName", "新名字"), ("Phone", "电话号码"), ("Email", "")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        page.QuerySelector("#errors")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        page.QuerySelector("#DisplayName")!.GetAttribute("value").ShouldBe("新名字");
        page.QuerySelector("#Phone")!.GetAttribute("value").ShouldBe("电话号码");
    }

    [Fact]
    public async Task A_refused_new_account_says_each_problem_under_its_own_field_once_and_keeps_what_was_typed()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/Users");

        // an officer without a region: said at 地区, which points at it
        var res = await admin.PostAsync("/Admin/Users", Form(token, ("Input.UserName", "form.officer"), ("Input.DisplayName", "张伟"), ("Input.Role", "Officer"), ("Input.Region", "")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        page.QuerySelector("#Input_Region-error")!.TextContent.ShouldContain("工作人员须绑定地区");
        page.QuerySelector("#Input_Region")!.GetAttribute("aria-describedby").ShouldBe("Input_Region-error");
        page.QuerySelector("#Input_UserName-error").ShouldBeNull();
        page.QuerySelector("#Input_UserName")!.GetAttribute("value").ShouldBe("form.officer");
        page.QuerySelector("#Input_Role option[selected]")!.GetAttribute("value").ShouldBe("Officer");

        // a body user bound to a name that is no body: said once at 备案, without a second message saying the same
        res = await admin.PostAsync("/Admin/Users", Form(token, ("Input.UserName", "form.body"), ("Input.DisplayName", "李四"), ("Input.Role", "BodyUser"), ("Input.Filings", "不存在的机构")));
        page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        var filings = page.QuerySelector("#Input_Filings-error")!.TextContent;
        filings.ShouldContain("没有备案“不存在的机构”");
        filings.ShouldNotContain("至少一条");
        page.QuerySelector("#Input_Filings")!.GetAttribute("value").ShouldBe("不存在的机构");
        // the field offers the registry's body names to choose from
        var list = page.QuerySelector("#Input_Filings")!.GetAttribute("list")!;
        page.QuerySelectorAll($"#{list} option").Select(o => o.GetAttribute("value")).ShouldContain("忻州市高级技工学校");
    }

    [Fact]
    public async Task A_new_account_without_a_role_is_asked_for_one_in_the_forms_words()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/Users");
        var res = await admin.PostAsync("/Admin/Users", Form(token, ("Input.UserName", "no.role"), ("Input.DisplayName", "无角色"), ("Input.Role", "")));
        var text = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync()).Body!.TextContent;
        text.ShouldContain("请选择角色（管理员、工作人员、专家或机构用户）");
        text.ShouldNotContain("BodyUser"); // no role codes in what the admin reads
    }
}
