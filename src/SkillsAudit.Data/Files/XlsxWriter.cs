using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SkillsAudit.Data.Files;

/// <summary>How a cell is shown.</summary>
public enum CellStyle : uint
{
    Text = 0,
    Header = 1,
    WholeNumber = 2,
    Decimal2 = 3,
    /// <summary>A fraction (0.8179) shown as 81.79%.</summary>
    Percent2 = 4,
    Bold = 5,
    BoldWholeNumber = 6,
    BoldDecimal2 = 7,
    BoldPercent2 = 8,
    /// <summary>A line of text without borders (制表单位, 制表日期, notes under a table).</summary>
    Plain = 9,
    /// <summary>The table's title: bold, larger, centred, no borders.</summary>
    Title = 10,
}

public readonly record struct XCell(object? Value, CellStyle Style = CellStyle.Text)
{
    public static implicit operator XCell(string? s) => new(s);
    public static implicit operator XCell(int i) => new(i, CellStyle.WholeNumber);
    public static implicit operator XCell(long i) => new(i, CellStyle.WholeNumber);
    public static implicit operator XCell(decimal d) => new(d, CellStyle.Decimal2);
}

/// <summary>
/// Writes xlsx with the OpenXML SAX writer, row by row, so large sheets stream. Supports header styles,
/// merged ranges (two-row headers as the seeds print them), column widths and a frozen header.
/// Every sheet prints: A4, fitted to one page wide (landscape when the columns are wider than a portrait page),
/// the header rows repeated on every page, "第 N 页 共 M 页" in the footer, and a row whose label is 合计 or 小计
/// in bold throughout.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private readonly SpreadsheetDocument _doc;
    private readonly WorkbookPart _workbook;
    private readonly Sheets _sheets;
    private uint _sheetId;
    private readonly List<(uint Index, string Name, int From, int To)> _printTitles = [];

    /// <summary>Columns wider than this (in characters, at 11 pt) do not fit a portrait A4 page: the sheet prints landscape.</summary>
    public const double PortraitWidth = 95;

    public XlsxWriter(Stream output)
    {
        _doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        _workbook = _doc.AddWorkbookPart();
        _workbook.Workbook = new Workbook();
        _sheets = _workbook.Workbook.AppendChild(new Sheets());
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = BuildStylesheet();
    }

    /// <param name="name">Sheet name (at most 31 characters).</param>
    /// <param name="rows">The rows, written in order.</param>
    /// <param name="merges">Ranges such as "A1:A2" to merge.</param>
    /// <param name="widths">Column widths in characters.</param>
    /// <param name="frozenRows">How many header rows stay in view (and repeat on every printed page, unless <paramref name="headerRows"/> says otherwise).</param>
    /// <param name="headerRows">The rows (1-based, inclusive) printed at the top of every page; default rows 1 to <paramref name="frozenRows"/>.</param>
    /// <param name="rowHeights">Heights in points of given rows (1-based), e.g. a header whose text wraps.</param>
    public void AddSheet(string name, IEnumerable<IReadOnlyList<XCell>> rows, IReadOnlyList<string>? merges = null, IReadOnlyList<double>? widths = null, int frozenRows = 0,
        (int From, int To)? headerRows = null, IReadOnlyDictionary<int, double>? rowHeights = null)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        var landscape = widths is { Count: > 0 } && widths.Sum() > PortraitWidth;
        var sheetName = name.Length > 31 ? name[..31] : name;
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteStartElement(new SheetProperties());
            w.WriteElement(new PageSetupProperties { FitToPage = true });
            w.WriteEndElement();
            if (frozenRows > 0)
            {
                w.WriteStartElement(new SheetViews());
                w.WriteStartElement(new SheetView { WorkbookViewId = 0 });
                w.WriteElement(new Pane { VerticalSplit = frozenRows, TopLeftCell = $"A{frozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
                w.WriteEndElement();
                w.WriteEndElement();
            }
            if (widths is { Count: > 0 })
            {
                w.WriteStartElement(new Columns());
                for (var i = 0; i < widths.Count; i++)
                    w.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
                w.WriteEndElement();
            }
            w.WriteStartElement(new SheetData());
            var r = 0u;
            foreach (var row in rows)
            {
                r++;
                var rowAttrs = new List<OpenXmlAttribute> { new("r", "", r.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
                if (rowHeights is not null && rowHeights.TryGetValue((int)r, out var ht))
                {
                    rowAttrs.Add(new OpenXmlAttribute("ht", "", ht.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    rowAttrs.Add(new OpenXmlAttribute("customHeight", "", "1"));
                }
                w.WriteStartElement(new Row(), rowAttrs);
                var total = IsTotal(row);
                for (var c = 0; c < row.Count; c++) WriteCell(w, $"{TabularReader.ColumnName(c)}{r}", total ? Emboldened(row[c]) : row[c]);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            if (merges is { Count: > 0 })
            {
                w.WriteStartElement(new MergeCells());
                foreach (var m in merges) w.WriteElement(new MergeCell { Reference = m });
                w.WriteEndElement();
            }
            w.WriteElement(new PrintOptions { HorizontalCentered = true });
            w.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.7, Header = 0.3, Footer = 0.3 });
            w.WriteElement(new PageSetup { PaperSize = 9, Orientation = landscape ? OrientationValues.Landscape : OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
            w.WriteStartElement(new HeaderFooter());
            w.WriteElement(new OddFooter("&C第 &P 页 共 &N 页"));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        _sheets.Append(new Sheet { Id = _workbook.GetIdOfPart(part), SheetId = ++_sheetId, Name = sheetName });
        var (from, to) = headerRows ?? (1, frozenRows);
        if (to >= from && from >= 1) _printTitles.Add((_sheetId - 1, sheetName, from, to));
    }

    /// <summary>A 合计 or 小计 row: its label is in one of the first three cells.</summary>
    private static bool IsTotal(IReadOnlyList<XCell> row) =>
        row.Take(3).Any(c => c.Value is string s && s.Trim() is "合计" or "小计" or "总计");

    private static XCell Emboldened(XCell c) => c with
    {
        Style = c.Style switch
        {
            CellStyle.Text => CellStyle.Bold,
            CellStyle.WholeNumber => CellStyle.BoldWholeNumber,
            CellStyle.Decimal2 => CellStyle.BoldDecimal2,
            CellStyle.Percent2 => CellStyle.BoldPercent2,
            var other => other,
        },
    };

    private static void WriteCell(OpenXmlWriter w, string reference, XCell cell)
    {
        var attrs = new List<OpenXmlAttribute> { new("r", "", reference) };
        if (cell.Style != CellStyle.Text) attrs.Add(new OpenXmlAttribute("s", "", ((uint)cell.Style).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        switch (cell.Value)
        {
            case null:
                w.WriteStartElement(new Cell(), attrs);
                w.WriteEndElement();
                break;
            case int or long or decimal or double:
                w.WriteStartElement(new Cell(), attrs);
                w.WriteElement(new CellValue(Convert.ToString(cell.Value, System.Globalization.CultureInfo.InvariantCulture)!));
                w.WriteEndElement();
                break;
            default:
                attrs.Add(new OpenXmlAttribute("t", "", "inlineStr"));
                w.WriteStartElement(new Cell(), attrs);
                w.WriteElement(new InlineString(new Text(Convert.ToString(cell.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "") { Space = SpaceProcessingModeValues.Preserve }));
                w.WriteEndElement();
                break;
        }
    }

    private static Stylesheet BuildStylesheet()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "宋体" }))
        { Count = 3 };
        var fills = new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 };
        var borders = new Borders(
            new Border(),
            new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin }, new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2 };
        var numberingFormats = new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.00%" }) { Count = 1 };
        var center = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true };
        var formats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 1, ApplyBorder = true },                                                     // Text
            new CellFormat(center.CloneNode(true)) { FontId = 1, FillId = 0, BorderId = 1, ApplyFont = true, ApplyBorder = true, ApplyAlignment = true }, // Header
            new CellFormat { FontId = 0, FillId = 0, BorderId = 1, NumberFormatId = 1, ApplyNumberFormat = true, ApplyBorder = true },          // Integer
            new CellFormat { FontId = 0, FillId = 0, BorderId = 1, NumberFormatId = 2, ApplyNumberFormat = true, ApplyBorder = true },          // Decimal2
            new CellFormat { FontId = 0, FillId = 0, BorderId = 1, NumberFormatId = 164, ApplyNumberFormat = true, ApplyBorder = true },        // Percent2
            new CellFormat { FontId = 1, FillId = 0, BorderId = 1, ApplyFont = true, ApplyBorder = true },                                    // Bold
            new CellFormat { FontId = 1, FillId = 0, BorderId = 1, NumberFormatId = 1, ApplyFont = true, ApplyNumberFormat = true, ApplyBorder = true },   // BoldWholeNumber
            new CellFormat { FontId = 1, FillId = 0, BorderId = 1, NumberFormatId = 2, ApplyFont = true, ApplyNumberFormat = true, ApplyBorder = true },   // BoldDecimal2
            new CellFormat { FontId = 1, FillId = 0, BorderId = 1, NumberFormatId = 164, ApplyFont = true, ApplyNumberFormat = true, ApplyBorder = true }, // BoldPercent2
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },                                                                          // Plain
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true })
                { FontId = 2, FillId = 0, BorderId = 0, ApplyFont = true, ApplyAlignment = true })                                          // Title
        { Count = 11 };
        return new Stylesheet(numberingFormats, fonts, fills, borders, formats);
    }

    public void Dispose()
    {
        // 打印标题: the header rows repeat on every printed page (a workbook-level defined name per sheet).
        if (_printTitles.Count > 0)
        {
            var names = new DefinedNames();
            foreach (var (index, name, from, to) in _printTitles)
                names.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!${from}:${to}") { Name = "_xlnm.Print_Titles", LocalSheetId = index });
            _workbook.Workbook.Append(names);
        }
        _doc.Dispose();
    }
}
