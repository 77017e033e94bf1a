using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record HistoricalRow(int Line, string Name, int FilingId, decimal? SelfTotal, decimal PanelTotal, string Outcome);

/// <summary>
/// A past campaign as totals only: the self-score and panel score per body as a published table gives them (seed 000
/// 附件2: 评价机构自评得分, 考核小组打分情况), read with the statistics reader (TextTableParser + StatisticsTableReader,
/// which realigns that table's misplaced header) and matched to filings by name or registry alias. Each becomes a target
/// and an assessment recorded with <see cref="Assessment.RecordHistorical"/>; the outcome is classified from the panel
/// total with the rubric's scheme. All rows or none: any unreadable or unmatched row refuses the file, naming its line.
/// </summary>
public sealed class HistoricalImport(AppDb db, CampaignHandlers campaigns, AssessmentHandlers assessments)
{
    public async Task<IReadOnlyList<HistoricalRow>> ImportAsync(ReviewUser u, int campaignId, string document, string source, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct);
        ReviewAccess.RequireStaff(u, c);
        if (!c.Historical) throw new DomainException("campaign", "只有历史考核（仅有总分）可以导入总分；进行中的考核请逐项评分");
        c.RequireNotClosed();
        var rubric = await assessments.RubricOf(c, ct);
        var index = await FilingIndex.LoadAsync(db, "", ct);
        var prefix = Regions.Find(c.RegionCode)!.DescendantPrefix;
        var errors = new List<DomainException>();
        var rows = new List<HistoricalRow>();
        foreach (var text in TextTableParser.FindTables(document))
        {
            StatisticsTable table;
            try
            {
                table = StatisticsTableReader.Read(text);
            }
            catch (StatisticsTableException)
            {
                continue; // not a statistics table
            }
            if (!table.Columns.Any(col => col.Field == StatisticsField.PanelScore)) continue;
            foreach (var row in table.Rows.Where(r => r.Kind == RowKind.Data))
            {
                var name = row.Name ?? "";
                var where = $"第{row.Line}行（{name}）";
                if (row.PanelScore is not { } panel)
                {
                    errors.Add(new($"line{row.Line}", $"{where}：没有考核小组打分"));
                    continue;
                }
                var matches = index.ByName(name).Where(e => e.RegionCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                if (matches.Count != 1)
                {
                    var similar = index.Similar(name, 3).Select(e => e.Name).ToList();
                    errors.Add(new($"line{row.Line}", matches.Count == 0
                        ? $"{where}：登记中没有此机构{(similar.Count > 0 ? "，相近的有：" + string.Join("、", similar) : "")}"
                        : $"{where}：名称对应多条备案，无法确定"));
                    continue;
                }
                rows.Add(new HistoricalRow(row.Line, name, matches[0].Id, row.SelfScore, panel, rubric.Outcome.Classify(panel, false)));
            }
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new("file", "文件中没有含“考核小组打分”列的表格"));
        foreach (var dup in rows.GroupBy(r => r.FilingId).Where(g => g.Count() > 1))
            errors.Add(new($"line{dup.Last().Line}", $"第{dup.Last().Line}行：与第{dup.First().Line}行是同一机构"));
        var ids = rows.Select(r => r.FilingId).ToList();
        var existing = await db.Assessments.Where(a => a.CampaignId == campaignId && ids.Contains(a.FilingId)).ToDictionaryAsync(a => a.FilingId, ct);
        foreach (var r in rows.Where(r => existing.GetValueOrDefault(r.FilingId) is { IsFinalised: true }))
            errors.Add(new($"line{r.Line}", $"第{r.Line}行（{r.Name}）：本次考核已有该机构的结果，未重复导入"));
        if (errors.Count > 0) throw new DomainValidationException(errors);

        foreach (var r in rows)
        {
            c.SetTarget(r.FilingId, true, $"{source} 第{r.Line}行（历史总分导入）");
            var a = existing.GetValueOrDefault(r.FilingId);
            if (a is null)
            {
                a = new Assessment(c.Id, r.FilingId);
                db.Assessments.Add(a);
            }
            a.RecordHistorical(r.SelfTotal, r.PanelTotal, r.Outcome, u.UserName, db.Now, source);
        }
        c.Touch();
        await db.SaveChangesAsync(ct);
        return rows;
    }
}
