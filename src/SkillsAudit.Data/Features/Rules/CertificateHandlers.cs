using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Files;
using SkillsAudit.Data.Platform;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>
/// Certificates:IdHashKey — the HMAC key for ID-number lookups. When it is not configured, the key generated once and kept
/// in the database (protected with the shared key ring) is used; see <see cref="Platform.IdHashKeys"/>.
/// </summary>
public sealed class CertificateOptions
{
    /// <summary>The configured key (Certificates:IdHashKey), or null.</summary>
    public string? ConfiguredKey { get; init; }
    /// <summary>App:DataDirectory, where earlier versions kept keys/certificate-id-hmac.key (taken over once).</summary>
    public string? LegacyDataDirectory { get; init; }
    /// <summary>The key in use, set once loaded and checked against the database's fingerprint.</summary>
    public byte[]? IdHashKey { get; set; }
}

/// <summary>
/// The resident ID number at rest: encrypted with ASP.NET Core Data Protection under its own purpose (the key ring is in
/// the database, so any instance can decrypt), and keyed-hashed (HMAC-SHA256) so that duplicates and lookups never need
/// the plain number. The plain number is never stored.
/// </summary>
public sealed class ResidentIdProtector(IDataProtectionProvider provider, CertificateOptions options, Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes)
{
    public const string Purpose = "SkillsAudit.Certificates.ResidentIdNumber.v1";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);
    private readonly Lock _gate = new();

    public string Protect(ResidentIdNumber id) => _protector.Protect(id.Value);
    public string Unprotect(string cipher) => _protector.Unprotect(cipher);
    public string Hash(ResidentIdNumber id) => Convert.ToHexStringLower(HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes(id.Value)));

    /// <summary>The web app loads the key at start-up; the CLI on first use (same checks).</summary>
    private byte[] Key()
    {
        if (options.IdHashKey is { } k) return k;
        lock (_gate)
        {
            if (options.IdHashKey is { } k2) return k2;
            using var scope = scopes.CreateScope();
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AppDb>(scope.ServiceProvider);
            return Platform.IdHashKeys.LoadAsync(db, provider, options, mayCreate: true).GetAwaiter().GetResult();
        }
    }
}

/// <summary>One roster line as read: text, checked by the handler.</summary>
public sealed record RosterLine(int Row, string? Name, string? IdNumber, string? Occupation, string? Level, string? Number, string? IssuedOn);

public sealed record RosterError(int Row, string Field, string Message);

public sealed record RosterImportResult(int Written, IReadOnlyList<string> Numbers, int Generated);

/// <summary>What the public lookup shows: never the full ID number. A revoked certificate shows the day it was revoked
/// (China time), never the reason: the reason is the staff's record about a named person, not for the public.</summary>
public sealed record CertificatePublicView(string Number, string PersonName, string IdMasked, string OccupationCode, string? OccupationName, string Level,
    string BodyName, string? FilingNumber, DateOnly IssuedOn, DateOnly? RevokedOn = null)
{
    /// <summary>有效 or 已于 YYYY-MM-DD 撤销 — as the lookup page, the API and the CLI say it.</summary>
    public string Status => RevokedOn is { } d ? $"已于 {d:yyyy-MM-dd} 撤销（证书无效）" : "有效";
}

/// <summary>A certificate as the staff find it to revoke it: the revocation in full (who, when, why).</summary>
public sealed record CertificateStaffView(string Number, string PersonName, string IdMasked, string OccupationCode, string? OccupationName, string Level,
    string BodyName, string? FilingNumber, DateOnly IssuedOn, DateTimeOffset? RevokedAt, string? RevokedBy, string? RevokeReason);

public sealed record CrossCheckRow(int FilingId, string? FilingNumber, string BodyName, int Year, string Level, int Roster, long? Reported, long? Difference, string Note);

