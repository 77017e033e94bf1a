using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Calendar;

namespace SkillsAudit.Web.Features.Admin;

/// <summary>节假日安排 (admin): the listed holidays and adjusted working weekends of a year; add, change or remove a day.</summary>
public sealed class CalendarModel(CalendarHandlers handlers) : PageModel
{
    public CalendarYearView Year { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public int? Y { get; set; }

    public async Task OnGetAsync() =>
        Year = await handlers.YearAsync(Y ?? DateTime.UtcNow.AddHours(8).Year, HttpContext.RequestAborted);
}
