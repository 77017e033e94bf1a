namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// A list's page links: the first and last page, the two either side of the current one, and a gap (…) between, so that
/// a list of 50 pages shows about nine links, every page stays reachable, and none is left out at the end.
/// </summary>
public sealed record Pager(int Page, int Pages, Func<int, string> Link)
{
    /// <summary>The pages to link, in order; null where pages are left out.</summary>
    public IReadOnlyList<int?> Items()
    {
        var items = new List<int?>();
        for (var p = 1; p <= Pages; p++)
        {
            if (p == 1 || p == Pages || Math.Abs(p - Page) <= 2) items.Add(p);
            else if (items.Count > 0 && items[^1] is not null) items.Add(null);
        }
        return items;
    }
}
