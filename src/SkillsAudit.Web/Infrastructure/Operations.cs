using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Platform;
using IPNetwork = System.Net.IPNetwork;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>A scheduled job: its name (for jobs run) and its Chinese title.</summary>
public sealed record JobInfo(string Name, string Title);

/// <summary>The scheduled jobs and their recent runs (GET /api/admin/jobs, `skillsaudit jobs list --json`).</summary>
public sealed record JobsView(IReadOnlyList<JobInfo> Jobs, IReadOnlyList<JobRunView> Runs);

/// <summary>
/// What running N instances behind a load balancer needs (docs/operations.md): forwarded headers from known proxies,
/// HSTS when the original scheme is https, JSON logs and one request-log line per request, /health/live and
/// /health/ready, OpenTelemetry over OTLP, 409 for conflicts, 503 while the database is away, Retry-After on 429.
/// </summary>
public static class Operations
{
    public const string RequestLogCategory = "SkillsAudit.Requests";

    /// <summary>The id a user sees on an error page or in a problem-details body, and that every log line carries.</summary>
    public static string TraceId(HttpContext http) => TraceIds.Of(http);

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;

        // Logging:Format=json — one JSON object per line on the console, scopes (trace id, request path) included.
        if (string.Equals(config["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        // The request log goes to the console in batches (RequestLogConsoleProvider), not line by line through the console logger.
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(RequestLogCategory, LogLevel.None);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, RequestLogConsoleProvider>());

        // Behind a load balancer: the client's address and scheme come from X-Forwarded-For/-Proto, trusted only from
        // ForwardedHeaders:KnownProxies (addresses) and ForwardedHeaders:KnownNetworks (CIDR); loopback is always trusted.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (config.GetValue("ForwardedHeaders:ForwardHost", false)) o.ForwardedHeaders |= ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = config.GetValue<int?>("ForwardedHeaders:ForwardLimit") ?? 1;
            foreach (var p in List(config.GetSection("ForwardedHeaders:KnownProxies")))
                o.KnownProxies.Add(IPAddress.TryParse(p, out var ip) ? ip : throw new DatabaseStartupException($"配置项 ForwardedHeaders:KnownProxies 中的“{p}”不是 IP 地址。"));
            foreach (var n in List(config.GetSection("ForwardedHeaders:KnownNetworks")))
                o.KnownIPNetworks.Add(IPNetwork.TryParse(n, out var net) ? net : throw new DatabaseStartupException($"配置项 ForwardedHeaders:KnownNetworks 中的“{n}”不是网段（如 10.0.0.0/8）。"));
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(config.GetValue("Hsts:MaxAgeDays", 365));
            o.IncludeSubDomains = config.GetValue("Hsts:IncludeSubDomains", false);
            o.ExcludedHosts.Clear(); // the scheme the client used decides, not the host name
        });

