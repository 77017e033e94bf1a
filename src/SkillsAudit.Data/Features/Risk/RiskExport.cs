using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Data.Features.Risk;

/// <summary>The ranked risk list as xlsx: one sheet of bodies (every signal's summary in its own column), one of pass rates against peers.</summary>
public static class RiskExport
{
    public static byte[] Xlsx(RiskList list)
    {
        var header = new List<XCell> { new("序号", CellStyle.Header), new("机构名称", CellStyle.Header), new("备案号", CellStyle.Header), new("所在地区", CellStyle.Header),
            new("风险等级", CellStyle.Header), new("风险分", CellStyle.Header) };
        header.AddRange(RiskNames.AllSignals.Select(k => new XCell(k.Chinese(), CellStyle.Header)));
        var rows = new List<IReadOnlyList<XCell>> { new XCell[] { $"{list.Region} {list.Year} 年度评价机构风险名单" }, header };
        var n = 0;
        foreach (var r in list.Rows)
        {
            var cells = new List<XCell> { ++n, r.Name, r.Number, r.RegionName, r.LevelName, r.Score };
            cells.AddRange(RiskNames.AllSignals.Select(k => (XCell)(r.Raised.FirstOrDefault(s => s.Kind == k) is { } s ? string.Join("；", s.Figures) : "")));
            rows.Add(cells);
        }
        var points = new List<IReadOnlyList<XCell>>
        {
            new XCell[] { new("职业及等级", CellStyle.Header), new("机构名称", CellStyle.Header), new("组织评价（人）", CellStyle.Header), new("评价合格（人）", CellStyle.Header),
                new("合格率（%）", CellStyle.Header), new("同类机构数", CellStyle.Header), new("同类中位数（%）", CellStyle.Header), new("同类合计合格率（%）", CellStyle.Header), new("异常偏高", CellStyle.Header) },
        };
        foreach (var p in list.Points.OrderBy(p => p.GroupLabel, StringComparer.Ordinal).ThenByDescending(p => p.Rate))
            points.Add(new XCell[] { p.GroupLabel, list.Names.GetValueOrDefault(p.FilingId, ""), p.Assessed, p.Passed, p.Rate, p.Peers,
                p.PeerMedian is { } m ? m : (XCell)"", p.PeerPooled is { } q ? q : (XCell)"", p.Outlier ? "是" : "" });
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            w.AddSheet("风险名单", rows, merges: ["A1:L1"], widths: [6, 30, 16, 20, 8, 8, 40, 30, 40, 40, 40, 30], frozenRows: 2);
            w.AddSheet("合格率与同类比较", points, widths: [20, 30, 12, 12, 12, 10, 14, 16, 8], frozenRows: 1);
        }
        return ms.ToArray();
    }
}
