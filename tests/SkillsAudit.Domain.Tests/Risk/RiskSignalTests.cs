using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Risk;
using Xunit;

namespace SkillsAudit.Domain.Tests.Risk;

/// <summary>Each signal at its boundary; missing data never raises anything but the reporting-gaps signal.</summary>
public sealed class RiskSignalTests
{
    private static readonly RiskConfig Config = new();
    private static readonly IReadOnlySet<ScopeEntry> NoScope = new HashSet<ScopeEntry>();

    private static RiskRecord Rec(int filing, long assessed, long? passed, int year = 2025, string occ = "6-01") =>
        new(filing, year, occ, "电工", assessed, passed, PassedL4: passed);

    /// <summary>Ten peers at 70% of 100 (MAD 0 → the 2-point minimum spread: the screen is 74%), plus the body.</summary>
    private static PassRatePoint Body(long assessed, long passed, int peers = 10, long peerPassed = 70)
    {
        var records = Enumerable.Range(2, peers).Select(i => Rec(i, 100, peerPassed)).Append(Rec(1, assessed, passed)).ToList();
        return PassRateSignal.Points(records, Config).Single(p => p.FilingId == 1);
    }

    [Fact]
    public void Pass_rate_twenty_of_twenty_at_a_small_body_is_not_flagged_but_twelve_hundred_of_twelve_hundred_is()
    {
        // peers at 75%: 20 of 20 has a chance of 0.75^20 = 0.32% (above α = 0.1%); 1,200 of 1,200 practically none
        var small = Body(20, 20, peerPassed: 75);
        small.PValue!.Value.ShouldBe(Math.Pow(0.75, 20), 1e-12);
        small.Outlier.ShouldBeFalse();
        Body(1200, 1200, peerPassed: 75).Outlier.ShouldBeTrue();
    }

    [Fact]
    public void Pass_rate_just_below_the_robust_screen_is_not_flagged_and_at_it_is()
    {
        // screen: median 70 + 2 × max(1.4826 × 0, 2) = 74.00%
        Body(10000, 7399).Outlier.ShouldBeFalse();
        Body(10000, 7400).Outlier.ShouldBeTrue();
    }

    [Fact]
    public void Pass_rate_needs_the_minimum_number_of_peers()
    {
        Body(1000, 1000, peers: Config.PassRateMinPeers - 1).Outlier.ShouldBeFalse();
        Body(1000, 1000, peers: Config.PassRateMinPeers).Outlier.ShouldBeTrue();
    }

    [Fact]
    public void Pass_rate_with_nobody_assessed_or_passes_not_stated_gives_no_point_and_no_flag()
    {
        var records = Enumerable.Range(2, 10).Select(i => Rec(i, 100, 70)).Append(Rec(1, 0, 0)).Append(Rec(99, 50, null)).ToList();
        var points = PassRateSignal.Points(records, Config);
        points.ShouldNotContain(p => p.FilingId == 1 || p.FilingId == 99);
        PassRateSignal.Judge([], Config).Raised.ShouldBeFalse();
    }

    [Fact]
    public void Pass_rate_explanation_gives_the_figures_in_chinese()
    {
        var signal = PassRateSignal.Judge([Body(200, 197)], Config);
        signal.Raised.ShouldBeTrue();
        signal.Summary.ShouldStartWith("电工 中级：合格率 98.50%（197/200），同省同职业同等级 10 家机构中位数 70.00%、合计合格率 70.00%");
    }

    [Theory]
    [InlineData(299, false)] // 2.99 × median 100
    [InlineData(300, true)]  // exactly 3 × and +200
    public void Volume_jump_is_judged_against_the_median_of_earlier_years(long now, bool raised)
    {
        var v = new[] { new YearVolume(2022, 90), new YearVolume(2023, 100), new YearVolume(2024, 110), new YearVolume(2025, now) };
        ActivitySignals.VolumeJump(2025, v, Config).Raised.ShouldBe(raised);
    }

    [Fact]
    public void Volume_jump_needs_enough_history_and_a_minimum_increase_and_survives_a_zero_median()
    {
        ActivitySignals.VolumeJump(2025, [new(2024, 10), new(2025, 900)], Config).Raised.ShouldBeFalse(); // one earlier year only
        ActivitySignals.VolumeJump(2025, [new(2023, 10), new(2024, 10), new(2025, 109)], Config).Raised.ShouldBeFalse(); // +99 < 100
        ActivitySignals.VolumeJump(2025, [new(2023, 10), new(2024, 10), new(2025, 110)], Config).Raised.ShouldBeTrue();
        var fromZero = ActivitySignals.VolumeJump(2025, [new(2023, 0), new(2024, 0), new(2025, 100)], Config);
        fromZero.Raised.ShouldBeTrue();
        fromZero.Summary.ShouldNotContain("倍");
        ActivitySignals.VolumeJump(2025, [new(2023, 0), new(2024, 0)], Config).Raised.ShouldBeFalse(); // no statistics this year
    }

