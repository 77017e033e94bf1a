using SkillsAudit.Data.Platform;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SkillsAudit.Data.Demo;

public sealed record DemoLoadResult(bool Loaded, int Entities, int Filings, int Occupations, string Message);

/// <summary>A demo file is wrong; the message names the file, the line or record, and the field.</summary>
public sealed class DemoDataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads the seed-derived demo data under demo/ (see demo/README.md) in one transaction: all of it or nothing.
/// A name seen more than once, across all files, is one legal entity; its other spellings become aliases.
/// </summary>
public sealed class DemoLoader(AppDb db)
{
    public async Task<DemoLoadResult> LoadAsync(string demoDirectory, CancellationToken ct = default)
    {
        if (await db.Filings.AnyAsync(ct))
            return new DemoLoadResult(false, 0, 0, 0, "数据库中已有备案数据，未加载演示数据。");
        if (!Directory.Exists(demoDirectory))
            throw new DemoDataException($"找不到演示数据目录：{demoDirectory}");

        // One transaction, repeated whole on a transient fault: all of the demo data or nothing.
        return await db.InTransactionAsync(t => LoadAllAsync(demoDirectory, t), ct);
    }

    private async Task<DemoLoadResult> LoadAllAsync(string demoDirectory, CancellationToken ct)
    {
        var occupations = await LoadOccupationsAsync(Path.Combine(demoDirectory, "occupations.csv"), ct);
        var entities = new List<LegalEntity>();
        var filings = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(demoDirectory, "registry"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var doc = Read(file);
            for (var i = 0; i < doc.Filings.Count; i++)
            {
                var f = doc.Filings[i];
                var where = $"{Path.GetFileName(file)} 第{i + 1}条（{f.EntityName}）";
                FilingDetails details;
                try
                {
                    details = f.ToInput(doc.Defaults).Parse();
                }
                catch (DomainValidationException e)
                {
                    throw new DemoDataException($"{where}：{e.Message}", e);
                }
                var entity = entities.FirstOrDefault(x => x.IsKnownAs(details.EntityName) || f.Aliases.Any(a => x.IsKnownAs(a.Name)));
                if (entity is null)
                {
                    entity = new LegalEntity(details.EntityName, details.CreditCode, details.Address, details.LegalRepresentative);
                    entities.Add(entity);
                    db.LegalEntities.Add(entity);
                }
                foreach (var alias in f.Aliases) entity.AddAlias(alias.Name, AliasKind.Variant, alias.Source);
                db.Filings.Add(Filing.Create(entity, details, db.ActorName, db.Now, f.Source, "演示数据导入"));
                filings++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new DemoLoadResult(true, entities.Count, filings, occupations, $"已加载演示数据：{entities.Count} 个法人机构，{filings} 条备案，{occupations} 个职业。");
    }

    private async Task<int> LoadOccupationsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return 0;
        var existing = (await db.Occupations.Select(o => o.Code).ToListAsync(ct)).ToHashSet();
        var count = 0;
        IReadOnlyList<CsvRow> rows;
        try
        {
            using var text = File.OpenText(path);
            rows = CsvTable.Read(text, path, ["code", "name", "kind", "levels"]);
        }
        catch (FormatException e)
        {
            throw new DemoDataException(e.Message, e);
        }
        foreach (var c in rows)
        {
            if (existing.Contains(c[0])) continue;
            try
            {
                var levels = c[3].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(l => (Level)int.Parse(l, CultureInfo.InvariantCulture));
                db.Occupations.Add(new Occupation(c[0], c[1], Enum.Parse<AssessmentKind>(c[2]), levels));
                count++;
            }
            catch (Exception e) when (e is DomainValidationException or FormatException or ArgumentException)
            {
                throw new DemoDataException($"{path} 第{c.Line}行：{e.Message}", e);
            }
        }
        return count;
    }

    private static DemoRegistryFile Read(string path) => DemoYaml.Read<DemoRegistryFile>(path, "registry/v1", d => d.Format);

    private sealed class DemoRegistryFile
    {
        public string Format { get; set; } = "";
        public DemoFiling Defaults { get; set; } = new();
        public List<DemoFiling> Filings { get; set; } = [];
    }

    private sealed class DemoAlias
    {
        public string Name { get; set; } = "";
        public string? Source { get; set; }
    }

    private sealed class DemoFiling
    {
        public string? EntityName { get; set; }
        public string? CreditCode { get; set; }
        public string? Address { get; set; }
        public string? LegalRepresentative { get; set; }
        public string? FilingNumber { get; set; }
        public string? Type { get; set; }
        public string? Supervision { get; set; }
        public string? Region { get; set; }
        public string? FiledOn { get; set; }
        public string? PeriodEnd { get; set; }
        public string? Status { get; set; }
        public string? Scope { get; set; }
        public string? Notes { get; set; }
        public string? Source { get; set; }
        public List<DemoAlias> Aliases { get; set; } = [];

        public FilingInput ToInput(DemoFiling d) => new()
        {
            EntityName = EntityName ?? d.EntityName,
            CreditCode = CreditCode ?? d.CreditCode,
            Address = Address ?? d.Address,
            LegalRepresentative = LegalRepresentative ?? d.LegalRepresentative,
            FilingNumber = FilingNumber ?? d.FilingNumber,
            Type = Type ?? d.Type,
            Supervision = Supervision ?? d.Supervision,
            Region = Region ?? d.Region,
            FiledOn = FiledOn ?? d.FiledOn,
            PeriodEnd = PeriodEnd ?? d.PeriodEnd,
            Status = Status ?? d.Status,
            Scope = Scope ?? d.Scope,
            Notes = Notes ?? d.Notes,
        };
    }
}

/// <summary>The demo accounts, one per role; printed by the web app when it creates them.</summary>
public static class DemoAccounts
{
    public sealed record Account(string UserName, string Password, string Role, string DisplayName, string? RegionCode, string? BoundFilingName);

