using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// An in-app notification (站内通知) for one user, written in the same transaction as the change it reports; it is also
/// the mail outbox: when e-mail is configured (Mail:Smtp*), <see cref="MailOutbox"/> sends the pending ones later, outside
/// any business transaction, claiming each row so that two instances never send the same one.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    /// <summary>The recipient's user name (AppUser.UserName).</summary>
    public string UserName { get; set; } = "";
    /// <summary>What happened, e.g. "self-assessment-opened" (<see cref="NotificationKinds"/>); filters and the CLI use it.</summary>
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>A site-relative link to the page where the user acts (e.g. /Reviews/Assessment/12).</summary>
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>Set for notifications that must exist once only (deadline reminders): a unique key.</summary>
    public string? DedupKey { get; set; }

    /// <summary>Pending, Sent, NoAddress, Failed or Expired (<see cref="MailStates"/>).</summary>
    public string MailState { get; set; } = MailStates.Pending;
    public int MailAttempts { get; set; }
    /// <summary>Not before this time (back-off after a failed attempt).</summary>
    public DateTimeOffset? MailNextAt { get; set; }
    /// <summary>The instance that claimed the row for sending, until <see cref="MailClaimedUntil"/>.</summary>
    public string? MailClaimedBy { get; set; }
    public DateTimeOffset? MailClaimedUntil { get; set; }
    public DateTimeOffset? MailSentAt { get; set; }
    public string? MailError { get; set; }
}

public static class MailStates
{
    public const string Pending = "Pending";
    public const string Sent = "Sent";
    public const string NoAddress = "NoAddress";
    public const string Failed = "Failed";
    public const string Expired = "Expired";
}

/// <summary>The kinds of notification, with the Chinese names the list shows.</summary>
public static class NotificationKinds
{
    public const string SelfAssessmentOpened = "self-assessment-opened";
    public const string SelfAssessmentSubmitted = "self-assessment-submitted";
    public const string AssessmentAssigned = "assessment-assigned";
    public const string PanelScored = "panel-scored";
    public const string Reopened = "reopened";
    public const string Finalised = "finalised";
    public const string Decided = "decided";
    public const string RectificationAnswered = "rectification-answered";
    public const string RectificationChecked = "rectification-checked";
    public const string ResultsPublished = "results-published";
    public const string ChangeSubmitted = "change-submitted";
    public const string ChangeDecided = "change-decided";
    public const string ChangeWithdrawn = "change-withdrawn";
    public const string OccupationSubmitted = "occupation-submitted";
    public const string OccupationDecided = "occupation-decided";
    public const string OccupationWithdrawn = "occupation-withdrawn";
    public const string Reminder = "deadline-reminder";
    public const string ReviewRequest = "review-request";
    public const string Complaint = "complaint";

    public static string Chinese(string kind) => kind switch
    {
        SelfAssessmentOpened => "自评开始",
        SelfAssessmentSubmitted => "自评已提交",
        AssessmentAssigned => "评审任务",
        PanelScored => "专家评分完成",
        Reopened => "重新开放",
        Finalised => "结果确认",
        Decided => "评估意见",
        RectificationAnswered => "整改情况",
        RectificationChecked => "整改复查",
        ResultsPublished => "结果公布",
        ChangeSubmitted => "变更申请",
        ChangeDecided => "变更审核",
        ChangeWithdrawn => "变更申请撤回",
        OccupationSubmitted => "新增职业申请",
        OccupationDecided => "新增职业审核",
        OccupationWithdrawn => "新增职业申请撤回",
        Reminder => "截止提醒",
        ReviewRequest => "复核申请",
        Complaint => "投诉举报",
        _ => "通知",
    };

    /// <summary>
    /// Does the notice ask its reader to do something (score, review, check, answer), or only tell them what was done
    /// (a result confirmed or published, a change decided or withdrawn, a rectification checked)? The link is then "前往办理" or "查看".
    /// </summary>
    public static bool AsksForAction(string kind) =>
        kind is not (Finalised or RectificationChecked or ResultsPublished or ChangeDecided or OccupationDecided or ChangeWithdrawn or OccupationWithdrawn);
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasKey(n => n.Id);
        b.Property(n => n.UserName).HasMaxLength(256).IsRequired();
        b.Property(n => n.Kind).HasMaxLength(64).IsRequired();
        b.Property(n => n.Title).HasMaxLength(200).IsRequired();
        b.Property(n => n.Text).HasMaxLength(2000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.DedupKey).HasMaxLength(200);
        b.Property(n => n.MailState).HasMaxLength(16).IsRequired();
        b.Property(n => n.MailClaimedBy).HasMaxLength(200);
        b.Property(n => n.MailError).HasMaxLength(1000);
        b.HasIndex(n => new { n.UserName, n.ReadAt });
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.MailState, n.MailNextAt });
    }
}

/// <summary>The notifications table as a set on <see cref="AppDb"/>.</summary>
public static class NotificationSets
{
    extension(AppDb db)
    {
        public DbSet<Notification> Notifications => db.Set<Notification>();
    }
}
