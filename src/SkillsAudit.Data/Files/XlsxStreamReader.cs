// Long on purpose: one forward-only reader whose sheet loop, cell parsing and part readers share its XmlReader, buffers and limits (the import's hot path).
using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace SkillsAudit.Data.Files;

/// <summary>
/// Reads the sheets of an xlsx straight from their XML, one row at a time, with an <see cref="XmlReader"/> over each
/// part: shared strings indexed once, number formats resolved once per style, numbers parsed from the characters
/// without a string or a box per cell, DTDs refused, every part and row bounded by <see cref="XlsxReadLimits"/>.
/// (ExcelDataReader remains for .xls; this is several times faster on large sheets.) Problems become
/// <see cref="FileReadException"/>s naming the file. The rows of a worksheet are read from the part's UTF-8 bytes by
/// the parser in XlsxSheetBytes.cs when the part allows it (else, and for every other part, by the XmlReader): both
/// paths share the rules below (row numbers, cell types, values, limits, messages).
/// </summary>
public sealed partial class XlsxStreamReader : IDisposable
{
    private static readonly System.Buffers.SearchValues<char> DateLetters = System.Buffers.SearchValues.Create("yYdDhHsS");

    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private readonly ZipArchive _zip;
    private readonly string _file;
    private readonly XlsxReadLimits _limits;
    private readonly string[] _sharedStrings;
    private readonly XlsxNumberFormat[] _styles;
    private readonly List<(string Name, string Part)> _sheets;
    private readonly NameTable _names = new();
    private readonly string _row, _c, _v, _is, _t, _r, _rPh, _s, _tAttr;
    private readonly char[] _chars = new char[64];
    private int _sheet = -1;
    private XmlReader? _xml;
    private Stream? _part;
    private int _lastRow;
    private readonly SkillsAudit.Domain.Common.ReadBudget _budget;
    private int _reads;

    public XlsxStreamReader(Stream stream, string fileName, XlsxReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _file = fileName;
        // Every byte of the file is pulled through the file's time budget (Files:ReadSeconds), rows are counted against it too.
        var budgeted = BudgetStream.Wrap(stream, fileName);
        _budget = budgeted.Budget;
        stream = budgeted;
        _limits = limits ?? XlsxReadLimits.Default;
        (_row, _c, _v, _is, _t, _r, _rPh, _s, _tAttr) = (_names.Add("row"), _names.Add("c"), _names.Add("v"), _names.Add("is"), _names.Add("t"),
            _names.Add("r"), _names.Add("rPh"), _names.Add("s"), _names.Add("t"));
        try
        {
            var entries = ZipGuard.EntryCount(stream, fileName);
            if (entries > _limits.MaxEntries) throw Limit($"文件含 {entries:N0} 个部件，超过上限 {_limits.MaxEntries:N0} 个");
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            _sheets = ReadWorkbook();
            _sharedStrings = ReadSharedStrings();
            _styles = ReadStyles();
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            _zip?.Dispose();
            throw new FileReadException(Describe(e), e);
        }
    }

    public IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();

    /// <summary>The sheet being read (after <see cref="NextSheet"/>).</summary>
    public string SheetName => _sheet >= 0 && _sheet < _sheets.Count ? _sheets[_sheet].Name : "";

    /// <summary>
    /// The sheet's width as its dimension states it, or as wide as the widest row read so far: what a reader that
    /// gives every row the same number of cells (as ExcelDataReader does) pads rows to.
    /// </summary>
    public int SheetWidth { get; private set; }

    private const int MaxFormulasNoted = 50;

    /// <summary>Cells holding formulas met so far (at most 50), with the formula's text ("" for a shared formula's copies).</summary>
    public List<XlsxFormula> Formulas { get; } = [];

    /// <summary>The row just read.</summary>
    public XlsxRow Row { get; } = new();

