using System.Globalization;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>日常监管 as an officer meets it: refusals said where the officer typed, confirmation before what cannot be undone, tables a phone can show.</summary>
public sealed class DailySupervisionPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Fact]
    public async Task An_empty_complaint_outcome_is_refused_under_that_complaints_box_with_the_page_kept_and_recording_asks_first()
    {
        _ = app.Server;
        var (noticeId, complaintId, tracking) = await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            var notice = new StoredNotice { Year = 2023, RegionCode = "140900", Title = "投诉页面公告", Authority = "人社局", TemplateText = "正文", CreatedBy = "test", CreatedAt = db.Now };
            db.Set<StoredNotice>().Add(notice);
            await db.SaveChangesAsync();
            var complaint = new NoticeComplaint { NoticeId = notice.Id, TrackingNumber = "TS-P-" + Guid.NewGuid().ToString("N")[..10], Text = "合格人数不符", Contact = "13800000000", FiledAt = db.Now };
            db.Set<NoticeComplaint>().Add(complaint);
            await db.SaveChangesAsync();
            return (notice.Id, complaint.Id, complaint.TrackingNumber);
        });
        var officer = await app.OfficerAsync();
        var url = $"/Publication/Notice/{noticeId}";
        var shown = Parse(await officer.GetStringAsync(url));
        // each complaint is a card on a phone, every cell named; 记录 says first that the complainant sees it and it is final
        shown.QuerySelector("#complaints")!.ClassList.ShouldContain("stack-sm");
        shown.QuerySelectorAll("#complaints tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
        var button = shown.QuerySelector("#complaints form.outcome button")!;
        button.GetAttribute("data-confirm")!.ShouldContain("投诉处理查询");
        button.GetAttribute("data-confirm-lock")!.ShouldContain("不能修改");

        // 结果公告 lists the open complaint with a way straight to it (the 投诉举报 table is at the foot of the notice), and is cards on a phone
        var list = Parse(await officer.GetStringAsync("/Publication/Notices"));
        list.QuerySelector("#notices")!.ClassList.ShouldContain("stack-sm");
        list.QuerySelectorAll("#notices tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
        list.QuerySelectorAll("#notices a.open-complaints").Select(a => a.GetAttribute("href")).ShouldContain($"/Publication/Notice/{noticeId}#complaints");

        var token = await TokenAsync(officer, url);
        var refused = Parse(await (await officer.PostAsync($"{url}?handler=Outcome", Form(token, ("ComplaintId", complaintId.ToString(CultureInfo.InvariantCulture)), ("Outcome", "  ")))).Content.ReadAsStringAsync());
        refused.QuerySelector("#problem").ShouldBeNull(); // not in the bar at the top of a long notice
        var box = refused.QuerySelector($"#complaint-{complaintId} input[name=Outcome]")!;
        // the answer opens at that complaint (the form is sent to the page with the complaint's row as its place)
        refused.QuerySelector($"#complaint-{complaintId} form")!.GetAttribute("action")!.ShouldEndWith($"#complaint-{complaintId}");
        box.ClassList.ShouldContain("is-invalid");
        refused.QuerySelector("#outcome-error")!.TextContent.ShouldBe("未记录：请填写处理结果");

        // A refusal that is not about the box (too long) keeps what was typed
        var tooLong = new string('查', 4001);
        var kept = Parse(await (await officer.PostAsync($"{url}?handler=Outcome", Form(token, ("ComplaintId", complaintId.ToString(CultureInfo.InvariantCulture)), ("Outcome", tooLong)))).Content.ReadAsStringAsync());
        kept.QuerySelector("#complaints input[name=Outcome]")!.GetAttribute("value").ShouldBe(tooLong);
        kept.QuerySelector("#outcome-error")!.TextContent.ShouldContain("4000");
        (await app.DbAsync(db => db.Set<NoticeComplaint>().Where(c => c.Id == complaintId).Select(c => c.Outcome).SingleAsync())).ShouldBeNull();

        var done = await officer.PostAsync($"{url}?handler=Outcome", Form(token, ("ComplaintId", complaintId.ToString(CultureInfo.InvariantCulture)), ("Outcome", "经核查，维持公示结果。")));
        done.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await officer.PageAsync(url)).ShouldContain(tracking);
    }

    [Fact]
    public async Task A_finding_on_a_published_draw_asks_first_and_the_draw_tables_become_cards_on_a_phone()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var title = "卡片抽查" + Guid.NewGuid().ToString("N")[..6];
        var token = await TokenAsync(officer, "/Rules/Inspections");
        (await officer.PostAsync("/Rules/Inspections?handler=Draw", Form(token, ("Title", title), ("Bodies", "2"), ("Inspectors", "1"), ("Region", "忻州市")))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        AngleSharp.Dom.IElement Card(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("[data-id]").First(c => c.TextContent.Contains(title, StringComparison.Ordinal));

        // Not yet published: recording goes straight in (nothing is public yet).
        var before = Card(Parse(await officer.GetStringAsync("/Rules/Inspections")));
        before.QuerySelector("table")!.ClassList.ShouldContain("stack-sm");
        before.QuerySelectorAll("tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
        before.QuerySelector("form.finding button")!.HasAttribute("data-confirm").ShouldBeFalse();

        var id = int.Parse(before.GetAttribute("data-id")!, CultureInfo.InvariantCulture);
        await app.WithAsync(async sp => { await sp.GetRequiredService<DrawHandlers>().PublishAsync(id); return 0; });

        // Published: a finding is public at once and cannot be taken back, so 记录 says so first.
        var after = Card(Parse(await officer.GetStringAsync("/Rules/Inspections")));
        var button = after.QuerySelector("form.finding button")!;
        button.GetAttribute("data-confirm")!.ShouldContain("抽查结果公开");
        button.GetAttribute("data-confirm-lock")!.ShouldContain("不能修改或删除");

        // The public page's table is a card per body on a phone too, every cell named.
        var anonymous = app.CreateClient();
        var published = Parse(await anonymous.GetStringAsync("/Public/Inspections"));
        var table = published.QuerySelectorAll("table").First(t => t.TextContent.Contains(title, StringComparison.Ordinal));
        table.ClassList.ShouldContain("stack-sm");
        table.QuerySelectorAll("tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
    }

    [Fact]
    public async Task A_roster_for_a_filing_without_a_filing_number_is_refused_with_what_to_do()
    {
        _ = app.Server;
        var (filingId, _) = await app.FilingAsync("140900", "无备案号导入机构" + Guid.NewGuid().ToString("N")[..6], FilingType.Employer, ["6-01-01-01"]);
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            return await db.Filings.Where(x => x.Id == filingId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Number, (FilingNumber?)null));
        });
        var refused = await Should.ThrowAsync<DomainException>(() => app.WithAsync(sp => sp.GetRequiredService<CertificateHandlers>()
            .ImportAsync(filingId, 2026, null, [new RosterLine(2, "张三", "140902199001011234", "6-01-01-01", "5", null, "2026-06-01")], generateNumbers: true)));
        refused.Message.ShouldContain("该备案没有备案号");
        refused.Message.ShouldContain("请先在“备案登记”中");
    }

    [Fact]
    public async Task The_certificates_found_for_revoking_are_cards_on_a_phone_with_every_cell_named()
    {
        _ = app.Server;
        var (filingId, filingNumber) = await app.FilingAsync("140900", "撤销卡片机构" + Guid.NewGuid().ToString("N")[..6], FilingType.Employer, ["RC-1"]);
        var name = "卡片持证人" + Guid.NewGuid().ToString("N")[..4];
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            db.Certificates.Add(new CertificateRecord
            {
                FilingId = filingId, PersonName = name, IdCipher = "x", IdHash = $"card-test-{Guid.NewGuid():N}", IdMasked = "1409**********0001",
                OccupationCode = "RC-1", Level = 5, Number = $"{filingNumber}255000001", Year = 2025, IssuedOn = new DateOnly(2025, 6, 1), ImportedBy = "test", ImportedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var officer = await app.OfficerAsync();
        var page = Parse(await officer.GetStringAsync($"/Certificates/Revoke?Name={Uri.EscapeDataString(name)}"));
        var table = page.QuerySelector("#certificates")!;
        table.ClassList.ShouldContain("stack-sm");
        table.QuerySelectorAll("tbody td").Length.ShouldBe(8);
        table.QuerySelectorAll("tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));

        // 名册与统计核对 of that filing's year: the same (its 机构 column was one character a line on a phone)
        var check = Parse(await officer.GetStringAsync($"/Certificates/CrossCheck?Year=2025&FilingId={filingId}"));
        var rows = check.QuerySelector("#crosscheck")!;
        rows.ClassList.ShouldContain("stack-sm");
        rows.QuerySelectorAll("tbody td").ShouldNotBeEmpty();
        rows.QuerySelectorAll("tbody td").ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
    }

    [Fact]
    public async Task The_roster_of_experts_and_inspectors_is_cards_on_a_phone_with_every_fact_named()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var page = Parse(await officer.GetStringAsync("/Roster"));
        var table = page.QuerySelector("#roster")!;
        table.ClassList.ShouldContain("stack-sm");
        var rows = table.QuerySelectorAll("tbody tr");
        rows.ShouldNotBeEmpty();
        // every cell but the row's buttons says what it is (所在县区 was one character a line on a phone)
        foreach (var row in rows)
            row.QuerySelectorAll("td").Take(6).ShouldAllBe(td => !string.IsNullOrEmpty(td.GetAttribute("data-label")));
    }
}
