using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// A real SMTP server for the mail tests: aiosmtpd (Debian python3-aiosmtpd, installed by test.sh) on a free loopback
/// port, storing every message it receives in a Maildir that the tests read back byte for byte.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    public int Port { get; }
    public string Directory { get; }

    private SmtpSink(Process process, int port, string directory) => (_process, Port, Directory) = (process, port, directory);

    public static async Task<SmtpSink> StartAsync()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var dir = Path.Combine(Path.GetTempPath(), "skillsaudit-smtp-" + Guid.NewGuid().ToString("N"));
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", dir }) psi.ArgumentList.Add(a);
            var p = Process.Start(psi) ?? throw new InvalidOperationException("aiosmtpd did not start");
            for (var i = 0; i < 100 && !p.HasExited; i++)
            {
                if (await Listening(port)) return new SmtpSink(p, port, dir);
                await Task.Delay(100);
            }
            var err = p.HasExited ? await p.StandardError.ReadToEndAsync() : "";
            try { p.Kill(true); } catch (InvalidOperationException) { }
            if (attempt >= 2) throw new InvalidOperationException($"aiosmtpd did not listen on 127.0.0.1:{port} (is python3-aiosmtpd installed?) {err}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<bool> Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            await c.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>The raw messages received so far (as stored, headers and body as sent on the wire).</summary>
    public IReadOnlyList<string> Raw()
    {
        var dir = Path.Combine(Directory, "new");
        return System.IO.Directory.Exists(dir) ? System.IO.Directory.GetFiles(dir).OrderBy(f => File.GetLastWriteTimeUtc(f)).Select(File.ReadAllText).ToList() : [];
    }

    /// <summary>The received messages, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var dir = Path.Combine(Directory, "new");
        return System.IO.Directory.Exists(dir) ? System.IO.Directory.GetFiles(dir).Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
