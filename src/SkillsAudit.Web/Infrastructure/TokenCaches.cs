using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// The session cookie, decrypted once per cookie value (issue 16): every signed-in request used to decrypt and
/// deserialize the same cookie again (a data-protection decryption each time). The ticket read from a cookie value is
/// kept for Session:TicketCacheSeconds (default 60; 0: decrypt on every request), at most Session:TicketCacheEntries
/// (default 10000), and each request gets its own copy. Nothing else changes: the cookie handler still checks the
/// ticket's expiry, and the session check (security stamp, absolute lifetime) still runs on every request, so a
/// disabled account or a changed password still ends the session as before.
/// </summary>
public sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, CounterBoundCache<string, AuthenticationTicket> cache)
    : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText) || !cache.Enabled) return inner.Unprotect(protectedText, purpose);
        var key = purpose is null ? protectedText : purpose + "\n" + protectedText;
        if (cache.TryGet(key, out var held)) return held.Clone();
        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is null) return null; // a forged, damaged or expired-key cookie is never kept
        cache.Set(key, ticket, cache.Version);
        return ticket.Clone();
    }
}

/// <summary>
/// The antiforgery request token of a page (the logout form in the layout, every form), made once per antiforgery
/// cookie and user (issue 16): the token is a pure function of the cookie's token and the signed-in user's claims,
/// but the default antiforgery decrypted the cookie and encrypted a fresh token on every page. A token made for a
/// cookie value and a user is kept for Antiforgery:TokenCacheSeconds (default 600; 0: made on every page), at most
/// Antiforgery:TokenCacheEntries (default 10000), and handed to the same cookie and the same user only. Validation of
/// posted forms is unchanged (the default antiforgery): a post whose token does not match its cookie and user is
/// refused as before. Pages still answer "Cache-Control: no-cache, no-store".
/// </summary>
public sealed class CachedAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options, CounterBoundCache<string, string> cache, IAntiforgeryAdditionalDataProvider? additionalData)
    : IAntiforgery
{
    private readonly AntiforgeryOptions _options = options.Value;

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var key = Key(httpContext);
        if (key is not null && cache.TryGet(key, out var token))
        {
            if (!httpContext.Response.HasStarted)
            {
                // As the default antiforgery does for every page with a token: never stored by a cache.
                httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                httpContext.Response.Headers.Pragma = "no-cache";
            }
            return new AntiforgeryTokenSet(token, null, _options.FormFieldName, _options.HeaderName);
        }
        var set = inner.GetAndStoreTokens(httpContext);
        // Kept only when the request's own cookie was valid and reused (no new cookie token issued for this answer).
        if (key is not null && set.CookieToken is null && set.RequestToken is not null) cache.Set(key, set.RequestToken, cache.Version);
        return set;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// <summary>
    /// The request's antiforgery cookie and everything of the user that the token is made from (every claim of the
    /// signed-in identities, a superset of the claim the token binds, and any extra data bound into it); null: not kept
    /// (no cookie, or a cookie required over https on plain http — the default antiforgery then answers as it always does).
    /// </summary>
    private string? Key(HttpContext http)
    {
        if (!cache.Enabled || _options.Cookie.Name is not { } name) return null;
        if (_options.Cookie.SecurePolicy == CookieSecurePolicy.Always && !http.Request.IsHttps) return null;
        var cookie = http.Request.Cookies[name];
        if (string.IsNullOrEmpty(cookie)) return null;
        var key = new StringBuilder(cookie.Length + 512).Append(cookie);
        foreach (var identity in http.User.Identities)
        {
            if (!identity.IsAuthenticated) continue;
            key.Append('\n').Append(identity.AuthenticationType);
            foreach (var claim in identity.Claims)
                key.Append('\n').Append(claim.Type.Length).Append(':').Append(claim.Type).Append(claim.Value.Length).Append(':').Append(claim.Value)
                    .Append(claim.Issuer.Length).Append(':').Append(claim.Issuer);
        }
        // The extra data an application may bind into its tokens (none here: the default provider adds an empty string).
        if (additionalData?.GetAdditionalData(http) is { Length: > 0 } extra) key.Append("\n+").Append(extra);
        return key.ToString();
    }
}

public static class TokenCaches
{
    /// <summary>
    /// The decrypted session cookie (Session:TicketCacheSeconds, Session:TicketCacheEntries) and the pages' antiforgery
    /// token (Antiforgery:TokenCacheSeconds, Antiforgery:TokenCacheEntries), each kept a short while per cookie value
    /// (docs/operations.md). Call after AddIdentity and AddRazorPages.
    /// </summary>
    public static IServiceCollection AddTokenCaches(this IServiceCollection services, IConfiguration config)
    {
        var ticketBound = CounterBoundCache.Bound(config, "Session:TicketCacheSeconds", 60);
        var ticketEntries = config.GetValue("Session:TicketCacheEntries", 10_000);
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(sp => new PostConfigureOptions<CookieAuthenticationOptions>(
            IdentityConstants.ApplicationScheme, o =>
            {
                if (o.TicketDataFormat is not null and not CachedTicketFormat)
                    o.TicketDataFormat = new CachedTicketFormat(o.TicketDataFormat,
                        new CounterBoundCache<string, AuthenticationTicket>(ticketBound, CounterBoundCache.Unchanging, sp.GetRequiredService<TimeProvider>(), ticketEntries, StringComparer.Ordinal));
            }));

        var tokenBound = CounterBoundCache.Bound(config, "Antiforgery:TokenCacheSeconds", 600);
        var tokenEntries = config.GetValue("Antiforgery:TokenCacheEntries", 10_000);
        services.AddAntiforgery();
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IAntiforgery))
            ?? throw new InvalidOperationException("IAntiforgery is not registered.");
        services.RemoveAll<IAntiforgery>();
        services.AddSingleton<IAntiforgery>(sp => new CachedAntiforgery(
            registered.ImplementationFactory?.Invoke(sp) as IAntiforgery
                ?? registered.ImplementationInstance as IAntiforgery
                ?? (IAntiforgery)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(),
            new CounterBoundCache<string, string>(tokenBound, CounterBoundCache.Unchanging, sp.GetRequiredService<TimeProvider>(), tokenEntries, StringComparer.Ordinal),
            sp.GetService<IAntiforgeryAdditionalDataProvider>()));
        return services;
    }
}
