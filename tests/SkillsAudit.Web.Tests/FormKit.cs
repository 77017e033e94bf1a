using AngleSharp.Html.Parser;

namespace SkillsAudit.Web.Tests;

/// <summary>Posting a page's form as a browser does: the antiforgery token the page carries, and the fields with it.</summary>
public static class FormKit
{
    /// <summary>The antiforgery token of the (first) form on the page at <paramref name="url"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string url) =>
        new HtmlParser().ParseDocument(await client.GetStringAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    /// <summary>A url-encoded form body: the fields and the token.</summary>
    public static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Append(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
}