    private string Describe(Exception e) => e switch
    {
        XmlException x when x.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) => $"{_file}：文件含有文档类型定义（DTD），出于安全原因不予读取",
        // the reader's own message (English) is not for users; it stays on the exception's InnerException
        _ => $"{_file}：文件已损坏或不是有效的 xlsx 文件，请用 Excel 或 WPS 打开确认后另存，再重新选择",
    };

    private FileReadException Limit(string what) => new($"{_file}{(_sheet >= 0 ? $" 工作表“{SheetName}”" : "")}：{what}，未读取");

    /// <summary>Moves to the next sheet, in workbook order; false when there is none.</summary>
    public bool NextSheet()
    {
        CloseSheet();
        while (++_sheet < _sheets.Count)
        {
            var entry = _zip.GetEntry(_sheets[_sheet].Part);
            if (entry is null) continue;
            _lastRow = 0;
            SheetWidth = 0;
            Row.Clear(0);
            _pending.Clear();
            _pendingNumber = 0;
            try
            {
                _part = OpenPart(entry);
                if (RowsFromBytes && StartBytes(_part)) return true;
                // the XmlReader path: the part does not allow the byte parser (or it is turned off), read from its start again
                _part.Dispose();
                SheetWidth = 0;
                _part = OpenPart(entry);
                _xml = XmlReader.Create(_part, Settings());
                // the dimension, when stated, comes before the rows
                while (_xml.Read())
                {
                    if (_xml.NodeType != XmlNodeType.Element) continue;
                    if (_xml.LocalName == "dimension" && _xml.GetAttribute("ref") is { } dimension) Dimension(dimension);
                    if (_xml.LocalName == "sheetData") break;
                }
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or IOException or NotSupportedException)
            {
                throw new FileReadException(Describe(e), e);
            }
            return true;
        }
        return false;
    }

    /// <summary>A &lt;dimension ref="A1:N1000001"&gt;: the sheet's width (its last column), within the column limit.</summary>
    private void Dimension(ReadOnlySpan<char> reference) =>
        SheetWidth = Math.Min(ColumnOf(reference[(reference.IndexOf(':') + 1)..]) + 1, _limits.MaxColumns);

    /// <summary>
    /// The current sheet's width when it states no dimension: one quick pass over its cell references (the rows are
    /// then read from the start as usual). For readers that give every row the sheet's width.
    /// </summary>
    public int MeasureWidth()
    {
        if (SheetWidth > 0 || _sheet < 0 || _sheet >= _sheets.Count) return SheetWidth;
        var width = 0;
        try
        {
            using var xml = OpenXml(_sheets[_sheet].Part);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, _c) && xml.GetAttribute(_r) is { } r)
                    width = Math.Max(width, Math.Min(ColumnOf(r) + 1, _limits.MaxColumns));
            }
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or NotSupportedException)
        {
            throw new FileReadException(Describe(e), e);
        }
        return SheetWidth = width;
    }

    /// <summary>
    /// Reads the next row of the current sheet into <see cref="Row"/>; false at the end of the sheet. Rows the file
    /// leaves out (no cell) come back empty, so that row numbers and blank rows are as the spreadsheet shows them.
    /// </summary>
    public bool Read()
    {
        if (_xml is null && !_bytes) return false;
        if ((++_reads & 255) == 0) _budget.Check();
        if (_pendingNumber > 0)
        {
            if (Row.Number + 1 < _pendingNumber)
            {
                Row.Clear(Row.Number + 1); // a row left out of the file
                return true;
            }
            Row.Clear(_pendingNumber);
            foreach (var (col, kind, value, text, format) in _pending) Put(col, kind, value, text, format);
            _pending.Clear();
            _pendingNumber = 0;
            return true;
        }
        try
        {
            if (_bytes) return RowFromBytes();
            while (_xml!.Read())
            {
                if (_xml.NodeType != XmlNodeType.Element) continue;
                if (!ReferenceEquals(_xml.LocalName, _row)) continue;
                var number = RowNumber(_xml.MoveToAttribute(_r), _chars.AsSpan(0, _xml.NodeType == XmlNodeType.Attribute ? AttributeChars(_chars) : 0));
                _xml.MoveToElement();
                return HandOut(number);
            }
            return false;
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or NotSupportedException)
        {
            throw new FileReadException(e is XmlException x && x.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) ? Describe(e)
                : $"{_file} 工作表“{SheetName}”第{_lastRow}行：无法读取，文件可能已损坏", e);
        }
    }

    /// <summary>
    /// A &lt;row&gt;'s number: as its r states it, else the previous row's plus one (also when r does not move on),
    /// within the row limit.
    /// </summary>
    private int RowNumber(bool stated, ReadOnlySpan<char> r)
    {
        var number = stated && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : _lastRow + 1;
        if (number > _limits.MaxRows) throw Limit($"行数超过上限 {_limits.MaxRows:N0} 行");
        if (number <= _lastRow) number = _lastRow + 1;
        _lastRow = number;
        return number;
    }

    /// <summary>The row whose start was just read: its cells into <see cref="Row"/>, or held while the rows left out before it are handed out.</summary>
    private bool HandOut(int number)
    {
        if (number > Row.Number + 1)
        {
            // the row's cells wait until the rows left out before it have been handed out, empty
            Cells(number, pending: true);
            _pendingNumber = number;
            Row.Clear(Row.Number + 1);
            return true;
        }
        Row.Clear(number);
        Cells(number, pending: false);
        return true;
    }

    private void Cells(int number, bool pending)
    {
        if (_bytes) CellsFromBytes(number, pending);
        else ReadCells(number, pending);
    }

    private readonly List<(int Col, XlsxCellKind Kind, double Number, string? Text, XlsxNumberFormat Format)> _pending = [];
    private int _pendingNumber;

    /// <summary>A cell's t attribute as the few types the values are told apart by: s, b, e, null (a number) and "str" (any text).</summary>
    private static string? CellType(ReadOnlySpan<char> t) =>
        // one of a few constants, so that a cell costs no string: what ReadCell tells apart is s, n, b, e and the rest
        t.Length != 1 ? "str" : t[0] switch { 's' => "s", 'n' => null, 'b' => "b", 'e' => "e", _ => "str" };

    private XlsxNumberFormat StyleOf(ReadOnlySpan<char> s, XlsxNumberFormat current) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var si) && si < _styles.Length ? _styles[si] : current;

    /// <summary>The cell's column (the next one when it states none), within the column limit.</summary>
    private int CellColumn(int col, ref int next, int number)
    {
        if (col < 0) col = next;
        if (col >= _limits.MaxColumns) throw Limit($"第{number}行的列数超过上限 {_limits.MaxColumns} 列");
        next = col + 1;
        return col;
    }

    private void Keep(bool pending, int col, XlsxCellKind kind, double value, string? text, XlsxNumberFormat style)
    {
        if (kind == XlsxCellKind.Blank) return;
        if (pending) _pending.Add((col, kind, value, text, style));
        else Put(col, kind, value, text, style);
    }

    private void ReadCells(int number, bool pending)
    {
        if (_xml!.IsEmptyElement) return;
        var depth = _xml.Depth;
        var next = 0;
        while (_xml.Read())
        {
            if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) break;
            if (_xml.NodeType != XmlNodeType.Element || !ReferenceEquals(_xml.LocalName, _c)) continue;
            // r, t and s read from the reader's own buffer (no string per attribute), r kept in _reference
            var col = -1;
            string? type = null;
            var style = default(XlsxNumberFormat);
            _referenceLength = 0;
            if (_xml.MoveToFirstAttribute())
            {
                do
                {
                    var name = _xml.LocalName;
                    if (ReferenceEquals(name, _r))
                    {
                        _referenceLength = AttributeChars(_reference);
                        col = ColumnOf(_reference.AsSpan(0, _referenceLength));
                    }
                    else if (ReferenceEquals(name, _tAttr)) type = CellType(_chars.AsSpan(0, AttributeChars(_chars)));
                    else if (ReferenceEquals(name, _s)) style = StyleOf(_chars.AsSpan(0, AttributeChars(_chars)), style);
                } while (_xml.MoveToNextAttribute());
                _xml.MoveToElement();
            }
            col = CellColumn(col, ref next, number);
            var (kind, value, text) = ReadCell(type, col, number);
            Keep(pending, col, kind, value, text, style);
        }
    }

    // the current cell's reference ("AB12"): at most 64 characters are kept, enough for any valid one
    private readonly char[] _reference = new char[64];
    private int _referenceLength;

    /// <summary>
    /// The current attribute's value into <paramref name="buffer"/> (entities resolved), cut at its length. The rest of
    /// an overlong value is not read: moving to the next attribute or back to the element leaves it.
    /// </summary>
    private int AttributeChars(char[] buffer) => _xml!.ReadValueChunk(buffer, 0, buffer.Length);

    private void Put(int col, XlsxCellKind kind, double value, string? text, XlsxNumberFormat format)
    {
        Row.Ensure(col);
        Row.Kinds[col] = kind;
        Row.Numbers[col] = value;
        Row.Texts[col] = text;
        Row.Formats[col] = format;
        if (col + 1 > Row.Width) Row.Width = col + 1;
        if (col + 1 > SheetWidth) SheetWidth = col + 1;
    }

    /// <summary>The value of the current &lt;c&gt;: reads to its end.</summary>
    private (XlsxCellKind, double, string?) ReadCell(string? type, int col, int rowNumber)
    {
        var xml = _xml!;
        if (xml.IsEmptyElement) return (XlsxCellKind.Blank, 0, null);
        var depth = xml.Depth;
        var kind = XlsxCellKind.Blank;
        double number = 0;
        string? text = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, _v) && !xml.IsEmptyElement)
            {
                if (type is not (null or "n" or "s" or "b"))
                {
                    // "str" (a formula's text), "e" (an error such as #DIV/0!), "d" (an ISO date)
                    text = ReadText(xml, _limits.MaxCellChars);
                    kind = type == "e" ? XlsxCellKind.Error : XlsxCellKind.Text;
                    continue; // already past </v>
                }
                Value(type, Chars(), ref kind, ref number, ref text);
            }
            else if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, _is))
            {
                text = RichText(xml);
                kind = XlsxCellKind.Text;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "f")
            {
                // the cached value is what is read; the formula is noted for whoever must refuse formulas
                NoteFormula(xml.ReadElementContentAsString(), col, rowNumber); // an empty <f/> (a shared formula's copy) reads as ""
                continue;
            }
            else if (xml.NodeType == XmlNodeType.Element && !ReferenceEquals(xml.LocalName, _v))
            {
                xml.Skip(); // anything else
                continue;
            }
            xml.Read();
        }
        return (kind, number, text);
    }

    /// <summary>A &lt;v&gt; of a number, shared string or boolean cell from its text (at most 64 characters of it, as read).</summary>
    private void Value(string? type, ReadOnlySpan<char> span, ref XlsxCellKind kind, ref double number, ref string? text)
    {
        switch (type)
        {
            case null or "n":
                if (span.Length > 0 && (TryDigits(span, out number) || double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out number))) kind = XlsxCellKind.Number;
                break;
            case "s":
                if (int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Length)
                {
                    text = _sharedStrings[i];
                    kind = XlsxCellKind.Text;
                }
                break;
            case "b":
                number = span.Length == 1 && span[0] == '1' ? 1 : 0;
                kind = XlsxCellKind.Boolean;
                break;
        }
    }

    /// <summary>A formula met in the current cell, noted (up to 50) with the cell's reference as stated or as its position gives it.</summary>
    private void NoteFormula(string formula, int col, int rowNumber)
    {
        if (Formulas.Count < MaxFormulasNoted)
            Formulas.Add(new XlsxFormula(SheetName, _referenceLength > 0 ? new string(_reference, 0, _referenceLength) : SpreadsheetColumn(col) + rowNumber.ToString(CultureInfo.InvariantCulture), formula));
    }

    /// <summary>
    /// A value of up to 15 plain digits (most cells of a statistics sheet: counts) as the double it denotes, without
    /// the general parser; exactly what double.Parse gives for it, as every such integer is a double exactly.
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<char> span, out double value)
    {
        value = 0;
        if (span.Length > 15) return false;
        long n = 0;
        foreach (var ch in span)
        {
            var d = ch - '0';
            if ((uint)d > 9) return false;
            n = n * 10 + d;
        }
        value = n;
        return true;
    }

    /// <summary>The text of the current element (&lt;v&gt;) into a reused buffer: no string for a number.</summary>
    private ReadOnlySpan<char> Chars()
    {
        if (!_xml!.Read() || _xml.NodeType is not (XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)) return [];
        var n = _xml.ReadValueChunk(_chars, 0, _chars.Length);
        return _chars.AsSpan(0, n);
    }

    private char[]? _textChunk;

    // Short texts met recently (a filing number on each of its rows, an occupation, a rate), by a hash of their characters:
    // a text equal to one kept is handed out again instead of a new string per cell. Bounded, and only a saving: a slot
    // whose text differs is simply replaced.
    private const int PoolSlots = 4096, PooledChars = 32;
    private readonly string?[] _pool = new string?[PoolSlots];

    private string Pooled(ReadOnlySpan<char> chars)
    {
        if (chars.Length > PooledChars) return new string(chars);
        var slot = (int)((uint)string.GetHashCode(chars) % PoolSlots);
        if (_pool[slot] is { } kept && chars.SequenceEqual(kept)) return kept;
        return _pool[slot] = new string(chars);
    }

    /// <summary>
    /// The text of the current element, like ReadElementContentAsString (leaves the reader past its end), but read
    /// in chunks and refused as soon as it passes <paramref name="max"/> characters: a 1 GiB cell is never held.
    /// </summary>
    private string ReadText(XmlReader xml, int max)
    {
        if (xml.IsEmptyElement) { xml.Read(); return ""; }
        var depth = xml.Depth;
        _textChunk ??= new char[4096];
        string? single = null;
        System.Text.StringBuilder? sb = null;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int n;
                while ((n = xml.ReadValueChunk(_textChunk, 0, _textChunk.Length)) > 0)
                {
                    var length = (sb?.Length ?? single?.Length ?? 0) + n;
                    if (length > max) throw CellTooLong();
                    if (single is null && sb is null) single = Pooled(_textChunk.AsSpan(0, n));
                    else (sb ??= new System.Text.StringBuilder(single)).Append(_textChunk, 0, n);
                }
                xml.Read();
            }
            else if (xml.NodeType == XmlNodeType.Element) xml.Skip();
            else xml.Read();
        }
        xml.Read(); // past the end element
        return sb?.ToString() ?? single ?? "";
    }

    private FileReadException CellTooLong() => Limit($"第{_lastRow}行有单元格超过 {_limits.MaxCellChars} 个字符的上限");

    /// <summary>A rich text's runs joined (its first run's string kept when it is the only one), within the cell limit.</summary>
    private struct Runs
    {
        private string? _single;
        private System.Text.StringBuilder? _joined;
        public readonly int Length => _joined?.Length ?? _single?.Length ?? 0;
        public void Add(string run)
        {
            if (_single is null && _joined is null) _single = run;
            else (_joined ??= new System.Text.StringBuilder(_single)).Append(run);
        }
        public readonly string Text => _joined?.ToString() ?? _single ?? "";
    }

    private FileReadException RichTextTooLong() => Limit($"有单元格超过 {_limits.MaxCellChars} 个字符的上限");

    /// <summary>
    /// A &lt;si&gt; or &lt;is&gt;: its &lt;t&gt; texts run after run, phonetic guides (&lt;rPh&gt;) left out. Leaves the
    /// reader on its end element.
    /// </summary>
    private string RichText(XmlReader xml)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        var runs = new Runs();
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, _rPh)) { xml.Skip(); continue; }
            if (xml.NodeType == XmlNodeType.Element && ReferenceEquals(xml.LocalName, _t) && !xml.IsEmptyElement)
            {
                runs.Add(ReadText(xml, _limits.MaxCellChars - runs.Length));
                if (runs.Length > _limits.MaxCellChars) throw RichTextTooLong();
                continue;
            }
            xml.Read();
        }
        return runs.Text;
    }

    private static string SpreadsheetColumn(int index) => Domain.Common.SpreadsheetColumns.Name(index);

    /// <summary>"AB12" → 27; -1 when there are no letters.</summary>
    private static int ColumnOf(ReadOnlySpan<char> reference)
    {
        var col = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++) col = col * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return i == 0 ? -1 : col - 1;
    }

    private XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        NameTable = _names,
        MaxCharactersInDocument = 0,
        CloseInput = true,
    };

    private BoundedStream OpenPart(ZipArchiveEntry entry, long? max = null)
    {
        var limit = max ?? _limits.MaxEntryBytes;
        if (entry.Length > limit)
            throw Limit($"“{entry.FullName}”解压后 {entry.Length:N0} 字节，超过上限 {limit:N0} 字节");
        return new BoundedStream(entry.Open(), limit, () => Limit($"“{entry.FullName}”解压后超过上限 {limit:N0} 字节（疑似压缩炸弹）"));
    }

    private XmlReader OpenXml(string part, long? max = null) =>
        _zip.GetEntry(part) is { } entry ? XmlReader.Create(OpenPart(entry, max), Settings()) : XmlReader.Create(new StringReader("<x/>"), Settings());

    private List<(string, string)> ReadWorkbook()
    {
        var rels = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var xml = OpenXml("xl/_rels/workbook.xml.rels", _limits.MaxMetaBytes))
        {
            while (xml.Read())
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                    rels[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
        }
        var sheets = new List<(string, string)>();
        using (var xml = OpenXml("xl/workbook.xml", _limits.MaxMetaBytes))
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "sheet") continue;
                if (sheets.Count >= _limits.MaxSheets) throw Limit($"工作表超过上限 {_limits.MaxSheets:N0} 个");
                if (xml.GetAttribute("name") is { } name && xml.GetAttribute("id", RelNs) is { } rid && rels.TryGetValue(rid, out var path)) sheets.Add((name, path));
            }
        }
        return sheets;
    }

    private string[] ReadSharedStrings()
    {
        var list = new List<string>();
        long chars = 0;
        using var xml = OpenXml("xl/sharedStrings.xml");
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "si") continue;
            if (list.Count >= _limits.MaxSharedStrings) throw Limit($"共享字符串超过上限 {_limits.MaxSharedStrings:N0} 个");
            var text = RichText(xml);
            chars += text.Length;
            if (chars > _limits.MaxSharedStringChars) throw Limit($"共享字符串总长度超过上限 {_limits.MaxSharedStringChars:N0} 个字符");
            list.Add(text);
        }
        return [.. list];
    }

    /// <summary>Per cell style (cellXfs), how its number format shows a number: percent (with decimals), date, or plain.</summary>
    private XlsxNumberFormat[] ReadStyles()
    {
        var custom = new Dictionary<int, string>();
        var styles = new List<XlsxNumberFormat>();
        using var xml = OpenXml("xl/styles.xml", _limits.MaxMetaBytes);
        var inXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs") inXfs = false;
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                if (custom.Count >= _limits.MaxStyles) throw Limit($"数字格式超过上限 {_limits.MaxStyles:N0} 个");
                custom[id] = xml.GetAttribute("formatCode") ?? "";
            }
            else if (xml.LocalName == "cellXfs") inXfs = !xml.IsEmptyElement;
            else if (inXfs && xml.LocalName == "xf")
            {
                if (styles.Count >= _limits.MaxStyles) throw Limit($"单元格样式超过上限 {_limits.MaxStyles:N0} 个");
                var fmt = int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                styles.Add(FormatOf(fmt, custom.GetValueOrDefault(fmt)));
            }
        }
        return [.. styles];
    }

    internal static XlsxNumberFormat FormatOf(int id, string? code)
    {
        code ??= id switch { 9 => "0%", 10 => "0.00%", _ => null };
        if (code is null) return new(false, id is (>= 14 and <= 22) or (>= 45 and <= 47) or (>= 27 and <= 36) or (>= 50 and <= 58), 0);
        // quoted text and escaped characters do not count; a % outside them makes a percentage
        var plain = new System.Text.StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (ch == '"') { i = code.IndexOf('"', i + 1) is var j && j < 0 ? code.Length : j; continue; }
            if (ch is '\\' or '_' or '*') { i++; continue; }
            if (ch == '[') { i = code.IndexOf(']', i + 1) is var j && j < 0 ? code.Length : j; continue; }
            if (ch == ';') break; // the first section is the one for positive numbers
            plain.Append(ch);
        }
        var p = plain.ToString();
        if (p.Contains('%', StringComparison.Ordinal))
        {
            var dot = p.IndexOf('.', StringComparison.Ordinal);
            var decimals = dot < 0 ? 0 : p.Skip(dot + 1).TakeWhile(ch => ch is '0' or '#').Count();
            return new(true, false, decimals);
        }
        var date = p.AsSpan().IndexOfAny(DateLetters) >= 0 || (p.Contains('m', StringComparison.OrdinalIgnoreCase) && !p.Contains('0', StringComparison.Ordinal) && !p.Contains('#', StringComparison.Ordinal));
        return new(false, date, 0);
    }

    private void CloseSheet()
    {
        _xml?.Dispose();
        _xml = null;
        _part?.Dispose();
        _part = null;
        _bytes = false;
        _pending.Clear();
        _pendingNumber = 0;
    }

    public void Dispose()
    {
        CloseSheet();
        _zip.Dispose();
    }
}
