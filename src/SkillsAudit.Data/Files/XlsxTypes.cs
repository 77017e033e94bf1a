namespace SkillsAudit.Data.Files;

/// <summary>
/// Limits on what <see cref="XlsxStreamReader"/> reads, so that a hostile or broken file is refused before it costs
/// memory or time. A file beyond any limit is refused with a Chinese message naming the file and the limit.
/// </summary>
public sealed class XlsxReadLimits
{
    /// <summary>Rows per sheet (a spreadsheet row number above this is refused).</summary>
    public int MaxRows { get; init; } = 2_000_000;
    /// <summary>Columns per row (a cell beyond this column is refused).</summary>
    public int MaxColumns { get; init; } = 1_024;
    /// <summary>Characters in one cell's text.</summary>
    public int MaxCellChars { get; init; } = 32_767;
    /// <summary>Uncompressed bytes of one part of the file (a sheet, the shared strings, the styles): zip bombs stop here.</summary>
    public long MaxEntryBytes { get; init; } = 1L << 30;
    /// <summary>Uncompressed bytes of the small parts (workbook, relationships, styles).</summary>
    public long MaxMetaBytes { get; init; } = 16L << 20;
    /// <summary>Parts in the zip (read from its end record before its directory).</summary>
    public int MaxEntries { get; init; } = 10_000;
    /// <summary>Shared strings held in memory: their number and their characters in all.</summary>
    public int MaxSharedStrings { get; init; } = 2_000_000;
    public long MaxSharedStringChars { get; init; } = 20_000_000;
    /// <summary>Sheets and cell styles.</summary>
    public int MaxSheets { get; init; } = 1_000;
    public int MaxStyles { get; init; } = 65_536;

    public static XlsxReadLimits Default { get; } = new();
}

public enum XlsxCellKind : byte { Blank, Number, Text, Boolean, Error }

/// <summary>A cell holding a formula: its sheet, its reference ("C2") and the formula ("B2-64").</summary>
public sealed record XlsxFormula(string Sheet, string Cell, string Formula);

/// <summary>How a cell's style shows a number: as a percentage with so many decimals, as a date, or plainly.</summary>
public readonly record struct XlsxNumberFormat(bool IsPercent, bool IsDate, int Decimals);

/// <summary>
/// One row as read, reused from row to row (copy what must outlive the next <see cref="XlsxStreamReader.Read"/>):
/// per cell up to <see cref="Width"/> its kind, its number (Number, Boolean as 0/1), its text (Text, Error) and the
/// number format of its style, resolved once per style.
/// </summary>
public sealed class XlsxRow
{
    internal XlsxCellKind[] Kinds = new XlsxCellKind[16];
    internal double[] Numbers = new double[16];
    internal string?[] Texts = new string?[16];
    internal XlsxNumberFormat[] Formats = new XlsxNumberFormat[16];

    /// <summary>The 1-based row number as a spreadsheet shows it.</summary>
    public int Number { get; internal set; }
    /// <summary>One past the last cell that holds anything.</summary>
    public int Width { get; internal set; }

    public XlsxCellKind Kind(int c) => c < Width ? Kinds[c] : XlsxCellKind.Blank;
    public double NumberAt(int c) => Numbers[c];
    public string? TextAt(int c) => c < Width ? Texts[c] : null;
    public XlsxNumberFormat Format(int c) => Formats[c];

    internal void Clear(int number)
    {
        Array.Clear(Kinds, 0, Width);
        Array.Clear(Texts, 0, Width);
        Width = 0;
        Number = number;
    }

    internal void Ensure(int column)
    {
        if (column < Kinds.Length) return;
        var size = Math.Max(column + 1, Kinds.Length * 2);
        Array.Resize(ref Kinds, size);
        Array.Resize(ref Numbers, size);
        Array.Resize(ref Texts, size);
        Array.Resize(ref Formats, size);
    }
}

/// <summary>A part's stream that refuses to give more than its limit (a zip entry may state less than it holds).</summary>
internal sealed class BoundedStream(Stream inner, long limit, Func<Exception> over) : Stream
{
    private long _read;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > limit) throw over();
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
