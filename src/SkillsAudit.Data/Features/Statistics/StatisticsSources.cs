using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One row as read: its 1-based row (sheet) or line (text) number and its cells as text. Rows read from a sheet keep
/// the cell values (a string, or a number as a double) and render a cell's text only when asked, exactly as
/// <see cref="StatisticsSources.ReadSheets"/> has always formatted it; the import's fast path reads the numbers directly.
/// </summary>
public sealed class RawRow : IStatisticsSheetRow
{
    private string[]? _cells;
    // a row read from a sheet: per cell a string (_strings[c] not null), or a number (_numbers[c]), or blank (NaN);
    // kept unboxed because rows wait in queues and chunks, and what waits is what the GC has to copy
    private readonly string?[]? _strings;
    private readonly double[]? _numbers;

    public RawRow(int line, string[] cells)
    {
        Line = line;
        _cells = cells;
    }

    internal RawRow(int line, string?[] strings, double[] numbers)
    {
        Line = line;
        _strings = strings;
        _numbers = numbers;
    }

    public int Line { get; }

    public string[] Cells
    {
        get
        {
            if (_cells is null)
            {
                var cells = new string[_strings!.Length];
                for (var c = 0; c < cells.Length; c++) cells[c] = Text(c);
                _cells = cells;
            }
            return _cells;
        }
    }

    public int Length => _cells?.Length ?? _strings!.Length;

    /// <summary>A number read from a sheet (its text is <see cref="Render"/>'s), as opposed to text or a blank.</summary>
    public bool IsNumber(int column, out double value)
    {
        value = 0;
        if (_numbers is null || column >= _numbers.Length || _strings![column] is not null || double.IsNaN(_numbers[column])) return false;
        value = _numbers[column];
        return true;
    }

    /// <summary>The cell's text when it is not a number read from a sheet; null for such a number.</summary>
    internal string? StringAt(int c) => c >= Length ? "" : _cells is { } cells ? cells[c] : _strings![c] ?? (double.IsNaN(_numbers![c]) ? "" : null);

    /// <summary>Is the cell blank (or beyond the row)? Reads the unboxed cell, without formatting anything.</summary>
    internal bool IsBlank(int c)
    {
        if (c >= Length) return true;
        if (_cells is { } cells) return string.IsNullOrWhiteSpace(cells[c]);
        return _strings![c] is { } text ? string.IsNullOrWhiteSpace(text) : double.IsNaN(_numbers![c]);
    }

    /// <summary>The cell's text, "" when blank or beyond the row.</summary>
    public string Text(int column) => StringAt(column) ?? Render(_numbers![column]);

    internal static string Render(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    public int NonEmpty
    {
        get
        {
            var n = 0;
            if (_cells is { } cells) { foreach (var c in cells) if (c.Length > 0) n++; }
            else
            {
                for (var c = 0; c < _strings!.Length; c++)
                    if (_strings[c] is { Length: > 0 } || (_strings[c] is null && !double.IsNaN(_numbers![c]))) n++;
            }
            return n;
        }
    }
}

/// <summary>A problem found before any row is interpreted: file too big, corrupt, protected, or holding formulas.</summary>
public sealed record FileProblem(string? Sheet, int? Row, string? Column, string Message);

/// <summary>
/// Reads the files the statistics import accepts, row by row: xlsx through <see cref="XlsxStreamReader"/>, xls and csv
/// (and an xlsx that is not a zip, i.e. password-protected) through ExcelDataReader (every sheet),
/// and text (.md, .txt, .tsv) holding tables as the seeds print them — markdown pipe tables (seed 000 附件1/附件2) and
/// tab-separated lines (seed 001 附件2). Nothing is held beyond the current row.
/// </summary>
public static class StatisticsSources
{
    static StatisticsSources() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly IReadOnlyList<string> SheetExtensions = [".xlsx", ".xls", ".csv"];
    public static readonly IReadOnlyList<string> TextExtensions = [".md", ".txt", ".tsv"];

    public static bool IsText(string fileName) => TextExtensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());