    public static readonly IReadOnlyList<Account> All =
    [
        new("admin", "Admin#2026", Roles.Admin, "系统管理员", null, null),
        new("officer", "Officer#2026", Roles.Officer, "忻州市职业技能服务中心 工作人员", "140900", null),
        new("expert", "Expert#2026", Roles.Expert, "评估专家", null, null),
        new("body", "Body#2026", Roles.BodyUser, "忻州市高级技工学校 机构用户", null, "忻州市高级技工学校"),
    ];

    /// <summary>Demo accounts are marked by their e-mail domain, so that a bureau's own "admin" is never taken for one.</summary>
    public const string EmailDomain = "@skillsaudit.local";

    /// <summary>Does this database hold demo accounts? (the start-up warning, the banner on every page, add-admin's refusal)</summary>
    public static Task<bool> AnyAsync(AppDb db, CancellationToken ct = default) =>
        db.Users.AnyAsync(u => u.Email != null && u.Email.EndsWith(EmailDomain), ct);

    /// <summary>
    /// Creates the accounts that are missing. Returns the ones created. Their published demo passwords predate the
    /// password policy and are set as they are: demo accounts are for trying the system, never for production.
    /// </summary>
    public static Task<IReadOnlyList<Account>> EnsureAsync(UserManager<AppUser> users, AppDb db, CancellationToken ct = default) =>
        EnsureAsync(users, db, null, ct);

    /// <summary>
    /// The password hashes of every demo account (PBKDF2, about 50 ms of processor time each), computed on a thread of
    /// their own while the rest of the demo loads: <see cref="DemoData.LoadAsync"/> starts this first and hands it to
    /// <see cref="EnsureAsync(UserManager{AppUser}, AppDb, Task{IReadOnlyDictionary{string, string}}?, CancellationToken)"/>.
    /// </summary>
    public static Task<IReadOnlyDictionary<string, string>> HashPasswordsAsync(IPasswordHasher<AppUser> hasher) =>
        Task.Run(IReadOnlyDictionary<string, string> () => All.ToDictionary(a => a.UserName, a => hasher.HashPassword(new AppUser { UserName = a.UserName }, a.Password)));

