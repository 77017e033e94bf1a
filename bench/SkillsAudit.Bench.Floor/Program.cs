// The stack's floor (bench/run-web): the default web host, Razor Pages and EF Core on SQLite, one page that counts the
// rows of one table. On an empty database the table is created at start (EnsureCreated), as the app migrates its own.
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Bench.Floor;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();
builder.Services.AddDbContext<FloorDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Default")));
var app = builder.Build();
using (var scope = app.Services.CreateScope())
    await scope.ServiceProvider.GetRequiredService<FloorDb>().Database.EnsureCreatedAsync();
app.UseStaticFiles();
app.UseRouting();
app.MapRazorPages();
await app.RunAsync();
