using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Domain.Calendar;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Calendar;

/// <summary>One listed day of the working-day calendar (放假 or 调休上班), kept in the database so every instance counts alike.</summary>
public sealed class CalendarEntry
{
    public DateOnly Date { get; set; }
    /// <summary>Holiday | Workday.</summary>
    public CalendarDayKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CalendarEntryConfiguration : IEntityTypeConfiguration<CalendarEntry>
{
    public void Configure(EntityTypeBuilder<CalendarEntry> b)
    {
        b.ToTable("CalendarDays");
        b.HasKey(x => x.Date);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Name).HasMaxLength(50).IsRequired();
        b.Property(x => x.UpdatedBy).HasMaxLength(100).IsRequired();
    }
}

public static class CalendarSets
{
    extension(AppDb db)
    {
        public DbSet<CalendarEntry> CalendarDays => db.Set<CalendarEntry>();
    }
}

public sealed record CalendarDayView(DateOnly Date, string Weekday, string Kind, string KindName, string Name, string UpdatedBy, DateTimeOffset UpdatedAt);
public sealed record CalendarYearView(int Year, bool Listed, string? Source, IReadOnlyList<CalendarDayView> Days);
public sealed record CalendarDayInput(string? Date, string? Kind, string? Name);

/// <summary>
/// The working-day calendar (public holidays and adjusted working weekends): everyone may read it, an administrator
/// edits it (each change audited); deadlines in working days (复核申请) are counted on it.
/// </summary>
public sealed class CalendarHandlers(AppDb db)
{
    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    public async Task<WorkingDayCalendar> LoadAsync(CancellationToken ct = default) =>
        new((await db.CalendarDays.AsNoTracking().Select(d => new { d.Date, d.Kind, d.Name }).ToListAsync(ct)).Select(d => new CalendarDay(d.Date, d.Kind, d.Name)));

    public async Task<CalendarYearView> YearAsync(int year, CancellationToken ct = default)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var rows = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync(ct);
        return new CalendarYearView(year, rows.Count > 0, OfficialSchedules.Sources.GetValueOrDefault(year), rows.Select(View).ToList());
    }

    private static CalendarDayView View(CalendarEntry d) =>
        new(d.Date, Weekdays[(int)d.Date.DayOfWeek], d.Kind.ToString(), CalendarDay.Chinese(d.Kind), d.Name, d.UpdatedBy, d.UpdatedAt);

    public static DateOnly ParseDate(string? text)
    {
        if (DateOnly.TryParseExact((text ?? "").Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new DomainException("date", $"“{text}”不是日期（应为 yyyy-MM-dd）");
    }

    public static CalendarDayKind ParseKind(string? text) => (text ?? "").Trim() switch
    {
        "Holiday" or "holiday" or "放假" or "休" => CalendarDayKind.Holiday,
        "Workday" or "workday" or "调休上班" or "上班" or "班" => CalendarDayKind.Workday,
        var t => throw new DomainException("kind", $"未知的类别“{t}”：应为 Holiday（放假）或 Workday（调休上班）"),
    };

    /// <summary>Adds or changes one day (administrators only).</summary>
    public async Task<CalendarDayView> SetAsync(bool isAdmin, string actor, CalendarDayInput input, CancellationToken ct = default)
    {
        if (!isAdmin) throw new ForbiddenException("只有系统管理员可以修改节假日安排");
        var errors = new List<DomainException>();
        DateOnly date = default;
        CalendarDayKind kind = default;
        try { date = ParseDate(input.Date); } catch (DomainException e) { errors.Add(e); }
        try { kind = ParseKind(input.Kind); } catch (DomainException e) { errors.Add(e); }
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0) errors.Add(new("name", "请填写节日名称（如 国庆节）"));
        else if (name.Length > 50) errors.Add(new("name", "名称不能超过 50 字"));
        if (errors.Count == 0 && kind == CalendarDayKind.Workday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            errors.Add(new("kind", $"{date:yyyy-MM-dd} 是{Weekdays[(int)date.DayOfWeek]}，本来就是工作日，不能设为调休上班"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var row = await db.CalendarDays.FirstOrDefaultAsync(d => d.Date == date, ct);
        if (row is null) db.CalendarDays.Add(row = new CalendarEntry { Date = date });
        row.Kind = kind;
        row.Name = name;
        row.UpdatedBy = actor;
        row.UpdatedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return View(row);
    }

    /// <summary>Removes one listed day: it becomes a plain weekday or weekend again (administrators only).</summary>
    public async Task RemoveAsync(bool isAdmin, string? date, CancellationToken ct = default)
    {
        if (!isAdmin) throw new ForbiddenException("只有系统管理员可以修改节假日安排");
        var d = ParseDate(date);
        var row = await db.CalendarDays.FirstOrDefaultAsync(x => x.Date == d, ct) ?? throw new NotFoundException($"节假日安排中没有 {d:yyyy-MM-dd}");
        db.CalendarDays.Remove(row);
        await db.SaveChangesAsync(ct);
    }
}