    public static async Task<IReadOnlyList<Account>> EnsureAsync(UserManager<AppUser> users, AppDb db, Task<IReadOnlyDictionary<string, string>>? hashes, CancellationToken ct = default)
    {
        var created = new List<Account>();
        foreach (var a in All)
        {
            if (await users.FindByNameAsync(a.UserName) is not null) continue;
            var user = new AppUser { UserName = a.UserName, DisplayName = a.DisplayName, RegionCode = a.RegionCode, Email = a.UserName + EmailDomain, EmailConfirmed = true, LockoutEnabled = true };
            user.PasswordHash = hashes is not null && (await hashes).TryGetValue(a.UserName, out var hash) ? hash : users.PasswordHasher.HashPassword(user, a.Password);
            var result = await users.CreateAsync(user);
            if (!result.Succeeded) throw new InvalidOperationException($"创建演示账号 {a.UserName} 失败：{string.Join("; ", result.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(user, a.Role);
            if (a.BoundFilingName is { } name)
            {
                var filingIds = await db.Filings.Where(f => f.LegalEntity.Name == name).Select(f => f.Id).ToListAsync(ct);
                foreach (var id in filingIds) db.UserFilings.Add(new UserFiling { UserId = user.Id, FilingId = id });
                await db.SaveChangesAsync(ct);
            }
            created.Add(a);
        }
        return created;
    }
}

/// <summary>
/// The whole demo, in order, for the web app's first start and `skillsaudit demo load`: the registry (seeds 000–004),
/// seed 000's statistics, the Xinzhou 2023 campaign as historical totals, seed 000 as its issued results notice, and the
/// demo accounts. The later parts need
/// the seed 000 bodies; on a registry without them they are skipped with a warning rather than failing the start.
/// </summary>
public static class DemoData
{
    /// <summary>
    /// Demo:LoadOnEmpty decides; unset, it is true for the SQLite quick start and false for PostgreSQL, so that a
    /// production database never gets the demo accounts by accident.
    /// </summary>
    public static bool ShouldLoad(bool? loadOnEmpty, string connectionString) =>
        loadOnEmpty ?? DbSetup.DetectProvider(connectionString) == DbSetup.Provider.Sqlite;

    public static async Task<IReadOnlyList<DemoAccounts.Account>> LoadAsync(IServiceProvider services, string demoDirectory,
        Action<string> info, Action<string> warn, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<AppDb>();
        // The demo accounts' password hashes, on another thread while the registry, statistics and reviews load.
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var hashes = DemoAccounts.HashPasswordsAsync(users.PasswordHasher);
        var registry = await services.GetRequiredService<DemoLoader>().LoadAsync(demoDirectory, ct);
        info(registry.Message);
        try
        {
            if (await services.GetRequiredService<StatisticsDemoLoader>().LoadAsync(demoDirectory, ct) is { } stats) info(stats);
        }
        catch (DemoDataException e)
        {
            warn("演示统计未加载：" + e.Message);
        }
        try
        {
            if (await services.GetRequiredService<ReviewDemoLoader>().LoadAsync(demoDirectory, ct) is { } reviews) info(reviews);
        }
        catch (Exception e) when (e is DomainValidationException or DomainException)
        {
            warn("演示考核未加载：" + e.Message);
        }
        try
        {
            // Seed 000 itself: the campaign's results notice, issued to the public page as the officer would issue it.
            if (await services.GetRequiredService<NoticeDemoLoader>().LoadAsync(demoDirectory, ct) is { } notice) info(notice);
        }
        catch (Exception e) when (e is DomainValidationException or DomainException or DemoDataException)
        {
            warn("演示公告未发布：" + e.Message);
        }
        var accounts = await DemoAccounts.EnsureAsync(users, db, hashes, ct);
        // The demo roster (专家库/检查人员库), for panels and random inspections; only into an empty roster.
        var roster = Path.Combine(demoDirectory, "roster.csv");
        if (File.Exists(roster) && !await db.Roster.AnyAsync(ct))
        {
            await using var stream = File.OpenRead(roster);
            var result = await services.GetRequiredService<Features.People.RosterHandlers>().ImportAsync(stream, "roster.csv", ct);
            if (result.Errors.Count > 0) warn("演示名册未加载：" + string.Join("；", result.Errors));
            else info($"已加载演示名册：{result.Added} 人。");
        }
        return accounts;
    }
}

/// <summary>A demo data file in YAML (camelCase keys) of a stated format (demo/README.md); a syntax error or another
/// format says which file, and where in it.</summary>
internal static class DemoYaml
{
    public static T Read<T>(string path, string format, Func<T, string> formatOf) where T : class
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        try
        {
            var doc = deserializer.Deserialize<T?>(File.ReadAllText(path)) ?? throw new DemoDataException($"{path}：文件为空，应为 {format} 格式");
            if (formatOf(doc) is var stated && stated != format) throw new DemoDataException($"{path}：未知的格式“{stated}”，应为 {format}");
            return doc;
        }
        catch (YamlException e)
        {
            throw new DemoDataException($"{path} 第{e.Start.Line}行第{e.Start.Column}列：{e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
