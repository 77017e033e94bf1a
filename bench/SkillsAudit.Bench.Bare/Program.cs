// The baseline of bench/run-web: bare Kestrel (no middleware) answering every GET with the same 2 KB of HTML, as fast as
// this machine serves anything over HTTP. The web rows are measured against it in the same run.
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = Encoding.UTF8.GetBytes("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>基准</title></head><body><p>"
    + new string('x', 2048 - 120) + "</p></body></html>");
app.Run(async http =>
{
    http.Response.ContentType = "text/html; charset=utf-8";
    http.Response.ContentLength = body.Length;
    await http.Response.Body.WriteAsync(body);
});
app.Run();
