using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens, encrypted ID numbers) lives in the database, so
/// every instance reads the same keys and a backup holds them. At rest each key is encrypted when a key-encryption key
/// (DataProtection:KeyEncryptionKey, 32 bytes in base64) or a certificate (DataProtection:CertificatePath,
/// DataProtection:CertificatePassword) is configured.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "SkillsAudit";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration config)
    {
        var dp = services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<AppDb>();
        if (config["DataProtection:KeyEncryptionKey"] is { Length: > 0 } kekText)
        {
            byte[] kek;
            try { kek = Convert.FromBase64String(kekText); }
            catch (FormatException) { throw new DatabaseStartupException("配置项 DataProtection:KeyEncryptionKey 不是有效的 Base64（应为 32 字节密钥的 Base64，例如 openssl rand -base64 32 的输出）。"); }
            if (kek.Length != 32) throw new DatabaseStartupException($"配置项 DataProtection:KeyEncryptionKey 应为 32 字节（现为 {kek.Length} 字节）。");
            services.AddSingleton(new KeyEncryptionKey(kek));
            services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new AesGcmXmlEncryptor(kek));
        }
        else if (config["DataProtection:CertificatePath"] is { Length: > 0 } certPath)
        {
            X509Certificate2 cert;
            try { cert = X509CertificateLoader.LoadPkcs12FromFile(certPath, config["DataProtection:CertificatePassword"]); }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new DatabaseStartupException($"无法读取 DataProtection:CertificatePath 指定的证书 {certPath}：{e.Message}");
            }
            dp.ProtectKeysWithCertificate(cert).UnprotectKeysWithAnyCertificate(cert);
        }
        return services;
    }

    /// <summary>Creates the first key (under the start-up lock), so that instances starting together share one key.</summary>
    public static void EnsureKey(IServiceProvider services, TimeProvider clock)
    {
        var manager = services.GetRequiredService<IKeyManager>();
        var now = clock.GetUtcNow();
        if (!manager.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            manager.CreateNewKey(now, now.AddDays(90));
    }

    /// <summary>For /health/ready: a usable default key, and it round-trips.</summary>
    public static string? Problem(IServiceProvider services)
    {
        try
        {
            var p = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SkillsAudit.Health");
            return p.Unprotect(p.Protect("ok")) == "ok" ? null : "密钥环自检失败";
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException)
        {
            return "密钥环不可用：" + e.Message;
        }
    }
}

public sealed record KeyEncryptionKey(byte[] Bytes)
{
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Bytes))[..16];
}

/// <summary>Encrypts each key's XML with AES-256-GCM under DataProtection:KeyEncryptionKey.</summary>
public sealed class AesGcmXmlEncryptor(byte[] kek) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(kek, 16)) aes.Encrypt(nonce, plain, cipher, tag);
        var element = new XElement("encryptedKey",
            new XComment(" 以 DataProtection:KeyEncryptionKey 加密（AES-256-GCM） "),
            new XAttribute("kek", new KeyEncryptionKey(kek).Id),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Created by Data Protection when it reads a key written by <see cref="AesGcmXmlEncryptor"/>.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kek = services.GetService<KeyEncryptionKey>()
            ?? throw new CryptographicException("密钥环中的密钥是用 DataProtection:KeyEncryptionKey 加密的，但当前没有配置该设置");
        if ((string?)encryptedElement.Attribute("kek") is { } id && id != kek.Id)
            throw new CryptographicException("密钥环中的密钥是用另一个 DataProtection:KeyEncryptionKey 加密的");
        var data = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plain = new byte[data.Length - 28];
        using (var aes = new AesGcm(kek.Bytes, 16)) aes.Decrypt(data.AsSpan(0, 12), data.AsSpan(28), data.AsSpan(12, 16), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
