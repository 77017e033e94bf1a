using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Rules;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// The ID-hash key (certificates' duplicate check and lookups) must be the same on every instance and after a restore.
/// It comes from Certificates:IdHashKey, or is generated once and kept in the database (protected with the key ring).
/// The database stores its fingerprint; when certificates exist and the key does not match, the app refuses to start
/// and names the setting, instead of silently letting duplicates through.
/// </summary>
public static class IdHashKeys
{
    public const string KeyName = "Certificates.IdHashKey";
    public const string FingerprintName = "Certificates.IdHashKey.Fingerprint";
    private const string Purpose = "SkillsAudit.Secrets.IdHashKey.v1";

    public static string Fingerprint(byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. "SkillsAudit ID-hash key fingerprint v1\n"u8, .. key]));

    /// <summary>Whether the database already holds what <see cref="LoadAsync"/> needs without writing (start-up fast path).</summary>
    public static async Task<bool> ReadyAsync(AppDb db, CertificateOptions options, CancellationToken ct = default)
    {
        var names = await db.AppSecrets.AsNoTracking().Select(s => s.Name).ToListAsync(ct);
        return names.Contains(FingerprintName) && (options.ConfiguredKey is { Length: > 0 } || names.Contains(KeyName));
    }

    public static async Task<byte[]> LoadAsync(AppDb db, IDataProtectionProvider dp, CertificateOptions options, bool mayCreate, CancellationToken ct = default)
    {
        var protector = dp.CreateProtector(Purpose);
        var secrets = await db.AppSecrets.AsNoTracking().Where(s => s.Name == KeyName || s.Name == FingerprintName).ToDictionaryAsync(s => s.Name, s => s.Value, ct);
        var storedFingerprint = secrets.GetValueOrDefault(FingerprintName);
        var haveCertificates = await db.Certificates.AnyAsync(ct);
        byte[] key;
        if (options.ConfiguredKey is { Length: > 0 } configured)
        {
            key = Encoding.UTF8.GetBytes(configured);
            if (storedFingerprint is not null && storedFingerprint != Fingerprint(key) && haveCertificates)
                throw new DatabaseStartupException(
                    "配置项 Certificates:IdHashKey 与数据库中已有证书所用的身份证号哈希密钥不一致（指纹不符），拒绝启动，以免重复证书无法识别。" +
                    "请把 Certificates:IdHashKey 改回原来的值（或删除该配置以使用数据库中保存的密钥）。");
        }
        else if (secrets.GetValueOrDefault(KeyName) is { } protectedKey)
        {
            try
            {
                key = Convert.FromBase64String(protector.Unprotect(protectedKey));
            }
            catch (CryptographicException e)
            {
                throw new DatabaseStartupException(
                    "无法解密数据库中保存的身份证号哈希密钥：密钥环与数据库不匹配（恢复时漏了密钥环，或 DataProtection:KeyEncryptionKey / DataProtection:CertificatePath 与备份时不同）。" +
                    "请使用备份时的设置，或以 Certificates:IdHashKey 配置原来的密钥。（" + e.Message + "）", e);
            }
            if (storedFingerprint is not null && storedFingerprint != Fingerprint(key) && haveCertificates)
                throw new DatabaseStartupException("数据库中保存的身份证号哈希密钥与其指纹不符，拒绝启动。请以 Certificates:IdHashKey 配置原来的密钥。");
        }
        else
        {
            if (storedFingerprint is not null && haveCertificates)
                throw new DatabaseStartupException(
                    "数据库中的证书是用配置项 Certificates:IdHashKey 的密钥计算的，但当前没有配置该设置，拒绝启动。请配置原来的 Certificates:IdHashKey。");
            var legacy = options.LegacyDataDirectory is { Length: > 0 } dir ? Path.Combine(dir, "keys", "certificate-id-hmac.key") : null;
            if (legacy is not null && File.Exists(legacy))
                key = Convert.FromBase64String((await File.ReadAllTextAsync(legacy, ct)).Trim()); // taken over from an earlier version
            else if (haveCertificates)
                throw new DatabaseStartupException(
                    "数据库中已有证书，但找不到计算其身份证号哈希的密钥（Certificates:IdHashKey 未配置，数据库中也没有保存），拒绝启动，以免重复证书无法识别。请配置原来的 Certificates:IdHashKey。");
            else
                key = RandomNumberGenerator.GetBytes(32);
            if (!mayCreate) throw new DatabaseStartupException("数据库中还没有身份证号哈希密钥：请先运行 skillsaudit db migrate。");
            await UpsertAsync(db, KeyName, protector.Protect(Convert.ToBase64String(key)), onlyIfMissing: true, ct);
            // Another instance may have created one meanwhile: take whatever the database now holds.
            var stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == KeyName).Select(s => s.Value).FirstAsync(ct);
            key = Convert.FromBase64String(protector.Unprotect(stored));
        }
        var fingerprint = Fingerprint(key);
        if (storedFingerprint != fingerprint && mayCreate) await UpsertAsync(db, FingerprintName, fingerprint, onlyIfMissing: false, ct);
        options.IdHashKey = key;
        return key;
    }

    private static async Task UpsertAsync(AppDb db, string name, string value, bool onlyIfMissing, CancellationToken ct)
    {
        var row = await db.AppSecrets.FirstOrDefaultAsync(s => s.Name == name, ct);
        if (row is not null && onlyIfMissing) return;
        if (row is null) db.AppSecrets.Add(new AppSecret { Name = name, Value = value, UpdatedAt = db.Now });
        else { row.Value = value; row.UpdatedAt = db.Now; }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Resilience.IsUniqueViolation(e) && onlyIfMissing)
        {
            db.ChangeTracker.Clear(); // created by another process at the same moment
        }
    }
}
