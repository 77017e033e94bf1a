using Shouldly;
using SkillsAudit.Domain.Accounts;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.People;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.Domain.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Short#1a", "至少 10 位")]
    [InlineData("alllowercaseletters", "至少 3 类")]
    [InlineData("lowercase123456", "至少 3 类")]
    public void Weak_passwords_are_refused_with_the_rule_they_break(string password, string expected) =>
        PasswordPolicy.Check(password, "zhangsan").ShouldContain(e => e.Field == "password" && e.Message.Contains(expected));

    [Fact]
    public void A_password_equal_to_the_user_name_is_refused_whatever_its_strength() =>
        PasswordPolicy.Check("Officer#2026x", "officer#2026X").ShouldContain(e => e.Message.Contains("用户名"));

    [Fact]
    public void A_recently_used_password_is_refused() =>
        Should.Throw<DomainValidationException>(() => PasswordPolicy.Require("Strong#Pass2026", "zhangsan", usedRecently: true))
            .Errors.ShouldContain(e => e.Message.Contains("最近 5 次"));

    [Theory]
    [InlineData("Strong#Pass")]      // upper, lower, symbol
    [InlineData("strongpass2026#")]  // lower, digit, symbol
    [InlineData("StrongPass2026")]   // upper, lower, digit
    public void Ten_characters_from_three_classes_are_enough(string password) =>
        PasswordPolicy.Check(password, "zhangsan").ShouldBeEmpty();

    [Fact]
    public void One_time_passwords_always_satisfy_the_policy_and_differ()
    {
        var all = Enumerable.Range(0, 200).Select(_ => PasswordPolicy.OneTimePassword()).ToList();
        all.ShouldAllBe(p => PasswordPolicy.Check(p, "zhangsan").Count == 0);
        all.Distinct().Count().ShouldBe(200);
    }
}

public sealed class RosterConflictTests
{
    private static RosterPerson Person(int? employer, params int[] named) =>
        new(new RosterDetails("李秀兰", "忻州职业技术学院", employer, "140902", ["4-03-02-01"], true, true, null, null, named));

    [Fact]
    public void An_expert_conflicts_with_every_filing_of_their_employer_and_with_the_filings_they_name()
    {
        var p = Person(employer: 7, 31);
        p.ConflictsWith(filingId: 100, legalEntityId: 7).ShouldBeTrue();   // employer's filing
        p.ConflictsWith(filingId: 31, legalEntityId: 9).ShouldBeTrue();    // named
        p.ConflictsWith(filingId: 32, legalEntityId: 9).ShouldBeFalse();
    }

    [Fact]
    public void A_roster_row_needs_a_name_an_organisation_a_known_county_and_a_kind() =>
        RosterDetails.Check("", " ", "火星县", false, false).Select(e => e.Field).ShouldBe(["name", "organisation", "region", "kind"]);
}

/// <summary>双随机 with the roster (seed 003 第二十九条): 12 inspectors across 4 counties, 回避 by county and by organisation.</summary>
public sealed class RosterDrawTests
{
    private static readonly string[] Counties = ["140902", "140921", "140922", "140981"];

    // 12 inspectors, 3 per county; the first of each county works for the body of that county (same organisation).
    private static readonly DrawInspector[] Roster = Enumerable.Range(0, 12).Select(i =>
    {
        var county = Counties[i / 3];
        var org = i % 3 == 0 ? $"机构{county}" : $"{county}人社局";
        return new DrawInspector($"I{i:D2}", $"检查员{i:D2}", county, null, org, i == 4 ? ["B140922"] : null);
    }).ToArray();

    private static readonly DrawBody[] Pool = Counties.Select(c => new DrawBody($"B{c}", $"机构{c}", c)).ToArray();

