using System.Text.Json;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>JSON that a page hands to its script (charts, forms): HTML-sensitive characters escaped, one cached options instance.</summary>
public static class PageJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
