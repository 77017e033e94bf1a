using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Registry;

public sealed class IndexModel(FilingSearch search) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Supervision { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    // From the query string only: Razor Pages' own route value "page" (the page's path) would otherwise be bound first,
    // failing to convert on every request (a thrown exception each time) and hiding ?page=2.
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<FilingRow>? Result { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Result = await search.RunAsync(new FilingQuery
            {
                Q = Q, Region = Region, Type = Type, Supervision = Supervision, Status = Status, Occupation = Occupation, Sort = Sort,
                Page = Math.Max(1, PageNumber),
            });
            // A page past the end (an old link, a list that has shrunk): the last page, not an empty table.
            if (Result.Pages > 0 && PageNumber > Result.Pages) return Redirect(PageLink(Result.Pages));
        }
        catch (DomainValidationException e)
        {
            Errors.AddRange(e.Errors.Select(x => x.Message));
        }
        return Page();
    }

    /// <summary>
    /// The filters, the table and the pages of this request, as HTML. They depend only on the query (every filter, the
    /// sort and the page are the registry cache's key) and on the page of results the registry cache answered with, so
    /// the HTML is kept beside that page of results (Registry:ListCacheSeconds) and lives exactly as long as it: a new
    /// page of results (a change, the bound passed) is rendered afresh. Nothing about the reader is in it.
    /// </summary>
    public async Task<string> ListingHtmlAsync(Func<Paged<FilingRow>?, HelperResult> listing)
    {
        var keep = Result is not null && Errors.Count == 0;
        if (keep && Listings.TryGetValue(Result!, out var held)) return held;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await listing(Result).WriteAction(writer);
        var html = writer.ToString();
        if (keep) Listings.AddOrUpdate(Result!, html);
        return html;
    }

    private static readonly ConditionalWeakTable<Paged<FilingRow>, string> Listings = new();

    public string OrNotStated(string? value) =>
        value is null ? $"<span class=\"not-stated\">{RegistryLabels.NotStated}</span>" : WebUtility.HtmlEncode(value);

    public string QueryString(string? sort = null, int? page = null)
    {
        var parts = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrWhiteSpace(v)) parts.Add($"{k}={Uri.EscapeDataString(v)}"); }
        Add("q", Q); Add("region", Region); Add("type", Type); Add("supervision", Supervision); Add("status", Status); Add("occupation", Occupation);
        Add("sort", sort ?? Sort);
        if (page is > 1) parts.Add($"page={page}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The list's columns, each sortable: the sort key and the heading.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Columns =
    [
        ("name", "机构名称"), ("number", "备案号"), ("type", "机构类型"), ("supervision", "监管"), ("region", "所在地区"),
        ("filedOn", "备案时间"), ("periodEnd", "备案期限截止"), ("status", "状态"),
    ];

    private string SortKey => (string.IsNullOrWhiteSpace(Sort) ? "name" : Sort).Trim().TrimStart('-', '+');
    private bool SortDescending => (Sort ?? "").Trim().StartsWith('-');
    private bool SortedBy(string key) => string.Equals(SortKey, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sorted column's aria-sort (null, so not written, on the others).</summary>
    public string? AriaSort(string key) => SortedBy(key) ? SortDescending ? "descending" : "ascending" : null;

    /// <summary>▲ ascending, ▼ descending, on the sorted column only.</summary>
    public string Arrow(string key) => SortedBy(key) ? SortDescending ? "▼" : "▲" : "";

    /// <summary>The heading's link: the sorted column turns round, any other sorts ascending.</summary>
    public string SortLink(string key) => "/Registry" + QueryString(SortedBy(key) && !SortDescending ? "-" + key : key);

    public string PageLink(int page) => "/Registry" + QueryString(page: page);
}
