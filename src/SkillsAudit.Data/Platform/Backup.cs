using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Data.Platform;

public sealed class BackupException(string message) : Exception(message);

public sealed record BackupManifest(string Format, string Provider, DateTimeOffset CreatedAt, string AppVersion, string? LastMigration,
    string EvidenceStore, int EvidenceFiles, long DatabaseBytes);

/// <summary>
/// <c>skillsaudit db backup FILE</c> / <c>db restore FILE</c>: one file (a zip) holding everything — the database with
/// the key ring, the ID-hash key and (by default) the evidence content, plus the evidence files when they are kept in a
/// shared directory. SQLite is copied with VACUUM INTO (a consistent copy while the app writes, never a file copy);
/// PostgreSQL with pg_dump -Fc and pg_restore (Backup:PgDump, Backup:PgRestore: their paths).
/// </summary>
/// <summary>Backup:PgDump and Backup:PgRestore: paths of the PostgreSQL tools (default: on PATH, else the newest /usr/lib/postgresql/N/bin).</summary>
public sealed record BackupOptions(string? PgDump, string? PgRestore);

public sealed class BackupService(AppDb db, EvidenceOptions evidence, BackupOptions tools)
{
    public const string Format = "skillsaudit-backup/1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<BackupManifest> BackupAsync(string file, Action<string>? progress = null, CancellationToken ct = default)
    {
        var cs = db.Database.GetConnectionString()!;
        var provider = DbSetup.DetectProvider(cs);
        var work = Directory.CreateTempSubdirectory("skillsaudit-backup-");
        try
        {
            var dbFile = Path.Combine(work.FullName, provider == DbSetup.Provider.Sqlite ? "database.sqlite" : "database.pgdump");
            progress?.Invoke("正在导出数据库…");
            if (provider == DbSetup.Provider.Sqlite)
            {
                await db.Database.OpenConnectionAsync(ct);
                try
                {
                    await using var cmd = db.Database.GetDbConnection().CreateCommand();
                    cmd.CommandText = "VACUUM INTO $file";
                    cmd.Parameters.Add(new SqliteParameter("$file", dbFile));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                finally { await db.Database.CloseConnectionAsync(); }
            }
            else
            {
                var b = new NpgsqlConnectionStringBuilder(cs);
                await RunToolAsync(Tool("Backup:PgDump", "pg_dump"), ["-Fc", "--no-owner", "--no-privileges", "-f", dbFile, "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", b.Database!], b.Password, ct);
            }
            var last = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
            var target = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var tmp = target + ".partial";
            var files = 0;
            await using (var zipStream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            await using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create))
            {
                await zip.CreateEntryFromFileAsync(dbFile, Path.GetFileName(dbFile), CompressionLevel.Fastest, ct);
                if (!evidence.InDatabase && Directory.Exists(evidence.Directory))
                {
                    progress?.Invoke("正在打包材料文件…");
                    foreach (var f in Directory.EnumerateFiles(evidence.Directory!).Where(f => Path.GetFileName(f).Length == 64))
                    {
                        await zip.CreateEntryFromFileAsync(f, "evidence/" + Path.GetFileName(f), CompressionLevel.NoCompression, ct);
                        files++;
                    }
                }
                var manifest = new BackupManifest(Format, provider.ToString(), DateTimeOffset.UtcNow, AppInfo.Version, last,
                    evidence.InDatabase ? "database" : "directory", files, new FileInfo(dbFile).Length);
                var entry = zip.CreateEntry("manifest.json");
                await using (var s = await entry.OpenAsync(ct)) await JsonSerializer.SerializeAsync(s, manifest, Json, ct);
                File.Move(tmp, target, overwrite: true);
                return manifest;
            }
        }
        finally
        {
            try { File.Delete(Path.GetFullPath(file) + ".partial"); } catch (IOException) { }
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Restores into the configured database, which must be empty unless <paramref name="force"/> (then it is replaced).
    /// The database of a backup can only go back to the same kind of database (SQLite → SQLite, PostgreSQL → PostgreSQL).
    /// </summary>
    public async Task<BackupManifest> RestoreAsync(string file, bool force, Action<string>? progress = null, CancellationToken ct = default)
    {
        if (!File.Exists(file)) throw new BackupException($"找不到备份文件 {file}");
        var cs = db.Database.GetConnectionString()!;
        var provider = DbSetup.DetectProvider(cs);
        var work = Directory.CreateTempSubdirectory("skillsaudit-restore-");
        try
        {
            BackupManifest manifest;
            try
            {
                using var zip = ZipFile.OpenRead(file);
                var m = zip.GetEntry("manifest.json") ?? throw new BackupException($"{file} 不是 SkillsAudit 备份文件（缺少 manifest.json）");
                await using (var s = await m.OpenAsync(ct))
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(s, Json, ct) ?? throw new BackupException($"{file} 的 manifest.json 无法读取");
                if (manifest.Format != Format) throw new BackupException($"{file} 的格式 {manifest.Format} 不受支持（应为 {Format}）");
                if (manifest.Provider != provider.ToString())
                    throw new BackupException($"备份来自 {manifest.Provider} 数据库，而当前 ConnectionStrings:Default 指向 {provider}：只能恢复到同类数据库。");
                zip.ExtractToDirectory(work.FullName);
            }
            catch (InvalidDataException e)
            {
                throw new BackupException($"{file} 不是有效的备份文件：{e.Message}");
            }

            progress?.Invoke("正在恢复数据库…");
            if (provider == DbSetup.Provider.Sqlite)
            {
                var path = new SqliteConnectionStringBuilder(cs).DataSource;
                if (File.Exists(path) && new FileInfo(path).Length > 0 && !force)
                    throw new BackupException($"数据库文件 {path} 已存在：恢复会覆盖它。确认后加 --force 重新运行（请先停止所有使用它的应用实例）。");
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { path + "-wal", path + "-shm" }) File.Delete(f);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.Copy(Path.Combine(work.FullName, "database.sqlite"), path, overwrite: true);
            }
            else
            {
                var b = new NpgsqlConnectionStringBuilder(cs);
                var empty = await IsEmptyPostgresAsync(cs, ct);
                if (!empty && !force)
                    throw new BackupException($"数据库 {b.Host}:{b.Port}/{b.Database} 不是空的：恢复会替换其中的数据。确认后加 --force 重新运行（请先停止所有应用实例），或恢复到新建的空数据库。");
                NpgsqlConnection.ClearAllPools();
                var args = new List<string> { "--no-owner", "--no-privileges", "--exit-on-error", "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", b.Database! };
                if (!empty) args.InsertRange(0, ["--clean", "--if-exists"]);
                args.Add(Path.Combine(work.FullName, "database.pgdump"));
                await RunToolAsync(Tool("Backup:PgRestore", "pg_restore"), args, b.Password, ct);
            }

            var evidenceDir = Path.Combine(work.FullName, "evidence");
            if (Directory.Exists(evidenceDir))
            {
                if (evidence.InDatabase)
                    throw new BackupException("备份中的材料文件保存在共享目录中：请设置 Evidence:Directory（恢复到的目录）后再恢复。");
                progress?.Invoke($"正在恢复材料文件到 {evidence.Directory}…");
                Directory.CreateDirectory(evidence.Directory!);
                foreach (var f in Directory.EnumerateFiles(evidenceDir))
                {
                    var dest = Path.Combine(evidence.Directory!, Path.GetFileName(f));
                    if (!File.Exists(dest)) File.Copy(f, dest);
                }
            }
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<bool> IsEmptyPostgresAsync(string cs, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", conn);
        return (long)(await cmd.ExecuteScalarAsync(ct))! == 0;
    }

    /// <summary>The configured path, else the tool on PATH, else the newest /usr/lib/postgresql/N/bin.</summary>
    private string Tool(string setting, string name)
    {
        if ((setting == "Backup:PgDump" ? tools.PgDump : tools.PgRestore) is { Length: > 0 } configured) return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var found = Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version).Select(d => Path.Combine(d.Dir, "bin", name)).FirstOrDefault(File.Exists);
            if (found is not null) return found;
        }
        throw new BackupException($"找不到 {name}：请安装 PostgreSQL 客户端工具，或以 {setting} 指定其路径。");
    }

    private static async Task RunToolAsync(string tool, IEnumerable<string> args, string? password, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (password is { Length: > 0 }) psi.Environment["PGPASSWORD"] = password;
        Process p;
        try { p = Process.Start(psi) ?? throw new BackupException($"无法启动 {tool}"); }
        catch (System.ComponentModel.Win32Exception e) { throw new BackupException($"无法启动 {tool}：{e.Message}"); }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync(ct);
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            var err = (await stderr).Trim();
            await stdout;
            if (p.ExitCode != 0) throw new BackupException($"{Path.GetFileName(tool)} 失败（退出码 {p.ExitCode}）：{err}");
        }
    }
}

/// <summary>The application version (informational version of the assembly), shown by /health/ready and in backups.</summary>
public static class AppInfo
{
    public static string Version { get; } =
        (typeof(AppInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
