using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Access;

// Denials are the domain's refusals: NotFoundException (404) for records the actor may not know of, ForbiddenException (403) otherwise.

/// <summary>Who is acting in this request or command: the web app loads it from the signed-in principal, the CLI acts as the operator.</summary>
public interface ICurrentActor
{
    Task<ReviewUser> GetAsync(CancellationToken ct = default);
}

/// <summary>The command line acts with the operator's full rights (an admin of every region).</summary>
public sealed class OperatorActor(string name) : ICurrentActor
{
    public Task<ReviewUser> GetAsync(CancellationToken ct = default) => Task.FromResult(ReviewUser.Operator(name));
}

/// <summary>
/// The command line acting for a named account (--as), with that account's own rights: its roles, region and bound
/// filings, as when it signs in (e.g. a body's 撤回, which only the body may do).
/// </summary>
public sealed class NamedUserActor(string userName, AppDb db) : ICurrentActor
{
    public Task<ReviewUser> GetAsync(CancellationToken ct = default) => ReviewUser.LoadAsync(db, userName, ct);
}

/// <summary>
/// The one authorisation check: "may this actor act on this filing / region / record?". Every handler that reads or
/// writes a filing's statistics, a change request, an inspection, a certificate roster, a notice or a complaint asks it
/// before anything else, and lists are filtered by <see cref="StaffPrefixAsync"/>. The rule itself is
/// <see cref="ReviewUser.CoversRegion"/> → <see cref="Region.Covers"/>.
/// Denials: 404 (<see cref="NotFoundException"/>) for records the actor may not know of, 403 (<see cref="ForbiddenException"/>)
/// for public ones (the registry, issued notices, published inspections).
/// </summary>
public sealed class AccessGuard(AppDb db, ICurrentActor current)
{
    private ReviewUser? _actor;

    public async Task<ReviewUser> ActorAsync(CancellationToken ct = default) => _actor ??= await current.GetAsync(ct);

    /// <summary>
    /// Staff whose region covers the filing's; with <paramref name="ownBody"/> also a body user bound to it. A filing that
    /// does not exist is left to the handler, which names it. The registry is public, so another region's staff get 403;
    /// a body user or expert gets 404 (another body's data is not confirmed to exist).
    /// </summary>
    public async Task FilingAsync(int filingId, bool ownBody = false, CancellationToken ct = default)
    {
        var u = await ActorAsync(ct);
        if (u.IsAdmin) return;
        var filing = await db.Filings.AsNoTracking().Where(f => f.Id == filingId).Select(f => new { f.RegionCode, f.LegalEntity.Name, f.Number }).FirstOrDefaultAsync(ct);
        if (filing is null) return;
        if (u.CoversRegion(filing.RegionCode)) return;
        if (ownBody && u.IsBody && u.FilingIds.Contains(filingId)) return;
        // named as the registry shows it (body and 备案号), never by the internal id
        if (u.IsStaff) throw new ForbiddenException($"{filing.Name}{(filing.Number is { } n ? "（备案号 " + n.Value + "）" : "")}的备案不属于您负责的地区（{RegionName(u.RegionCode)}），无权办理");
        throw new NotFoundException("没有找到该备案，或您无权查看"); // no id echoed: another body's filing is not confirmed to exist
    }

    /// <summary>
    /// Staff whose region covers <paramref name="regionCodeOrName"/>. An empty region means "every region": only staff
    /// of every region. A region that does not exist is left to the handler's validation (400 naming the field).
    /// </summary>
    public async Task RegionAsync(string? regionCodeOrName, CancellationToken ct = default)
    {
        var u = await ActorAsync(ct);
        if (u.IsAdmin) return;
        if (string.IsNullOrWhiteSpace(regionCodeOrName))
        {
            if (u.IsStaff && u.RegionCode is null) return;
            throw new ForbiddenException($"请选择您负责的地区（{RegionName(u.RegionCode)}）");
        }
        if (Regions.Find(regionCodeOrName) is not { } target) return;
        if (u.CoversRegion(target.Code)) return;
        throw new ForbiddenException($"{target.Name}不属于您负责的地区（{RegionName(u.RegionCode)}），无权办理");
    }

    /// <summary>
    /// A record of a region (a notice, a complaint, an inspection draw, a change request). Not covered: 403 when the record
    /// is public, else 404 naming <paramref name="what"/>. A null region means a record of every region.
    /// </summary>
    public async Task RecordAsync(string? regionCode, string what, bool isPublic = false, CancellationToken ct = default)
    {
        var u = await ActorAsync(ct);
        if (u.IsAdmin) return;
        if (regionCode is null ? u.IsStaff && u.RegionCode is null : u.CoversRegion(regionCode)) return;
        if (isPublic && u.IsStaff) throw new ForbiddenException($"{what}不属于您负责的地区（{RegionName(u.RegionCode)}），无权办理");
        throw new NotFoundException($"没有找到{what}：可能已删除，或不在您的管辖范围内");
    }

    /// <summary>Does the actor's region cover this one (null: a record of every region)? For filtering lists.</summary>
    public async Task<bool> CoversAsync(string? regionCode, CancellationToken ct = default)
    {
        var u = await ActorAsync(ct);
        return u.IsAdmin || (regionCode is null ? u.IsStaff && u.RegionCode is null : u.CoversRegion(regionCode));
    }

    /// <summary>
    /// For filtering lists by region code with one StartsWith: "" for staff of every region, the region's prefix for
    /// the staff of one region, null for anyone else (they see no staff list).
    /// </summary>
    public async Task<string?> StaffPrefixAsync(CancellationToken ct = default)
    {
        var u = await ActorAsync(ct);
        if (u.IsAdmin || (u.IsStaff && u.RegionCode is null)) return "";
        if (!u.IsStaff) return null;
        return Regions.Find(u.RegionCode)?.DescendantPrefix ?? "\u0000"; // an unknown region covers nothing
    }

    /// <summary>
    /// The filings a list of per-filing records (change requests, new-occupation applications) shows: a body user's own
    /// (<paramref name="own"/>, when given), else the staff's region's, else none. As a query, for <c>Contains</c>.
    /// </summary>
    public async Task<IQueryable<int>> ListedFilingIdsAsync(IReadOnlyCollection<int>? own, CancellationToken ct = default)
    {
        if (own is not null) { var ids = own.ToList(); return db.Filings.Where(f => ids.Contains(f.Id)).Select(f => f.Id); }
        var prefix = await StaffPrefixAsync(ct);
        if (prefix is null) return db.Filings.Where(_ => false).Select(f => f.Id);
        return prefix.Length == 0 ? db.Filings.Select(f => f.Id) : db.Filings.Where(f => f.RegionCode.StartsWith(prefix)).Select(f => f.Id);
    }

    private static string RegionName(string? code) => code is null ? "全部地区" : Regions.Find(code)?.Name ?? code;
}

/// <summary>The role questions, asked in one place.</summary>
public static class RoleChecks
{
    public static bool IsAdmin(this ClaimsPrincipal p) => p.IsInRole(Roles.Admin);

    /// <summary>Officers and admins: the bureau's staff.</summary>
    public static bool IsStaff(this ClaimsPrincipal p) => p.IsInRole(Roles.Officer) || p.IsInRole(Roles.Admin);

    public static bool IsBodyUser(this ClaimsPrincipal p) => p.IsInRole(Roles.BodyUser);

    public static bool IsExpert(this ClaimsPrincipal p) => p.IsInRole(Roles.Expert);
}
