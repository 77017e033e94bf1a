using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>A stored notice with its content and where it stands.</summary>
public sealed record NoticeView(int Id, string? Slug, NoticeState State, int Version, DateOnly? PublicFrom, DateOnly? PublicTo,
    string CreatedBy, DateTimeOffset CreatedAt, string? IssuedBy, DateTimeOffset? IssuedAt, NoticeContent Content,
    DateTimeOffset? WithdrawnAt = null, string? WithdrawReason = null, int? CorrectsNoticeId = null, IReadOnlyList<NoticeHistoryEntry>? History = null)
{
    public string StateName => State.Chinese();
    /// <summary>What the notice still lacks before it can be issued (missing figures, 发文字号, 成文日期).</summary>
    public IReadOnlyList<string> Missing => NoticeService.MissingForIssue(Content);
}

/// <summary>One event in a notice's public history: 发布, 撤回 (with the reason), 更正 (pointing to the other notice).</summary>
public sealed record NoticeHistoryEntry(DateTimeOffset At, string Event, string Text, string? OtherSlug, string? OtherTitle);

public sealed record NoticeListItem(int Id, string? Slug, NoticeState State, int Year, string RegionName, string Title, DateOnly? PublicFrom, DateOnly? PublicTo, int OpenComplaints)
{
    public string StateName => State.Chinese();
}

/// <summary>One figure that differs between the stored notice and the data now.</summary>
public sealed record FigureChange(string Key, string? Stored, string? Current);

public sealed record NoticeComparison(int NoticeId, NoticeState State, IReadOnlyList<FigureChange> Changes, bool AnnexesChanged);

/// <summary>The officer's edit of a draft: words and dates only, never figures (they stay {placeholders}).</summary>
public sealed record NoticeEdit
{
    public string? Title { get; init; }
    public string? Authority { get; init; }
    public string? DocumentNumber { get; init; }
    /// <summary>The paragraphs, one per line.</summary>
    public string? Template { get; init; }
    public string? DatedOn { get; init; }
    public string? PublicFrom { get; init; }
    public string? PublicTo { get; init; }
    public int? Version { get; init; }
}

/// <summary>
/// What decides whether a public notice page changed: its id, version (bumped by every issue, withdrawal and correction
/// that touches the page) and 公示期 — read without the JSON columns, so a conditional GET is answered from this alone.
/// </summary>
public sealed record PublicNoticeStamp(int Id, string? Slug, int Version, DateTimeOffset? IssuedAt, DateOnly? PublicFrom, DateOnly? PublicTo, NoticeState State)
{
    /// <summary>Complaints are taken while the notice is issued (not withdrawn) and inside its 公示期.</summary>
    public bool OpenOn(DateOnly today) => State == NoticeState.Issued && (PublicFrom is not { } f || f <= today) && (PublicTo is not { } t || today <= t);
}

/// <summary>
/// Counts the changes to notices made by this process, so that what a server keeps of the public pages is dropped at once
/// after its own writes (other servers see the new version at their next check of the version column).
/// </summary>
public sealed class NoticeChanges
{
    private long _generation;
    public long Generation => Interlocked.Read(ref _generation);
    public void Changed() => Interlocked.Increment(ref _generation);
}

public sealed record ComplaintInput(string? Subject, string? Text, string? Contact);
public sealed record ComplaintView(int Id, int NoticeId, string TrackingNumber, string? Subject, string Text, string? Contact, DateTimeOffset FiledAt, ComplaintState State, string? Outcome, string? OutcomeBy, DateTimeOffset? OutcomeAt);

/// <summary>
/// Drafts, edits, issues and publishes results notices; the public side files complaints (投诉举报) during the 公示期.
/// Shared by the pages, /api/notices and the CLI.
/// </summary>
public sealed class NoticeService(AppDb db, NoticeGenerator generator, SkillsAudit.Data.Access.AccessGuard access, NoticeChanges? changes = null)
{
    /// <summary>Default 公示期 when the officer states none: seed 002 二(五) publishes for 5 days (1月15日-20日); we give 7 calendar days.</summary>
    public const int DefaultWindowDays = 7;

