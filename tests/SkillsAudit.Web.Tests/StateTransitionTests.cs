using Shouldly;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The guarded transitions of the publication and rules records: a notice is issued once, withdrawn once and only when
/// issued, corrected only while issued; a complaint is closed once; a change request is decided once.
/// </summary>
public sealed class StateTransitionTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly From = new(2024, 1, 25);
    private static readonly DateOnly To = new(2024, 2, 1);

    [Fact]
    public void A_notice_is_issued_once_and_then_no_longer_edited()
    {
        var notice = new StoredNotice { Id = 7, Year = 2023, RegionCode = "140900" };
        Should.NotThrow(notice.RequireDraft);
        notice.Issue(From, To, "officer", At);
        notice.State.ShouldBe(NoticeState.Issued);
        notice.IsPublic.ShouldBeTrue();
        Should.Throw<DomainException>(notice.RequireDraft).Message.ShouldContain("已发布");
        Should.Throw<DomainException>(() => notice.Issue(From, To, "officer", At)).Field.ShouldBe("state");
        Should.NotThrow(notice.RequireCorrectable);
    }

    [Fact]
    public void A_notice_window_that_ends_before_it_starts_is_refused_and_the_draft_stays_a_draft()
    {
        var notice = new StoredNotice { Id = 8 };
        Should.Throw<DomainException>(() => notice.Issue(To, From, "officer", At)).Field.ShouldBe("publicTo");
        notice.State.ShouldBe(NoticeState.Draft);
    }

    [Fact]
    public void Only_an_issued_notice_is_withdrawn_with_a_reason_once_confirmed_and_then_it_is_not_corrected()
    {
        var draft = new StoredNotice { Id = 9 };
        Should.Throw<DomainValidationException>(() => draft.Withdraw("有误", true, "officer", At)).Errors.Select(e => e.Field).ShouldBe(["state"]);
        Should.Throw<DomainException>(draft.RequireCorrectable);

        var issued = new StoredNotice { Id = 10 };
        issued.Issue(From, To, "officer", At);
        Should.Throw<DomainValidationException>(() => issued.Withdraw(" ", false, "officer", At)).Errors.Select(e => e.Field).ShouldBe(["reason", "confirm"], ignoreOrder: true);
        issued.State.ShouldBe(NoticeState.Issued);
        issued.Withdraw(" 数据有误 ", true, "officer", At);
        issued.State.ShouldBe(NoticeState.Withdrawn);
        issued.WithdrawReason.ShouldBe("数据有误");
        issued.IsPublic.ShouldBeTrue(); // stays on the public page, marked 已撤回
        Should.Throw<DomainValidationException>(() => issued.Withdraw("再撤回", true, "officer", At)).Errors.Single().Message.ShouldBe("公告已撤回");
        Should.Throw<DomainException>(issued.RequireCorrectable);
    }

    [Fact]
    public void A_complaint_needs_an_outcome_and_is_closed_once()
    {
        var complaint = new NoticeComplaint { TrackingNumber = "TS-20240126-7K3QH2", Text = "合格人数不符" };
        Should.Throw<DomainException>(() => complaint.Close("  ", "officer", At)).Field.ShouldBe("outcome");
        complaint.State.ShouldBe(ComplaintState.Open);
        complaint.Close("经核查，维持公示结果。", "officer", At);
        complaint.State.ShouldBe(ComplaintState.Closed);
        Should.Throw<ConflictException>(() => complaint.Close("改写结果", "officer", At)).Message.ShouldContain("已办结");
        complaint.Outcome.ShouldBe("经核查，维持公示结果。");
    }

    [Fact]
    public void A_change_request_is_decided_once_and_a_rejection_says_why()
    {
        var request = new ChangeRequest { Id = 3, Kind = ChangeKind.Name, RequestedValue = "新名称" };
        Should.Throw<DomainException>(() => request.Reject(" ", "officer", At)).Field.ShouldBe("reason");
        request.State.ShouldBe(ChangeState.Submitted);
        request.Approve(null, "officer", At);
        request.State.ShouldBe(ChangeState.Approved);
        Should.Throw<DomainException>(() => request.Reject("不符合条件", "officer", At)).Field.ShouldBe("state");
        Should.Throw<DomainException>(() => request.Approve("再次同意", "officer", At)).Field.ShouldBe("state");
        request.DecidedBy.ShouldBe("officer");
    }

    [Fact]
    public void A_withdrawn_request_is_no_longer_decided_and_a_decided_one_is_not_withdrawn()
    {
        var submitted = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero); // 2026-12-04 01:00 in China
        var withdrawn = new ChangeRequest { Id = 4, Kind = ChangeKind.Address, RequestedValue = "新址", SubmittedAt = submitted };
        withdrawn.Withdraw("body", At);
        withdrawn.State.ShouldBe(ChangeState.Withdrawn);
        (withdrawn.WithdrawnBy, withdrawn.DecidedBy).ShouldBe(("body", null));
        Should.Throw<DomainException>(() => withdrawn.Approve(null, "officer", At)).Message.ShouldContain("2026年12月4日提交的地址变更申请已由机构于");
        Should.Throw<DomainException>(() => withdrawn.Reject("不符合", "officer", At)).Field.ShouldBe("state");
        Should.Throw<DomainException>(() => withdrawn.Withdraw("body", At)).Message.ShouldContain("无需再次撤回");
        withdrawn.StillPending().Message.ShouldContain("本机构已有一份2026年12月4日提交的地址变更申请尚待审核");

        var decided = new ScopeApplication { Id = 5, OccupationCode = "4-10-01-01", AppliedAt = submitted };
        decided.Approve(null, "officer", At);
        Should.Throw<DomainException>(() => decided.Withdraw("body", At)).Message.ShouldBe("2026年12月4日提交的新增职业申请（4-10-01-01）已经审核（已同意），不能撤回");
        decided.State.ShouldBe(ChangeState.Approved);
        decided.WithdrawnAt.ShouldBeNull();
    }
}