/// <summary>
/// Certificate rosters (seed 003 第十九条 全国统一编码规则; 第二十条 证书发放数据报送): import all-or-nothing, generated
/// numbers for new rosters, the public lookup, and the cross-check of roster counts against the reported statistics.
/// </summary>
public sealed class CertificateHandlers(AppDb db, ResidentIdProtector ids, SkillsAudit.Data.Access.AccessGuard access)
{
    public static IReadOnlyList<RosterLine> ReadRoster(Stream stream, string fileName)
    {
        var rows = TabularReader.ReadRows(stream, fileName).Where(r => !r.IsEmpty).ToList();
        var header = rows.FirstOrDefault(r => r.Cells.Any(c => c?.Trim() == "姓名"))
            ?? throw new DomainException("file", "名册中找不到表头（须有“姓名”“身份证号码”“职业”“等级”“证书编号”“发证日期”列）");
        int Col(params string[] names) => Array.FindIndex(header.Cells, c => c is not null && names.Any(n => c.Contains(n, StringComparison.Ordinal)));
        var (name, id, occ, level, number, date) = (Col("姓名"), Col("身份证"), Col("职业"), Col("等级"), Col("证书编号", "编号"), Col("发证日期", "日期"));
        if (id < 0 || occ < 0 || level < 0) throw new DomainException("file", "名册缺少“身份证号码”“职业”或“等级”列");
        string? At(SheetRow r, int i) => i >= 0 && i < r.Cells.Length ? r.Cells[i]?.Trim() : null;
        return rows.Where(r => r.RowNumber > header.RowNumber)
            .Select(r => new RosterLine(r.RowNumber, At(r, name), At(r, id), At(r, occ), At(r, level), At(r, number), At(r, date))).ToList();
    }

