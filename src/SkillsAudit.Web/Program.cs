using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Platform;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Web.Features.Account;
using SkillsAudit.Web.Features.Admin;
using SkillsAudit.Web.Features.Audit;
using SkillsAudit.Web.Features.Notifications;
using SkillsAudit.Web.Features.Registry;
using SkillsAudit.Web.Features.Reviews;
using SkillsAudit.Web.Features.Risk;
using SkillsAudit.Web.Features.Rubrics;
using SkillsAudit.Web.Features.Publication;
using SkillsAudit.Web.Features.Statistics;
using SkillsAudit.Web.Features.Rules;
using SkillsAudit.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
// The quick start's address when none is configured. Not in appsettings.json: there it would override ASPNETCORE_URLS
// (environment variables with that prefix are read before the settings file), so a port given the usual way was ignored.
if (builder.Configuration["urls"] is not { Length: > 0 } && builder.Configuration["http_ports"] is not { Length: > 0 }
    && builder.Configuration["https_ports"] is not { Length: > 0 } && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
var connectionString = builder.Configuration.GetConnectionString("Default") is { Length: > 0 } cs ? cs : DbSetup.DefaultConnectionString();
// While this thread builds the host, the other processor would be idle: it builds the compiled EF model, which the
// database start-up needs first, and loads ICU's Chinese collation, which the first culture-aware comparison or change
// of case under zh-CN needs (every request runs in zh-CN; EF Core's query compiler lowers a letter when it compiles the
// first query). About 0.15 s of processor time moved off the way to the first answer (issue 16).
_ = Task.Run(() =>
{
    DbSetup.LoadCompiledModel(connectionString);
    var chinese = CultureInfo.GetCultureInfo("zh-CN");
    return chinese.CompareInfo.Compare("a", "A", CompareOptions.IgnoreCase) + chinese.TextInfo.ToLower('A');
});

try
{
    builder.Services.AddSkillsAuditData(connectionString);
}
catch (DatabaseStartupException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 1;
    return;
}

builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<IActor, HttpActor>();
builder.Services.AddScoped<SkillsAudit.Data.Access.ICurrentActor, HttpCurrentActor>();
// Every feature handler, as the CLI registers them (FeatureServices).
builder.Services.AddSkillsAuditFeatures(builder.Configuration, Path.Combine(AppContext.BaseDirectory, "rubrics"));
builder.Services.AddScoped<SkillsAudit.Web.Features.Audit.AuditLogQuery>();
// Pending notification mail goes out every Mail:DrainSeconds when Mail:SmtpHost and Mail:SmtpFrom are set.
SkillsAudit.Data.Features.Notifications.NotificationServices.AddMailWorker(builder.Services);
builder.Services.AddRulesRateLimits(builder.Configuration);
// Several servers, one PostgreSQL: forwarded headers, HSTS, logs, health, telemetry, jobs (docs/operations.md).
try
{
    builder.AddOperations();
}
catch (DatabaseStartupException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 1;
    return;
}
builder.Services.AddPublicRateLimits(builder.Configuration);

builder.Services.AddIdentity<AppUser, IdentityRole>(o =>
    {
        // No account lock that a stranger could trigger: failed sign-ins are throttled instead (AuditedSignInManager).
        o.Lockout.AllowedForNewUsers = false;
        o.User.RequireUniqueEmail = false;
    })
    .AddEntityFrameworkStores<AppDb>()
    .AddDefaultTokenProviders()
    .AddAccountRules() // password policy, disabled accounts (FeatureServices)
    .AddSignInManager<AuditedSignInManager>()
    .AddClaimsPrincipalFactory<AppClaimsFactory>();
// Every request re-checks the account's security stamp: a disabled account, a reset password or a changed role ends
// the open sessions at their next request.
builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
builder.Services.AddSingleton<DemoState>();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.AccessDeniedPath = "/Account/Denied";
    o.Cookie.Name = "skillsaudit";
    o.Cookie.SameSite = SameSiteMode.Lax;
    o.Cookie.HttpOnly = true;
    // Secure whenever the request came over https (directly or through the proxy's forwarded headers).
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    // Sessions (ASVS V3.3): an idle timeout (sliding) and an absolute lifetime, both configurable.
    o.ExpireTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Session:IdleMinutes", 30));
    o.SlidingExpiration = true;
    var absolute = TimeSpan.FromHours(builder.Configuration.GetValue("Session:AbsoluteHours", 12.0));
    // The sign-in time rides in the cookie's properties (kept when the sliding expiration renews the cookie).
    o.Events.OnSigningIn = async ctx =>
    {
        ctx.Properties.Items.TryAdd("sa.signedIn", ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        // The session's own id, kept through renewals: 退出 ends this session (and every copy of its cookie) on every
        // instance, not only in the browser that deletes the cookie (SessionEnd, EndedSession).
        ctx.Properties.Items.TryAdd(SessionEnd.Item, SkillsAudit.Data.Features.Accounts.EndedSessionStore.NewId());
        // The account row's version when the cookie is issued: later requests rebuild the principal only when it changed.
        var claims = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (ctx.Principal?.FindFirst(claims.UserIdClaimType)?.Value is { } signingIn)
        {
            var version = await ctx.HttpContext.RequestServices.GetRequiredService<AppDb>().Users.AsNoTracking().Where(u => u.Id == signingIn)
                .Select(u => u.ConcurrencyStamp).FirstOrDefaultAsync(ctx.HttpContext.RequestAborted);
            if (version is not null) ctx.Properties.Items["sa.account"] = version;
        }
    };
    o.Events.OnValidatePrincipal = async ctx =>
    {
        var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (ctx.Properties.Items.TryGetValue("sa.signedIn", out var at) && long.TryParse(at, CultureInfo.InvariantCulture, out var seconds)
            && now - DateTimeOffset.FromUnixTimeSeconds(seconds) > absolute)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // A changed password (or a reset, a disabled account) changes the security stamp: every other session ends.
        // Checked on every request against one narrow query (the stamp and the row's version), whose answer is kept for
        // at most Session:StampCheckSeconds and dropped at once when this instance writes an account (SessionStamps);
        // the principal is rebuilt (roles, claims, a renewed cookie) only when the account row changed since the cookie was issued.
        var identity = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = ctx.Principal?.FindFirst(identity.UserIdClaimType)?.Value;
        var stamp = ctx.Principal?.FindFirst(identity.SecurityStampClaimType)?.Value;
        // The session itself may have been ended by 退出 (on any instance): checked in the same query.
        var sessionId = (ctx.Properties.Items.TryGetValue(SessionEnd.Item, out var sid) ? sid : null) ?? "";
        var row = userId is null ? null : await ctx.HttpContext.RequestServices.GetRequiredService<SessionStamps>().GetAsync(userId, sessionId, ct =>
        {
            var db = ctx.HttpContext.RequestServices.GetRequiredService<AppDb>();
            return db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new SessionStamps.Stamps(u.SecurityStamp, u.ConcurrencyStamp,
                    db.Set<SkillsAudit.Data.Features.Accounts.EndedSession>().Any(s => s.Id == sessionId)))
                .FirstOrDefaultAsync(ct);
        }, ctx.HttpContext.RequestAborted);
        if (row is null || stamp is null || row.SecurityStamp != stamp || row.Ended)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (ctx.Properties.Items.TryGetValue("sa.account", out var seen) && seen == row.ConcurrencyStamp) return;
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
        if (ctx.Principal is not null)
        {
            ctx.Properties.Items["sa.account"] = row.ConcurrencyStamp;
            ctx.ShouldRenew = true;
        }
    };
    // The JSON API answers 401/403; only pages redirect to the sign-in page.
    o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
    o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
});
// The account's stamps, checked on every request, read at most every Session:StampCheckSeconds (SessionStamps).
builder.Services.AddSingleton<SessionStamps>();
// Registry list pages held for Registry:ListCacheSeconds (FilingPageCache).
builder.Services.AddSingleton<SkillsAudit.Data.Features.Registry.FilingPageCache>();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Officer, Roles.Admin))
    .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AuthorizeFolder("/Audit", Policies.Admin);
    o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    o.Conventions.AuthorizeFolder("/Roster", Policies.Staff);
    o.Conventions.AuthorizePage("/Account/ChangePassword");
    o.Conventions.AuthorizePage("/ApiDocs", Policies.Staff);
    o.Conventions.AuthorizePage("/Registry/Edit", Policies.Staff);
    o.Conventions.AuthorizeFolder("/Reviews");
    o.Conventions.AuthorizeFolder("/Notifications");
    o.Conventions.AuthorizeFolder("/Rules", Policies.Staff);
    o.Conventions.AuthorizePage("/Risk/Index", Policies.Staff);
    o.Conventions.AuthorizePage("/Risk/Config", Policies.Staff);
    o.Conventions.AuthorizePage("/Risk/Body");
})
    // No client validation script runs here (every form is checked on the server and says what is wrong in Chinese):
    // the data-val-* attributes it would read only carried MVC's English defaults ("The Year field is required.").
    .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false)
    // There are no MVC controllers: without this the first build of the endpoints lists every type of the app's
    // assembly looking for one, about 0.1 s of start-up (issue 16).
    .ConfigureApplicationPartManager(m =>
    {
        foreach (var p in m.FeatureProviders.OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeatureProvider>().ToList())
            m.FeatureProviders.Remove(p);
    });