    private DateOnly Today => DateOnly.FromDateTime(db.Now.UtcDateTime.AddHours(8)); // China Standard Time

    public async Task<NoticeView> CreateDraftAsync(int year, string region, int? campaignId, DateOnly? datedOn = null, string? documentNumber = null, CancellationToken ct = default)
    {
        await access.RegionAsync(region, ct);
        var content = await generator.GenerateAsync(year, region, campaignId, datedOn ?? Today, ct);
        if (documentNumber?.Trim() is { Length: > 0 } dn) content = content with { DocumentNumber = dn };
        var n = new StoredNotice
        {
            Year = content.Year, RegionCode = content.RegionCode, CampaignId = content.CampaignId, Title = content.Title, Authority = content.Authority,
            DocumentNumber = content.DocumentNumber, TemplateText = string.Join("\n", content.Template),
            FiguresJson = JsonSerializer.Serialize(content.Figures, NoticeGenerator.Json), AnnexesJson = JsonSerializer.Serialize(content.Annexes, NoticeGenerator.Json),
            DatedOn = content.DatedOn, CreatedBy = db.ActorName, CreatedAt = db.Now,
        };
        db.Set<StoredNotice>().Add(n);
        await db.SaveChangesAsync(ct);
        return View(n);
    }

    public async Task<IReadOnlyList<NoticeListItem>> ListAsync(CancellationToken ct = default)
    {
        var list = await db.Set<StoredNotice>().AsNoTracking().OrderByDescending(n => n.Id)
            .Select(n => new { n.Id, n.Slug, n.State, n.Year, n.RegionCode, n.Title, n.TemplateText, n.FiguresJson, n.PublicFrom, n.PublicTo,
                Open = db.Set<NoticeComplaint>().Count(c => c.NoticeId == n.Id && c.State == ComplaintState.Open) })
            .ToListAsync(ct);
        var prefix = await access.StaffPrefixAsync(ct) ?? "\u0000"; // the staff list: the actor's region's notices
        return list.Where(n => n.RegionCode.StartsWith(prefix, StringComparison.Ordinal)).Select(n => new NoticeListItem(n.Id, n.Slug, n.State, n.Year, Regions.FullName(n.RegionCode),
            NoticeTemplate.Fill(n.Title, Figures(n.FiguresJson)), n.PublicFrom, n.PublicTo, n.Open)).ToList();
    }

    /// <summary>An issued (or withdrawn) notice is public; a draft only for the staff of its region (else 404).</summary>
    public async Task<NoticeView> GetAsync(int id, CancellationToken ct = default)
    {
        var n = await LoadAsync(id, ct, tracking: false);
        if (!n.IsPublic) await RequireAsync(n, ct);
        return await WithHistoryAsync(View(n), n, ct);
    }

    public Task<bool> IsIssuedAsync(int id, CancellationToken ct = default) =>
        db.Set<StoredNotice>().AnyAsync(n => n.Id == id && n.State != NoticeState.Draft, ct);

    /// <summary>Acting on a notice: the staff of its region; 403 for an issued (public) one, 404 for a draft.</summary>
    private Task RequireAsync(StoredNotice n, CancellationToken ct) =>
        access.RecordAsync(n.RegionCode, $"公告《{n.Title}》", isPublic: n.IsPublic, ct);

