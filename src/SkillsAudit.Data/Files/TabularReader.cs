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

    public static IEnumerable<SheetRow> ReadRows(Stream stream, string fileName) =>
        IsXlsx(stream, fileName) ? IterateXlsx(stream, fileName) : Iterate(OpenReader(stream, fileName, "xlsx、xls 或 csv"), fileName);

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
        using var reader = new XlsxStreamReader(stream, fileName);
        if (!reader.NextSheet()) yield break;
        var width = reader.MeasureWidth();
        var row = reader.Row;
        while (reader.Read())
        {
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
        try
        {
            return ext switch
            {
                ".xlsx" or ".xls" => ExcelReaderFactory.CreateReader(stream),
                ".csv" => ExcelReaderFactory.CreateCsvReader(stream, new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding("GB18030") }),
                _ => throw new FileReadException($"{fileName}：不支持的文件类型“{ext}”，应为 {supported}"),
            };
        }
        catch (Exception e) when (e is not FileReadException)
        {
            throw new FileReadException(Describe(fileName, e), e);
        }
    }

    private static IEnumerable<SheetRow> Iterate(IExcelDataReader reader, string fileName)
    {
        using (reader)
        {
            var row = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (Exception e)
                {
                    throw new FileReadException($"{fileName} 工作表“{reader.Name}”第{row + 1}行：无法读取（{e.Message}）", e);
                }
                if (!more) yield break;
                row++;
                var cells = new string?[reader.FieldCount];
                for (var c = 0; c < cells.Length; c++)
                {
                    cells[c] = Format(reader.GetValue(c));
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

    /// <summary>Why a spreadsheet could not be read, in a sentence naming the file.</summary>
    public static string Describe(string fileName, Exception e) => e switch
    {
        ExcelDataReader.Exceptions.InvalidPasswordException => $"{fileName}：文件设有密码保护，请取消密码后再导入",
        ExcelDataReader.Exceptions.HeaderException or ExcelDataReader.Exceptions.ExcelReaderException or System.IO.InvalidDataException
            => $"{fileName}：文件已损坏或不是有效的 Excel 文件（{e.Message}）",
        _ => $"{fileName}：无法读取（{e.Message}）",
    };
}
