using Microsoft.AspNetCore.Identity;

namespace SkillsAudit.Data;

/// <summary>A person who signs in: an officer, an expert, an admin or a body's user.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For officers: the region they supervise (GB/T 2260 code); null means every region.</summary>
    public string? RegionCode { get; set; }
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