    private static bool TryLevel(string? text, out Level level)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 1 && t[0] is >= '1' and <= '5') { level = (Level)(t[0] - '0'); return true; }
        return Levels.TryParse(t, out level);
    }

    /// <summary>
    /// Checks every line and writes all or nothing. Refused: a malformed ID (length, date, check digit), a number that does
    /// not match the filing, year and level, a duplicate certificate (the same number, or the same person already certified
    /// for the occupation and level), an occupation outside the filing's scope. Blank numbers are generated when asked.
    /// </summary>
    public async Task<RosterImportResult> ImportAsync(int filingId, int year, string? batch, IReadOnlyList<RosterLine> lines, bool generateNumbers, bool dryRun = false, CancellationToken ct = default)
    {
        await MayImportAsync(filingId, ct);
        var filing = await db.Filings.AsNoTracking().Include(f => f.Scope).FirstOrDefaultAsync(f => f.Id == filingId, ct)
            ?? throw new DomainException("filingId", "没有找到所选的备案：可能已删除，或不在您的管辖范围内");
        if (filing.Number is not { } filingNumber) throw new DomainException("filingId", "该备案没有备案号，无法编制证书编号（《忻州市职业技能等级评价机构管理办法》第十九条）：请先在“备案登记”中打开该机构，编辑补录备案号后再导入");
        if (year is < 2000 or > 2099) throw new DomainException("year", $"发证年度 {year} 无效");
        if (lines.Count == 0) throw new DomainException("roster", "名册为空");
        var scope = filing.Scope.Select(s => s.OccupationCode).ToHashSet();
        // The 职业 column takes the occupation's code or its name as the filing's scope lists it (电工 = 6-31-01-03).
        var scopeNames = (await db.Occupations.AsNoTracking().Where(o => scope.Contains(o.Code)).Select(o => new { o.Code, o.Name }).ToListAsync(ct))
            .GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Code, StringComparer.Ordinal);
        var typedNames = lines.Select(l => (l.Occupation ?? "").Trim()).Where(t => t.Length > 0 && !scope.Contains(t) && !scopeNames.ContainsKey(t)).Distinct().ToList();
        var elsewhere = typedNames.Count == 0 ? [] : (await db.Occupations.AsNoTracking().Where(o => typedNames.Contains(o.Name) || typedNames.Contains(o.Code))
            .Select(o => new { o.Code, o.Name }).ToListAsync(ct));
        var scopeHint = string.Join("、", scopeNames.OrderBy(n => n.Value, StringComparer.Ordinal).Take(6).Select(n => $"{n.Value} {n.Key}")) + (scopeNames.Count > 6 ? " 等" : "");
        var errors = new List<RosterError>();
        var today = db.Now.ChinaDate();
        var seenNumbers = new HashSet<string>();
        var seenPeople = new HashSet<(string, string, int)>();
        var parsed = new List<(RosterLine Line, ResidentIdNumber Id, Level Level, CertificateNumber? Number, DateOnly Issued)>();
        foreach (var l in lines)
        {
            var ok = true;
            void Err(string field, string message) { errors.Add(new RosterError(l.Row, field, message)); ok = false; }
            if (string.IsNullOrWhiteSpace(l.Name) || l.Name.Length > 50) Err("name", "姓名为空或超过50字");
            if (!ResidentIdNumber.TryParse(l.IdNumber, out var id, out var idError)) Err("idNumber", idError!);
            var occupation = (l.Occupation ?? "").Trim();
            if (scopeNames.TryGetValue(occupation, out var byName)) occupation = byName;
            if (!scope.Contains(occupation))
            {
                var known = elsewhere.FirstOrDefault(o => o.Name == occupation || o.Code == occupation);
                Err("occupation", occupation.Length == 0 ? "职业为空：请填写职业代码或职业名称"
                    : known is not null ? $"职业“{occupation}”（{known.Code} {known.Name}）不在该备案的职业范围内"
                    : $"职业“{occupation}”不在该备案的职业范围内" + (scopeHint.Length > 0 ? $"：请填写职业代码或名称，如 {scopeHint}" : ""));
            }
            if (!TryLevel(l.Level, out var level)) Err("level", $"等级“{l.Level}”无效（1-5 或 初级工…高级技师）");
            if (!DateOnly.TryParse(l.IssuedOn, CultureInfo.InvariantCulture, out var issued) && !DateOnly.TryParseExact(l.IssuedOn, "yyyy-MM-dd", out issued))
                Err("issuedOn", $"发证日期“{l.IssuedOn}”无效（应为 yyyy-MM-dd）");
            else if (issued.Year != year) Err("issuedOn", $"发证日期 {issued:yyyy-MM-dd} 不在发证年度 {year}");
            else if (issued > today) Err("issuedOn", $"发证日期 {issued:yyyy-MM-dd} 晚于今天（{today:yyyy-MM-dd}）：证书发放后才能登记");
            else if (idError is null && id.BirthDate > issued) Err("idNumber", $"身份证号码中的出生日期 {id.BirthDate:yyyy-MM-dd} 晚于发证日期 {issued:yyyy-MM-dd}：请核对身份证号码");
            CertificateNumber? number = null;
            if (!string.IsNullOrWhiteSpace(l.Number))
            {
                if (!CertificateNumber.TryParse(l.Number, out var n, out var nError)) Err("number", nError!);
                else
                {
                    number = n;
                    if (ok) foreach (var m in CertificateNumber.Mismatches(n, filingNumber, year, level)) Err("number", m); // 第十九条 统一编码规则
                    if (!seenNumbers.Add(n.Value)) Err("number", $"证书编号 {n} 在名册中重复");
                }
            }
            else if (!generateNumbers) Err("number", "证书编号为空（新名册可选择自动生成编号）");
            if (ok && !seenPeople.Add((id.Value, occupation, (int)level))) Err("idNumber", $"同一人（{id.Masked}）在名册中重复取得 {occupation} {level.ChineseName()} 证书");
            if (ok) parsed.Add((l with { Occupation = occupation }, id, level, number, issued));
        }
        if (parsed.Count > 0)
        {
            var numbers = parsed.Where(p => p.Number is not null).Select(p => p.Number!.Value.Value).ToList();
            foreach (var taken in await db.Certificates.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => c.Number).ToListAsync(ct))
                errors.Add(new RosterError(parsed.First(p => p.Number?.Value == taken).Line.Row, "number", $"证书编号 {taken} 已存在（重复证书）"));
            var hashes = parsed.ToDictionary(p => p, p => ids.Hash(p.Id));
            var hashList = hashes.Values.Distinct().ToList();
            var existing = await db.Certificates.AsNoTracking().Where(c => hashList.Contains(c.IdHash)).Select(c => new { c.IdHash, c.OccupationCode, c.Level, c.Number }).ToListAsync(ct);
            foreach (var p in parsed)
            {
                if (existing.FirstOrDefault(e => e.IdHash == hashes[p] && e.OccupationCode == p.Line.Occupation && e.Level == (int)p.Level) is { } dup)
                    errors.Add(new RosterError(p.Line.Row, "idNumber", $"{p.Id.Masked} 已持有 {p.Line.Occupation} {p.Level.ChineseName()} 证书 {dup.Number}（重复证书）"));
            }
        }
        if (errors.Count > 0)
            throw new DomainValidationException(errors.OrderBy(e => e.Row)
                .Select(e => new DomainException($"rows[{e.Row}].{e.Field}", $"第{e.Row}行：{e.Message}（名册未写入任何记录）")).ToList());

        // Serials continue after the highest already issued by this filing for the year and level. Two imports for the
        // same filing and year at once (two servers) are serialised by a transaction lock on that prefix, so both get
        // distinct numbers; a race on the same person is refused by the unique index (409).
        var prefix = filingNumber.Value + (year % 100).ToString("D2", CultureInfo.InvariantCulture);
        async Task<RosterImportResult> WriteAsync(CancellationToken t)
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [Platform.DbLock.ForName("certificate-serial:" + prefix)], t);
            var issuedNumbers = await db.Certificates.AsNoTracking().Where(c => c.Number.StartsWith(prefix)).Select(c => c.Number).ToListAsync(t);
            var next = new Dictionary<Level, int>();
            foreach (var lv in Levels.All)
            {
                var used = issuedNumbers.Concat(parsed.Where(p => p.Number is not null).Select(p => p.Number!.Value.Value))
                    .Where(n => n[15] - '0' == (int)lv).Select(n => int.Parse(n[16..], CultureInfo.InvariantCulture));
                next[lv] = used.DefaultIfEmpty(0).Max() + 1;
            }
            var written = new List<string>();
            var generated = 0;
            foreach (var p in parsed)
            {
                var number = p.Number ?? CertificateNumber.Generate(filingNumber, year, p.Level, next[p.Level]++);
                if (p.Number is null) generated++;
                written.Add(number.Value);
                db.Certificates.Add(new CertificateRecord
                {
                    FilingId = filingId, Batch = string.IsNullOrWhiteSpace(batch) ? null : batch.Trim(), PersonName = p.Line.Name!.Trim(),
                    IdCipher = ids.Protect(p.Id), IdHash = ids.Hash(p.Id), IdMasked = p.Id.Masked,
                    OccupationCode = p.Line.Occupation!, Level = (int)p.Level, Number = number.Value, Year = year, IssuedOn = p.Issued,
                    ImportedBy = db.ActorName, ImportedAt = db.Now,
                });
            }
            if (dryRun)
            {
                db.ChangeTracker.Clear();
                return new RosterImportResult(0, written, generated);
            }
            await db.SaveChangesAsync(t);
            return new RosterImportResult(written.Count, written, generated);
        }
        if (dryRun) return await WriteAsync(ct);
        try
        {
            return await db.InTransactionAsync(WriteAsync, ct);
        }
        catch (DbUpdateException e) when (Platform.Resilience.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            throw new ConflictException("名册中有证书与刚刚由他人导入的证书重复（同一证书编号，或同一人同一职业同一等级），名册未写入任何记录。请重新导入，系统会列出重复的行。");
        }
    }

    /// <summary>Only the staff of the filing's region import its roster; asked before the file is even read.</summary>
    public Task MayImportAsync(int filingId, CancellationToken ct = default) => access.FilingAsync(filingId, ct: ct);

    /// <summary>The public lookup: number and name must both match; the ID number is shown masked only.</summary>
    public async Task<CertificatePublicView?> LookupAsync(string? number, string? name, CancellationToken ct = default)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        var person = (name ?? "").Trim();
        if (n.Length == 0 || person.Length == 0) throw new DomainException("number", "请输入证书编号和姓名");
        var c = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(x => x.Number == n && x.PersonName == person, ct);
        if (c is null) return null;
        var f = await db.Filings.AsNoTracking().Where(x => x.Id == c.FilingId).Select(x => new { x.Number, x.LegalEntity.Name }).FirstAsync(ct);
        var occ = await db.Occupations.AsNoTracking().Where(o => o.Code == c.OccupationCode).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return new CertificatePublicView(c.Number, c.PersonName, c.IdMasked, c.OccupationCode, occ, ((Level)c.Level).ChineseName(), f.Name, f.Number?.Value, c.IssuedOn,
            c.RevokedAt?.ChinaDate());
    }

    /// <summary>The longest 撤销原因 kept (the column's length).</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>
    /// Staff find certificates of their own region to revoke: by 证书编号 (whole, or its beginning) and/or the holder's
    /// name (exact). At most <paramref name="limit"/> rows, newest first.
    /// </summary>
    public async Task<IReadOnlyList<CertificateStaffView>> SearchAsync(string? number, string? name, int limit = 50, CancellationToken ct = default)
    {
        var prefix = await access.StaffPrefixAsync(ct) ?? throw new ForbiddenException("只有工作人员可以查找和撤销证书");
        var n = (number ?? "").Trim().ToUpperInvariant();
        var person = (name ?? "").Trim();
        if (n.Length == 0 && person.Length == 0) throw new DomainException("number", "请输入证书编号或持证人姓名");
        var q = db.Certificates.AsNoTracking().Where(c => db.Filings.Any(f => f.Id == c.FilingId && f.RegionCode.StartsWith(prefix)));
        if (n.Length > 0) q = q.Where(c => c.Number.StartsWith(n));
        if (person.Length > 0) q = q.Where(c => c.PersonName == person);
        var rows = await q.OrderByDescending(c => c.IssuedOn).ThenBy(c => c.Number).Take(limit).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    private async Task<IReadOnlyList<CertificateStaffView>> ViewsAsync(IReadOnlyList<CertificateRecord> rows, CancellationToken ct)
    {
        var filingIds = rows.Select(r => r.FilingId).Distinct().ToList();
        var filings = await db.Filings.AsNoTracking().Where(f => filingIds.Contains(f.Id)).Select(f => new { f.Id, f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        var codes = rows.Select(r => r.OccupationCode).Distinct().ToList();
        var occupations = await db.Occupations.AsNoTracking().Where(o => codes.Contains(o.Code)).Select(o => new { o.Code, o.Name }).ToListAsync(ct);
        return rows.Select(c =>
        {
            var f = filings.Single(x => x.Id == c.FilingId);
            return new CertificateStaffView(c.Number, c.PersonName, c.IdMasked, c.OccupationCode, occupations.FirstOrDefault(o => o.Code == c.OccupationCode)?.Name,
                ((Level)c.Level).ChineseName(), f.Name, f.Number?.Value, c.IssuedOn, c.RevokedAt, c.RevokedBy, c.RevokeReason);
        }).ToList();
    }

    /// <summary>
    /// 撤销证书 (registered in error, obtained by fraud): staff of the filing's region, or an admin, with a reason. The
    /// certificate stays in the roster and the public lookup answers that it was revoked on that day. Irreversible: a
    /// second revocation is refused (409) naming the first. One transaction; the audit entry is written with it.
    /// </summary>
    public async Task<CertificateStaffView> RevokeAsync(string? number, string? reason, CancellationToken ct = default)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        var why = (reason ?? "").Trim();
        if (n.Length == 0) throw new DomainException("number", "请输入证书编号");
        var filingId = await db.Certificates.AsNoTracking().Where(c => c.Number == n).Select(c => (int?)c.FilingId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"没有证书编号为 {n} 的证书");
        await access.FilingAsync(filingId, ct: ct); // another region's officer: 403, named by body and 备案号
        if (why.Length == 0) throw new DomainException("reason", "请填写撤销原因（如 登记错误、弄虚作假取得）");
        if (why.Length > ReasonMaxLength) throw new DomainException("reason", $"撤销原因不能超过 {ReasonMaxLength} 字（现为 {why.Length} 字）");
        var revoked = await db.InTransactionAsync(async t =>
        {
            // Two staff revoking the same certificate at once (two servers): the second waits, then finds it revoked.
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [Platform.DbLock.ForName("certificate-revoke:" + n)], t);
            var c = await db.Certificates.FirstAsync(x => x.Number == n, t);
            if (c.RevokedAt is { } at)
                throw new ConflictException($"证书 {c.Number}（{c.PersonName}）已于 {at.ChinaDate():yyyy-MM-dd} 撤销（撤销原因：{c.RevokeReason}），不能再次撤销");
            c.RevokedAt = db.Now;
            c.RevokedBy = db.ActorName;
            c.RevokeReason = why;
            await db.SaveChangesAsync(t);
            return c;
        }, ct);
        db.ChangeTracker.Clear();
        return (await ViewsAsync([revoked], ct))[0];
    }

    /// <summary>
    /// Roster counts against the reported statistics (第二十条 发证数据报送): per filing, year and level, the certificates in
    /// the roster versus the 发证 figures reported (StatisticsRecords Certified L5…L1); every difference is listed.
    /// </summary>
    public async Task<IReadOnlyList<CrossCheckRow>> CrossCheckAsync(int year, int? filingId = null, bool differencesOnly = false, CancellationToken ct = default)
    {
        if (filingId is { } only) await access.FilingAsync(only, ct: ct);
        var prefix = await access.StaffPrefixAsync(ct) ?? throw new ForbiddenException("只有工作人员可以核对证书名册");
        var certs = db.Certificates.AsNoTracking().Where(c => c.Year == year && db.Filings.Any(f => f.Id == c.FilingId && f.RegionCode.StartsWith(prefix)));
        // the region's filings as an IN list: the records' key (filing, year) is searched filing by filing, not scanned
        var regionFilings = db.Filings.Where(f => f.RegionCode.StartsWith(prefix)).Select(f => f.Id);
        var stats = db.StatisticsRecords.AsNoTracking().Where(s => regionFilings.Contains(s.FilingId) && s.Year == year);
        if (filingId is { } id) { certs = certs.Where(c => c.FilingId == id); stats = stats.Where(s => s.FilingId == id); }
        var roster = await certs.GroupBy(c => new { c.FilingId, c.Level }).Select(g => new { g.Key.FilingId, g.Key.Level, Count = g.Count() }).ToListAsync(ct);
        var reported = await stats.Select(s => new { s.FilingId, s.OccupationKey, s.CertifiedL5, s.CertifiedL4, s.CertifiedL3, s.CertifiedL2, s.CertifiedL1 }).ToListAsync(ct);
        var filingIds = roster.Select(r => r.FilingId).Concat(reported.Select(r => r.FilingId)).Distinct().ToList();
        var names = await db.Filings.AsNoTracking().Where(f => filingIds.Contains(f.Id)).Select(f => new { f.Id, f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        var rows = new List<CrossCheckRow>();
        foreach (var f in names.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            // Per-occupation lines when there are any, else the filing's whole-filing line ("" key).
            var lines = reported.Where(r => r.FilingId == f.Id).ToList();
            if (lines.Any(l => l.OccupationKey != "")) lines = lines.Where(l => l.OccupationKey != "").ToList();
            foreach (var lv in Levels.All)
            {
                var inRoster = roster.Where(r => r.FilingId == f.Id && r.Level == (int)lv).Sum(r => r.Count);
                var values = lines.Select(l => lv switch { Level.Level5 => l.CertifiedL5, Level.Level4 => l.CertifiedL4, Level.Level3 => l.CertifiedL3, Level.Level2 => l.CertifiedL2, _ => l.CertifiedL1 }).ToList();
                long? rep = values.Any(v => v is not null) ? values.Sum(v => v ?? 0) : null;
                if (inRoster == 0 && rep is null or 0) continue;
                var diff = rep is { } r ? inRoster - r : (long?)null;
                var note = rep is null ? "统计未报该等级发证人数" : diff == 0 ? "一致" : diff > 0 ? $"名册比统计多 {diff} 人" : $"名册比统计少 {-diff} 人";
                if (differencesOnly && diff == 0) continue;
                rows.Add(new CrossCheckRow(f.Id, f.Number?.Value, f.Name, year, lv.ChineseName(), inRoster, rep, diff, note));
            }
        }
        return rows;
    }
}
