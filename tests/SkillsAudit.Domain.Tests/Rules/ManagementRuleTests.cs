using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.Domain.Tests.Rules;

public sealed class ScopeEligibilityTests
{
    private static ScopeApplicationFacts Facts(int filed, int assessed, FilingType type = FilingType.Employer, int cityBodies = 30, int covering = 5, string? replacing = null) => new()
    {
        FilingType = type,
        FiledOccupations = Enumerable.Range(1, filed).Select(i => $"occ{i}").ToHashSet(),
        AssessedOccupations = Enumerable.Range(1, assessed).Select(i => $"occ{i}").ToHashSet(),
        RequestedOccupation = "new",
        Replacing = replacing,
        DeclaredExperts = 3, DeclaredExaminers = 5, DeclaredQuestionBanks = 1,
        CityFiledBodies = cityBodies, CityBodiesCoveringOccupation = covering,
    };

    private static EligibilityCheck Rule(EligibilityResult r, string clause) => r.Checks.Single(c => c.Clause == clause && c.Rule.Contains(clause.EndsWith("(一)", StringComparison.Ordinal) ? "三分之二" : ""));

    [Theory]
    [InlineData(3, 2, true)]   // exactly 2/3
    [InlineData(3, 1, false)]
    [InlineData(4, 3, true)]
    [InlineData(5, 3, false)]  // 3/5 < 2/3
    [InlineData(6, 4, true)]
    public void Two_thirds_of_filed_occupations_must_have_been_assessed(int filed, int assessed, bool passes) =>
        ScopeEligibility.Check(Facts(filed, assessed)).Checks.Single(c => c.Rule.StartsWith("已开展评价", StringComparison.Ordinal)).Passed.ShouldBe(passes);

    [Theory]
    [InlineData(30, 19, true)]   // 19/30 < 2/3
    [InlineData(30, 20, false)]  // 20/30 = 2/3: saturated
    [InlineData(3, 1, true)]
    [InlineData(3, 2, false)]
    public void No_new_filing_of_an_occupation_already_covering_two_thirds_of_the_city(int bodies, int covering, bool passes) =>
        ScopeEligibility.Check(Facts(3, 3, cityBodies: bodies, covering: covering)).Checks.Single(c => c.Clause == "《忻州市职业技能等级评价机构管理办法》第二十五条").Passed.ShouldBe(passes);

    [Theory]
    [InlineData(4, null, true)]      // 4 + 1 = 5
    [InlineData(5, null, false)]     // 6 > 5
    [InlineData(5, "occ1", true)]    // 以旧换新
    [InlineData(5, "nope", false)]   // replacing something not filed
    public void A_social_evaluator_files_at_most_five_occupations_or_swaps_old_for_new(int filed, string? replacing, bool passes) =>
        ScopeEligibility.Check(Facts(filed, filed, FilingType.SocialEvaluator, replacing: replacing)).Checks.Single(c => c.Clause == "《忻州市职业技能等级评价机构管理办法》第二十六条").Passed.ShouldBe(passes);

    [Fact]
    public void The_five_occupation_cap_does_not_apply_to_employers() =>
        ScopeEligibility.Check(Facts(6, 6, FilingType.Employer)).Checks.ShouldNotContain(c => c.Clause == "《忻州市职业技能等级评价机构管理办法》第二十六条");

    [Fact]
    public void Declared_experts_examiners_and_question_banks_are_required()
    {
        var r = ScopeEligibility.Check(Facts(3, 3) with { DeclaredQuestionBanks = 0 });
        r.Checks.Single(c => c.Clause == "《忻州市职业技能等级评价机构管理办法》第二十四条（二）").Passed.ShouldBeFalse();
        r.Eligible.ShouldBeFalse();
        ScopeEligibility.Check(Facts(3, 3)).Eligible.ShouldBeTrue();
    }
}

public sealed class ChangeRequestTests
{
    [Fact]
    public void A_legal_person_change_of_an_employer_needs_the_appointment_document()
    {
        var e = Should.Throw<DomainValidationException>(() => ChangeRules.CheckAttachments(ChangeKind.LegalPerson, FilingType.Employer,
            [AttachmentKind.WrittenApplication, AttachmentKind.NewLegalPersonId], "原法人退休"));
        e.Errors.Single().Message.ShouldContain("任职文件");
        ChangeRules.CheckAttachments(ChangeKind.LegalPerson, FilingType.SocialEvaluator, [AttachmentKind.WrittenApplication, AttachmentKind.NewLegalPersonId], "原法人退休");
    }

    [Fact]
    public void A_legal_person_change_needs_a_reason() =>
        Should.Throw<DomainValidationException>(() => ChangeRules.CheckAttachments(ChangeKind.LegalPerson, FilingType.SocialEvaluator,
            [AttachmentKind.WrittenApplication, AttachmentKind.NewLegalPersonId], " ")).Errors.Single().Field.ShouldBe("reason");

