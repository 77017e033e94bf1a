using Shouldly;
using SkillsAudit.Data.Platform;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The short cache behind the session check, the bell, registry list pages and the decrypted cookies and form tokens.</summary>
public sealed class CounterBoundCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private long _counter;
    private int _reads;

    private Task<int> Read(CancellationToken _) => Task.FromResult(++_reads);

    [Fact]
    public async Task An_entry_is_used_until_its_bound_and_read_again_at_the_bound()
    {
        var clock = new FakeClock(Start);
        var cache = new CounterBoundCache<string, int>(TimeSpan.FromSeconds(5), () => _counter, clock, maxEntries: 10);
        (await cache.GetAsync("a", Read, default)).ShouldBe(1);
        clock.Now = Start.AddSeconds(4.9);
        (await cache.GetAsync("a", Read, default)).ShouldBe(1);
        clock.Now = Start.AddSeconds(5);
        (await cache.GetAsync("a", Read, default)).ShouldBe(2);
    }

    [Fact]
    public async Task A_moved_change_counter_makes_every_entry_stale_at_once()
    {
        var cache = new CounterBoundCache<string, int>(TimeSpan.FromMinutes(5), () => _counter, new FakeClock(Start), maxEntries: 10);
        (await cache.GetAsync("a", Read, default)).ShouldBe(1);
        (await cache.GetAsync("b", Read, default)).ShouldBe(2);
        _counter++;
        (await cache.GetAsync("a", Read, default)).ShouldBe(3);
        (await cache.GetAsync("b", Read, default)).ShouldBe(4);
        (await cache.GetAsync("a", Read, default)).ShouldBe(3);
    }

    [Fact]
    public async Task A_write_during_the_read_leaves_the_entry_stale()
    {
        var cache = new CounterBoundCache<string, int>(TimeSpan.FromMinutes(5), () => _counter, new FakeClock(Start), maxEntries: 10);
        (await cache.GetAsync("a", ct => { _counter++; return Read(ct); }, default)).ShouldBe(1); // read under the old counter
        (await cache.GetAsync("a", Read, default)).ShouldBe(2);
    }

    [Fact]
    public async Task A_zero_bound_reads_on_every_call_and_a_full_cache_is_emptied()
    {
        var none = new CounterBoundCache<string, int>(TimeSpan.Zero, () => _counter, new FakeClock(Start), maxEntries: 10);
        (await none.GetAsync("a", Read, default)).ShouldBe(1);
        (await none.GetAsync("a", Read, default)).ShouldBe(2);

        var small = new CounterBoundCache<string, int>(TimeSpan.FromMinutes(5), () => _counter, new FakeClock(Start), maxEntries: 2);
        (await small.GetAsync("a", Read, default)).ShouldBe(3);
        (await small.GetAsync("b", Read, default)).ShouldBe(4);
        (await small.GetAsync("c", Read, default)).ShouldBe(5); // full: emptied, then c kept
        (await small.GetAsync("a", Read, default)).ShouldBe(6);
        (await small.GetAsync("c", Read, default)).ShouldBe(5);
    }

    [Fact]
    public void A_value_kept_with_Set_is_found_until_its_bound_and_gone_at_the_bound()
    {
        var clock = new FakeClock(Start);
        var cache = new CounterBoundCache<string, string>(TimeSpan.FromSeconds(60), CounterBoundCache.Unchanging, clock, maxEntries: 10);
        cache.Set("a", "1", cache.Version);
        clock.Now = Start.AddSeconds(59.9);
        cache.TryGet("a", out var held).ShouldBeTrue();
        held.ShouldBe("1");
        clock.Now = Start.AddSeconds(60);
        cache.TryGet("a", out _).ShouldBeFalse();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void A_value_kept_under_an_older_counter_is_not_found()
    {
        var cache = new CounterBoundCache<string, string>(TimeSpan.FromMinutes(5), () => _counter, new FakeClock(Start), maxEntries: 10);
        var version = cache.Version;
        _counter++; // a write while the value was being computed
        cache.Set("a", "1", version);
        cache.TryGet("a", out _).ShouldBeFalse();
    }

    [Fact]
    public void Set_keeps_nothing_with_a_zero_bound_or_no_room()
    {
        foreach (var cache in new[]
        {
            new CounterBoundCache<string, string>(TimeSpan.Zero, CounterBoundCache.Unchanging, new FakeClock(Start), maxEntries: 10),
            new CounterBoundCache<string, string>(TimeSpan.FromMinutes(5), CounterBoundCache.Unchanging, new FakeClock(Start), maxEntries: 0),
        })
        {
            cache.Enabled.ShouldBeFalse();
            cache.Set("a", "1", cache.Version);
            cache.TryGet("a", out _).ShouldBeFalse();
            cache.Count.ShouldBe(0);
        }
    }
}