// Forms say what is wrong in Chinese: no implicit [Required] on non-nullable strings (its message is English, "The
// UserName field is required."; every form checks its own fields and words the refusal), and the model binder's own
// messages (a value that is not a number, a missing value) in Chinese, without the property's English name.
builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
{
    o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
    var m = o.ModelBindingMessageProvider;
    m.SetAttemptedValueIsInvalidAccessor((value, _) => $"“{value}”不是有效的值。");
    m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”不是有效的值。");
    m.SetValueIsInvalidAccessor(value => $"“{value}”不是有效的值。");
    m.SetUnknownValueIsInvalidAccessor(_ => "所填的值无效。");
    m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "所填的值无效。");
    m.SetValueMustBeANumberAccessor(_ => "应填写数字。");
    m.SetNonPropertyValueMustBeANumberAccessor(() => "应填写数字。");
    m.SetValueMustNotBeNullAccessor(_ => "此项不能为空。");
    m.SetMissingBindRequiredValueAccessor(_ => "缺少必填项。");
    m.SetMissingKeyOrValueAccessor(() => "缺少必填项。");
    m.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空。");
});
// Each page's full descriptor is built when the page is first requested, not all of them at start-up (LazyPages).
builder.Services.AddLazyPages();
// The decrypted session cookie and the pages' antiforgery token, each kept a short while per cookie value instead of
// decrypting the cookie and encrypting a new token on every page (TokenCaches; docs/operations.md).
builder.Services.AddTokenCaches(builder.Configuration);
// One error model: refusals become problem details for the API and styled Chinese error pages for browsers.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Customize);
builder.Services.AddExceptionHandler<RefusalHandler>();
// Chinese stays readable in pages (not &#x…; entities); Razor still encodes every HTML-special character.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
// A body or parameter that cannot be read throws, so the handler can say where (field, line, position) in Chinese.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddApiDocumentation(); // /openapi/v1.json (ApiDocumentation), read at /api/docs
// Published content (the public notice page and JSON) from an output cache keyed by the notice's version (PublicNoticeCache);
// text answers compressed (Brotli, else gzip) for clients that accept it.
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<SkillsAudit.Web.Features.Public.PublicNoticeCache>();
builder.Services.AddSingleton<SkillsAudit.Web.Features.Publication.IssuedNoticeFiles>();
builder.Services.AddOutputCache(o => o.AddPolicy(SkillsAudit.Web.Features.Public.PublicNoticeCachePolicy.Name, new SkillsAudit.Web.Features.Public.PublicNoticeCachePolicy()));
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
    o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
    o.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "image/svg+xml"]);
});
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    // The API's contracts generated at build time, ahead of reflection (which still serves every other type): the
    // endpoints resolve them while they are built, on the way to the first answer (issue 16).
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Resolver);
});