    [Fact]
    public void A_name_change_needs_the_basis_and_the_new_qualification() =>
        Should.Throw<DomainValidationException>(() => ChangeRules.CheckAttachments(ChangeKind.Name, null, [AttachmentKind.ChangeBasis], null))
            .Errors.Single().Message.ShouldContain("相关资质");

    [Fact]
    public void A_missing_attachment_cites_Xinzhous_rules_as_its_own_in_Xinzhou_and_by_reference_elsewhere()
    {
        string Message(string? region) => Should.Throw<DomainValidationException>(() => ChangeRules.CheckAttachments(ChangeKind.Name, null,
            [AttachmentKind.ChangeBasis], null, region)).Errors.Single().Message;
        Message("140902").ShouldEndWith("（《忻州市职业技能等级评价机构管理办法》第二十二条）");
        Message("140300").ShouldEndWith("（参照《忻州市职业技能等级评价机构管理办法》第二十二条）");
        Message(null).ShouldEndWith("（《忻州市职业技能等级评价机构管理办法》第二十二条）");
    }

    [Theory]
    [InlineData("140900", true)]
    [InlineData("140902", true)]
    [InlineData("1409", true)]
    [InlineData("140300", false)]
    [InlineData("14", false)]
    [InlineData("340400", false)]
    public void Only_Xinzhou_and_its_counties_have_the_management_rules_as_their_own(string region, bool own)
    {
        ManagementRules.AreOwnRulesOf(region).ShouldBe(own);
        ManagementRules.Cite(region, "第二十九条").ShouldBe((own ? "" : "参照") + "《忻州市职业技能等级评价机构管理办法》第二十九条");
    }

    [Theory]
    [InlineData(2024, 1, 1, 1)]
    [InlineData(2024, 3, 31, 1)]
    [InlineData(2024, 4, 1, 2)]
    [InlineData(2024, 12, 31, 4)]
    public void Changes_are_reported_by_quarter(int y, int m, int d, int quarter) =>
        ChangeRules.QuarterOf(new DateOnly(y, m, d)).ShouldBe((y, quarter));
}