        // Rate limits count per instance and per real client address; a refusal says when to retry.
        services.Configure<RateLimiterOptions>(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteProblemAsync(ctx.HttpContext, StatusCodes.Status429TooManyRequests, "请求过于频繁", $"请求过于频繁，请 {seconds} 秒后再试。", ct);
            };
        });

        services.AddSingleton<ReadinessProbe>();
        services.AddJobScheduler(config);

        // OpenTelemetry traces and metrics, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
        if (config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "skillsaudit", serviceVersion: AppInfo.Version, serviceInstanceId: JobRunner.InstanceName))
                .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation().AddSource("Npgsql"))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation().AddMeter("Microsoft.EntityFrameworkCore", "System.Runtime"))
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>First in the pipeline: the real client address and scheme, then the request log around everything else.</summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseHsts(); // only answers over https (after forwarded headers: when the client used https)
        return app;
    }

    /// <summary>/health/live touches nothing; /health/ready checks the database (at most every Health:CacheSeconds), the key ring and the evidence store.</summary>
    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Text("Healthy")).ExcludeFromDescription().DisableRateLimiting();
        app.MapGet("/health/ready", async (ReadinessProbe probe, HttpContext http) =>
        {
            var report = await probe.CheckAsync(http.RequestServices, http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(report, statusCode: report.Status == "Healthy" ? 200 : 503);
        }).ExcludeFromDescription().DisableRateLimiting();

        // Scheduled jobs: the admins see each run and may start one by hand.
        var jobs = app.MapGroup("/api/admin/jobs").WithTags("定时任务").RequireAuthorization(Policies.Admin);
        jobs.MapGet("/", async (JobRunner runner) => TypedResults.Ok(new JobsView(
            runner.Jobs.Select(j => new JobInfo(j.Name, j.Title)).ToList(),
            await runner.RecentAsync()))).WithSummary("定时任务及最近的运行记录");
        jobs.MapPost("/{name}/run", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<JobRunView>, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>> (string name, HttpContext http, JobRunner runner) =>
        {
            try
            {
                return TypedResults.Ok(await runner.RunNowAsync(name, http.User.Identity?.Name, http.RequestAborted));
            }
            catch (Exception e) when (e is not Domain.Common.RefusalException && Refusal.Of(e) is null)
            {
                return TypedResults.Problem(title: "任务运行失败", detail: "任务运行失败：" + e.Message, statusCode: 500);
            }
        }).WithSummary("立即运行一个定时任务（另一实例正在运行时等待其完成）");
    }

    /// <summary>A list setting given as array entries or as one comma-, semicolon- or space-separated value.</summary>
    private static List<string> List(IConfigurationSection section)
    {
        var items = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (section.Value is { Length: > 0 } v) items.AddRange(v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return items;
    }

    internal static bool WantsJson(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
        || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Problem details for the API; a browser gets the styled Chinese error page. Both carry the trace id that is in the log.</summary>
    internal static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail, CancellationToken ct)
    {
        var trace = TraceId(http);
        http.Response.StatusCode = status;
        if (WantsJson(http))
        {
            await http.Response.WriteAsJsonAsync(new { type = $"https://httpstatuses.io/{status}", title, status, detail, traceId = trace },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }, "application/problem+json", ct);
            return;
        }
        // A browser gets the site's styled error page (status code pages, Features/Errors), with the same trace id.
    }
}

/// <summary>
/// One log line per request — method, path, status, duration, user, trace id — written when the response is done
/// (category SkillsAudit.Requests). A 500 is logged with the trace id its error page shows.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger(Operations.RequestLogCategory);

    public async Task InvokeAsync(HttpContext http)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            if (!http.Request.Path.StartsWithSegments("/health"))
            {
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var status = http.Response.StatusCode;
                var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
                _log.Log(level, "{Method} {Path} {StatusCode} {DurationMs:0.0} ms user={User} trace={TraceId}",
                    http.Request.Method, http.Request.Path.Value, status, ms, http.User.Identity?.Name ?? "-", Operations.TraceId(http));
            }
        }
    }
}

public sealed record ReadinessReport(string Status, string Version, string Instance, IReadOnlyDictionary<string, string> Checks);

/// <summary>Readiness: database (cached Health:CacheSeconds, default 5), key ring, evidence store, app version.</summary>
public sealed class ReadinessProbe(IConfiguration config) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(config.GetValue("Health:CacheSeconds", 5));
    private ReadinessReport? _last;
    private long _at;

    public void Dispose() => _gate.Dispose();

    public async Task<ReadinessReport> CheckAsync(IServiceProvider services, CancellationToken ct)
    {
        if (_last is { } cached && Stopwatch.GetElapsedTime(_at) < _ttl) return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (_last is { } again && Stopwatch.GetElapsedTime(_at) < _ttl) return again;
            var checks = new Dictionary<string, string>();
            try
            {
                var db = services.GetRequiredService<AppDb>();
                // the pending migrations read as start-up reads them (DbStartup): no EF Core error logged every probe when
                // the history table is missing (a database that was never migrated)
                checks["database"] = await db.Database.CanConnectAsync(ct)
                    && !await DbStartup.AnyPendingMigrationsAsync(db, DbSetup.DetectProvider(db.Database.GetConnectionString() ?? ""), ct) ? "Healthy"
                    : "Unhealthy: 数据库无法连接或尚未升级";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks["database"] = "Unhealthy: " + e.GetBaseException().Message;
            }
            checks["keyRing"] = checks["database"] == "Healthy" ? (KeyRing.Problem(services) is { } kp ? "Unhealthy: " + kp : "Healthy") : "Unknown";
            checks["evidenceStore"] = await services.GetRequiredService<EvidenceStore>().ProblemAsync(ct) is { } ep ? "Unhealthy: " + ep : "Healthy";
            var report = new ReadinessReport(checks.Values.All(v => v == "Healthy") ? "Healthy" : "Unhealthy", AppInfo.Version, JobRunner.InstanceName, checks);
            _last = report;
            _at = Stopwatch.GetTimestamp();
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }
}