    private static RiskFiling Filing(bool active = true, int? filed = 2018, params ScopeEntry[] scope) =>
        new(1, "甲机构", null, "140902", active, filed, scope.Length == 0 ? NoScope : scope.ToHashSet());

    [Theory]
    [InlineData(70, false)]
    [InlineData(71, true)]
    public void Certificates_beyond_the_reported_passes_of_a_level_are_flagged(long certificates, bool raised)
    {
        var signal = CertificateSignal.Judge(2025, Filing(), [new RiskCertificates(1, 2025, "6-01", Level.Level4, certificates)], [Rec(1, 100, 70)], Config);
        signal.Raised.ShouldBe(raised);
        if (raised) signal.Summary.ShouldBe("电工 中级：名册发证 71 本，统计合格 70 人，多 1 本");
    }

    [Fact]
    public void Certificates_outside_the_scope_are_flagged_and_missing_statistics_or_scope_never_are()
    {
        var scoped = Filing(scope: new ScopeEntry("6-01", Level.Level4));
        CertificateSignal.Judge(2025, scoped, [new RiskCertificates(1, 2025, "6-01", Level.Level3, 3)], [], Config).Raised.ShouldBeTrue();
        CertificateSignal.Judge(2025, scoped, [new RiskCertificates(1, 2025, "6-01", Level.Level4, 300)], [], Config).Raised.ShouldBeFalse(); // no statistics
        CertificateSignal.Judge(2025, Filing(), [new RiskCertificates(1, 2025, "6-99", Level.Level3, 3)], [], Config).Raised.ShouldBeFalse(); // no scope stated
    }

    private static RiskReview Review(int filing, decimal self, decimal panel, bool veto = false, string? outcome = "B") =>
        new(filing, 7, "2025年度考核", 2025, self, panel, veto, outcome);

    [Theory]
    [InlineData(9.99, false)]
    [InlineData(10, true)]
    public void Self_inflation_in_a_small_campaign_uses_the_points_threshold(decimal gap, bool raised)
    {
        var reviews = new[] { Review(1, 80 + gap, 80), Review(2, 85, 84) };
        ReviewSignals.SelfInflation(2025, [reviews[0]], ReviewSignals.CampaignGaps(reviews), Config).Raised.ShouldBe(raised);
    }

    [Fact]
    public void Self_inflation_in_a_large_campaign_must_stand_out_from_its_distribution()
    {
        // nine bodies 15 points above the panel (MAD 0 → spread 2): the line is 15 + 2 × 3 × 2 = 21
        var reviews = Enumerable.Range(2, 9).Select(i => Review(i, 95, 80)).ToList();
        foreach (var (gap, raised) in new[] { (20.99m, false), (21m, true) })
        {
            var all = reviews.Append(Review(1, 80 + gap, 80)).ToList();
            ReviewSignals.SelfInflation(2025, [all[^1]], ReviewSignals.CampaignGaps(all), Config).Raised.ShouldBe(raised);
        }
        ReviewSignals.SelfInflation(2025, [new RiskReview(1, 7, "x", 2025, null, 80, false, "B")], ReviewSignals.CampaignGaps([]), Config).Raised.ShouldBeFalse();
    }

    private static RiskInput Input(DateOnly asOf) => new(2025, asOf, [], [], [], [], [], [], []);

