using SkillsAudit.Data.Files;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// The xlsx template of the statistics form, laid out like seed 001 附件2 (merged two-row header: 组织认定 批次/人次,
/// 已发证人数 小计/初级…高级技师), with 备案号 and 年度 columns so that one file can carry several filings and years.
/// The statistics import reads it back as it is.
/// </summary>
public static class StatisticsTemplate
{
    public static readonly string[] Leaves = ["序号", "备案号", "机构名称", "年度", "职业名称", "职业代码", "工种/职业方向", "批次", "人次", "评价合格", "小计", "初级", "中级", "高级", "技师", "高级技师", "领取补贴人数"];

    /// <param name="filings">Filings to pre-fill (number or name), each with one empty line.</param>
    public static void Write(Stream output, int year, IReadOnlyList<(string? Number, string Name)> filings)
    {
        var top = new XCell[Leaves.Length];
        var second = new XCell[Leaves.Length];
        for (var i = 0; i < Leaves.Length; i++)
        {
            top[i] = new XCell(Leaves[i], CellStyle.Header);
            second[i] = new XCell(null, CellStyle.Header);
        }
        top[7] = new XCell("组织认定", CellStyle.Header);
        top[8] = new XCell(null, CellStyle.Header);
        second[7] = new XCell("批次", CellStyle.Header);
        second[8] = new XCell("人次", CellStyle.Header);
        top[10] = new XCell("已发证人数", CellStyle.Header);
        for (var i = 11; i <= 15; i++) top[i] = new XCell(null, CellStyle.Header);
        for (var i = 10; i <= 15; i++) second[i] = new XCell(Leaves[i], CellStyle.Header);
        var rows = new List<IReadOnlyList<XCell>> { top, second };
        var n = 0;
        foreach (var (number, name) in filings) rows.Add([++n, number, name, year]);
        // Merged as the form prints them: single-row columns span both header rows.
        var merges = new List<string>();
        for (var i = 0; i < Leaves.Length; i++)
        {
            if (i is 7 or 8 or (>= 10 and <= 15)) continue;
            var col = TabularReader.ColumnName(i);
            merges.Add($"{col}1:{col}2");
        }
        merges.Add("H1:I1");
        merges.Add("K1:P1");
        using var w = new XlsxWriter(output);
        w.AddSheet("统计表", rows, merges, widths: [6, 16, 30, 8, 16, 12, 14, 6, 8, 8, 8, 6, 6, 6, 6, 8, 10], frozenRows: 2);
    }
}
