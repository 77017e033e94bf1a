using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Files;

/// <summary>
/// A read-only view of a file's stream that checks the file's <see cref="ReadBudget"/> on every read and seek: unpacking
/// and parsing pull their bytes through it, so a file that takes too long is stopped wherever the reader is.
/// </summary>
public sealed class BudgetStream : Stream
{
    private readonly Stream _inner;

    private BudgetStream(Stream inner, ReadBudget budget) => (_inner, Budget) = (inner, budget);

    public ReadBudget Budget { get; }

    /// <summary>The stream under a budget for <paramref name="fileName"/> started now; a stream already under one keeps it.</summary>
    public static BudgetStream Wrap(Stream stream, string fileName) =>
        stream as BudgetStream ?? new BudgetStream(stream, ReadBudget.Start(fileName));

    public override bool CanRead => _inner.CanRead;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set { Budget.Check(); _inner.Position = value; }
    }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Budget.Check();
        return _inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Budget.Check();
        return _inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Budget.Check();
        return await _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Budget.Check();
        return _inner.Seek(offset, origin);
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
