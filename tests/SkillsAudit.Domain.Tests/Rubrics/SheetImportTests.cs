using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class SheetImportTests
{
    private static readonly RubricImportMetadata Meta = new("xinzhou-2024", "忻州市评估表（测试）", 2024, "grades");

    private static List<RubricSheetRow> Rows(params string?[][] rows) => rows.Select((r, i) => new RubricSheetRow(i + 1, r)).ToList();

    // Laid out like seed 002 附件3: 序号 | 评估项目 (part) | 评估内容 (item) | 标准分值 | 评估标准 | 评估要求及相应分值 | 自评结果 …
    private static List<RubricSheetRow> Seed002Like() => Rows(
        ["忻州市职业技能人才评价机构综合考核评估表", null, null, null, null, null, null],
        ["序号", "评估项目", "评估内容", "标准分值", "评估标准", "评估要求及相应分值", "自评结果"],
        [null, null, null, null, null, null, "扣分原因"],
        ["1", "考务管理 (3项, 2.75分, 占总分 49.75%)", "报名准备 (2项, 2分)", "1", "认定公告符合规程。", "制定年度工作计划的，得1分，否则0分；", null],
        [null, null, null, "1", "考试报名渠道畅通。", "开放线上、线下报名渠道。同时具备的得1分，缺一项扣0.5分，扣完为止；", null],
        [null, "考务管理 (3项, 2.75分, 占总分 49.75%)", "考试报名 (1项, 0.75分)", "1.25", "报名信息完整。", "按《实务手册》执行的，由考核小组酌情评分", null],
        ["2", "加分项 (1项, 1分)", "题库建设", "1", "自建题库。", "每个职业自建题库的，得1分，否则0分", null]);

    [Fact]
    public void A_seed_002_style_sheet_parses_declarations_merged_cells_and_rule_wordings()
    {
        var r = RubricSheetImport.Import("t.xlsx", "Sheet1", Seed002Like(), Meta);
        r.Errors.ShouldBeEmpty(string.Join("\n", r.Errors));
        var rubric = r.Rubric!;
        rubric.Sections.Count.ShouldBe(2); // the repeated 考务管理 title continues the part (page break)
        var part = rubric.Sections[0];
        part.Name.ShouldBe("考务管理");
        part.Declared.Count.ShouldBe(3);
        part.Declared.Points.ShouldBe(2.75m);
        part.Sections.Select(s => s.Name).ShouldBe(["报名准备", "考试报名"]);
        part.Sections[0].Indicators[0].Rule.ShouldBeOfType<AllOrNothingRule>();
        var deduction = part.Sections[0].Indicators[1].Rule.ShouldBeOfType<DeductionRule>();
        deduction.Deficiencies.ShouldHaveSingleItem().PerUnit.ShouldBe(0.5m);
        part.Sections[1].Indicators[0].Rule.ShouldBeOfType<JudgementRule>();
        rubric.Sections[1].Indicators.ShouldBeEmpty();
        rubric.Sections[1].Sections[0].Indicators[0].Kind.ShouldBe(IndicatorKind.Bonus);
        r.JudgementRows.ShouldBe([6]);
        var judgement = r.Warnings.Single(w => w.Code == "rule-judgement");
        judgement.Line.ShouldBe(6);
        judgement.Location.ShouldContain("F列");
        // 考试报名 declares 0.75 but its row is worth 1.25; 考务管理 declares 2.75 but adds up to 3.25.
        r.Warnings.ShouldContain(w => w.Code == "section-points" && w.Declared == 0.75m && w.Computed == 1.25m && w.Line == 6);
        r.Warnings.ShouldContain(w => w.Code == "section-points" && w.Declared == 2.75m && w.Computed == 3.25m);
        RubricLoader.TryLoadText(r.Yaml!, "t.yaml").Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_seed_001_style_sheet_takes_points_from_the_content_cell_and_repeats_merged_methods()
    {
        var rows = Rows(
            ["评估类别", "评估项目", "评估内容", "评估办法", "评分标准", "得分"],
            ["机构信用 (5分)", "基本情况 (2分)", "机构信用良好 (2分)", "通过网上查询相关信息", "证照等资料不齐的扣1分, 有行政处罚记录的扣1分", null],
            [null, "宣传报道 (3分)", "无虚假宣传 (1分)", null, "宣传工作存在虚假宣传的每处扣1分", null],
            [null, null, "统分登分准确无误 (2分)", "随机抽查", "成绩出现1例错误扣0.2分, 扣完为止。", null],
            ["评估类别", "评估项目", "评估内容", "评估办法", "评分标准", "得分"],
            ["内部管理 (1分)", "岗位设置 (1分)", "岗位职责明确 (1分)", "查阅岗位职责", "查阅机构岗位, 有一项无职责扣0.5分", null]);
        var r = RubricSheetImport.Import("y.xlsx", "评估表", rows, Meta with { Outcome = "passFail" });
        r.Errors.ShouldBeEmpty(string.Join("\n", r.Errors));
        var ind = r.Rubric!.Indicators;
        ind.Select(i => i.MaxPoints).ShouldBe([2m, 1m, 2m, 1m]);
        ind[0].Content.ShouldBe("机构信用良好");
        ind[1].Method.ShouldBeNull(); // a new item: nothing to repeat
        ind[2].Rule.ShouldBeOfType<DeductionRule>().Deficiencies[0].PerUnit.ShouldBe(0.2m);
        ind[1].Rule.ShouldBeOfType<DeductionRule>();
        ind[3].Rule.ShouldBeOfType<DeductionRule>();
        r.JudgementRows.ShouldBe([2]); // 扣1分 without 缺/每/出现: not a recognised wording
        r.Rubric.Sections.Select(s => s.Name).ShouldBe(["机构信用", "内部管理"]);
        r.Warnings.ShouldNotContain(w => w.Code == "section-points"); // 机构信用 5 = 2 + 1 + 2
    }

    [Fact]
    public void Errors_name_the_sheet_row_and_column_and_no_rubric_is_produced()
    {
        var rows = Seed002Like();
        rows[4] = new RubricSheetRow(5, [null, null, null, "一分", "考试报名渠道畅通。", "得1分，否则0分", null]);
        var r = RubricSheetImport.Import("bad.xlsx", "Sheet1", rows, Meta with { Id = "Bad Id" });
        r.Succeeded.ShouldBeFalse();
        r.Rubric.ShouldBeNull();
        r.Yaml.ShouldBeNull();
        var cell = r.Errors.Single(e => e.Code == "max");
        cell.Line.ShouldBe(5);
        cell.Column.ShouldBe(4);
        cell.Location.ShouldBe("工作表“Sheet1” 第5行 D列（标准分值）");
        cell.Message.ShouldContain("一分");
        r.Errors.ShouldContain(e => e.Code == "metadata" && e.Location.Contains("评估表编号"));
    }

    [Fact]
    public void A_sheet_without_a_recognisable_header_is_refused()
    {
        var r = RubricSheetImport.Import("x.xlsx", "Sheet1", Rows(["a", "b"], ["1", "2"]), Meta);
        r.Errors.ShouldHaveSingleItem().Code.ShouldBe("header");
    }

    [Theory]
    [InlineData("考务管理 (56项, 49.75分, 占总分 49.75%)", "考务管理", 56, "49.75")]
    [InlineData("考场确定和设置(3项, 3.5分)", "考场确定和设置", 3, "3.5")]
    [InlineData("机构信用 （5分）", "机构信用", null, "5")]
    [InlineData("申报条件 审查 (5分)", "申报条件审查", null, "5")]
    [InlineData("共4项, 占总分3.5%", "共4项, 占总分3.5%", null, null)]
    public void Section_titles_yield_their_printed_declarations(string text, string name, int? count, string? points)
    {
        var t = RubricRuleText.ParseTitle(text);
        t.Name.ShouldBe(name);
        t.Count.ShouldBe(count);
        t.Points.ShouldBe(points is null ? null : decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("按照省市相关文件要求，制定年度工作计划的，得1分，否则0分；", 1, "allOrNothing")]
    [InlineData("符合《实务手册》第11页“(5)-(10)”的, 得1.5分, 缺1项, 扣0.3分;", 1.5, "deduction")]
    [InlineData("考评人员、核分人员未按规定签名每处扣1分", 3, "deduction")]
    [InlineData("得0.5分，否则0.5分", 0.5, "judgement")]
    [InlineData("未制定年度评价工作计划扣2分", 2, "judgement")]
    [InlineData(null, 1, "judgement")]
    public void Seed_wordings_map_to_rules(string? standard, double max, string kind)
    {
        RubricRuleText.Recognise(standard, (decimal)max).Rule.KindName.ShouldBe(kind);
    }

    [Fact]
    public void Two_kinds_of_deduction_in_one_standard_become_two_deficiencies()
    {
        // seed 001 附件3 成绩评阅: 试卷未密封进行阅卷的每批次扣4分, 考评员阅卷评分有明显错误的每处扣1分
        var rule = RubricRuleText.Recognise("试卷未密封进行阅卷的每批次扣4分, 考评员阅卷评分有明显错误的每处扣1分", 8).Rule.ShouldBeOfType<DeductionRule>();
        rule.Deficiencies.Select(d => d.PerUnit).ShouldBe([4m, 1m]);
        rule.Full.ShouldBe(8m);
    }
}
