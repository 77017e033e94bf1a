using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Platform;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Audit;

/// <summary>Admins: the daily jobs, each run (where, when, by whom, result), and a manual run after confirmation.</summary>
public sealed class JobsModel(JobRunner runner, JobOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }
    public IReadOnlyList<JobDefinition> Jobs => runner.Jobs;
    public IReadOnlyList<JobRunView> Runs { get; private set; } = [];
    public string DailyAt => options.DailyAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    public string? Message { get; private set; }
    public bool Failed { get; private set; }
    /// <summary>The run did nothing because the job is not configured: said as a warning, not as a success.</summary>
    public bool NotConfigured { get; private set; }

    public async Task OnGetAsync() => Runs = await runner.RecentAsync(100, HttpContext.RequestAborted);

    public async Task OnPostRunAsync(string name)
    {
        try
        {
            var run = await runner.RunNowAsync(name, User.Identity?.Name, HttpContext.RequestAborted);
            Message = $"{run.Title}：{run.OutcomeName}。{run.Message}";
            NotConfigured = run.Outcome == JobRunner.NotConfigured;
        }
        catch (DomainException e)
        {
            (Message, Failed) = (e.Message, true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (Message, Failed) = ($"任务运行失败：{e.GetBaseException().Message}（详见运行记录）", true);
        }
        Confirm = null;
        Runs = await runner.RecentAsync(100, HttpContext.RequestAborted);
    }
}