var app = builder.Build();
// Migrations, reference data, the first key, the ID-hash key and the demo load: read without a lock when all is in place,
// else done under one database lock, so that N instances starting together all come up (Platform.DbStartup). It runs on
// another thread from here, while the middleware and the endpoints are set up, which touch no database; the server
// listens only once it is done. A database that cannot be reached, or a migration that fails, stops the app with one
// clear line giving the cause.
var databaseReady = Task.Run(StartDatabaseAsync);

var zh = new CultureInfo("zh-CN");
app.UseOperations();
app.UseSecurityHeaders(); // ASVS headers and the refusal of cross-origin writes (CSRF), before anything else runs
app.UseRequestLocalization(new RequestLocalizationOptions { DefaultRequestCulture = new RequestCulture(zh), SupportedCultures = [zh], SupportedUICultures = [zh] });
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    StatusCodeSelector = RefusalHandler.StatusOf,
    // A refusal is an answer, not a fault: only real failures are logged as errors.
    SuppressDiagnosticsCallback = c => Refusal.Of(c.Exception) is not null && !SkillsAudit.Data.Platform.Resilience.IsTransient(c.Exception),
});
app.UseJsonBodyLimit(app.Configuration); // 413 for JSON bodies over 1 MB (RequestLimits)
// Files:ReadSeconds — the time each uploaded file may take to be read and parsed, cancelled with the request.
var readBudget = app.Configuration.GetValue<double?>("Files:ReadSeconds") is { } readSeconds ? TimeSpan.FromSeconds(readSeconds) : SkillsAudit.Domain.Common.ReadBudget.DefaultLimit;
app.Use(async (http, next) =>
{
    using var scope = SkillsAudit.Domain.Common.ReadBudget.Use(readBudget, http.RequestAborted);
    await next(http);
});
app.UseWhen(RefusalHandler.IsApi, api => api.UseStatusCodePages());
app.UseWhen(http => !RefusalHandler.IsApi(http), pages => pages.UseStatusCodePagesWithReExecute("/Error/{0}"));
app.UseResponseCompression();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseOutputCache(); // after authentication: only anonymous answers are shared (PublicNoticeCachePolicy)
app.UseResponseCompression(); // again, inside the output cache: a cached public page is stored compressed, once per Accept-Encoding, not compressed at every hit (the outer one then leaves it as it is and compresses the static files)
app.UseMiddleware<MustChangePasswordMiddleware>();

