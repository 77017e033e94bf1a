using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// Mail:SmtpHost, Mail:SmtpPort (default 25), Mail:SmtpFrom, Mail:SmtpUser and Mail:SmtpPassword (optional),
/// Mail:SmtpTls (Auto, None, StartTls, StartTlsWhenAvailable, SslOnConnect; default Auto), Mail:BaseUrl (the site's
/// address, for links in mails), Mail:DrainSeconds (how often each instance sends pending mail, default 30; 0 = only
/// by the mail-outbox job). No host or no sender: no mail is sent, notifications stay in-app only.
/// </summary>
public sealed class MailOptions
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    public string? From { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public SecureSocketOptions Tls { get; init; } = SecureSocketOptions.Auto;
    public string? BaseUrl { get; init; }
    public int DrainSeconds { get; init; } = 30;
    public int BatchSize { get; init; } = 50;
    public int MaxAttempts { get; init; } = 8;
    /// <summary>Notifications older than this are not mailed any more (e.g. when mail is configured after months).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(3);
    public TimeSpan ClaimFor { get; init; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    public static MailOptions Read(IConfiguration config)
    {
        var tls = SecureSocketOptions.Auto;
        if (config["Mail:SmtpTls"] is { Length: > 0 } t && (!Enum.TryParse(t, true, out tls) || !Enum.IsDefined(tls)))
            throw new DatabaseStartupException($"配置项 Mail:SmtpTls 应为 Auto、None、StartTls、StartTlsWhenAvailable 或 SslOnConnect，现为“{t}”。");
        var from = config["Mail:SmtpFrom"];
        if (from is { Length: > 0 } && !MailboxAddress.TryParse(from, out _))
            throw new DatabaseStartupException($"配置项 Mail:SmtpFrom 不是有效的邮件地址：“{from}”。");
        return new MailOptions
        {
            Host = config["Mail:SmtpHost"], Port = config.GetValue("Mail:SmtpPort", 25), From = from,
            User = config["Mail:SmtpUser"], Password = config["Mail:SmtpPassword"], Tls = tls, BaseUrl = config["Mail:BaseUrl"]?.TrimEnd('/'),
            DrainSeconds = config.GetValue("Mail:DrainSeconds", 30),
        };
    }
}

public sealed record OutboxRun(int Sent, int Failed, int NoAddress, int Expired, string? Error)
{
    public string Message => $"发送 {Sent} 封，失败 {Failed} 封，无邮箱 {NoAddress} 条，过期未发 {Expired} 条" + (Error is null ? "" : $"；邮件服务器错误：{Error}");
}

/// <summary>
/// Sends the pending notifications by e-mail, outside any business transaction. Each row is claimed first with one
/// conditional UPDATE (pending, not claimed or claim expired): of two instances, exactly one gets it. A failed send keeps
/// the row pending with a back-off (after <see cref="MailOptions.MaxAttempts"/> it is marked failed); a sent row is
/// marked sent; nothing is lost, and nothing is sent twice unless an instance dies between the server's acceptance
/// and the mark (the Message-Id is stable, so a mail system can drop the repeat).
/// </summary>
public sealed class MailOutbox(AppDb db, MailOptions options, TimeProvider clock, ILogger<MailOutbox> log)
{
    /// <summary>This process, as it signs its claims (a fresh id per start, so a restarted process never mistakes old claims for its own).</summary>
    public static string Instance { get; } = NewInstanceName();

    private static string NewInstanceName()
    {
        var name = $"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}";
        return name.Length > 200 ? name[..200] : name;
    }

    public async Task<OutboxRun> DrainAsync(CancellationToken ct = default)
    {
        if (!options.Enabled) return new OutboxRun(0, 0, 0, 0, "未配置邮件服务器（Mail:SmtpHost、Mail:SmtpFrom）");
        var now = clock.GetUtcNow();
        var oldest = now - options.MaxAge;
        var expired = await db.Notifications.Where(n => n.MailState == MailStates.Pending && n.CreatedAt < oldest && (n.MailClaimedUntil == null || n.MailClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.MailState, MailStates.Expired), ct);
        var ids = await db.Notifications.AsNoTracking()
            .Where(n => n.MailState == MailStates.Pending && (n.MailNextAt == null || n.MailNextAt <= now) && (n.MailClaimedUntil == null || n.MailClaimedUntil < now))
            .OrderBy(n => n.Id).Take(options.BatchSize).Select(n => n.Id).ToListAsync(ct);
        int sent = 0, failed = 0, noAddress = 0;
        string? error = null;
        using var smtp = new SmtpClient { Timeout = 60_000 };
        foreach (var id in ids)
        {
            var until = clock.GetUtcNow() + options.ClaimFor;
            var claimed = await db.Notifications
                .Where(n => n.Id == id && n.MailState == MailStates.Pending && (n.MailClaimedUntil == null || n.MailClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.MailClaimedBy, Instance).SetProperty(n => n.MailClaimedUntil, until), ct);
            if (claimed == 0) continue; // another instance has it
            var row = await db.Notifications.AsNoTracking().Where(n => n.Id == id)
                .Select(n => new { n.Id, n.UserName, n.Title, n.Text, n.Link, n.CreatedAt, n.MailAttempts }).FirstAsync(ct);
            var to = await db.Users.AsNoTracking().Where(u => u.UserName == row.UserName && !u.Disabled).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(ct);
            if (to?.Email is not { Length: > 0 } email || !MailboxAddress.TryParse(email, out var address))
            {
                await FinishAsync(id, MailStates.NoAddress, null, null, ct);
                noAddress++;
                continue;
            }
            address.Name = string.IsNullOrWhiteSpace(to.DisplayName) ? row.UserName : to.DisplayName;
            try
            {
                if (!smtp.IsConnected)
                {
                    await smtp.ConnectAsync(options.Host!, options.Port, options.Tls, ct);
                    if (!string.IsNullOrEmpty(options.User)) await smtp.AuthenticateAsync(options.User, options.Password ?? "", ct);
                }
                await smtp.SendAsync(Compose(row.Id, address, row.Title, row.Text, row.Link, row.CreatedAt), ct);
                await FinishAsync(id, MailStates.Sent, clock.GetUtcNow(), null, ct);
                sent++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                error = e.Message;
                var attempts = row.MailAttempts + 1;
                var next = clock.GetUtcNow() + TimeSpan.FromMinutes(Math.Min(240, Math.Pow(2, attempts)));
                var state = attempts >= options.MaxAttempts ? MailStates.Failed : MailStates.Pending;
                await db.Notifications.Where(n => n.Id == id && n.MailClaimedBy == Instance).ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.MailState, state).SetProperty(n => n.MailAttempts, attempts).SetProperty(n => n.MailNextAt, next)
                    .SetProperty(n => n.MailError, e.Message.Length > 1000 ? e.Message[..1000] : e.Message)
                    .SetProperty(n => n.MailClaimedBy, (string?)null).SetProperty(n => n.MailClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
                failed++;
                log.LogWarning(e, "Mail for notification {Id} not sent (attempt {Attempt})", id, attempts);
                if (!smtp.IsConnected) break; // the server is unreachable: leave the rest for the next run
            }
        }
        if (smtp.IsConnected) await smtp.DisconnectAsync(true, CancellationToken.None);
        return new OutboxRun(sent, failed, noAddress, expired, error);
    }

    private Task<int> FinishAsync(long id, string state, DateTimeOffset? sentAt, string? error, CancellationToken ct) =>
        db.Notifications.Where(n => n.Id == id && n.MailClaimedBy == Instance).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.MailState, state).SetProperty(n => n.MailSentAt, sentAt).SetProperty(n => n.MailError, error)
            .SetProperty(n => n.MailClaimedBy, (string?)null).SetProperty(n => n.MailClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);

    /// <summary>The mail: the notification's title as subject, its text, the link, and the system's name; UTF-8 throughout.</summary>
    private MimeMessage Compose(long id, MailboxAddress to, string title, string text, string? link, DateTimeOffset createdAt)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From!));
        message.To.Add(to);
        message.Subject = title;
        message.Date = createdAt;
        message.MessageId = $"notification-{id.ToString(CultureInfo.InvariantCulture)}@skillsaudit";
        var url = link is null ? null : (options.BaseUrl is { Length: > 0 } b ? b + link : link);
        var body = $"{to.Name}：\n\n{text}\n" + (url is null ? "" : $"\n办理地址：{url}\n") +
                   "\n——职业技能等级评价机构监管系统（本邮件由系统自动发送，请勿回复）\n";
        message.Body = new TextPart("plain") { Text = body };
        // 7-bit on the wire (base64 / quoted-printable UTF-8, RFC 2047 headers): safe through any relay.
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }
}

/// <summary>Each instance sends pending mail every Mail:DrainSeconds (claims keep two instances from sending the same).</summary>
public sealed class MailOutboxWorker(IServiceScopeFactory scopes, MailOptions options, ILogger<MailOutboxWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || options.DrainSeconds <= 0) return;
        try { await Task.Delay(TimeSpan.FromSeconds(3), stoppingToken); } catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<MailOutbox>().DrainAsync(stoppingToken);
                if (run.Sent + run.Failed > 0) log.LogInformation("Mail outbox: {Message}", run.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Mail outbox run failed; will try again"); }
            try { await Task.Delay(TimeSpan.FromSeconds(options.DrainSeconds), stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
