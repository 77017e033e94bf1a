using Shouldly;
using SkillsAudit.Web.Features.Publication;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>An issued notice's download (its PDF takes Chromium seconds) is made once per version, shared by the requests waiting for it.</summary>
public sealed class IssuedNoticeFilesTests
{
    [Fact]
    public async Task An_issued_notice_file_is_made_once_for_concurrent_and_later_downloads_of_the_same_version()
    {
        var files = new IssuedNoticeFiles();
        var made = 0;
        var gate = new TaskCompletionSource();
        async Task<byte[]> Make()
        {
            Interlocked.Increment(ref made);
            await gate.Task;
            return [1, 2, 3];
        }
        var waiting = Enumerable.Range(0, 5).Select(_ => files.GetAsync(7, 1, "pdf", Make)).ToList();
        gate.SetResult();
        (await Task.WhenAll(waiting)).ShouldAllBe(b => b.SequenceEqual(new byte[] { 1, 2, 3 }));
        (await files.GetAsync(7, 1, "pdf", Make)).ShouldBe([1, 2, 3]);
        made.ShouldBe(1);
        // Another version or format is another file.
        await files.GetAsync(7, 2, "pdf", Make);
        await files.GetAsync(7, 1, "docx", Make);
        made.ShouldBe(3);
    }

    [Fact]
    public async Task A_failed_print_is_tried_again_at_the_next_download()
    {
        var files = new IssuedNoticeFiles();
        var calls = 0;
        Task<byte[]> Make() => ++calls == 1 ? Task.FromException<byte[]>(new InvalidOperationException("打印失败")) : Task.FromResult<byte[]>([9]);
        await Should.ThrowAsync<InvalidOperationException>(() => files.GetAsync(1, 1, "pdf", Make));
        (await files.GetAsync(1, 1, "pdf", Make)).ShouldBe([9]);
        calls.ShouldBe(2);
    }
}