    [Fact]
    public void With_county_avoidance_nobody_inspects_their_own_county_organisation_or_named_conflict()
    {
        foreach (var seed in Enumerable.Range(0, 50).Select(i => $"2026-忻州-{i}"))
        {
            var result = RandomDraw.Draw(seed, Pool, 4, Roster, 3, excludeSameCounty: true);
            foreach (var a in result.Assignments)
            {
                a.Inspectors.Count.ShouldBe(3);
                a.Inspectors.ShouldAllBe(i => i.CountyCode != a.Body.CountyCode);
                a.Inspectors.ShouldAllBe(i => i.Organisation != a.Body.Name);
                if (a.Body.Key == "B140922") a.Inspectors.ShouldNotContain(i => i.Key == "I04");
            }
        }
    }

    [Fact]
    public void Without_county_avoidance_colleagues_from_the_county_may_go_but_never_the_bodys_own_staff()
    {
        var sawSameCounty = false;
        foreach (var seed in Enumerable.Range(0, 50).Select(i => $"seed-{i}"))
        {
            foreach (var a in RandomDraw.Draw(seed, Pool, 4, Roster, 6, excludeSameCounty: false).Assignments)
            {
                a.Inspectors.ShouldAllBe(i => i.Organisation != a.Body.Name);
                sawSameCounty |= a.Inspectors.Any(i => i.CountyCode == a.Body.CountyCode);
            }
        }
        sawSameCounty.ShouldBeTrue();
    }

    [Fact]
    public void Too_few_eligible_inspectors_is_refused_naming_the_body_and_the_avoidance()
    {
        // 12 inspectors, 3 from the body's county: 9 remain; asking for 10 cannot be met.
        var e = Should.Throw<DomainException>(() => RandomDraw.Draw("x", Pool, 1, Roster, 10, excludeSameCounty: true));
        e.Message.ShouldContain("可派的检查人员只有 9 名");
        e.Message.ShouldContain("同县区");
    }

    [Fact]
    public void Draws_stored_before_the_roster_verify_unchanged()
    {
        var old = new[] { new DrawInspector("officer", "工作人员", "140900", null), new DrawInspector("expert", "专家", null, null) };
        var a = RandomDraw.Draw("s", Pool, 2, old, 1, false);
        var b = RandomDraw.Draw("s", Pool, 2, old.Select(i => i with { Organisation = null, ConflictBodyKeys = null }).ToArray(), 1, false);
        string.Join(";", a.Assignments.Select(x => x.Body.Key + x.Inspectors[0].Key)).ShouldBe(string.Join(";", b.Assignments.Select(x => x.Body.Key + x.Inspectors[0].Key)));
    }
}

public sealed class FilingNumberRegionTests
{
    [Theory]
    [InlineData("S000034040006", "忻州市")]   // province-filed number of Anhui for a Shanxi body
    [InlineData("S140934000001", "忻州市")]   // city-filed number with Anhui's code
    public void A_filing_number_whose_province_code_differs_from_the_region_is_refused(string number, string region)
    {
        var input = new FilingInput { EntityName = "某机构", Region = region, FilingNumber = number, Type = "社会培训评价组织" };
        var e = Should.Throw<DomainValidationException>(() => Filing.Create(new LegalEntity("某机构", null, null, null), input.Parse(), "t", DateTimeOffset.UnixEpoch));
        var error = e.Errors.Single(x => x.Field == "filingNumber");
        error.Message.ShouldContain("34");
        error.Message.ShouldContain("安徽省");
        error.Message.ShouldContain("山西省");
    }

    [Theory]
    [InlineData("S000014040006", "忻州市")]
    [InlineData("S140914000001", "原平市")]
    [InlineData("Y000034040002", "淮南市")]
    public void A_filing_number_of_the_regions_province_is_accepted(string number, string region)
    {
        var input = new FilingInput { EntityName = "某机构", Region = region, FilingNumber = number, Type = number[0] == 'Y' ? "用人单位" : "社会培训评价组织" };
        Filing.Create(new LegalEntity("某机构", null, null, null), input.Parse(), "t", DateTimeOffset.UnixEpoch).Number!.Value.Value.ShouldBe(number);
    }
}
