using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace SkillsAudit.MultiInstance.Tests;

/// <summary>Paths of the built web app and CLI (same configuration as this test assembly).</summary>
public static class Build
{
    public static string Root { get; } = FindRoot();
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Config>/net10.0/
    public static string WebDll => Path.Combine(Root, "src", "SkillsAudit.Web", "bin", Configuration, "net10.0", "SkillsAudit.Web.dll");
    public static string CliDll => Path.Combine(Root, "src", "SkillsAudit.Cli", "bin", Configuration, "net10.0", "skillsaudit.dll");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SkillsAudit.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("SkillsAudit.slnx not found");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish"); }
        output.Append(await o).Append(await e);
        return (p.ExitCode, output.ToString());
    }
}

/// <summary>
/// A throwaway PostgreSQL 15 cluster of the test's own (so that it may be restarted): initdb in a temp dir, run as the
/// postgres user when the test runs as root (as in CI), on a free loopback port. SKILLSAUDIT_PG_BIN overrides the binaries' folder.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    public string Bin { get; } = Environment.GetEnvironmentVariable("SKILLSAUDIT_PG_BIN") is { Length: > 0 } b ? b : "/usr/lib/postgresql/15/bin";
    public string Dir { get; } = Directory.CreateTempSubdirectory("sa-multi-pg-").FullName;
    public int Port { get; } = Environment.GetEnvironmentVariable("SKILLSAUDIT_MULTI_PG_PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : Build.FreePort();
    private static bool IsRoot => Environment.UserName == "root";

    private Task<(int, string)> AsPostgres(string tool, params string[] args) =>
        IsRoot ? Build.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]) : Build.RunAsync(Path.Combine(Bin, tool), args);

    public async Task StartAsync()
    {
        if (IsRoot)
        {
            var (code, text) = await Build.RunAsync("chown", ["postgres:", Dir]);
            if (code != 0) throw new InvalidOperationException("chown failed: " + text);
        }
        var (exit, output) = await AsPostgres("initdb", "-D", Path.Combine(Dir, "data"), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
        if (exit != 0) throw new InvalidOperationException("initdb failed: " + output);
        await File.AppendAllTextAsync(Path.Combine(Dir, "data", "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {Port}\nunix_socket_directories = '{Dir}'\nmax_connections = 200\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        (exit, output) = await AsPostgres("pg_ctl", "-D", Path.Combine(Dir, "data"), "-l", Path.Combine(Dir, "server.log"), "-w", "-t", "60", "start");
        if (exit != 0) throw new InvalidOperationException("pg_ctl start failed: " + output);
    }

    /// <summary>A fast restart: every open connection is closed by the server (57P01), as in a real restart.</summary>
    public async Task RestartAsync()
    {
        var (exit, output) = await AsPostgres("pg_ctl", "-D", Path.Combine(Dir, "data"), "-l", Path.Combine(Dir, "server.log"), "-m", "fast", "-w", "-t", "60", "restart");
        if (exit != 0) throw new InvalidOperationException("pg_ctl restart failed: " + output);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        // Unpooled: the test's own connections must not outlive a restart either.
        await using var conn = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AsPostgres("pg_ctl", "-D", Path.Combine(Dir, "data"), "-m", "immediate", "-w", "-t", "30", "stop");
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One instance of the built web app (dotnet SkillsAudit.Web.dll) on a loopback port, with its own data folder.</summary>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    public int Port { get; }
    public string Name { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string Log { get { lock (_log) return _log.ToString(); } }

    private AppInstance(string name, int port, string connectionString, IDictionary<string, string>? settings)
    {
        Name = name;
        Port = port;
        var dataDir = Directory.CreateTempSubdirectory("sa-multi-data-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(Build.WebDll)! };
        psi.ArgumentList.Add(Build.WebDll);
        psi.Environment["ConnectionStrings__Default"] = connectionString;
        // The usual way to give a port (README); a default address in appsettings.json once overrode it.
        psi.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        psi.Environment["App__DataDirectory"] = dataDir;
        psi.Environment["Logging__Format"] = "json";
        psi.Environment["Certificates__LookupPermitsPerMinute"] = "10000";
        psi.Environment["PublicRateLimits__PermitsPerMinute"] = "10000";
        psi.Environment["DOTNET_gcServer"] = "0";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // PostgreSQL gets no demo data unless asked (Demo:LoadOnEmpty); these tests sign in with the demo accounts.
        psi.Environment["Demo__LoadOnEmpty"] = "true";
        if (settings is not null) foreach (var (k, v) in settings) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static AppInstance Start(string name, string connectionString, IDictionary<string, string>? settings = null) =>
        new(name, NextPort(), connectionString, settings);

    /// <summary>SKILLSAUDIT_MULTI_APP_PORTS (comma-separated) when given, else free ports.</summary>
    private static int NextPort()
    {
        if (Environment.GetEnvironmentVariable("SKILLSAUDIT_MULTI_APP_PORTS") is not { Length: > 0 } list) return Build.FreePort();
        var ports = list.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return ports[Interlocked.Increment(ref _next) % ports.Length];
    }

    private static int _next = -1;

    /// <summary>
    /// Whether the process has exited; once it has, its output is read to the end first (WaitForExit() without a timeout
    /// waits for the redirected streams' last lines), so that <see cref="Log"/> holds everything it wrote.
    /// </summary>
    public bool Exited
    {
        get
        {
            if (!_process.HasExited) return false;
            _process.WaitForExit();
            return true;
        }
    }
    public int ExitCode => _process.ExitCode;

    /// <summary>Polls /health/ready until 200; fails with the instance's log if it exits or the time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/health/ready"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(300);
        }
        throw new TimeoutException($"{Name} not ready after {timeout}:\n{Log}");
    }

    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
