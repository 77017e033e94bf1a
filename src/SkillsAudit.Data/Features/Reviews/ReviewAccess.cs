using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Access;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>
/// Who is acting, as the review rules need it: an admin sees everything; an officer the campaigns and bodies of
/// their region (AppUser.RegionCode, descendants included); an expert the campaigns whose panel they sit on; a body
/// user only their own filings (UserFilings).
/// </summary>
public sealed record ReviewUser(string UserName, bool IsAdmin, bool IsOfficer, bool IsExpert, bool IsBody, string? RegionCode, IReadOnlySet<int> FilingIds)
{
    public bool IsStaff => IsAdmin || IsOfficer;

    /// <summary>The command line acts with the operator's full rights.</summary>
    public static ReviewUser Operator(string name) => new(name, true, false, false, false, null, new HashSet<int>());

    /// <summary>
    /// The one region rule for every feature (AccessGuard): an admin, and an officer without a region, act on every
    /// region; an officer on their region and what lies under it (<see cref="Region.Covers"/>); an officer whose region
    /// is unknown on nothing; anyone else on no region.
    /// </summary>
    public bool CoversRegion(string regionCode)
    {
        if (IsAdmin) return true;
        if (!IsOfficer) return false;
        if (RegionCode is null) return true;
        return Regions.Find(RegionCode) is { } own && Regions.Find(regionCode) is { } target && own.Covers(target);
    }

    /// <summary>From a signed-in principal: roles from the claims, region and bound filings from the store.</summary>
    public static async Task<ReviewUser> LoadAsync(AppDb db, ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var name = principal.Identity?.Name ?? "";
        var user = name.Length == 0 ? null : await db.Users.AsNoTracking().Where(u => u.UserName == name).Select(u => new { u.Id, u.RegionCode }).FirstOrDefaultAsync(ct);
        var filings = user is null ? [] : await db.UserFilings.AsNoTracking().Where(f => f.UserId == user.Id).Select(f => f.FilingId).ToListAsync(ct);
        return new ReviewUser(name, principal.IsInRole(Roles.Admin), principal.IsInRole(Roles.Officer), principal.IsInRole(Roles.Expert),
            principal.IsInRole(Roles.BodyUser), user?.RegionCode, filings.ToHashSet());
    }

    /// <summary>Same, by user name (tests and the CLI's --as).</summary>
    public static async Task<ReviewUser> LoadAsync(AppDb db, string userName, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => new { u.Id, u.RegionCode }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"没有用户 {userName}");
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        var filings = await db.UserFilings.AsNoTracking().Where(f => f.UserId == user.Id).Select(f => f.FilingId).ToListAsync(ct);
        return new ReviewUser(userName, roles.Contains(Roles.Admin), roles.Contains(Roles.Officer), roles.Contains(Roles.Expert), roles.Contains(Roles.BodyUser),
            user.RegionCode, filings.ToHashSet());
    }
}

/// <summary>The visibility rules, in one place so that pages, API and CLI cannot drift apart.</summary>
public static class ReviewAccess
{
    public static bool MaySeeCampaign(ReviewUser u, Campaign c) =>
        u.CoversRegion(c.RegionCode)
        || (u.IsExpert && c.Members.Any(m => m.UserName == u.UserName))
        || (u.IsBody && c.State != CampaignState.Draft && c.Targets.Any(t => t.Included && u.FilingIds.Contains(t.FilingId)));

    /// <summary>Officers of the region; experts on the campaign's panel; the body that owns the filing.</summary>
    public static bool MaySeeAssessment(ReviewUser u, Campaign c, int filingId) =>
        u.CoversRegion(c.RegionCode)
        || (u.IsExpert && c.IsPanelMember(u.UserName) && c.State != CampaignState.Draft)
        || (u.IsBody && u.FilingIds.Contains(filingId) && c.State != CampaignState.Draft);

    public static void RequireStaff(ReviewUser u, Campaign c)
    {
        if (!u.CoversRegion(c.RegionCode))
        {
            if (MaySeeCampaign(u, c)) throw new ForbiddenException("只有本地区的工作人员可以进行此操作");
            throw new NotFoundException("没有找到这项考核：可能已删除，或不在您的管辖范围内");
        }
    }

    /// <summary>
    /// Evidence: the body whose filing it belongs to; for evidence of a campaign, the officers of the campaign's region and
    /// the experts on its panel; for other evidence (e.g. a rectification's), the officers of the filing's region.
    /// </summary>
    public static bool MaySeeEvidence(ReviewUser u, int filingId, Campaign? campaign, string? filingRegionCode) =>
        u.FilingIds.Contains(filingId)
        || (campaign is not null
            ? u.CoversRegion(campaign.RegionCode) || (u.IsExpert && campaign.IsPanelMember(u.UserName))
            : filingRegionCode is not null && u.CoversRegion(filingRegionCode));

    public static void RequireSeeAssessment(ReviewUser u, Campaign c, int filingId, int assessmentId)
    {
        if (!MaySeeAssessment(u, c, filingId)) throw new NotFoundException("没有找到该评审记录，或您无权查看");
    }
}
