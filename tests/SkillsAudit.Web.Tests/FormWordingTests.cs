using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// A form sent back with a field left empty says so in Chinese only: MVC's implicit [Required] on non-nullable strings
/// ("The UserName field is required.") is switched off, and the model binder's own messages are Chinese.
/// </summary>
public sealed class FormWordingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task An_empty_sign_in_form_is_refused_with_one_Chinese_message()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/Account/Login");
        form.ShouldNotContain("data-val-required"); // the English message rode in these attributes, ready for a validation script
        var token = Parser.ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var res = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = "", ["Password"] = "",
        }));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        page.QuerySelectorAll(".validation-summary-errors li").Select(li => li.TextContent.Trim()).ShouldBe(["请输入用户名和密码。"]);
        page.Body!.TextContent.ShouldNotContain("required", Case.Insensitive);
    }

    [Theory]
    [InlineData("/Rules/Inspections")]
    [InlineData("/Rules/Scope")]
    [InlineData("/Publication/Notices")]
    [InlineData("/Certificates/Import")]
    [InlineData("/Registry/Edit")]
    [InlineData("/Admin/Users")]
    public async Task Forms_carry_no_English_validation_attributes(string page)
    {
        var admin = await app.AdminAsync();
        var html = await admin.GetStringAsync(page);
        html.ShouldNotContain("data-val"); // e.g. data-val-required="The Year field is required." on a number field
        html.ShouldNotContain("field is required");
    }
}
