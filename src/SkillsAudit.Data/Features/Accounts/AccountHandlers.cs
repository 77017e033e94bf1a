using SkillsAudit.Data.Platform;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Accounts;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Accounts;

/// <summary>What the admin fills in for a new account (web form, API, CLI).</summary>
public sealed record AccountInput(string? UserName, string? DisplayName, string? Role, string? Phone = null, string? Email = null,
    string? Region = null, IReadOnlyList<string>? Filings = null);

public sealed record BoundFiling(int Id, string? Number, string Name);

public sealed record AccountView(string UserName, string DisplayName, string Role, string RoleName, string? Phone, string? Email,
    string? RegionCode, string? RegionName, IReadOnlyList<BoundFiling> Filings, bool Disabled, bool MustChangePassword);

/// <summary>A password the admin hands over once; the user must change it at the next sign-in.</summary>
public sealed record OneTimePassword(string UserName, string Password);

/// <summary>
/// Accounts, managed by the admin: create with a role and its binding (a body user to filings, an officer to a city or
/// a province), disable and enable (never delete), reset to a one-time password, change role and binding; users change
/// their own password. Every action is one transaction and is named in the audit log.
/// </summary>
public sealed partial class AccountHandlers(AppDb db, UserManager<AppUser> users)
{
    public async Task<IReadOnlyList<AccountView>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.PhoneNumber, u.Email, u.RegionCode, u.Disabled, u.MustChangePassword }).ToListAsync(ct);
        var roles = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var bound = await db.UserFilings.AsNoTracking().Join(db.Filings, b => b.FilingId, f => f.Id, (b, f) => new { b.UserId, f.Id, f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        return rows.Select(u =>
        {
            var role = roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).OrderBy(r => Roles.All.ToList().IndexOf(r)).FirstOrDefault() ?? "";
            return new AccountView(u.UserName!, u.DisplayName, role, role.Length == 0 ? "（无角色）" : Roles.Chinese(role), u.PhoneNumber, u.Email,
                u.RegionCode, u.RegionCode is { } rc ? Regions.FullName(rc) : null,
                bound.Where(b => b.UserId == u.Id).Select(b => new BoundFiling(b.Id, b.Number?.Value, b.Name)).OrderBy(b => b.Number).ToList(),
                u.Disabled, u.MustChangePassword);
        }).ToList();
    }

    public async Task<AccountView?> GetAsync(string userName, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(a => string.Equals(a.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates the account with a one-time password (returned once, never stored in clear).</summary>
    public async Task<OneTimePassword> CreateAsync(AccountInput input, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        var name = (input.UserName ?? "").Trim();
        if (name.Length == 0) errors.Add(new("userName", "用户名不能为空"));
        else if (!UserNameShape().IsMatch(name)) errors.Add(new("userName", "用户名须为 3–50 位字母、数字或 . _ - @"));
        else if (await users.FindByNameAsync(name) is not null) errors.Add(new("userName", $"用户名“{name}”已被使用"));
        var display = (input.DisplayName ?? "").Trim();
        if (display.Length == 0) errors.Add(new("displayName", "姓名（显示名）不能为空"));
        else if (display.Length > 100) errors.Add(new("displayName", "姓名（显示名）不能超过100个字符"));
        var role = ParseRole(input.Role, errors);
        var (phone, email) = Contact(input.Phone, input.Email, errors);
        var binding = await ParseBindingAsync(role, input.Region, input.Filings, errors, ct);
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var password = PasswordPolicy.OneTimePassword();
        return await InTransactionAsync("创建账号", async () =>
        {
            var user = new AppUser { UserName = name, DisplayName = display, PhoneNumber = phone, Email = email, RegionCode = binding.RegionCode, MustChangePassword = true, LockoutEnabled = true };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role!));
            foreach (var f in binding.FilingIds) db.UserFilings.Add(new UserFiling { UserId = user.Id, FilingId = f });
            await RememberPasswordAsync(user, ct);
            return new OneTimePassword(name, password);
        }, ct);
    }

    /// <summary>The first admin of a new installation: refused once any admin exists.</summary>
    public async Task AddFirstAdminAsync(string? userName, string? displayName, string password, CancellationToken ct = default)
    {
        var adminRole = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).FirstAsync(ct);
        if (await db.UserRoles.AnyAsync(ur => ur.RoleId == adminRole, ct))
            throw new DomainException("userName", "数据库中已有管理员账号：其他账号请由管理员在“账号管理”中创建");
        var name = (userName ?? "").Trim();
        if (!UserNameShape().IsMatch(name)) throw new DomainException("userName", "用户名须为 3–50 位字母、数字或 . _ - @");
        if (await users.FindByNameAsync(name) is not null) throw new DomainException("userName", $"用户名“{name}”已被使用");
        await InTransactionAsync("创建首个管理员", async () =>
        {
            var user = new AppUser { UserName = name, DisplayName = string.IsNullOrWhiteSpace(displayName) ? "系统管理员" : displayName.Trim(), LockoutEnabled = true, PasswordChangedAt = db.Now };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, Roles.Admin));
            await RememberPasswordAsync(user, ct);
            return 0;
        }, ct);
    }

    public async Task DisableAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        if (await IsLastActiveAdminAsync(user, ct)) throw new DomainException("userName", $"“{user.UserName}”是最后一个启用的管理员账号，不能停用");
        if (user.Disabled) return;
        await InTransactionAsync("停用账号", async () =>
        {
            user.Disabled = true;
            Check(await users.UpdateSecurityStampAsync(user)); // ends the account's open sessions at their next request
            return 0;
        }, ct);
    }

    public async Task EnableAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        if (!user.Disabled) return;
        await InTransactionAsync("启用账号", async () =>
        {
            user.Disabled = false;
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            Check(await users.UpdateAsync(user));
            return 0;
        }, ct);
    }

    /// <summary>Replaces the password with a one-time password; the account's sessions end and the next sign-in must change it.</summary>
    public async Task<OneTimePassword> ResetPasswordAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        var password = PasswordPolicy.OneTimePassword();
        return await InTransactionAsync("重置密码", async () =>
        {
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            user.MustChangePassword = true;
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            Check(await users.UpdateAsync(user));
            // The new password may be tried at once: the account's sign-in throttle starts again.
            var key = SignInThrottle.AccountKey(user.UserName);
            await db.Set<SignInThrottleEntry>().Where(x => x.Key == key).ExecuteDeleteAsync(ct);
            await RememberPasswordAsync(user, ct);
            return new OneTimePassword(user.UserName!, password);
        }, ct);
    }

    public async Task SetRoleAsync(string userName, string? role, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        var errors = new List<DomainException>();
        var newRole = ParseRole(role, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == newRole) return;
        if (newRole != Roles.Admin && await IsLastActiveAdminAsync(user, ct))
            throw new DomainException("role", $"“{user.UserName}”是最后一个启用的管理员账号，不能改为其他角色");
        if (newRole == Roles.Officer && string.IsNullOrEmpty(user.RegionCode))
            throw new DomainException("region", "工作人员须绑定地区（市或省）：请先为该账号指定地区，再改为工作人员");
        if (newRole == Roles.BodyUser && !await db.UserFilings.AnyAsync(b => b.UserId == user.Id, ct))
            throw new DomainException("filings", "机构用户须绑定至少一条备案：请先为该账号绑定备案，再改为机构用户");
        await InTransactionAsync("修改角色", async () =>
        {
            if (current.Count > 0) Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, newRole!));
            Check(await users.UpdateSecurityStampAsync(user)); // the new role takes effect at the next request
            return 0;
        }, ct);
    }

    /// <summary>Sets the account's binding: an officer's region (a city or a province), a body user's filings.</summary>
    public async Task SetBindingAsync(string userName, string? region, IReadOnlyList<string>? filings, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        var errors = new List<DomainException>();
        if (region is null && filings is null) errors.Add(new("region", "请指定地区或备案"));
        var binding = await ParseBindingAsync(role, region, filings, errors, ct, partial: true);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await InTransactionAsync("修改账号绑定", async () =>
        {
            if (region is not null) user.RegionCode = binding.RegionCode;
            if (filings is not null)
            {
                var existing = await db.UserFilings.Where(b => b.UserId == user.Id).ToListAsync(ct);
                db.UserFilings.RemoveRange(existing.Where(b => !binding.FilingIds.Contains(b.FilingId)));
                foreach (var f in binding.FilingIds.Where(f => existing.All(b => b.FilingId != f))) db.UserFilings.Add(new UserFiling { UserId = user.Id, FilingId = f });
            }
            Check(await users.UpdateAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            return 0;
        }, ct);
    }

    /// <summary>Edits name and contact details.</summary>
    public async Task UpdateContactAsync(string userName, string? displayName, string? phone, string? email, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        var errors = new List<DomainException>();
        var display = (displayName ?? "").Trim();
        if (display.Length == 0) errors.Add(new("displayName", "姓名（显示名）不能为空"));
        var (p, e) = Contact(phone, email, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await InTransactionAsync("修改账号信息", async () =>
        {
            user.DisplayName = display;
            user.PhoneNumber = p;
            user.Email = e;
            Check(await users.UpdateAsync(user));
            return 0;
        }, ct);
    }

    /// <summary>A user changes their own password: the current one is required, the new one must satisfy the policy.</summary>
    public async Task ChangeOwnPasswordAsync(string userName, string? current, string? next, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        if (string.IsNullOrEmpty(current) || !await users.CheckPasswordAsync(user, current))
            throw new DomainException("currentPassword", "当前密码不正确");
        await InTransactionAsync("修改本人密码", async () =>
        {
            Check(await users.ChangePasswordAsync(user, current, next ?? ""));
            user.MustChangePassword = false;
            user.PasswordChangedAt = db.Now;
            Check(await users.UpdateAsync(user));
            await RememberPasswordAsync(user, ct);
            return 0;
        }, ct);
    }

    // ---- helpers

    private async Task<AppUser> FindAsync(string? userName) =>
        await users.FindByNameAsync((userName ?? "").Trim()) ?? throw new DomainException("userName", $"没有用户“{userName}”");

    private async Task<bool> IsLastActiveAdminAsync(AppUser user, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin) || user.Disabled) return false;
        var adminRole = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).FirstAsync(ct);
        var others = await db.UserRoles.Where(ur => ur.RoleId == adminRole && ur.UserId != user.Id)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u).CountAsync(u => !u.Disabled, ct);
        return others == 0;
    }

    private async Task RememberPasswordAsync(AppUser user, CancellationToken ct)
    {
        db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, At = db.Now });
        await db.SaveChangesAsync(ct);
    }

    private async Task<T> InTransactionAsync<T>(string operation, Func<Task<T>> work, CancellationToken ct)
    {
        db.Operation = operation;
        try
        {
            // Repeated whole on a transient fault: each action loads the account it changes itself.
            return await db.InTransactionAsync(async t =>
            {
                var result = await work();
                await db.SaveChangesAsync(t);
                return result;
            }, ct);
        }
        finally
        {
            db.Operation = null;
        }
    }

    /// <summary>Identity's refusals (our password validator among them) as the domain's field errors.</summary>
    private static void Check(IdentityResult r)
    {
        if (r.Succeeded) return;
        throw new DomainValidationException(r.Errors.Select(e => new DomainException(e.Code == PolicyPasswordValidator.Code ? "password" : "userName",
            e.Code == PolicyPasswordValidator.Code ? e.Description : $"账号保存失败：{e.Description}")).ToList());
    }

    private static string? ParseRole(string? role, List<DomainException> errors)
    {
        var t = (role ?? "").Trim();
        var found = Roles.All.FirstOrDefault(r => string.Equals(r, t, StringComparison.OrdinalIgnoreCase) || Roles.Chinese(r) == t);
        // A form left on 请选择 sends nothing: asked for in the form's words. The command line and the API may also name a
        // role by its code, so an unknown one lists both.
        if (found is null)
            errors.Add(new("role", t.Length == 0
                ? "请选择角色（管理员、工作人员、专家或机构用户）"
                : $"未知的角色“{t}”：应为 管理员、工作人员、专家 或 机构用户（命令行与接口也可写 Admin、Officer、Expert、BodyUser）"));
        return found;
    }

    private static (string? Phone, string? Email) Contact(string? phone, string? email, List<DomainException> errors)
    {
        var p = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        var e = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (p is not null && !PhoneShape().IsMatch(p)) errors.Add(new("phone", $"电话“{p}”格式不正确（数字、空格、+ 或 -，7–20 位）"));
        if (e is not null && !EmailShape().IsMatch(e)) errors.Add(new("email", $"电子邮箱“{e}”格式不正确"));
        return (p, e);
    }

    private sealed record Binding(string? RegionCode, IReadOnlyList<int> FilingIds);

    private async Task<Binding> ParseBindingAsync(string? role, string? region, IReadOnlyList<string>? filings, List<DomainException> errors, CancellationToken ct, bool partial = false)
    {
        string? regionCode = null;
        if (!string.IsNullOrWhiteSpace(region))
        {
            var r = Regions.Find(region);
            if (r is null) errors.Add(new("region", $"未知的地区“{region.Trim()}”（可填写行政区划代码或名称，如 140900 或 忻州市）"));
            else if (r.Level is not (RegionLevel.City or RegionLevel.Province)) errors.Add(new("region", $"工作人员绑定到市或省，“{Regions.FullName(r.Code)}”是区县"));
            else regionCode = r.Code;
        }
        else if (role == Roles.Officer && !(partial && region is null)) errors.Add(new("region", "工作人员须绑定地区（市或省，省级工作人员可查看全省各市及省属机构）"));

        var ids = new List<int>();
        foreach (var raw in (filings ?? []).Select(f => f.Trim()).Where(f => f.Length > 0))
        {
            int? id = null;
            if (FilingNumber.TryParse(raw, out var number, out _))
                id = await db.Filings.Where(f => f.Number == number).Select(f => (int?)f.Id).FirstOrDefaultAsync(ct);
            else if (int.TryParse(raw, out var n))
                id = await db.Filings.Where(f => f.Id == n).Select(f => (int?)f.Id).FirstOrDefaultAsync(ct);
            else
            {
                // A body's name (or a known other spelling): all of its filings.
                var byName = await db.Filings.Where(f => f.LegalEntity.Name == raw || f.LegalEntity.Aliases.Any(a => a.Name == raw)).Select(f => f.Id).ToListAsync(ct);
                foreach (var f in byName.Where(f => !ids.Contains(f))) ids.Add(f);
                if (byName.Count > 0) continue;
            }
            if (id is null) errors.Add(new("filings", $"没有备案“{raw}”（填写备案号、备案编号或机构名称）"));
            else if (!ids.Contains(id.Value)) ids.Add(id.Value);
        }
        // not said again after a name that matched nothing: that refusal already says what to fix
        if (role == Roles.BodyUser && ids.Count == 0 && !(partial && filings is null) && !errors.Any(e => e.Field == "filings")) errors.Add(new("filings", "机构用户须绑定至少一条备案"));
        return new Binding(regionCode, ids);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@\-]{3,50}$")]
    private static partial Regex UserNameShape();

    [GeneratedRegex(@"^[0-9+\- ]{7,20}$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string Json(object o) => JsonSerializer.Serialize(o, AuditJson);
}

/// <summary>
/// Identity's hook for <see cref="PasswordPolicy"/>: every password set through UserManager (create, reset, change)
/// is checked, including against the user's last 5 passwords.
/// </summary>
public sealed class PolicyPasswordValidator(AppDb db) : IPasswordValidator<AppUser>
{
    public const string Code = "PasswordPolicy";

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var recent = user.Id is { Length: > 0 }
            ? await db.PasswordHistory.AsNoTracking().Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id).Take(PasswordPolicy.History).Select(h => h.PasswordHash).ToListAsync()
            : [];
        if (user.PasswordHash is { } currentHash) recent.Add(currentHash);
        var reused = password is { Length: > 0 } && recent.Any(h => manager.PasswordHasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed);
        var errors = PasswordPolicy.Check(password, user.UserName, reused);
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed(errors.Select(e => new IdentityError { Code = Code, Description = e.Message }).ToArray());
    }
}

/// <summary>A disabled account is not "confirmed": Identity refuses its sign-in (SignInResult.NotAllowed).</summary>
public sealed class EnabledAccountConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(!user.Disabled);
}

/// <summary>Sign-in successes and failures in the audit log, with the client address.</summary>
public static class SignInAudit
{
    public static async Task RecordAsync(AppDb db, string? userName, bool succeeded, string reason, string? clientAddress, CancellationToken ct = default)
    {
        var name = (userName ?? "").Trim();
        if (name.Length > 100) name = name[..100];
        db.AuditLog.Add(new AuditEntry
        {
            At = db.Now,
            Actor = succeeded ? name : "anonymous",
            EntityType = "SignIn",
            EntityKey = name,
            Action = succeeded ? "Succeeded" : "Failed",
            Operation = succeeded ? "登录成功" : "登录失败",
            After = AccountHandlers.Json(new Dictionary<string, string> { ["结果"] = reason }),
            ClientAddress = clientAddress,
        });
        await db.SaveChangesAsync(ct);
    }
}