public sealed class RetentionAndExpiryTests
{
    [Fact]
    public void Paper_records_are_kept_three_years_and_electronic_five()
    {
        var day = new DateOnly(2023, 6, 30);
        Retention.KeepUntil(day, electronic: false).ShouldBe(new DateOnly(2026, 6, 30));
        Retention.KeepUntil(day, electronic: true).ShouldBe(new DateOnly(2028, 6, 30));
        Retention.MayPurge(day, false, new DateOnly(2026, 6, 30)).ShouldBeFalse();
        Retention.MayPurge(day, false, new DateOnly(2026, 7, 1)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(2023, 3, 31, false)] // the last day of 2023.3 is still within the period
    [InlineData(2023, 4, 1, true)]
    public void A_filing_expires_the_day_after_its_period_ends(int y, int m, int d, bool expires) =>
        FilingExpiry.ShouldExpire(FilingStatus.Active, new PartialDate(2023, 3), underEvaluation: false, new DateOnly(y, m, d)).ShouldBe(expires);

    [Theory]
    [InlineData(2023, 5, 31, false)] // seed 001 四(三): two more months while under evaluation
    [InlineData(2023, 6, 1, true)]
    public void Under_evaluation_a_filing_keeps_assessing_two_more_months(int y, int m, int d, bool expires) =>
        FilingExpiry.ShouldExpire(FilingStatus.Active, new PartialDate(2023, 3), underEvaluation: true, new DateOnly(y, m, d)).ShouldBe(expires);

    [Fact]
    public void Terminated_filings_and_filings_without_a_stated_end_are_left_alone()
    {
        FilingExpiry.ShouldExpire(FilingStatus.Terminated, new PartialDate(2020, 1), false, new DateOnly(2026, 1, 1)).ShouldBeFalse();
        FilingExpiry.ShouldExpire(FilingStatus.Active, null, false, new DateOnly(2026, 1, 1)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(2023, 1, 1, true)]   // 2023-03-31 is 89 days away
    [InlineData(2022, 12, 31, true)]  // exactly 90 days away: within the window
    [InlineData(2022, 12, 30, false)] // 91 days
    [InlineData(2023, 4, 1, false)]  // already ended
    public void Filings_expiring_within_90_days_are_listed(int y, int m, int d, bool listed) =>
        FilingExpiry.ExpiresSoon(new PartialDate(2023, 3), new DateOnly(y, m, d)).ShouldBe(listed);
}

public sealed class CertificateAndIdTests
{
    private static readonly string ValidId = ResidentIdNumber.WithCheck("14090219800101123");

    [Fact]
    public void A_valid_id_number_is_accepted_and_masked()
    {
        ResidentIdNumber.TryParse(ValidId, out var id, out var error).ShouldBeTrue(error);
        id.Masked.ShouldBe("1409**********" + ValidId[^4..]);
        id.BirthDate.ShouldBe(new DateOnly(1980, 1, 1));
    }

    [Theory]
    [InlineData("140902198001011230", "校验位")]
    [InlineData("1409021980010112", "18位")]
    [InlineData("140902198013011234", "出生日期")]
    [InlineData("14090219800101123A", "第18位")]
    public void Bad_id_numbers_are_refused_with_the_reason(string text, string reason)
    {
        if (text == "140902198001011230" && ValidId.EndsWith('0')) text = text[..17] + "1";
        ResidentIdNumber.TryParse(text, out _, out var error).ShouldBeFalse();
        error!.ShouldContain(reason);
    }

    [Fact]
    public void A_certificate_number_carries_the_filing_year_and_level()
    {
        var n = CertificateNumber.Generate(FilingNumber.Parse("Y000034040002"), 2023, Level.Level4, 15);
        n.Value.ShouldBe("Y00003404000223400" + "0015");
        n.Value.Length.ShouldBe(22);
        CertificateNumber.TryParse(n.Value, out var parsed, out _).ShouldBeTrue();
        (parsed.Year, parsed.Level, parsed.Serial).ShouldBe((2023, Level.Level4, 15));
        CertificateNumber.Mismatches(parsed, FilingNumber.Parse("Y000034040002"), 2023, Level.Level4).ShouldBeEmpty();
        CertificateNumber.Mismatches(parsed, FilingNumber.Parse("Y000034040003"), 2022, Level.Level3).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("Y0000340400022340001", "22位")]
    [InlineData("X000034040002234000015", "备案号")]
    [InlineData("Y000034040002236000015", "等级")]
    public void Bad_certificate_numbers_are_refused(string text, string reason)
    {
        CertificateNumber.TryParse(text, out _, out var error).ShouldBeFalse();
        error!.ShouldContain(reason);
    }
}

public sealed class RandomDrawTests
{
    private static readonly DrawBody[] Pool = Enumerable.Range(1, 20).Select(i => new DrawBody($"B{i:D2}", $"机构{i}", i % 2 == 0 ? "140902" : "140981")).ToArray();
    private static readonly DrawInspector[] Roster = Enumerable.Range(1, 8).Select(i => new DrawInspector($"I{i}", $"检查员{i}", i <= 4 ? "140902" : "140981", i == 1 ? "B02" : null)).ToArray();

    [Fact]
    public void The_same_seed_gives_the_same_draw_whatever_the_input_order()
    {
        var a = RandomDraw.Draw("2024-Q1-忻州", Pool, 5, Roster, 2, excludeSameCounty: true);
        var b = RandomDraw.Draw("2024-Q1-忻州", Pool.Reverse().ToArray(), 5, Roster.Reverse().ToArray(), 2, excludeSameCounty: true);
        Describe(a).ShouldBe(Describe(b));
        Describe(RandomDraw.Draw("2024-Q2-忻州", Pool, 5, Roster, 2, true)).ShouldNotBe(Describe(a));
    }

    [Fact]
    public void A_published_draw_is_pinned_so_the_algorithm_cannot_drift()
    {
        // Re-running this seed must always give these bodies: a change of algorithm needs a new AlgorithmVersion.
        var a = RandomDraw.Draw("seed-2024", Pool, 3, Roster, 1, excludeSameCounty: false);
        a.Version.ShouldBe(1);
        string.Join(",", a.Assignments.Select(x => x.Body.Key)).ShouldBe(PinnedBodies);
    }

    // Computed independently by the reference script in docs/random-inspection.md.
    private const string PinnedBodies = "B16,B13,B19";

    [Fact]
    public void Inspectors_never_inspect_their_own_body_nor_as_configured_their_own_county()
    {
        var all = RandomDraw.Draw("x", Pool, 20, Roster, 2, excludeSameCounty: true);
        foreach (var a in all.Assignments)
        {
            a.Inspectors.ShouldNotContain(i => i.OwnBodyKey == a.Body.Key);
            a.Inspectors.ShouldNotContain(i => i.CountyCode == a.Body.CountyCode);
            a.Inspectors.Select(i => i.Key).Distinct().Count().ShouldBe(2);
        }
    }

    [Fact]
    public void Asking_for_more_bodies_than_the_pool_holds_is_refused() =>
        Should.Throw<DomainValidationException>(() => RandomDraw.Draw("x", Pool, 21, Roster, 1, false)).Errors.Single().Field.ShouldBe("bodies");

    private static string Describe(DrawResult r) => string.Join(";", r.Assignments.Select(a => a.Body.Key + ":" + string.Join(",", a.Inspectors.Select(i => i.Key))));
}
