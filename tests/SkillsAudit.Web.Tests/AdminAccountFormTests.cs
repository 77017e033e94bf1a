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
        page.QuerySelector("#state-form #state-form-errors")!.TextContent.ShouldContain("最后一个启用的管理员");
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
        page.QuerySelector("#Phone-error")!.TextContent.ShouldContain("格式不正确");
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

    /// <summary>The refusal's message right after the field (its next element), and the field pointing at it and marked invalid.</summary>
    private static string MessageAt(AngleSharp.Dom.IDocument page, string fieldId)
    {
        var field = page.GetElementById(fieldId).ShouldNotBeNull();
        var message = page.GetElementById(fieldId + "-error").ShouldNotBeNull();
        field.NextElementSibling.ShouldBe(message); // under the field, not in a block elsewhere
        field.ClassList.ShouldContain("is-invalid");
        field.GetAttribute("aria-invalid").ShouldBe("true");
        field.GetAttribute("aria-describedby").ShouldBe(message.Id);
        return message.TextContent;
    }

    private static void Unmarked(AngleSharp.Dom.IDocument page, string fieldId)
    {
        var field = page.GetElementById(fieldId).ShouldNotBeNull();
        page.GetElementById(fieldId + "-error").ShouldBeNull();
        field.ClassList.ShouldNotContain("is-invalid");
        field.HasAttribute("aria-invalid").ShouldBeFalse();
        field.HasAttribute("autofocus").ShouldBeFalse();
    }

    [Fact]
    public async Task A_new_account_with_a_taken_user_name_and_no_name_is_refused_at_both_fields_with_the_first_focused_and_the_rest_kept()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/Users");
        var res = await admin.PostAsync("/Admin/Users", Form(token, ("Input.UserName", "officer"), ("Input.DisplayName", " "), ("Input.Role", "Expert"),
            ("Input.Phone", "0350-3031234"), ("Input.Email", "zhang@example.cn")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        MessageAt(page, "Input_UserName").ShouldBe("用户名“officer”已被使用");
        MessageAt(page, "Input_DisplayName").ShouldBe("姓名（显示名）不能为空");
        // the first wrong field takes the focus (and is scrolled to); the others are left as typed, unmarked
        page.QuerySelector("#Input_UserName")!.HasAttribute("autofocus").ShouldBeTrue();
        page.QuerySelectorAll("[autofocus]").Length.ShouldBe(1);
        Unmarked(page, "Input_Phone");
        page.QuerySelector("#Input_UserName")!.GetAttribute("value").ShouldBe("officer");
        page.QuerySelector("#Input_Phone")!.GetAttribute("value").ShouldBe("0350-3031234");
        page.QuerySelector("#Input_Email")!.GetAttribute("value").ShouldBe("zhang@example.cn");
        page.QuerySelector("#Input_Role option[selected]")!.GetAttribute("value").ShouldBe("Expert");
        // no block of errors above the forms: outside the new-account form the page does not repeat them
        page.QuerySelector("#new-account")!.TextContent.ShouldContain("已被使用");
        page.Body!.TextContent.Replace(page.QuerySelector("#new-account")!.TextContent, "", StringComparison.Ordinal).ShouldNotContain("已被使用");
        page.QuerySelector("#errors").ShouldBeNull();
    }

    [Fact]
    public async Task A_refused_role_change_is_said_at_the_role_field_even_when_the_account_lacks_a_region()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/User?name=expert");
        // an expert has no region: made an officer, the refusal is about the role asked for, said at 角色 in its own form
        var res = await admin.PostAsync("/Admin/User?name=expert&handler=Role", Form(token, ("Name", "expert"), ("Role", "Officer")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        MessageAt(page, "Role").ShouldContain("请先为该账号指定地区");
        page.QuerySelector("#role-form #Role-error").ShouldNotBeNull();
        page.QuerySelector("#Role")!.HasAttribute("autofocus").ShouldBeTrue();
        page.QuerySelector("#Role option[selected]")!.GetAttribute("value").ShouldBe("Officer"); // what was chosen, not the stored role
        Unmarked(page, "Region");
        page.QuerySelector("#Region option[selected]")?.GetAttribute("value").ShouldBeNullOrEmpty(); // the binding form shows the stored (empty) region
    }

    [Fact]
    public async Task A_refused_contact_change_is_said_under_each_wrong_field_keeping_the_typed_values()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/User?name=officer");
        var res = await admin.PostAsync("/Admin/User?name=officer&handler=Contact",
            Form(token, ("Name", "officer"), ("DisplayName", ""), ("Phone", "13912345678"), ("Email", "不是邮箱")));
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        MessageAt(page, "DisplayName").ShouldBe("姓名（显示名）不能为空");
        MessageAt(page, "Email").ShouldBe("电子邮箱“不是邮箱”格式不正确");
        Unmarked(page, "Phone");
        page.QuerySelector("#DisplayName")!.HasAttribute("autofocus").ShouldBeTrue();
        page.QuerySelectorAll("[autofocus]").Length.ShouldBe(1);
        page.QuerySelector("#Phone")!.GetAttribute("value").ShouldBe("13912345678");
        page.QuerySelector("#Email")!.GetAttribute("value").ShouldBe("不是邮箱");
        page.QuerySelector("#contact-refused")!.TextContent.ShouldContain("未保存");
    }

    [Fact]
    public async Task A_refused_binding_is_said_at_the_filings_field_in_the_binding_form()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/User?name=body");
        var res = await admin.PostAsync("/Admin/User?name=body&handler=Bind", Form(token, ("Name", "body"), ("Region", ""), ("Filings", "不存在的机构")));
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        MessageAt(page, "Filings").ShouldContain("没有备案“不存在的机构”");
        page.QuerySelector("#binding #Filings-error").ShouldNotBeNull();
        page.QuerySelector("#Filings")!.GetAttribute("value").ShouldBe("不存在的机构");
        page.QuerySelector("#Filings")!.HasAttribute("autofocus").ShouldBeTrue();
    }

    [Fact]
    public async Task A_refusal_about_no_field_is_said_at_the_top_of_the_form_that_was_sent_and_nowhere_else()
    {
        _ = app.Server;
        var admin = await app.AdminAsync();
        var token = await TokenAsync(admin, "/Admin/User?name=admin");
        var res = await admin.PostAsync("/Admin/User?name=admin&handler=Disable", Form(token, ("Name", "admin")));
        var page = new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());
        var form = page.QuerySelector("form#state-form")!;
        var message = form.FirstElementChild!;
        message.Id.ShouldBe("state-form-errors");
        message.TextContent.ShouldBe("未停用：“admin”是最后一个启用的管理员账号，不能停用");
        message.HasAttribute("autofocus").ShouldBeTrue(); // focused, so it is brought into view on a phone
        page.QuerySelectorAll("[autofocus]").Length.ShouldBe(1);
        page.Body!.TextContent.Replace(form.TextContent, "", StringComparison.Ordinal).ShouldNotContain("最后一个启用的管理员");
        foreach (var f in new[] { "DisplayName", "Phone", "Email", "Role", "Region", "Filings" }) Unmarked(page, f);
    }
}
