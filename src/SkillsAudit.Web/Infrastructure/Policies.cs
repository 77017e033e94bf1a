namespace SkillsAudit.Web.Infrastructure;

public static class Policies
{
    /// <summary>工作人员 or 管理员: every write to the registry.</summary>
    public const string Staff = "Staff";
    /// <summary>管理员 only: the audit log.</summary>
    public const string Admin = "Admin";
}