    /// <summary>
    /// The notice's history as the public page shows it: 发布 (with the 公示期), 撤回 (with the reason), 更正 — this notice corrects
    /// another, or a later issued notice corrects this one.
    /// </summary>
    private async Task<NoticeView> WithHistoryAsync(NoticeView v, StoredNotice n, CancellationToken ct)
    {
        var history = new List<NoticeHistoryEntry>();
        if (n.IssuedAt is { } issued) history.Add(new(issued, "发布", $"发布，公示期 {n.PublicFrom:yyyy-MM-dd} 至 {n.PublicTo:yyyy-MM-dd}", null, null));
        if (n.CorrectsNoticeId is { } cid && await db.Set<StoredNotice>().AsNoTracking().Where(x => x.Id == cid).Select(x => new { x.Slug, x.Title, x.FiguresJson }).FirstOrDefaultAsync(ct) is { } orig)
            history.Add(new(n.IssuedAt ?? n.CreatedAt, "更正", "本通知更正此前发布的通知", orig.Slug, NoticeTemplate.Fill(orig.Title, Figures(orig.FiguresJson))));
        var corrections = await db.Set<StoredNotice>().AsNoTracking().Where(x => x.CorrectsNoticeId == n.Id && x.State != NoticeState.Draft)
            .Select(x => new { x.Slug, x.Title, x.FiguresJson, x.IssuedAt }).ToListAsync(ct);
        foreach (var c in corrections)
            history.Add(new(c.IssuedAt ?? DateTimeOffset.MinValue, "已更正", "本通知已被更正，以更正后的通知为准", c.Slug, NoticeTemplate.Fill(c.Title, Figures(c.FiguresJson))));
        if (n.WithdrawnAt is { } w) history.Add(new(w, "撤回", $"撤回：{n.WithdrawReason}", null, null));
        return v with { History = history.OrderBy(h => h.At).ToList() };
    }

    /// <summary>An issued notice by slug or id, for the public page; drafts are not found.</summary>
    public async Task<NoticeView> GetPublicAsync(string slugOrId, CancellationToken ct = default)
    {
        var key = (slugOrId ?? "").Trim();
        var q = db.Set<StoredNotice>().AsNoTracking().Where(n => n.State != NoticeState.Draft);
        var n = int.TryParse(key, out var id) ? await q.FirstOrDefaultAsync(x => x.Id == id, ct) : await q.FirstOrDefaultAsync(x => x.Slug == key, ct);
        return n is null ? throw new NotFoundException($"没有已发布的公告“{key}”") : await WithHistoryAsync(View(n), n, ct);
    }

    /// <summary>The stamp of an issued (or withdrawn) notice by slug or id; null when there is none. One narrow query, no JSON.</summary>
    public Task<PublicNoticeStamp?> PublicStampAsync(string slugOrId, CancellationToken ct = default)
    {
        var key = (slugOrId ?? "").Trim();
        var q = db.Set<StoredNotice>().AsNoTracking().Where(n => n.State != NoticeState.Draft);
        q = int.TryParse(key, out var id) ? q.Where(x => x.Id == id) : q.Where(x => x.Slug == key);
        return q.Select(n => new PublicNoticeStamp(n.Id, n.Slug, n.Version, n.IssuedAt, n.PublicFrom, n.PublicTo, n.State)).FirstOrDefaultAsync(ct);
    }

    private async Task<StoredNotice> LoadAsync(int id, CancellationToken ct, bool tracking = true)
    {
        var q = db.Set<StoredNotice>().AsQueryable();
        if (!tracking) q = q.AsNoTracking();
        return await q.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException("没有找到这份公告：可能已删除，或不在您的管辖范围内");
    }

    internal static Dictionary<string, string> Figures(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, NoticeGenerator.Json) ?? [];

    private static NoticeView View(StoredNotice n)
    {
        var annexes = JsonSerializer.Deserialize<List<NoticeAnnex>>(n.AnnexesJson, NoticeGenerator.Json) ?? [];
        var content = new NoticeContent(n.Year, n.RegionCode, Regions.Find(n.RegionCode)?.Name ?? n.RegionCode, n.CampaignId, n.Title, n.Authority, n.DocumentNumber,
            n.DatedOn, n.TemplateText.Split('\n'), Figures(n.FiguresJson), annexes);
        return new NoticeView(n.Id, n.Slug, n.State, n.Version, n.PublicFrom, n.PublicTo, n.CreatedBy, n.CreatedAt, n.IssuedBy, n.IssuedAt, content,
            n.WithdrawnAt, n.WithdrawReason, n.CorrectsNoticeId, []);
    }

