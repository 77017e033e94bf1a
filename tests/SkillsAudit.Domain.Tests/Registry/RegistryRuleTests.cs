using System.Globalization;
using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Domain.Tests.Registry;

public sealed class RegistryRuleTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the GB 32100 standard's own example
    [InlineData("91110000802100433B")]
    public void Valid_credit_codes_are_accepted(string code) =>
        CreditCode.TryParse(code, out _, out var error).ShouldBeTrue(error);

    [Theory]
    [InlineData("91350100M000100Y44", "校验位")]
    [InlineData("91350100M000100Y4", "18位")]
    [InlineData("91350100I000100Y43", "不是允许的字符")]
    [InlineData("91AB0100M000100Y43", "行政区划")]
    public void Bad_credit_codes_are_refused_with_the_reason(string code, string reason)
    {
        CreditCode.TryParse(code, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Credit_code_check_character_is_computed_per_GB_32100() =>
        CreditCode.CheckCharacter("91350100M000100Y4").ShouldBe('3');

    [Theory]
    [InlineData("Y000034040002")] // seed 004 附件 第1行
    [InlineData("S000034010012")]
    [InlineData("s000014090001")]
    public void Seed_filing_numbers_are_valid(string number) =>
        FilingNumber.TryParse(number, out _, out var error).ShouldBeTrue(error);

    [Theory]
    [InlineData("Y00003404000", "13位")]
    [InlineData("X000034040002", "首字母")]
    [InlineData("Y0000340400A2", "数字")]
    [InlineData("Y000099040002", "省级行政区划")]
    public void Bad_filing_numbers_are_refused_with_the_reason(string number, string reason)
    {
        FilingNumber.TryParse(number, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Filing_number_prefix_must_fit_the_type()
    {
        var input = new FilingInput { EntityName = "某机构", Region = "淮南市", FilingNumber = "S000034040006", Type = "用人单位" };
        var e = Should.Throw<DomainValidationException>(() => Filing.Create(new LegalEntity("某机构"), input.Parse(), "t", DateTimeOffset.UnixEpoch));
        e.Errors.ShouldContain(x => x.Field == "filingNumber");
    }

    [Theory]
    [InlineData("2020", "2020", "2020-01-01", "2020-12-31")]
    [InlineData("2023.3", "2023-03", "2023-03-01", "2023-03-31")]
    [InlineData("2020年4月15日", "2020-04-15", "2020-04-15", "2020-04-15")]
    public void Partial_dates_keep_the_precision_they_are_given(string text, string iso, string earliest, string latest)
    {
        PartialDate.TryParse(text, out var d).ShouldBeTrue();
        d.ToIso().ShouldBe(iso);
        d.Earliest.ShouldBe(DateOnly.Parse(earliest, CultureInfo.InvariantCulture));
        d.Latest.ShouldBe(DateOnly.Parse(latest, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023.13")]
    [InlineData("2023-02-30")]
    [InlineData("去年")]
    public void Impossible_dates_are_refused(string text) => PartialDate.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Filing_input_reports_every_bad_field_at_once()
    {
        var input = new FilingInput { EntityName = "", CreditCode = "123", FilingNumber = "Y1", Type = "外星", Supervision = "区属", Region = "火星市", FiledOn = "昨天" };
        var e = Should.Throw<DomainValidationException>(() => input.Parse());
        e.Errors.Select(x => x.Field).ShouldBe(["entityName", "creditCode", "filingNumber", "type", "supervision", "region", "filedOn"], ignoreOrder: true);
    }

    [Fact]
    public void Region_is_found_by_code_short_name_or_full_name()
    {
        Regions.Find("140900")!.Name.ShouldBe("忻州市");
        Regions.Find("忻州")!.Code.ShouldBe("140900");
        Regions.Find("山西省忻州市原平市")!.Code.ShouldBe("140981");
        Regions.Find("原平市")!.DescendantPrefix.ShouldBe("140981");
        Regions.Find("忻州市")!.DescendantPrefix.ShouldBe("1409");
    }

    [Theory]
    [InlineData("山西省", "忻州市", true)]
    [InlineData("山西省", "原平市", true)]
    [InlineData("山西省", "山西省", true)]
    [InlineData("忻州市", "原平市", true)]
    [InlineData("忻州市", "忻州市", true)]
    [InlineData("忻州市", "阳泉市", false)]
    [InlineData("忻州市", "山西省", false)]
    [InlineData("原平市", "忻州市", false)]
    [InlineData("山西省", "淮南市", false)]
    public void A_region_covers_itself_and_what_lies_under_it_only(string own, string target, bool covers) =>
        Regions.Find(own)!.Covers(Regions.Find(target)!).ShouldBe(covers);

    [Fact]
    public void Period_end_before_filing_date_is_refused()
    {
        var input = new FilingInput { EntityName = "某机构", Region = "淮南市", FiledOn = "2021.3", PeriodEnd = "2020.2" };
        Should.Throw<DomainValidationException>(() => Filing.Create(new LegalEntity("某机构"), input.Parse(), "t", DateTimeOffset.UnixEpoch))
            .Errors.ShouldContain(x => x.Field == "periodEnd");
    }

    [Fact]
    public void A_status_change_whose_ground_names_a_long_campaign_title_is_recorded_shortened_to_the_history_column()
    {
        var filing = Filing.Create(new LegalEntity("某机构"), new FilingInput { EntityName = "某机构", Region = "忻州市" }.Parse(), "a", DateTimeOffset.UnixEpoch);
        var ground = "评估意见：暂时不予延续备案（" + new string('考', 80) + "）";
        filing.ChangeStatus(FilingStatus.Suspended, "officer", DateTimeOffset.UnixEpoch.AddDays(1), ground);
        var entry = filing.History.Last();
        entry.Action.Length.ShouldBe(FilingHistoryEntry.MaxActionLength);
        entry.Action.ShouldStartWith("评估意见：暂时不予延续备案（考");
        entry.Action.ShouldEndWith("…");
    }

    [Fact]
    public void Editing_a_filing_records_each_changed_field_with_before_and_after()
    {
        var entity = new LegalEntity("忻州市高级技工学校");
        var filing = Filing.Create(entity, new FilingInput { EntityName = "忻州市高级技工学校", Region = "忻州市" }.Parse(), "a", DateTimeOffset.UnixEpoch);
        var changes = filing.Edit(new FilingInput { EntityName = "忻州市高级技工学校", Region = "忻州市", Address = "忻州市长征西街1号" }.Parse(), "officer", DateTimeOffset.UnixEpoch.AddDays(1));
        changes.Count.ShouldBe(1);
        changes[0].Field.ShouldBe("地址");
        changes[0].Before.ShouldBeNull();
        changes[0].After.ShouldBe("忻州市长征西街1号");
        filing.Version.ShouldBe(1);
        filing.History.Count.ShouldBe(2);
    }

    [Fact]
    public void A_name_changed_in_an_edit_keeps_the_old_name_dated_in_China_time_without_the_login_name()
    {
        var entity = new LegalEntity("忻州市高级技工学校");
        var filing = Filing.Create(entity, new FilingInput { EntityName = "忻州市高级技工学校", Region = "忻州市" }.Parse(), "a", DateTimeOffset.UnixEpoch);
        filing.Edit(new FilingInput { EntityName = "忻州市技师学院", Region = "忻州市" }.Parse(), "officer", new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero));
        var former = entity.Aliases.Single();
        former.Name.ShouldBe("忻州市高级技工学校");
        former.Source.ShouldBe("2026-12-04 编辑备案时修改"); // 04:00 the next day in China
    }

    [Fact]
    public void Renaming_keeps_the_old_name_as_a_former_name()
    {
        var entity = new LegalEntity("旧名称");
        entity.Rename("新名称", "seed 003 第二十二条");
        entity.IsKnownAs("旧名称").ShouldBeTrue();
        entity.Aliases.Single().Kind.ShouldBe(AliasKind.Former);
    }

    [Fact]
    public void Special_ability_occupations_have_no_levels() =>
        Should.Throw<DomainValidationException>(() => new Occupation("S-001", "专项", AssessmentKind.SpecialAbility, [Level.Level5]));

    [Fact]
    public void Rates_round_half_away_from_zero_to_two_decimals()
    {
        Rates.Percent(7266, 8884).ShouldBe(81.79m); // seed 000 一(一)
        Rates.Percent(1, 8).ShouldBe(12.5m);
        Rates.Round2(0.125m).ShouldBe(0.13m);
        Rates.Percent(0, 0).ShouldBeNull();
    }

    [Fact]
    public void Several_broken_rules_are_told_in_their_own_words_without_field_names()
    {
        var e = new DomainValidationException([new DomainException("region", "未知的地区“火星市”"), new DomainException("year", "年度 0 不在合理范围内")]);
        e.Message.ShouldBe("未知的地区“火星市”；年度 0 不在合理范围内");
        e.InputErrors.Select(x => x.Field).ShouldBe(["region", "year"]); // the API still names each field
    }

    [Theory]
    [InlineData("忻府区")]
    [InlineData("忻州市忻府区")]
    [InlineData("山西省忻州市忻府区")]
    [InlineData("140902")]
    public void A_county_is_found_by_its_name_with_or_without_its_city_and_province(string written)
    {
        Regions.Find(written)!.Name.ShouldBe("忻府区");
    }
}
