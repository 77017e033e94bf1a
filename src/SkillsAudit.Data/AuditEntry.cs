namespace SkillsAudit.Data;

/// <summary>One write to the database: who, when, what, and the values before and after (JSON).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityKey { get; set; } = "";
    /// <summary>Added, Modified or Deleted.</summary>
    public string Action { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    /// <summary>What the person did, in Chinese ("重置密码", "登录成功"); null for plain writes, which the log names by record kind.</summary>
    public string? Operation { get; set; }
    /// <summary>The client's address, for sign-ins and for actions taken through the web.</summary>
    public string? ClientAddress { get; set; }
}

/// <summary>Who is writing. The web app fills it from the signed-in user, the CLI from the OS user.</summary>
public interface IActor
{
    string Name { get; }
}

public sealed class FixedActor(string name) : IActor
{
    public string Name { get; } = name;
}

/// <summary>An actor that knows the client's network address (the web app's signed-in request).</summary>
public interface IClientAddress
{
    string? ClientAddress { get; }
}