app.MapOpenApi();
app.MapApiReferenceAssets();
app.MapOperations();
app.MapGet("/health", async (ReadinessProbe probe, HttpContext http) =>
{
    var r = await probe.CheckAsync(http.RequestServices, http.RequestAborted);
    return Results.Text(r.Status, statusCode: r.Status == "Healthy" ? 200 : 503);
}).ExcludeFromDescription();
// Browsers that ask for the old icon path (before reading the page's <link rel="icon">) get the site's icon, not a 404.
app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
app.MapRazorPages();
app.MapAccountApi();
app.MapRegistryApi();
app.MapAuditApi();
app.MapRubricsApi();
app.MapStatisticsApi();
app.MapPublicationApi();
app.MapNoticesApi();
app.MapReviewsApi();
app.MapBoardApi();
app.MapRulesApi();
app.MapRiskApi();
app.MapUsersApi();
app.MapRosterApi();
app.MapNotificationsApi();

// The endpoints (every API's request delegate and JSON contracts, the Razor page descriptors) are built here while the
// database start-up runs on another thread; the server uses what this built. A failure here shows again, with its cause,
// when the server builds them.
try
{
    // Each data source builds and keeps its endpoints; no composite is made here, because disposing one would
    // dispose the page data source's own subscription to changes of the page descriptors.
    foreach (var source in ((IEndpointRouteBuilder)app).DataSources) _ = source.Endpoints.Count;
}
catch (Exception)
{
    // left to the server's own build of the endpoints, which reports it
}
if (!await databaseReady)
{
    Environment.ExitCode = 1;
    return;
}
// Two seconds after the server listens: it is a warning for the operator, and would otherwise compete with the first
// requests for the processor (about 0.1 s of work, issue 16).
app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
{
    try { await Task.Delay(TimeSpan.FromSeconds(2), app.Lifetime.ApplicationStopping); }
    catch (OperationCanceledException) { return; }
    await ReportAccountsAsync();
}));
app.Run();

