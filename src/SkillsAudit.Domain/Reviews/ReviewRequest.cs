using SkillsAudit.Domain.Calendar;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

public enum ReviewRequestState
{
    /// <summary>Filed, waiting for the officer's answer.</summary>
    Open = 1,
    /// <summary>Answered: the result stands.</summary>
    Maintained = 2,
    /// <summary>Answered: the panel review is reopened for this body (with the reason, logged), so the result can change.</summary>
    Reopened = 3,
}

/// <summary>
/// 复核申请: after the results are published a body may ask for its score to be reviewed within 15 working days
/// (DOMAIN.md; the notice's 公示 clause), counted on the working-day calendar from the day after publication. The
/// officer answers; the answer changes the result only through a reopening of the panel review, with a reason.
/// </summary>
public sealed class ReviewRequest
{
    public const int WorkingDays = 15;

    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public int FilingId { get; private set; }
    public int AssessmentId { get; private set; }
    public string Grounds { get; private set; } = "";
    public string FiledBy { get; private set; } = "";
    public DateTimeOffset FiledAt { get; private set; }
    public DateOnly FiledOn { get; private set; }
    public DateOnly PublishedOn { get; private set; }
    public DateOnly Deadline { get; private set; }
    public ReviewRequestState State { get; private set; } = ReviewRequestState.Open;
    public string? Answer { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    private ReviewRequest() { }

    public static DateOnly DeadlineFor(WorkingDayCalendar calendar, DateOnly publishedOn) => calendar.AddWorkingDays(publishedOn, WorkingDays);

    public ReviewRequest(int campaignId, int filingId, int assessmentId, string grounds, string by, DateTimeOffset at, DateOnly filedOn, DateOnly? publishedOn, WorkingDayCalendar calendar)
    {
        if (publishedOn is not { } published || filedOn < published) throw new DomainException("state", "考核结果尚未公布，暂不能申请复核");
        var deadline = DeadlineFor(calendar, published);
        if (filedOn > deadline)
            throw new DomainException("state", $"已超过复核申请期限：结果于 {published:yyyy-MM-dd} 公布，应在其后 {WorkingDays} 个工作日内（{deadline:yyyy-MM-dd} 前）提出");
        if (string.IsNullOrWhiteSpace(grounds)) throw new DomainException("grounds", "请写明申请复核的事项和理由");
        if (grounds.Trim().Length > 2000) throw new DomainException("grounds", "申请理由不能超过 2000 字");
        (CampaignId, FilingId, AssessmentId, Grounds, FiledBy, FiledAt, FiledOn, PublishedOn, Deadline) =
            (campaignId, filingId, assessmentId, grounds.Trim(), by, at, filedOn, published, deadline);
    }

    public static string Chinese(ReviewRequestState s) => s switch
    {
        ReviewRequestState.Open => "待答复",
        ReviewRequestState.Maintained => "已答复：维持原结果",
        ReviewRequestState.Reopened => "已答复：重新评审",
        _ => s.ToString(),
    };

    /// <summary>The officer's answer; <paramref name="reopen"/> when the panel review is reopened to change the result.</summary>
    public void AnswerWith(string answer, bool reopen, string by, DateTimeOffset at)
    {
        if (State != ReviewRequestState.Open) throw new ConflictException("该复核申请已经答复，不能重复答复");
        if (string.IsNullOrWhiteSpace(answer)) throw new DomainException("answer", "请填写答复意见");
        if (answer.Trim().Length > 2000) throw new DomainException("answer", "答复意见不能超过 2000 字");
        Answer = answer.Trim();
        AnsweredBy = by;
        AnsweredAt = at;
        State = reopen ? ReviewRequestState.Reopened : ReviewRequestState.Maintained;
    }
}