    /// <summary>
    /// Cells holding formulas in an xlsx. ExcelDataReader gives only cached values, so the sheet XML is scanned with a
    /// streaming XmlReader for &lt;f&gt; elements; each is reported with its sheet and cell reference.
    /// Returns an empty list for a file that is not a zip (xls, an encrypted xlsx): ExcelDataReader judges those.
    /// </summary>
    public static IReadOnlyList<FileProblem> FindFormulas(Stream stream, int max = 50)
    {
        var found = new List<FileProblem>();
        Span<byte> sig = stackalloc byte[2];
        var start = stream.Position;
        if (stream.Read(sig) < 2 || sig[0] != (byte)'P' || sig[1] != (byte)'K') { stream.Position = start; return found; }
        stream.Position = start;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            var names = SheetNames(zip);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
            {
                using (var raw = entry.Open())
                {
                    if (!MayHoldFormula(raw)) continue;
                }
                var sheet = names.GetValueOrDefault(entry.FullName, Path.GetFileNameWithoutExtension(entry.FullName));
                using var s = entry.Open();
                using var xml = XmlReader.Create(s, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
                string? cell = null;
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element) continue;
                    if (xml.LocalName == "c") cell = xml.GetAttribute("r");
                    else if (xml.LocalName == "f")
                    {
                        found.Add(Formula(sheet, cell, xml.IsEmptyElement ? "" : xml.ReadElementContentAsString()));
                        if (found.Count >= max) break;
                    }
                }
                if (found.Count >= max) break;
            }
        }
        stream.Position = start;
        return found;
    }

    private static readonly byte[][] FormulaTags = ["<f>"u8.ToArray(), "<f "u8.ToArray(), "<f/"u8.ToArray(), ":f>"u8.ToArray(), ":f "u8.ToArray(), ":f/"u8.ToArray()];

    /// <summary>
    /// A byte-level pre-check of a sheet's XML, about ten times faster than the XmlReader scan: a formula is an
    /// &lt;f&gt; element (possibly with a namespace prefix), and a '&lt;' never occurs unescaped in text, so a sheet whose
    /// bytes contain none of "&lt;f&gt;", "&lt;f ", "&lt;f/" (or ":f&gt;", ":f ", ":f/") holds no formula. Anything that might be
    /// one (also text such as "a:f b") sends the sheet through the exact scan.
    /// </summary>
    private static bool MayHoldFormula(Stream xml)
    {
        const int overlap = 2;
        var buffer = new byte[1 << 16];
        var kept = 0;
        int read;
        while ((read = xml.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            var span = buffer.AsSpan(0, kept + read);
            foreach (var tag in FormulaTags)
                if (span.IndexOf(tag) >= 0) return true;
            kept = Math.Min(overlap, span.Length);
            span[^kept..].CopyTo(buffer);
        }
        return false;
    }

    private static (string? Column, int? Row) SplitReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return (null, null);
        var i = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i])) i++;
        return (reference[..i], int.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null);
    }

    /// <summary>Sheet part path → sheet name, from xl/workbook.xml and its relationships.</summary>
    private static Dictionary<string, string> SheetNames(ZipArchive zip)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } relEntry)
        {
            using var s = relEntry.Open();
            using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                    rels[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            }
        }
        if (zip.GetEntry("xl/workbook.xml") is { } wb)
        {
            using var s = wb.Open();
            using var xml = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet") continue;
                var name = xml.GetAttribute("name");
                var rid = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                if (name is not null && rid is not null && rels.TryGetValue(rid, out var path)) result[path] = name;
            }
        }
        return result;
    }

    /// <summary>
    /// Rows of every sheet of an xlsx, xls or csv. A percentage cell (number format with %) comes back as the seeds print
    /// it, "81.79%", so that a stated rate reads the same from a spreadsheet as from text.
    /// Throws <see cref="FileReadException"/> naming the file (and sheet and row) when it cannot be read.
    /// </summary>
    /// <param name="formulas">
    /// When given, an xlsx's formulas are noted here as they are met (at most 50), as <see cref="FindFormulas"/> would
    /// report them, so that the file need not be scanned for them first.
    /// </param>
    public static IEnumerable<(string Sheet, RawRow Row)> ReadSheets(Stream stream, string fileName, XlsxReadLimits? limits = null, List<FileProblem>? formulas = null) =>
        TabularReader.IsXlsx(stream, fileName)
            ? Iterate(stream, fileName, limits ?? XlsxReadLimits.Default, formulas)
            : Iterate(TabularReader.OpenReader(stream, fileName, "xlsx、xls、csv、md、txt 或 tsv"), fileName, Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An xlsx through <see cref="XlsxStreamReader"/>: numbers stay doubles, a percentage cell becomes its text
    /// ("81.79%", see <see cref="Percent"/>), a date "yyyy-MM-dd", a boolean TRUE/FALSE, text cleaned.
    /// </summary>
    private static IEnumerable<(string, RawRow)> Iterate(Stream stream, string fileName, XlsxReadLimits limits, List<FileProblem>? formulas)
    {
        using var reader = new XlsxStreamReader(stream, fileName, limits);
        while (reader.NextSheet())
        {
            NoteFormulas(reader, formulas);
            var sheet = reader.SheetName;
            var row = reader.Row;
            while (reader.Read())
            {
                var strings = new string?[row.Width];
                var numbers = new double[row.Width];
                for (var c = 0; c < strings.Length; c++)
                {
                    switch (row.Kind(c))
                    {
                        case XlsxCellKind.Number:
                            var d = row.NumberAt(c);
                            var format = row.Format(c);
                            if (format.IsPercent) strings[c] = Percent(d, format.Decimals);
                            else if (format.IsDate && d is > -657435 and < 2958466) strings[c] = DateTime.FromOADate(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                            else numbers[c] = d;
                            break;
                        case XlsxCellKind.Text or XlsxCellKind.Error: strings[c] = Clean(row.TextAt(c)!); break;
                        case XlsxCellKind.Boolean: strings[c] = row.NumberAt(c) != 0 ? "TRUE" : "FALSE"; break;
                        default: numbers[c] = double.NaN; break;
                    }
                }
                yield return (sheet, new RawRow(row.Number, strings, numbers));
            }
        }
        NoteFormulas(reader, formulas);
    }

    private static void NoteFormulas(XlsxStreamReader reader, List<FileProblem>? formulas)
    {
        if (formulas is null) return;
        lock (formulas)
        {
            foreach (var f in reader.Formulas) formulas.Add(Formula(f.Sheet, f.Cell, f.Formula));
        }
        reader.Formulas.Clear();
    }

    private static FileProblem Formula(string sheet, string? cell, string formula)
    {
        var (col, row) = SplitReference(cell);
        return new FileProblem(sheet, row, col, $"单元格 {cell} 含公式{(formula.Length > 0 ? $"“={formula}”" : "")}：请粘贴为数值后再导入（导入只接受填写的数值）");
    }

    /// <summary>A percentage cell as printed: 0.8179 with two decimals → "81.79%".</summary>
    private static string Percent(double d, int decimals) =>
        Math.Round((decimal)d * 100m, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    private static IEnumerable<(string, RawRow)> Iterate(IExcelDataReader reader, string fileName, bool csv)
    {
        using (reader)
        {
            do
            {
                var sheet = csv ? "" : reader.Name ?? "";
                var row = 0;
                while (true)
                {
                    bool more;
                    string?[] strings;
                    double[] numbers;
                    try
                    {
                        more = reader.Read();
                        if (!more) break;
                        row++;
                        strings = new string?[reader.FieldCount];
                        numbers = new double[strings.Length];
                        for (var c = 0; c < strings.Length; c++)
                        {
                            switch (Value(reader, c, csv))
                            {
                                case double d when !double.IsNaN(d): numbers[c] = d; break;
                                case double d: strings[c] = RawRow.Render(d); break;
                                case string s: strings[c] = s; break;
                                default: numbers[c] = double.NaN; break;
                            }
                        }
                    }
                    catch (Exception e) when (e is not FileReadException)
                    {
                        throw new FileReadException(e is DecoderFallbackException ? $"{fileName} 第{row + 1}行：文字编码无法识别（应为 UTF-8 或 GB18030），未读取"
                            : $"{fileName} 工作表“{sheet}”第{row + 1}行：无法读取，文件可能已损坏", e);
                    }
                    yield return (sheet, new RawRow(row, strings, numbers));
                }
            }
            while (!csv && NextSheet(reader, fileName));
        }
    }

    private static bool NextSheet(IExcelDataReader reader, string fileName)
    {
        try { return reader.NextResult(); }
        catch (Exception e) { throw new FileReadException($"{fileName}：无法读取下一个工作表，文件可能已损坏", e); }
    }

    /// <summary>
    /// A cell as the import keeps it: null, a cleaned string, or a double whose text (<see cref="RawRow.Render"/>) is
    /// its round-trip form. A percentage cell becomes its text at once, "81.79%", as are dates and booleans.
    /// </summary>
    private static object? Value(IExcelDataReader reader, int c, bool csv)
    {
        var value = reader.GetValue(c);
        switch (value)
        {
            case null: return null;
            case string s: return Clean(s);
            case double d:
                if (!csv && reader.GetNumberFormatString(c) is { } fmt && fmt.Contains('%', StringComparison.Ordinal))
                {
                    var dot = fmt.IndexOf('.', StringComparison.Ordinal);
                    return Percent(d, dot < 0 ? 0 : fmt.Skip(dot + 1).TakeWhile(ch => ch is '0' or '#').Count());
                }
                return d;
            case DateTime dt: return dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case bool b: return b ? "TRUE" : "FALSE";
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return Clean(value.ToString() ?? "");
        }
    }

    /// <summary>Line breaks and tabs inside a cell ("组织评价\n(人)") become spaces; the table reader ignores spaces.</summary>
    private static string Clean(string s)
    {
        if (s.AsSpan().IndexOfAny('\t', '\n', '\r') < 0) return s.Trim();
        return s.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ').Trim();
    }

    /// <summary>Reads a text file as UTF-8, or GB18030 when it is not valid UTF-8 (files saved by Chinese Office).</summary>
    public static string ReadText(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var bytes = ms.ToArray();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    /// <summary>The tables of a text document as rows (line numbers are the document's), with the lines printed before each.</summary>
    public static IEnumerable<(TextTable Table, IEnumerable<RawRow> Rows)> ReadTextTables(string document)
    {
        foreach (var t in TextTableParser.FindTables(document))
        {
            yield return (t, t.HeaderRows.Concat(t.DataRows).Select(r => new RawRow(r.Line, r.Cells.Select(c => c.Text).ToArray())));
        }
    }
}