// The database start-up (see where it is started): true when the server may listen; false after the cause was logged.
// Demo data only on request: Demo:LoadOnEmpty, by default true for the SQLite quick start, false for PostgreSQL, so that
// a production database never gets the demo accounts by accident.
async Task<bool> StartDatabaseAsync()
{
    var loadDemo = DemoData.ShouldLoad(app.Configuration.GetValue<bool?>("Demo:LoadOnEmpty"), connectionString);
    try
    {
        await DbStartup.RunAsync(app.Services, app.Configuration.GetValue("Database:MigrateOnStart", true),
            demoLoad: loadDemo
                ? (sp, ct) => DemoData.LoadAsync(sp, Path.Combine(AppContext.BaseDirectory, "demo"),
                    info => app.Logger.LogInformation("{Message}", info), warn => app.Logger.LogWarning("{Message}", warn), ct)
                : null,
            log: m => app.Logger.LogInformation("{Message}", m));
    }
    catch (DatabaseStartupException e)
    {
        app.Logger.LogCritical(e, "{Message}", e.Message);
        Console.Error.WriteLine(e.Message);
        return false;
    }
    return true;
}

// Whether the database holds the published demo accounts (a warning, and for the quick start their passwords on the
// console) or no administrator yet: said once the server listens, off the path to the first answer.
async Task ReportAccountsAsync()
{
    try
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // One query: whether there are demo accounts (DemoAccounts.AnyAsync's test, by their
        // e-mail domain) and which of the published demo user names are present.
        var names = DemoAccounts.All.Select(a => a.UserName).ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => (u.Email != null && u.Email.EndsWith(DemoAccounts.EmailDomain)) || (u.UserName != null && names.Contains(u.UserName)))
            .Select(u => new { u.UserName, Demo = u.Email != null && u.Email.EndsWith(DemoAccounts.EmailDomain) }).ToListAsync();
        if (accounts.Any(a => a.Demo))
        {
            app.Logger.LogWarning("数据库中有演示账号（{Accounts}），其密码是公开的：演示数据，请勿用于生产。", string.Join("、", DemoAccounts.All.Select(a => a.UserName)));
            // The published demo passwords are printed for the quick start (SQLite, or development) only, never in production.
            if (app.Environment.IsDevelopment() || DbSetup.DetectProvider(connectionString) == DbSetup.Provider.Sqlite)
            {
                // One write for the whole block, so that no log line from a request lands between its lines.
                var block = new System.Text.StringBuilder("演示账号（初始密码） Demo accounts (initial passwords):").AppendLine();
                var present = accounts.Select(a => a.UserName).OfType<string>().ToHashSet();
                foreach (var a in DemoAccounts.All.Where(a => present.Contains(a.UserName)))
                    block.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {Roles.Chinese(a.Role),-6} {a.UserName,-8} {a.Password}   {a.DisplayName}");
                Console.Write(block.ToString());
            }
        }
        else if (!await db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)))
        {
            app.Logger.LogWarning("数据库中还没有管理员账号：请运行 skillsaudit users add-admin <用户名> 创建首个管理员。");
        }
    }
    catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
    {
        app.Logger.LogWarning(e, "启动后检查演示账号与管理员账号时出错：{Message}", e.Message);
    }
}

static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
{
    if (ctx.Request.Path.StartsWithSegments("/api"))
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }
    ctx.Response.Redirect(ctx.RedirectUri);
    return Task.CompletedTask;
}

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