    private static DateOnly? Date(string? text, string field, List<DomainException> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var d)) return d;
        errors.Add(new(field, $"日期“{text.Trim()}”应写作 yyyy-MM-dd"));
        return null;
    }

    /// <summary>Edits a draft's words and dates. Every {placeholder} must be one the figures know; an issued notice is not edited.</summary>
    public async Task<NoticeView> UpdateAsync(int id, NoticeEdit edit, CancellationToken ct = default)
    {
        var n = await LoadAsync(id, ct);
        var (errors, apply) = await CheckAsync(n, edit, ct);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        apply();
        n.Version++;
        await db.SaveChangesAsync(ct);
        changes?.Changed();
        return View(n);
    }

    /// <summary>
    /// What <see cref="UpdateAsync"/> would refuse in this edit, every problem at once, with nothing saved: the page
    /// lists them together with its own refusals (an unticked confirmation) instead of one per round.
    /// </summary>
    public async Task<IReadOnlyList<DomainException>> CheckUpdateAsync(int id, NoticeEdit edit, CancellationToken ct = default) =>
        (await CheckAsync(await LoadAsync(id, ct, tracking: false), edit, ct)).Errors;

    private async Task<(List<DomainException> Errors, Action Apply)> CheckAsync(StoredNotice n, NoticeEdit edit, CancellationToken ct)
    {
        await RequireAsync(n, ct);
        n.RequireDraft();
        if (edit.Version is { } v && v != n.Version) throw new ConflictException($"公告 {n.Id} 已被他人修改（版本 {n.Version}），请刷新后再改");
        var errors = new List<DomainException>();
        var figures = Figures(n.FiguresJson);
        if (edit.Title is not null && string.IsNullOrWhiteSpace(edit.Title)) errors.Add(new("title", "标题不能为空"));
        if (edit.Authority is not null && string.IsNullOrWhiteSpace(edit.Authority)) errors.Add(new("authority", "发文机关不能为空"));
        var lines = edit.Template?.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines is { Count: 0 }) errors.Add(new("template", "正文不能为空"));
        var unknown = NoticeTemplate.Unknown([.. lines ?? [], edit.Title ?? ""], figures);
        if (unknown.Count > 0) errors.Add(new("template", $"未知的数字占位符：{string.Join("、", unknown.Select(u => "{" + u + "}"))}（可用：{string.Join("、", figures.Keys.Select(k => "{" + k + "}"))}）"));
        var dated = Date(edit.DatedOn, "datedOn", errors);
        var from = Date(edit.PublicFrom, "publicFrom", errors) ?? n.PublicFrom;
        var to = Date(edit.PublicTo, "publicTo", errors) ?? n.PublicTo;
        if (StoredNotice.WindowError(from, to) is { } window) errors.Add(window);
        return (errors, () =>
        {
            if (edit.Title is not null) n.Title = edit.Title.Trim();
            if (edit.Authority is not null) n.Authority = edit.Authority.Trim();
            if (edit.DocumentNumber is not null) n.DocumentNumber = edit.DocumentNumber.Trim() is { Length: > 0 } doc ? doc : null;
            if (lines is not null) n.TemplateText = string.Join("\n", lines);
            if (dated is not null) n.DatedOn = dated;
            n.PublicFrom = from;
            n.PublicTo = to;
        });
    }

    /// <summary>
    /// The 发文字号 as a missing item. A notice may go out without one: seed 000, the published notice itself, prints the
    /// authority, the title and the text with no 发文字号 — the officer then says so when issuing (<see cref="IssueAsync"/>).
    /// </summary>
    public const string DocumentNumberMissing = "发文字号（如 忻人社函〔2024〕5号；本通知不编发文字号的，发布时勾选“本通知不编发文字号”）";

    /// <summary>What a notice lacks before it can be issued: each missing figure, unconfirmed results, the 发文字号 and the 成文日期.</summary>
    public static IReadOnlyList<string> MissingForIssue(NoticeContent c)
    {
        var missing = c.Missing.ToList();
        // Unconfirmed results are not a gap in the wording: taking {campaign.pending} out of the text does not confirm them.
        if (c.Figures.TryGetValue("campaign.unconfirmed", out var u) && int.TryParse(u, out var unconfirmed) && unconfirmed > 0
            && NoticeGenerator.UnconfirmedText(unconfirmed) is var text && !missing.Contains(text))
            missing.Add(text);
        if (c.DocumentNumber is not { Length: > 0 }) missing.Add(DocumentNumberMissing);
        if (c.DatedOn is null) missing.Add("成文日期");
        return missing;
    }

    /// <summary>
    /// Issues a draft: needs the officer's confirmation and a 公示期 (from and to), and refuses while the notice lacks a
    /// figure, its 发文字号 or its 成文日期 — listing all of them. Fixes the figures and gives the notice its public address.
    /// A correction (更正) notice, once issued, marks the notice it corrects as corrected on the public page.
    /// <paramref name="withoutDocumentNumber"/>: the officer states that the notice has no 发文字号 (seed 000 prints none), so
    /// its absence is not a gap; stating it for a notice that has one is refused (the two contradict each other).
    /// </summary>
    public async Task<NoticeView> IssueAsync(int id, string? publicFrom = null, string? publicTo = null, bool confirmed = true, bool withoutDocumentNumber = false, CancellationToken ct = default)
    {
        var n = await LoadAsync(id, ct);
        await RequireAsync(n, ct);
        n.RequireIssuable();
        var errors = new List<DomainException>();
        if (!confirmed) errors.Add(new("confirm", "发布后不能再修改正文，请确认后再发布"));
        var from = Date(publicFrom, "publicFrom", errors) ?? n.PublicFrom;
        var to = Date(publicTo, "publicTo", errors) ?? n.PublicTo;
        if (from is null || to is null) errors.Add(new("publicTo", "请设定公示期（开始与结束日期）"));
        else if (StoredNotice.WindowError(from, to) is { } window) errors.Add(window);
        var unknown = NoticeTemplate.Unknown([.. n.TemplateText.Split('\n'), n.Title], Figures(n.FiguresJson));
        if (unknown.Count > 0) errors.Add(new("template", $"正文含未知的数字占位符：{string.Join("、", unknown)}"));
        var missing = MissingForIssue(View(n).Content).ToList();
        if (withoutDocumentNumber && n.DocumentNumber is { Length: > 0 } number)
            errors.Add(new("noDocumentNumber", $"已填写发文字号“{number}”，又勾选了“本通知不编发文字号”，请二者选其一"));
        if (withoutDocumentNumber) missing.Remove(DocumentNumberMissing);
        if (missing.Count > 0) errors.Add(new("missing", "以下内容缺失，不能发布：" + string.Join("；", missing)));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        n.Issue(from!.Value, to!.Value, db.ActorName, db.Now);
        n.Version++;
        // The corrected notice's public page changes too (it now points here): a new version, a new ETag.
        if (n.CorrectsNoticeId is { } cid && await db.Set<StoredNotice>().FirstOrDefaultAsync(x => x.Id == cid, ct) is { } orig) orig.Version++;
        await db.SaveChangesAsync(ct);
        changes?.Changed();
        return await GetAsync(n.Id, ct);
    }

    /// <summary>撤回: an issued notice is withdrawn, with the reason; it stays on the public page marked 已撤回 and takes no more complaints.</summary>
    public async Task<NoticeView> WithdrawAsync(int id, string? reason, bool confirmed, CancellationToken ct = default)
    {
        var n = await LoadAsync(id, ct);
        await RequireAsync(n, ct);
        n.Withdraw(reason, confirmed, db.ActorName, db.Now);
        n.Version++;
        await db.SaveChangesAsync(ct);
        changes?.Changed();
        return await GetAsync(n.Id, ct);
    }

    /// <summary>
    /// 更正: drafts a correction of an issued notice — the notice regenerated from today's data, titled 关于更正《原标题》的通知
    /// and opening with the original's date, title and 文号. Issued like any notice; the original is then shown as corrected.
    /// </summary>
    public async Task<NoticeView> CreateCorrectionAsync(int id, CancellationToken ct = default)
    {
        var orig = await LoadAsync(id, ct, tracking: false);
        await RequireAsync(orig, ct);
        orig.RequireCorrectable();
        if (await db.Set<StoredNotice>().AnyAsync(x => x.CorrectsNoticeId == id && x.State == NoticeState.Draft, ct))
            throw new DomainException("state", "该公告已有一份更正草稿，请在草稿上修改");
        var content = await generator.GenerateAsync(orig.Year, orig.RegionCode, orig.CampaignId, Today, ct);
        var figures = content.Figures.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        var origTitle = NoticeTemplate.Fill(orig.Title, Figures(orig.FiguresJson));
        figures["original.title"] = origTitle.Replace("《", "〈", StringComparison.Ordinal).Replace("》", "〉", StringComparison.Ordinal);
        figures["original.date"] = orig.DatedOn is { } d ? $"{d.Year}年{d.Month}月{d.Day}日" : "";
        figures["original.doc"] = orig.DocumentNumber is { Length: > 0 } od ? $"（{od}）" : "";
        var template = new List<string> { "{authority}于{original.date}发布的《{original.title}》{original.doc}部分内容有误，现予更正。更正后的通知全文如下，原通知同时废止。" };
        template.AddRange(content.Template);
        var n = new StoredNotice
        {
            Year = orig.Year, RegionCode = orig.RegionCode, CampaignId = orig.CampaignId, Title = "关于更正《{original.title}》的通知", Authority = orig.Authority,
            TemplateText = string.Join("\n", template), FiguresJson = JsonSerializer.Serialize(figures, NoticeGenerator.Json),
            AnnexesJson = JsonSerializer.Serialize(content.Annexes, NoticeGenerator.Json), DatedOn = Today,
            CreatedBy = db.ActorName, CreatedAt = db.Now, CorrectsNoticeId = orig.Id,
        };
        db.Set<StoredNotice>().Add(n);
        await db.SaveChangesAsync(ct);
        return await GetAsync(n.Id, ct);
    }

    /// <summary>Regenerates the figures from today's data and lists every figure that differs from the stored notice.</summary>
    public async Task<NoticeComparison> CompareAsync(int id, CancellationToken ct = default)
    {
        var n = await LoadAsync(id, ct, tracking: false);
        await RequireAsync(n, ct);
        var now = await generator.GenerateAsync(n.Year, n.RegionCode, n.CampaignId, n.DatedOn, ct);
        var stored = Figures(n.FiguresJson);
        var changes = stored.Keys.Union(now.Figures.Keys).Order(StringComparer.Ordinal)
            .Select(k => new FigureChange(k, stored.GetValueOrDefault(k), now.Figures.GetValueOrDefault(k)))
            .Where(c => c.Stored != c.Current).ToList();
        var annexesChanged = JsonSerializer.Serialize(now.Annexes, NoticeGenerator.Json) != n.AnnexesJson;
        return new NoticeComparison(n.Id, n.State, changes, annexesChanged);
    }

    /// <summary>Files a complaint against an issued notice during its 公示期; returns the tracking number.</summary>
    public async Task<ComplaintView> FileComplaintAsync(string slugOrId, ComplaintInput input, CancellationToken ct = default)
    {
        var notice = await GetPublicAsync(slugOrId, ct);
        var errors = new List<DomainException>();
        if (StoredNotice.ComplaintRefusal(notice.State) is { } refused) errors.Add(refused);
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0) errors.Add(new("text", "请填写投诉举报内容"));
        else if (text.Length > 4000) errors.Add(new("text", "投诉举报内容不能超过 4000 字"));
        if (input.Subject?.Trim().Length > 200) errors.Add(new("subject", "被投诉机构名称不能超过 200 字"));
        if (input.Contact?.Trim().Length > 200) errors.Add(new("contact", "联系方式不能超过 200 字"));
        var today = Today;
        if (notice.PublicFrom is { } from && today < from) errors.Add(new("notice", $"公示期自 {from:yyyy-MM-dd} 开始，尚不能投诉"));
        if (notice.PublicTo is { } to && today > to) errors.Add(new("notice", $"公示期已于 {to:yyyy-MM-dd} 结束，不再受理投诉举报"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var c = new NoticeComplaint
        {
            NoticeId = notice.Id, TrackingNumber = TrackingNumber(today), Subject = input.Subject?.Trim() is { Length: > 0 } s ? s : null, Text = text,
            Contact = input.Contact?.Trim() is { Length: > 0 } k ? k : null, FiledAt = db.Now,
        };
        db.Set<NoticeComplaint>().Add(c);
        var stored = await db.Set<StoredNotice>().Where(n => n.Id == notice.Id).Select(n => new { n.RegionCode, n.Title, n.FiguresJson }).FirstAsync(ct);
        Notifications.Notifier.Add(db, await Notifications.Notifier.OfficersAsync(db, stored.RegionCode, ct), Notifications.NotificationKinds.Complaint,
            "收到投诉举报，待答复", $"公示的《{NoticeTemplate.Fill(stored.Title, Figures(stored.FiguresJson))}》收到投诉举报（受理编号 {c.TrackingNumber}）" + (c.Subject is { } who ? $"，涉及：{who}" : "") + "。请核实后答复。",
            $"/Publication/Notice/{notice.Id}");
        await db.SaveChangesAsync(ct);
        return ToView(c);
    }

    private static string TrackingNumber(DateOnly day)
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I
        Span<char> s = stackalloc char[6];
        for (var i = 0; i < s.Length; i++) s[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return $"TS-{day:yyyyMMdd}-{s}";
    }

    private static ComplaintView ToView(NoticeComplaint c) =>
        new(c.Id, c.NoticeId, c.TrackingNumber, c.Subject, c.Text, c.Contact, c.FiledAt, c.State, c.Outcome, c.OutcomeBy, c.OutcomeAt);

    /// <summary>The state of a complaint by its tracking number, as the complainant may see it (no contact).</summary>
    public async Task<ComplaintView> TrackAsync(string trackingNumber, CancellationToken ct = default)
    {
        var key = (trackingNumber ?? "").Trim().ToUpperInvariant();
        var c = await db.Set<NoticeComplaint>().AsNoTracking().FirstOrDefaultAsync(x => x.TrackingNumber == key, ct)
            ?? throw new NotFoundException($"没有受理编号为“{key}”的投诉举报");
        return ToView(c) with { Contact = null, OutcomeBy = null };
    }

    public async Task<IReadOnlyList<ComplaintView>> ComplaintsAsync(int? noticeId, CancellationToken ct = default)
    {
        // Complaints carry the complainant's contact: only for the staff of the notice's region, never confirmed to others.
        var q = db.Set<NoticeComplaint>().AsNoTracking();
        if (noticeId is { } id)
        {
            var region = await db.Set<StoredNotice>().AsNoTracking().Where(n => n.Id == id).Select(n => n.RegionCode).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("没有找到这份公告：可能已删除，或不在您的管辖范围内");
            await access.RecordAsync(region, "这份公告", ct: ct);
            q = q.Where(c => c.NoticeId == id);
        }
        else
        {
            var prefix = await access.StaffPrefixAsync(ct) ?? "\u0000";
            q = q.Where(c => db.Set<StoredNotice>().Any(n => n.Id == c.NoticeId && n.RegionCode.StartsWith(prefix)));
        }
        return (await q.OrderByDescending(c => c.Id).ToListAsync(ct)).Select(ToView).ToList();
    }

    /// <summary>Records the officer's outcome and closes the complaint.</summary>
    public async Task<ComplaintView> RecordOutcomeAsync(int complaintId, string? outcome, CancellationToken ct = default)
    {
        var region = await db.Set<NoticeComplaint>().AsNoTracking().Where(x => x.Id == complaintId)
            .Join(db.Set<StoredNotice>(), c => c.NoticeId, n => n.Id, (c, n) => n.RegionCode).FirstOrDefaultAsync(ct);
        if (region is not null) await access.RecordAsync(region, "这件投诉举报", ct: ct);
        var c = await db.Set<NoticeComplaint>().FirstOrDefaultAsync(x => x.Id == complaintId, ct) ?? throw new NotFoundException("没有找到这件投诉举报：可能已删除，或不在您的管辖范围内");
        c.Close(outcome, db.ActorName, db.Now);
        await db.SaveChangesAsync(ct);
        return ToView(c);
    }
}
