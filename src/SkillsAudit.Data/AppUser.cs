using Microsoft.AspNetCore.Identity;

namespace SkillsAudit.Data;

/// <summary>A person who signs in: an officer, an expert, an admin or a body's user.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For officers: the region they supervise (GB/T 2260 code); null means every region.</summary>
    public string? RegionCode { get; set; }

    /// <summary>A disabled account cannot sign in, and its open sessions end at their next request. Never deleted.</summary>
    public bool Disabled { get; set; }

    /// <summary>The password was set by an admin (one-time password): it must be changed at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>A password the user had (its hash), so that none of the last 5 comes back (PasswordPolicy).</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>Binds a body user to the filings they may act for.</summary>
public sealed class UserFiling
{
    public string UserId { get; set; } = "";
    public int FilingId { get; set; }
}

/// <summary>The roles, with the Chinese names the UI shows.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Officer = "Officer";
    public const string Expert = "Expert";
    public const string BodyUser = "BodyUser";

    public static readonly IReadOnlyList<string> All = [Admin, Officer, Expert, BodyUser];

    public static string Chinese(string role) => role switch
    {
        Admin => "管理员",
        Officer => "工作人员",
        Expert => "专家",
        BodyUser => "机构用户",
        _ => role,
    };
}
