using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Statistics;

namespace SkillsAudit.Data.Demo;

/// <summary>
/// Loads demo/statistics/*.md — seed 000 附件1 and 附件2 copied verbatim (demo/statistics/README.md) — through the
/// ordinary statistics import, after <see cref="DemoLoader"/> has loaded the registry they refer to. Runs only while no
/// statistics are stored. Afterwards `stats summary --year 2023 --region 忻州市` gives seed 000 一(一)–(三):
/// 8884/7266/81.79%, 省属 4691/3831/81.67%, 市属 4193/3435/81.92%.
/// </summary>
public sealed class StatisticsDemoLoader(AppDb db, StatisticsImport import)
{
    public async Task<string?> LoadAsync(string demoDirectory, CancellationToken ct = default)
    {
        var dir = Path.Combine(demoDirectory, "statistics");
        if (!Directory.Exists(dir) || await db.StatisticsRecords.AnyAsync(ct)) return null;
        if (!await db.Filings.AnyAsync(ct)) return null;
        var written = 0;
        foreach (var file in Directory.GetFiles(dir, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var report = await import.ImportAsync(file, 2023, dryRun: false, null, ct);
            if (!report.Succeeded)
                throw new DemoDataException($"演示统计数据 {Path.GetFileName(file)} 无法导入：{string.Join("；", report.Errors.Select(e => e.ToString()))}");
            written += report.Written;
        }
        return $"已加载演示统计数据：{written} 条（《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件1、附件2，2023 年）。";
    }
}
