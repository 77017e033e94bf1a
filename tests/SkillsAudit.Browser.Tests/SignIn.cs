using Microsoft.Playwright;

namespace SkillsAudit.Browser.Tests;

internal static class SignIn
{
    /// <summary>
    /// How the tests wait for the page a sign-in redirects to: until its document is parsed, not until its load event.
    /// Twice in full ./test.sh runs, Playwright's wait for "load" after the sign-in redirect timed out at 30 s although
    /// the server had answered the page with 200 in about 100 ms (request log); it never happened when the browser suite
    /// ran alone (9 runs). Each test goes on to assert on the landing page's content, which Playwright retries until it
    /// is there, so nothing the tests check is weakened.
    /// </summary>
    public static readonly PageWaitForURLOptions Landed = new() { WaitUntil = WaitUntilState.DOMContentLoaded };
}
