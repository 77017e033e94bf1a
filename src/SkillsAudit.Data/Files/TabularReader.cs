using System.Text;
using ExcelDataReader;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Files;

/// <summary>A file could not be read at all (corrupt, wrong type, wrong encoding); the message names the file and, where known, the sheet.</summary>
public sealed class FileReadException(string message, Exception? inner = null) : InvalidInputException(message, inner)
{
    public override IReadOnlyList<InputError> InputErrors => [new("file", Message)];
}

/// <summary>One row as read from a sheet, with its 1-based row number as a spreadsheet shows it.</summary>
public sealed record SheetRow(int RowNumber, string?[] Cells)
{
    /// <summary>The name of the sheet the row came from ("" for csv).</summary>
    public string Sheet { get; init; } = "";

    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Streams the rows of the first sheet of an xlsx (<see cref="XlsxStreamReader"/>), xls or csv file (ExcelDataReader),
/// one row at a time, so that large files are never held in memory. Cells come back as invariant text.
/// </summary>
public static class TabularReader
{
    static TabularReader()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static readonly IReadOnlyList<string> Extensions = [".xlsx", ".xls", ".csv"];

    /// <summary>
    /// What the record importers (filings, rosters, certificates, expert sheets, rubric sheets) accept: at most 100,000
    /// rows of 256 columns in a file of at most 50 MB. (Statistics have their own, larger limits.)
    /// </summary>
    public static readonly XlsxReadLimits ImportLimits = new() { MaxRows = 100_000, MaxColumns = 256, MaxEntryBytes = 512L << 20 };
    public const long MaxFileBytes = 50L << 20;
    /// <summary>Characters of one csv line: a file without line breaks is refused before it is held.</summary>
    public const int MaxCsvLineBytes = 1 << 20;
    /// <summary>Rows padded to the sheet's width only up to this many columns (an empty row is not padded at all).</summary>
    private const int MaxPadding = 64;

    public static IEnumerable<SheetRow> ReadRows(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length > MaxFileBytes)
            throw new FileReadException($"{fileName}：文件大小 {stream.Length / 1024.0 / 1024.0:0.#} MB，超过上限 {MaxFileBytes / 1024 / 1024} MB，未读取");
        // The file's time budget (Files:ReadSeconds) starts here and covers unpacking and parsing.
        stream = BudgetStream.Wrap(stream, fileName);
        return IsXlsx(stream, fileName) ? IterateXlsx(stream, fileName) : Iterate(OpenReader(stream, fileName, "xlsx、xls 或 csv"), fileName);
    }

