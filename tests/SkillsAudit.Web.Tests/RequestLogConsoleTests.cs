using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Shouldly;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The request log's batched console writer: the same lines as the console logger, fewer writes.</summary>
public sealed class RequestLogConsoleTests
{
    private static (RequestLogConsoleProvider Provider, CountingStream Out, ServiceProvider Services) Make(bool json, TimeSpan interval)
    {
        var services = new ServiceCollection().AddLogging(b => { if (json) b.AddJsonConsole(); else b.AddConsole(); }).BuildServiceProvider();
        var output = new CountingStream();
        var provider = new RequestLogConsoleProvider(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
            services.GetServices<ConsoleFormatter>(), output, interval);
        return (provider, output, services);
    }

    [Fact]
    public void Request_lines_are_written_in_one_batch_formatted_as_the_console_logger_writes_them()
    {
        var (provider, output, services) = Make(json: false, TimeSpan.FromSeconds(5)); // no timed flush during the test
        using (services)
        {
            var log = provider.CreateLogger(Operations.RequestLogCategory);
            for (var i = 0; i < 100; i++)
                log.LogInformation("{Method} {Path} {StatusCode} user={User}", "GET", "/Public/140900-2023-" + i, 200, "-");
            output.Writes.ShouldBe(0); // queued, not written line by line
            provider.Dispose(); // flushes what is queued
            output.Writes.ShouldBe(1);
            var text = output.Text;
            text.ShouldContain("info: SkillsAudit.Requests[0]");
            text.ShouldContain("GET /Public/140900-2023-0 200 user=-");
            text.ShouldContain("GET /Public/140900-2023-99 200 user=-");
            text.IndexOf("140900-2023-7 ", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("140900-2023-8 ", StringComparison.Ordinal)); // in order
        }
    }

    [Fact]
    public void An_error_line_is_written_at_once_with_everything_queued_before_it()
    {
        var (provider, output, services) = Make(json: false, TimeSpan.FromSeconds(5));
        using (services)
        using (provider)
        {
            var log = provider.CreateLogger(Operations.RequestLogCategory);
            log.LogInformation("GET /a 200");
            log.LogError("POST /b 500 trace=abc");
            output.Writes.ShouldBe(1);
            output.Text.ShouldContain("GET /a 200");
            output.Text.ShouldContain("fail: SkillsAudit.Requests[0]");
            output.Text.ShouldContain("POST /b 500 trace=abc");
        }
    }

    [Fact]
    public void Queued_lines_are_written_by_the_timer_without_a_further_request()
    {
        var (provider, output, services) = Make(json: false, TimeSpan.FromMilliseconds(20));
        using (services)
        using (provider)
        {
            provider.CreateLogger(Operations.RequestLogCategory).LogInformation("GET /late 200");
            var until = DateTime.UtcNow.AddSeconds(10);
            while (!output.Text.Contains("GET /late 200", StringComparison.Ordinal) && DateTime.UtcNow < until) Thread.Sleep(10);
            output.Text.ShouldContain("GET /late 200");
        }
    }

    [Fact]
    public void With_json_logging_each_request_line_is_one_json_object()
    {
        var (provider, output, services) = Make(json: true, TimeSpan.FromSeconds(5));
        using (services)
        {
            provider.CreateLogger(Operations.RequestLogCategory).LogInformation("{Method} {Path} {StatusCode}", "GET", "/公示", 200);
            provider.Dispose();
            var line = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
            var doc = JsonDocument.Parse(line).RootElement;
            doc.GetProperty("Category").GetString().ShouldBe(Operations.RequestLogCategory);
            doc.GetProperty("State").GetProperty("Path").GetString().ShouldBe("/公示");
        }
    }

    [Fact]
    public void Other_categories_are_not_written_by_the_request_log_writer()
    {
        var (provider, output, services) = Make(json: false, TimeSpan.FromSeconds(5));
        using (services)
        {
            provider.CreateLogger("SkillsAudit.Other").LogError("not mine");
            provider.Dispose();
            output.Writes.ShouldBe(0);
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }
        public string Text => Encoding.UTF8.GetString(ToArray());

        // MemoryStream sends a span write of a derived type through this overload: each write is counted once
        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }
    }
}
