using Microsoft.EntityFrameworkCore;

namespace SkillsAudit.Data.Features.Accounts;

/// <summary>
/// Who did something, as people read it: an account's display name, never an internal actor id. The stored actor is
/// the user name for web requests, "cli:&lt;os user&gt;" (optionally " as &lt;user&gt;") for the command line, "system" at
/// start-up and for scheduled jobs, "anonymous" for a request without a session.
/// </summary>
public sealed class PersonNames(AppDb db)
{
    private Dictionary<string, string>? _byUserName;

    /// <summary>User name → display name, loaded once per scope.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(CancellationToken ct = default) =>
        _byUserName ??= (await db.Users.AsNoTracking().Where(u => u.UserName != null).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct))
            .ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.OrdinalIgnoreCase);

    /// <summary>One actor's name (loads the accounts once).</summary>
    public async Task<string> OfAsync(string? actor, CancellationToken ct = default) => Of(actor, await DisplayNamesAsync(ct));

    /// <summary>An actor as a person reads it: the account's display name; 系统 / 未登录访客 / 系统管理员（命令行） for the others.</summary>
    public static string Of(string? actor, IReadOnlyDictionary<string, string> displayNames)
    {
        if (string.IsNullOrWhiteSpace(actor)) return "";
        var a = actor.Trim();
        if (a.StartsWith("cli:", StringComparison.Ordinal))
        {
            var asUser = a.IndexOf(" as ", StringComparison.Ordinal);
            return asUser > 0 ? Of(a[(asUser + 4)..], displayNames) + "（命令行）" : "系统管理员（命令行）";
        }
        return a switch
        {
            "system" => "系统",
            "anonymous" => "未登录访客",
            _ => displayNames.TryGetValue(a, out var n) && n.Length > 0 ? n : a,
        };
    }

    /// <summary>Is this stored value an actor id rather than a person's name (so it must go through <see cref="Of"/>)?</summary>
    public static bool IsInternal(string? actor) => actor is "system" or "anonymous" || actor?.StartsWith("cli:", StringComparison.Ordinal) == true;
}