    /// <summary>Is it an .xlsx that starts as a zip (i.e. not password-protected)? The stream's position is kept.</summary>
    public static bool IsXlsx(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)) return false;
        var start = stream.Position;
        Span<byte> sig = stackalloc byte[2];
        var zip = stream.Read(sig) == 2 && sig[0] == (byte)'P' && sig[1] == (byte)'K';
        stream.Position = start;
        return zip;
    }

    /// <summary>The first sheet of an xlsx through <see cref="XlsxStreamReader"/>, cells as <see cref="Format"/> gives them.</summary>
    private static IEnumerable<SheetRow> IterateXlsx(Stream stream, string fileName)
    {
        using var reader = new XlsxStreamReader(stream, fileName, ImportLimits);
        if (!reader.NextSheet()) yield break;
        var width = Math.Min(reader.MeasureWidth(), MaxPadding);
        var row = reader.Row;
        while (reader.Read())
        {
            if (row.Width == 0)
            {
                yield return new SheetRow(row.Number, []) { Sheet = reader.SheetName };
                continue;
            }
            var cells = new string?[Math.Max(row.Width, width)];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = row.Kind(c) switch
                {
                    XlsxCellKind.Number when row.Format(c).IsDate && row.NumberAt(c) is > -657435 and < 2958466 => Format(DateTime.FromOADate(row.NumberAt(c))),
                    XlsxCellKind.Number => Format(row.NumberAt(c)),
                    XlsxCellKind.Boolean => Format(row.NumberAt(c) != 0),
                    XlsxCellKind.Text or XlsxCellKind.Error => row.TextAt(c),
                    _ => null,
                };
            }
            yield return new SheetRow(row.Number, cells) { Sheet = reader.SheetName };
        }
    }

    /// <summary>
    /// Opens an xlsx, xls or csv (GB18030 when not UTF-8) with ExcelDataReader. A file that cannot be opened becomes a
    /// <see cref="FileReadException"/> naming it and saying why (password, corrupt, unsupported type).
    /// </summary>
    public static IExcelDataReader OpenReader(Stream stream, string fileName, string supported)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        stream = BudgetStream.Wrap(stream, fileName);
        try
        {
            return ext switch
            {
                ".xlsx" or ".xls" => ExcelReaderFactory.CreateReader(stream),
                ".csv" => ExcelReaderFactory.CreateCsvReader(new LineBoundedStream(stream, MaxCsvLineBytes, fileName),
                    new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding("GB18030"), AnalyzeInitialCsvRows = 1_000 }),
                _ => throw new FileReadException($"{fileName}：不支持的文件类型“{ext}”，应为 {supported}"),
            };
        }
        catch (Exception e) when (e is not FileReadException and not ReadBudgetExceededException and not OperationCanceledException)
        {
            throw new FileReadException(Describe(fileName, e), e);
        }
    }

    private static IEnumerable<SheetRow> Iterate(IExcelDataReader reader, string fileName)
    {
        using (reader)
        {
            var budget = ReadBudget.Start(fileName);
            var row = 0;
            while (true)
            {
                if ((row & 255) == 0) budget.Check();
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (DecoderFallbackException e)
                {
                    throw new FileReadException($"{fileName} 第{row + 1}行：文字编码无法识别（应为 UTF-8 或 GB18030），未读取", e);
                }
                catch (Exception e) when (e is not FileReadException and not ReadBudgetExceededException and not OperationCanceledException)
                {
                    throw new FileReadException($"{fileName} 工作表“{reader.Name}”第{row + 1}行：无法读取，文件可能已损坏", e);
                }
                if (!more) yield break;
                row++;
                if (row > ImportLimits.MaxRows) throw new FileReadException($"{fileName}：行数超过上限 {ImportLimits.MaxRows:N0} 行，未读取");
                if (reader.FieldCount > ImportLimits.MaxColumns)
                    throw new FileReadException($"{fileName} 第{row}行：列数 {reader.FieldCount:N0} 超过上限 {ImportLimits.MaxColumns} 列，未读取");
                var cells = new string?[reader.FieldCount];
                for (var c = 0; c < cells.Length; c++)
                {
                    cells[c] = Format(reader.GetValue(c));
                    if (cells[c] is { Length: > 32_767 }) throw new FileReadException($"{fileName} 第{row}行第{ColumnName(c)}列：单元格超过 32767 个字符的上限，未读取");
                }
                yield return new SheetRow(row, cells) { Sheet = reader.Name ?? "" };
            }
        }
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : dt.ToString("s", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Spreadsheet column letters: 0 → A, 26 → AA.</summary>
    public static string ColumnName(int index) => Domain.Common.SpreadsheetColumns.Name(index);

    /// <summary>
    /// Why a spreadsheet could not be read, in a sentence naming the file, in Chinese only: the reader's own message
    /// (English, "Invalid file signature.") is not for users; it stays on the exception's InnerException for the logs.
    /// </summary>
    public static string Describe(string fileName, Exception e) => e switch
    {
        ExcelDataReader.Exceptions.InvalidPasswordException => $"{fileName}：文件设有密码保护，请取消密码后再导入",
        DecoderFallbackException => $"{fileName}：文字编码无法识别（应为 UTF-8 或 GB18030），未读取",
        ExcelDataReader.Exceptions.HeaderException or ExcelDataReader.Exceptions.ExcelReaderException or System.IO.InvalidDataException
            => $"{fileName}：文件已损坏或不是有效的 Excel 文件，请用 Excel 或 WPS 打开确认后另存，再重新选择",
        _ => $"{fileName}：文件无法读取，可能已损坏或格式不受支持",
    };
}

/// <summary>A csv file's stream that refuses a line longer than its limit (ExcelDataReader holds a whole line).</summary>
internal sealed class LineBoundedStream(Stream inner, int maxLine, string fileName) : Stream
{
    private int _sinceNewline;
    private long _position;
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set { inner.Position = value; _sinceNewline = 0; _position = value; }
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        var span = buffer[..n];
        var first = span.IndexOf((byte)'\n');
        var longest = first < 0 ? _sinceNewline + n : _sinceNewline + first;
        _sinceNewline = first < 0 ? _sinceNewline + n : n - span.LastIndexOf((byte)'\n') - 1;
        if (Math.Max(longest, _sinceNewline) > maxLine) throw new FileReadException($"{fileName}：有一行超过 {maxLine / 1024 / 1024} MB（缺少换行），未读取");
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        _sinceNewline = 0;
        return _position = inner.Seek(offset, origin);
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
