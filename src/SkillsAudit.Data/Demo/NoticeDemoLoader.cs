using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Demo;

/// <summary>
/// Loads demo/publication/*.yaml — seed 000, Xinzhou's published 2023 results notice, transcribed (format notice/v1,
/// see demo/README.md) — after the registry, the statistics and the historical campaign it reports. Each notice goes the
/// officer's way: generated as a draft for its year, region and campaign (<see cref="NoticeService.CreateDraftAsync"/>),
/// its words, 成文日期 and 公示期 saved (<see cref="NoticeService.UpdateAsync"/>), then issued with the confirmation
/// (<see cref="NoticeService.IssueAsync"/>), so every check of those steps applies: a figure the data cannot give, an
/// unknown placeholder or an unconfirmed result refuses it. Runs once, while no notice is stored.
/// </summary>
public sealed class NoticeDemoLoader(AppDb db, NoticeService notices)
{
    public async Task<string?> LoadAsync(string demoDirectory, CancellationToken ct = default)
    {
        var dir = Path.Combine(demoDirectory, "publication");
        if (!Directory.Exists(dir) || await db.Set<StoredNotice>().AnyAsync(ct)) return null;
        var issued = new List<string>();
        foreach (var file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            var doc = Read(file);
            for (var i = 0; i < doc.Notices.Count; i++)
            {
                var n = doc.Notices[i];
                var where = $"{Path.GetFileName(file)} 第{i + 1}份公告";
                var region = Regions.Find(n.Region ?? "") ?? throw new DemoDataException($"{where}：未知的地区“{n.Region}”");
                int? campaignId = null;
                if (n.Campaign is { Length: > 0 } planNumber)
                {
                    campaignId = await db.Campaigns.AsNoTracking().Where(c => c.Year == n.Year && c.RegionCode == region.Code && c.DocumentNumber == planNumber)
                        .Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
                    // The campaign was not loaded (another campaign was stored first): the notice it reports is not either.
                    if (campaignId is null) return null;
                }
                var datedOn = Date(n.DatedOn, where, "datedOn");
                var publicFrom = Date(n.PublicFrom, where, "publicFrom") ?? datedOn;
                var publicTo = Date(n.PublicTo, where, "publicTo") ?? publicFrom?.AddDays(NoticeService.DefaultWindowDays);
                var draft = await notices.CreateDraftAsync(n.Year, region.Name, campaignId, datedOn, n.DocumentNumber, ct);
                var edited = await notices.UpdateAsync(draft.Id, new NoticeEdit
                {
                    Title = n.Title,
                    Authority = n.Authority,
                    DocumentNumber = n.DocumentNumber ?? "",
                    Template = string.Join("\n", n.Paragraphs.Select(p => p.Text)),
                    DatedOn = Iso(datedOn),
                    PublicFrom = Iso(publicFrom),
                    PublicTo = Iso(publicTo),
                    Version = draft.Version,
                }, ct);
                var view = await notices.IssueAsync(edited.Id, Iso(publicFrom), Iso(publicTo), confirmed: true,
                    withoutDocumentNumber: n.DocumentNumber is not { Length: > 0 }, ct: ct);
                issued.Add($"{view.Content.FilledTitle}（公示期 {Iso(view.PublicFrom)} 至 {Iso(view.PublicTo)}）");
            }
        }
        return issued.Count == 0 ? null : $"已发布演示公告：{string.Join("；", issued)}。";
    }

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? text, string where, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var d) ? d : throw new DemoDataException($"{where}：{field}“{text}”应写作 yyyy-MM-dd");
    }

    private static DemoNoticeFile Read(string path) => DemoYaml.Read<DemoNoticeFile>(path, "notice/v1", d => d.Format);

    private sealed class DemoNoticeFile
    {
        public string Format { get; set; } = "";
        public List<DemoNotice> Notices { get; set; } = [];
    }

    private sealed class DemoNotice
    {
        public int Year { get; set; }
        public string? Region { get; set; }
        /// <summary>The reported campaign, by its plan's 文号.</summary>
        public string? Campaign { get; set; }
        public string? Title { get; set; }
        public string? Authority { get; set; }
        /// <summary>Empty: the notice has no 发文字号 and is issued as such.</summary>
        public string? DocumentNumber { get; set; }
        public string? DatedOn { get; set; }
        public string? PublicFrom { get; set; }
        /// <summary>Left out: <see cref="NoticeService.DefaultWindowDays"/> after <see cref="PublicFrom"/>.</summary>
        public string? PublicTo { get; set; }
        public string? Source { get; set; }
        public List<DemoParagraph> Paragraphs { get; set; } = [];
    }

    private sealed class DemoParagraph
    {
        public string Text { get; set; } = "";
        public string? Source { get; set; }
    }
}
