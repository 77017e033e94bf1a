using System.Reflection;
using SkillsAudit.Data.Features.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The import reuses its records once written (RecordPool): a reused record must be a new one in every respect.</summary>
public sealed class StatisticsRecordPoolTests
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    [Fact]
    public void Clear_resets_every_field_of_a_record_to_a_new_records_value()
    {
        var r = new StatisticsRecord();
        var fields = typeof(StatisticsRecord).GetFields(Members);
        fields.Length.ShouldBeGreaterThan(20); // the auto-properties' backing fields and the deferred source
        foreach (var f in fields) f.SetValue(r, Different(f.FieldType));
        foreach (var f in fields) f.GetValue(r).ShouldNotBe(f.GetValue(new StatisticsRecord()), f.Name);
        r.Clear();
        var fresh = new StatisticsRecord();
        foreach (var f in fields) f.GetValue(r).ShouldBe(f.GetValue(fresh), f.Name);
    }

    private static object Different(Type t) =>
        (Nullable.GetUnderlyingType(t) ?? t) switch
        {
            var x when x == typeof(int) => 7,
            var x when x == typeof(long) => 7L,
            var x when x == typeof(decimal) => 7m,
            var x when x == typeof(string) => "x",
            var x => throw new InvalidOperationException($"StatisticsRecord has a field of type {x}: give it a value here and reset it in Clear"),
        };

    [Theory]
    [InlineData("a.xlsx 工作表“统计” 第", 9)]
    [InlineData("", 1234567)]
    [InlineData(null, 2147483647)] // a prefix of 299 characters: the row number is cut
    [InlineData(null, 5)]
    public void A_deferred_source_is_the_text_it_replaces(string? prefix, int line)
    {
        prefix ??= new string('表', line == 5 ? 305 : 299);
        var r = new StatisticsRecord { SourcePrefix = prefix, SourceLine = line };
        var text = prefix + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "行";
        var expected = text.Length <= 300 ? text : text[..300];
        r.SourceText.ShouldBe(expected);
        r.Source.ShouldBeNull();
        var buffer = new char[StatisticsRecord.SourceRoom];
        new string(buffer, 0, r.FormatSource(buffer)).ShouldBe(expected);
        new StatisticsRecord { Source = "填报表" }.SourceText.ShouldBe("填报表");
    }

    [Fact]
    public void Records_come_back_cleared_only_after_they_are_returned()
    {
        var pool = new RecordPool();
        var first = pool.Rent();
        first.Assessed = 5;
        first.SourcePrefix = "x";
        pool.Rent().ShouldNotBeSameAs(first); // nothing returned yet: a new one
        pool.Return([first]);
        var again = pool.Rent();
        again.ShouldBeSameAs(first);
        again.Assessed.ShouldBe(0);
        again.SourcePrefix.ShouldBeNull();
        pool.Rent().ShouldNotBeSameAs(first); // used up
    }
}