    [Fact]
    public void Outcomes_flag_vetoes_poor_grades_overdue_rectifications_upheld_complaints_and_adverse_findings()
    {
        var asOf = new DateOnly(2025, 12, 31);
        ReviewSignals.Outcomes(Input(asOf), [Review(1, 90, 85)], [], [], []).Raised.ShouldBeFalse();
        ReviewSignals.Outcomes(Input(asOf), [Review(1, 90, 85, veto: true)], [], [], []).Raised.ShouldBeTrue();
        ReviewSignals.Outcomes(Input(asOf), [Review(1, 90, 65, outcome: "C")], [], [], []).Raised.ShouldBeTrue();
        // due on the last day: open, not overdue (still a finding: rectification in progress); passed before the day: nothing
        var due = new RiskRectification(1, new DateOnly(2025, 10, 31), asOf, false, null);
        ReviewSignals.Outcomes(Input(asOf), [], [due], [], []).Summary.ShouldStartWith("整改进行中");
        ReviewSignals.Outcomes(Input(asOf.AddDays(1)), [], [due], [], []).Summary.ShouldStartWith("整改逾期未完成");
        ReviewSignals.Outcomes(Input(asOf), [], [due with { ClosedOn = new DateOnly(2025, 12, 1) }], [], []).Raised.ShouldBeFalse();
        ReviewSignals.Outcomes(Input(asOf), [], [], [new RiskComplaint(1, new DateOnly(2025, 3, 1), false, "x")], []).Raised.ShouldBeFalse();
        ReviewSignals.Outcomes(Input(asOf), [], [], [new RiskComplaint(1, new DateOnly(2025, 3, 1), true, "x")], []).Raised.ShouldBeTrue();
        ReviewSignals.Outcomes(Input(asOf), [], [], [], [new RiskInspectionFinding(1, new DateOnly(2025, 9, 1), "未发现问题", "抽查")]).Raised.ShouldBeFalse();
        ReviewSignals.Outcomes(Input(asOf), [], [], [], [new RiskInspectionFinding(1, new DateOnly(2025, 9, 1), "考评员未到场", "抽查")]).Raised.ShouldBeTrue();
    }

    [Theory]
    [InlineData("A", false)]
    [InlineData("B", false)]
    [InlineData("C", true)]
    [InlineData("D", true)]
    [InlineData("不合格", true)]
    [InlineData("合格", false)]
    [InlineData("", false)]
    public void Poor_outcomes_are_grades_c_and_d_and_failures(string outcome, bool poor) => RiskRules.IsPoorOutcome(outcome).ShouldBe(poor);

    [Theory]
    [InlineData("经查属实，已责令整改", true)]
    [InlineData("部分属实", true)]
    [InlineData("经查不属实", false)]
    [InlineData("投诉不成立", false)]
    public void Complaints_are_upheld_when_the_outcome_says_so(string outcome, bool upheld) => RiskRules.IsUpheld(outcome).ShouldBe(upheld);

    [Fact]
    public void Reporting_gaps_are_the_one_signal_missing_data_raises()
    {
        ActivitySignals.ReportingGaps(2025, Filing(), [new(2024, 50)]).Raised.ShouldBeTrue();
        ActivitySignals.ReportingGaps(2025, Filing(), [new(2024, 0), new(2025, 0)]).Raised.ShouldBeTrue();
        ActivitySignals.ReportingGaps(2025, Filing(), [new(2024, 0), new(2025, 1)]).Raised.ShouldBeFalse();
        ActivitySignals.ReportingGaps(2025, Filing(filed: 2025), []).Raised.ShouldBeFalse(); // filed this year
        ActivitySignals.ReportingGaps(2025, Filing(active: false), []).Raised.ShouldBeFalse();
    }

    [Fact]
    public void A_filing_with_no_data_at_all_raises_only_reporting_gaps()
    {
        var input = new RiskInput(2025, new DateOnly(2025, 12, 31), [Filing()], [], [], [], [], [], []);
        var risk = RiskEngine.Compute(input, Config).Filings.Single();
        risk.Raised.Select(s => s.Kind).ShouldBe([RiskSignalKind.ReportingGaps]);
        risk.Score.ShouldBe(Config.WeightReportingGaps);
        risk.Level.ShouldBe(RiskLevel.Medium);
    }

    [Theory]
    [InlineData(0.99, RiskLevel.Low)]
    [InlineData(1, RiskLevel.Medium)]
    [InlineData(2.99, RiskLevel.Medium)]
    [InlineData(3, RiskLevel.High)]
    public void Level_comes_from_the_score_and_the_configured_thresholds(decimal score, RiskLevel level) => Config.LevelOf(score).ShouldBe(level);

    [Fact]
    public void A_configuration_with_high_below_medium_is_refused_naming_the_field()
    {
        var e = Should.Throw<DomainValidationException>(() => (Config with { HighFrom = 0.5m }).Validated());
        e.Errors.ShouldContain(x => x.Field == "highFrom");
    }

    [Fact]
    public void Binomial_tail_is_exact_for_small_counts_and_does_not_underflow_for_large_ones()
    {
        RobustStats.BinomialUpperTail(20, 20, 0.75).ShouldBe(Math.Pow(0.75, 20), 1e-15);
        RobustStats.BinomialUpperTail(0, 20, 0.75).ShouldBe(1d);
        RobustStats.BinomialUpperTail(1, 2, 0.5).ShouldBe(0.75, 1e-12);
        RobustStats.BinomialUpperTail(1200, 1200, 0.75).ShouldBe(0d, 1e-100);
        RobustStats.BinomialUpperTail(760, 1000, 0.75).ShouldBeInRange(0.2, 0.3);
    }
}
