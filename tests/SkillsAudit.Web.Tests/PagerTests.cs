using Shouldly;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>A list's page links stay few however long the list, and every page stays reachable (the audit log stopped at 30).</summary>
public sealed class PagerTests
{
    private static IReadOnlyList<int?> Items(int page, int pages) => new Pager(page, pages, p => "?page=" + p).Items();

    [Fact]
    public void A_short_list_links_every_page() => Items(1, 3).ShouldBe([1, 2, 3]);

    [Fact]
    public void A_long_list_links_the_ends_and_the_pages_near_the_current_one_with_gaps_between()
    {
        Items(25, 50).ShouldBe([1, null, 23, 24, 25, 26, 27, null, 50]);
        Items(1, 40).ShouldBe([1, 2, 3, null, 40]);
        Items(40, 40).ShouldBe([1, null, 38, 39, 40]);
        Items(4, 10).ShouldBe([1, 2, 3, 4, 5, 6, null, 10]);
    }

    [Fact]
    public void Every_page_of_a_long_list_can_be_reached_by_following_links()
    {
        const int pages = 60;
        var reached = new HashSet<int> { 1 };
        var frontier = new Queue<int>([1]);
        while (frontier.TryDequeue(out var page))
            foreach (var p in Items(page, pages).OfType<int>())
                if (reached.Add(p)) frontier.Enqueue(p);
        reached.Count.ShouldBe(pages);
    }
}
