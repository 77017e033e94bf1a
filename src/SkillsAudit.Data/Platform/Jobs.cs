using SkillsAudit.Domain.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data.Features.Rules;

namespace SkillsAudit.Data.Platform;

/// <summary>A daily job: its name (CLI/API), its Chinese title, and what it does (returns a one-line result).</summary>
public sealed record JobDefinition(string Name, string Title, Func<IServiceProvider, CancellationToken, Task<string>> Run);

/// <summary>
/// The scheduled jobs. Other features add theirs with <see cref="JobServices.AddScheduledJob"/> (e.g. the deadline
/// reminders: <c>services.AddScheduledJob(new JobDefinition("deadline-reminders", "截止提醒", (sp, ct) => …))</c>).
/// </summary>
public sealed class JobCatalog(IEnumerable<JobDefinition> jobs)
{
    public IReadOnlyList<JobDefinition> All { get; } = jobs.GroupBy(j => j.Name).Select(g => g.Last()).OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
    public JobDefinition? Find(string name) => All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Jobs:Enabled (default true), Jobs:DailyAt (HH:mm, China time, default 02:00), Jobs:CheckSeconds (default 60).</summary>
public sealed class JobOptions
{
    public bool Enabled { get; set; } = true;
    public TimeOnly DailyAt { get; set; } = new(2, 0);
    public int CheckSeconds { get; set; } = 60;
    public static readonly TimeSpan ChinaOffset = ChinaTime.Offset;
}

public sealed record JobRunView(int Id, string Job, string Title, string Trigger, string Instance, string? Actor, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string Outcome, string OutcomeName, string? Message);

/// <summary>
/// Thrown by a job that cannot do its work because something it needs is not configured (the mail job without a mail
/// server): the run is recorded as 未配置, not as a success or a failure, and counts as the day's run.
/// </summary>
public sealed class JobNotConfiguredException(string message) : Exception(message);

/// <summary>Thrown when a manual run finds the job running elsewhere and may not wait.</summary>
public sealed class JobBusyException(string message) : Exception(message);

/// <summary>
/// Runs a job under its database lock (pg_advisory_lock per job), so that exactly one instance runs it at a time, and
/// logs each run (JobRuns: who, where, when, outcome, result) for the admins' page.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, JobCatalog catalog, TimeProvider clock, ILogger<JobRunner> log)
{
    public static string InstanceName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The outcome of a run that found its job not configured (<see cref="JobNotConfiguredException"/>).</summary>
    public const string NotConfigured = "not-configured";

    public static string OutcomeName(string outcome) => outcome switch
    {
        "succeeded" => "成功", "failed" => "失败", "running" => "运行中", NotConfigured => "未配置", _ => outcome,
    };

    /// <summary>A manual run (CLI, API): waits while another instance runs the same job, then runs it.</summary>
    public async Task<JobRunView> RunNowAsync(string name, string? actor, CancellationToken ct = default)
    {
        var job = catalog.Find(name) ?? throw new Domain.Common.DomainException("job", $"没有名为“{name}”的定时任务（可选：{string.Join("、", catalog.All.Select(j => j.Name))}）");
        return (await RunAsync(job, "manual", actor, onlyIfDue: null, wait: true, ct))!;
    }

    /// <summary>A run of <paramref name="job"/> whose work returns a value too (the API's expiry run returns its list).</summary>
    public async Task<(T Result, JobRunView Run)> RunNowAsync<T>(string name, string? actor, Func<IServiceProvider, CancellationToken, Task<(T, string)>> work, CancellationToken ct = default)
    {
        T result = default!;
        var job = new JobDefinition(name, catalog.Find(name)?.Title ?? name, async (sp, t) => { (result, var message) = await work(sp, t); return message; });
        var run = (await RunAsync(job, "manual", actor, onlyIfDue: null, wait: true, ct))!;
        return (result, run);
    }

    /// <summary>The scheduler's run: only when due (not yet succeeded since <paramref name="since"/>), skipped when another instance holds the lock.</summary>
    public Task<JobRunView?> RunIfDueAsync(JobDefinition job, DateTimeOffset since, CancellationToken ct = default) =>
        RunAsync(job, "scheduled", null, since, wait: false, ct);

    private async Task<JobRunView?> RunAsync(JobDefinition job, string trigger, string? actor, DateTimeOffset? onlyIfDue, bool wait, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var cs = db.Database.GetConnectionString()!;
        await using var held = await DbLock.AcquireAsync(cs, DbLock.ForJob(job.Name), wait, null, ct);
        if (held is null) return null; // another instance is running it right now
        if (onlyIfDue is { } since && await db.JobRuns.AnyAsync(r => r.Job == job.Name && (r.Outcome == "succeeded" || r.Outcome == NotConfigured) && r.StartedAt >= since, ct))
            return null;
        var run = new JobRun { Job = job.Name, Trigger = trigger, Instance = InstanceName, Actor = actor, StartedAt = clock.GetUtcNow(), Outcome = "running" };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Job {Job} started ({Trigger}) on {Instance}", job.Name, trigger, InstanceName);
        try
        {
            await using var work = scopes.CreateAsyncScope();
            var message = await job.Run(work.ServiceProvider, ct);
            run.Outcome = "succeeded";
            run.Message = Trim(message);
            log.LogInformation("Job {Job} succeeded: {Message}", job.Name, message);
        }
        catch (JobNotConfiguredException e)
        {
            // Nothing was done and nothing went wrong: said as 未配置, once a day (not retried every minute until configured).
            run.Outcome = NotConfigured;
            run.Message = Trim(e.Message);
            log.LogWarning("Job {Job} not configured: {Message}", job.Name, e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            run.Outcome = "failed";
            run.Message = Trim(e is Domain.Common.RefusalException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            log.LogError(e, "Job {Job} failed", job.Name);
            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        return View(run, job.Title);
    }

    public async Task<IReadOnlyList<JobRunView>> RecentAsync(int take = 100, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
        return runs.Select(r => View(r, catalog.Find(r.Job)?.Title ?? r.Job)).ToList();
    }

    public IReadOnlyList<JobDefinition> Jobs => catalog.All;

    private static string Trim(string s) => s.Length > 4000 ? s[..3990] + "…" : s;

    private static JobRunView View(JobRun r, string title) =>
        new(r.Id, r.Job, title, r.Trigger == "manual" ? "手动" : "定时", r.Instance, r.Actor, r.StartedAt, r.FinishedAt, r.Outcome, OutcomeName(r.Outcome), r.Message);
}

/// <summary>
/// Checks every minute, on every instance, whether a job's daily slot has passed without a successful run; the one
/// instance that gets the job's lock runs it, the others skip (the run is re-checked under the lock).
/// </summary>
public sealed class JobScheduler(JobRunner runner, JobOptions options, TimeProvider clock, ILogger<JobScheduler> log) : BackgroundService
{
    /// <summary>The most recent daily slot at or before <paramref name="now"/> (China time).</summary>
    public static DateTimeOffset LastSlot(DateTimeOffset now, TimeOnly at)
    {
        var local = now.ToOffset(JobOptions.ChinaOffset);
        var slot = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(at), JobOptions.ChinaOffset);
        return slot <= local ? slot : slot.AddDays(-1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the app finish starting first.
        try { await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken); } catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in runner.Jobs)
            {
                try
                {
                    await runner.RunIfDueAsync(job, LastSlot(clock.GetUtcNow(), options.DailyAt), stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    log.LogWarning(e, "Scheduled job {Job} did not run; will try again", job.Name);
                }
            }
            try { await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, options.CheckSeconds)), clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}

public static class JobServices
{
    public const string FilingExpiry = "filing-expiry";

    /// <summary>The runner and the built-in jobs (web app and CLI); the web app adds the scheduler.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration config)
    {
        var options = new JobOptions
        {
            Enabled = config.GetValue("Jobs:Enabled", true),
            CheckSeconds = config.GetValue("Jobs:CheckSeconds", 60),
        };
        if (config["Jobs:DailyAt"] is { Length: > 0 } at)
            options.DailyAt = TimeOnly.TryParseExact(at, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
                : throw new DatabaseStartupException($"配置项 Jobs:DailyAt 应为 HH:mm（北京时间），现为“{at}”。");
        services.AddSingleton(options);
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobRunner>();
        // 备案期满: filings whose period has ended become 备案期满 (ExpiryHandlers; idempotent).
        services.AddScheduledJob(new JobDefinition(FilingExpiry, "备案期满处理", async (sp, ct) =>
            ExpiryMessage(await sp.GetRequiredService<ExpiryHandlers>().ExpireAsync(null, ct))));
        return services;
    }

    public static string ExpiryMessage(ExpiryRun run) =>
        $"{run.Today:yyyy-MM-dd}：{run.Expired.Count} 个备案转为备案期满" + (run.SkippedUnderEvaluation > 0 ? $"，{run.SkippedUnderEvaluation} 个评估中暂缓" : "") +
        (run.Expired.Count > 0 ? "（" + string.Join("、", run.Expired.Take(20).Select(e => e.BodyName)) + (run.Expired.Count > 20 ? "…" : "") + "）" : "");

    public static IServiceCollection AddScheduledJob(this IServiceCollection services, JobDefinition job)
    {
        services.AddSingleton(job);
        return services;
    }

    /// <summary>The web app: the daily scheduler, unless Jobs:Enabled=false.</summary>
    public static IServiceCollection AddJobScheduler(this IServiceCollection services, IConfiguration config)
    {
        if (config.GetValue("Jobs:Enabled", true)) services.AddHostedService<JobScheduler>();
        return services;
    }
}
