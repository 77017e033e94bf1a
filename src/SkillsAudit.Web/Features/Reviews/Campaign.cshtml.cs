using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>One campaign: schedule and the stage in force, targets, members, the assessments, decisions and actions.</summary>
[Authorize]
public sealed class CampaignModel(CampaignHandlers campaigns, AssessmentHandlers assessments, DecisionHandlers decisions, AppDb db) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<(int Id, int FilingId, string Name, string? Outcome, bool Finalised, string Progress)> Assessments { get; private set; } = [];
    public IReadOnlyList<DecisionView> Decisions { get; private set; } = [];
    public IReadOnlyList<FindingView> Findings { get; private set; } = [];
    public bool IsStaff { get; private set; }
    /// <summary>Whether this user is shown the members at all (a body is not): otherwise an empty list would read as "no panel yet".</summary>
    public bool SeesMembers { get; private set; }
    /// <summary>Included targets whose result is not yet confirmed: the campaign cannot be closed while there are any (Campaign.Close).</summary>
    /// <summary>Included targets that have not submitted their self-assessment (the schedule change's confirmation names them).</summary>
    public int SelfPending => Campaign.Targets.Where(t => t.Included).Count(t => Assessments.FirstOrDefault(a => a.FilingId == t.FilingId) is not { Id: > 0 } a
        || a.Progress == SkillsAudit.Data.Features.Reviews.BoardHandlers.Chinese(SkillsAudit.Data.Features.Reviews.BoardStatus.NotStarted)
        || a.Progress == SkillsAudit.Data.Features.Reviews.BoardHandlers.Chinese(SkillsAudit.Data.Features.Reviews.BoardStatus.Draft));
    public int Unfinalised => Campaign.Targets.Where(t => t.Included).Count(t => !Assessments.Any(a => a.FilingId == t.FilingId && a.Finalised));
    /// <summary>Closed (results published): the plan's members and targets are no longer edited here.</summary>
    public bool Editable => IsStaff && Campaign.State != "Closed";

    /// <summary>The campaign's version as its API GET gives it: the target forms send it back in If-Match.</summary>
    public string ETag { get; private set; } = "";

    /// <summary>Today in China, for the stages of the schedule already over when the campaign is issued.</summary>
    public DateOnly Today { get; private set; }
    /// <summary>Experts and staff offered as a member's user name is typed (staff of the campaign's region only).</summary>
    public IReadOnlyList<(string UserName, string DisplayName)> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Today = SkillsAudit.Data.Features.Notifications.ReviewWork.Today(db);
        var who = await ReviewUser.LoadAsync(db, User);
        Campaign = await campaigns.GetAsync(who, id);
        ETag = Infrastructure.Preconditions.ETagOf(Campaign, HttpContext);
        Assessments = await assessments.ListAsync(who, id);
        Decisions = await decisions.ListAsync(who, id);
        IsStaff = who.CoversRegion(Campaign.RegionCode) && User.IsStaff();
        SeesMembers = CampaignHandlers.SeesMembers(who, Campaign.RegionCode);
        if (IsStaff) Findings = await decisions.FindingsAsync(who, id);
        if (Editable) Candidates = await campaigns.PanelCandidatesAsync(HttpContext.RequestAborted);
        return Page();
    }
}
