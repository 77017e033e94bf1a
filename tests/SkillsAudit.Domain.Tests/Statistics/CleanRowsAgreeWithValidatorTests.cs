using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Statistics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>
/// The import's fast path (<see cref="StatisticsCleanRows"/>, reading sheet cells directly) and the ordinary path (the
/// row as text through <see cref="StatisticsTableReader"/> and <see cref="StatisticsValidator"/>) agree on every
/// generated row: a row is taken on the fast path only when the validator finds nothing in it, with the same figures;
/// and a plain data row the validator finds nothing in is taken.
/// </summary>
public class CleanRowsAgreeWithValidatorTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(3000);

    private sealed record SheetRow(object?[] Cells) : IStatisticsSheetRow
    {
        public bool IsNumber(int column, out double value)
        {
            value = column < Cells.Length && Cells[column] is double d ? d : 0;
            return column < Cells.Length && Cells[column] is double;
        }

        public string Text(int column) => column >= Cells.Length ? "" : Cells[column] switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            string s => s,
            _ => "",
        };

        public override string ToString() => string.Join(" | ", Cells.Select((_, i) => (Cells[i] is double ? "#" : "") + Text(i)));
    }

    private static readonly string[] Summary = ["序号\t机构名称\t组织评价 (人)\t评价合格 (人)\t评价合格率 (%)\t其中：初级\t其中：中级\t其中：高级"];
    private static readonly string[] Detailed =
    [
        "职业名称\t职业代码\t工种\t批次\t人次\t已发证人数\t已发证人数\t已发证人数\t领取补贴人数",
        "\t\t\t\t\t小计\t初级\t中级\t",
    ];

    private static readonly object?[] Odd = [null, "", "-", "—", "abc", "七百", "12.5", 12.5, -3d, "-3", "1,234", "１２", "合计", "小计", "81.79%", "50", 1e20, "0", 0d];

    private static Gen<object?> Count(long value) => Gen.Elements<object?>(
        (double)value, value.ToString(CultureInfo.InvariantCulture), (double)value, (double)value);

    /// <summary>Consistent figures (passed ≤ assessed, levels adding up, the right rate), then some cells replaced at random.</summary>
    private static Gen<SheetRow> SummaryRow =>
        from assessed in Gen.Choose(0, 60)
        from passed in Gen.Choose(0, assessed)
        from l1 in Gen.Choose(0, passed)
        from number in Gen.Frequency((6, Gen.Constant<object?>(1d)), (2, Gen.Constant<object?>("1")), (1, Gen.Constant<object?>(2d)), (1, Gen.Constant<object?>(null)))
        from name in Gen.Elements<object?>("山西工程职业学院", "忻州市技工学校", "", "合计", 7d)
        from a in Count(assessed)
        from p in Count(passed)
        from c1 in Count(l1)
        from c2 in Count(passed - l1)
        from c3 in Gen.Elements<object?>(0d, "-", null)
        from rate in Gen.Elements<object?>(Rates.Percent(passed, assessed) is { } r ? Rates.FormatPercent(r) : null, assessed == 0 ? null : (double)passed * 100 / assessed)
        from row in Mutate([number, name, a, p, rate, c1, c2, c3])
        select row;

    private static Gen<SheetRow> DetailedRow =>
        from assessed in Gen.Choose(0, 60)
        from certified in Gen.Choose(0, assessed)
        from l1 in Gen.Choose(0, certified)
        from occupation in Gen.Elements<object?>("电工", "焊工", "", "小计")
        from code in Gen.Elements<object?>("6-31-01-03", "", 4d)
        from trade in Gen.Elements<object?>("", "电焊")
        from batches in Gen.Elements<object?>(1d, 3d, "-", null)
        from a in Count(assessed)
        from c in Count(certified)
        from c1 in Count(l1)
        from c2 in Count(certified - l1)
        from s in Gen.Elements<object?>(0d, 2d, "-")
        from row in Mutate([occupation, code, trade, batches, a, c, c1, c2, s])
        select row;

    private static Gen<SheetRow> Mutate(object?[] cells) =>
        from mutations in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
        from picks in Gen.ArrayOf(Gen.Choose(0, cells.Length - 1).Zip(Gen.Elements(Odd)), mutations)
        select new SheetRow(Apply(cells, picks));

    private static object?[] Apply(object?[] cells, (int, object?)[] picks)
    {
        var copy = (object?[])cells.Clone();
        foreach (var (i, v) in picks) copy[i] = v;
        return copy;
    }

    private static void Agree(string[] header, SheetRow row)
    {
        var columns = Enumerable.Range(0, row.Cells.Length).ToArray();
        var clean = StatisticsCleanRows.For(header, columns)!;
        Assert.NotNull(clean);
        var expected = 1;
        var fast = clean.TryRead(row, whole: true, ref expected);

        var text = string.Join("\n", header) + "\n" + string.Join("\t", columns.Select(row.Text)) + "\n";
        var table = StatisticsTableReader.Read(TextTableParser.Parse(text, 1, header.Length));
        var findings = StatisticsValidator.Validate(table);
        if (fast)
        {
            Assert.True(findings.Count == 0, $"{row}: taken on the fast path, but the validator finds {string.Join("; ", findings.Select(f => f.Message))}");
            var read = Assert.Single(table.Rows);
            Assert.Equal(RowKind.Data, read.Kind);
            for (var i = 0; i < read.Cells.Count; i++)
            {
                Assert.Equal(CellFigure.Of(read.Cells[i]), clean.Figures[i]);
                if (!read.Cells[i].Column.IsFigure) Assert.Equal(read.Cells[i].Text.Length > 0 ? read.Cells[i].Text : null, clean.TextOf(i));
            }
        }
        else
        {
            var plainDataRow = table.Rows.Count == 1 && table.Rows[0].Kind == RowKind.Data
                && !columns.Any(c => row.Text(c).Contains('计', StringComparison.Ordinal));
            Assert.False(plainDataRow && findings.Count == 0, $"{row}: the validator finds nothing, but the fast path refuses it");
        }
    }

    [Fact]
    public void Summary_form_rows_are_taken_on_the_fast_path_exactly_when_the_validator_finds_nothing() =>
        Prop.ForAll(SummaryRow.ToArbitrary(), row => Agree(Summary, row)).Check(Config);

    [Fact]
    public void Per_occupation_form_rows_are_taken_on_the_fast_path_exactly_when_the_validator_finds_nothing() =>
        Prop.ForAll(DetailedRow.ToArbitrary(), row => Agree(Detailed, row)).Check(Config);

    [Fact]
    public void Clean_generated_rows_do_reach_the_fast_path()
    {
        // the property above would hold vacuously if no row were ever clean. About one generated row in ten is clean
        // (mean 50 of 500, sd ≈ 7): the floor of 10 is six deviations below it, so an unseeded sample never trips it by chance.
        var taken = SummaryRow.Sample(500).Count(r =>
        {
            var expected = 1;
            return StatisticsCleanRows.For(Summary, Enumerable.Range(0, 8).ToArray())!.TryRead(r, true, ref expected);
        });
        Assert.InRange(taken, 10, 500);
    }
}
