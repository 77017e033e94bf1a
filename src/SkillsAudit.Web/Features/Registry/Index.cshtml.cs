using System.Net;
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
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<FilingRow>? Result { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync()
    {
        try
        {
            Result = await search.RunAsync(new FilingQuery
            {
                Q = Q, Region = Region, Type = Type, Supervision = Supervision, Status = Status, Occupation = Occupation, Sort = Sort,
                Page = Math.Max(1, PageNumber),
            });
        }
        catch (DomainValidationException e)
        {
            Errors.AddRange(e.Errors.Select(x => x.Message));
        }
    }

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

    public string SortLink(string key) => "/Registry" + QueryString(Sort == key ? "-" + key : key);

    public string PageLink(int page) => "/Registry" + QueryString(page: page);
}
