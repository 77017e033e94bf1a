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
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private readonly SpreadsheetDocument _doc;
    private readonly WorkbookPart _workbook;
    private readonly Sheets _sheets;
    private uint _sheetId;

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
    /// <param name="frozenRows">How many header rows stay in view.</param>
    public void AddSheet(string name, IEnumerable<IReadOnlyList<XCell>> rows, IReadOnlyList<string>? merges = null, IReadOnlyList<double>? widths = null, int frozenRows = 0)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
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
                w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                for (var c = 0; c < row.Count; c++) WriteCell(w, $"{TabularReader.ColumnName(c)}{r}", row[c]);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            if (merges is { Count: > 0 })
            {
                w.WriteStartElement(new MergeCells());
                foreach (var m in merges) w.WriteElement(new MergeCell { Reference = m });
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        _sheets.Append(new Sheet { Id = _workbook.GetIdOfPart(part), SheetId = ++_sheetId, Name = name.Length > 31 ? name[..31] : name });
    }

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
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }))
        { Count = 2 };
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
            new CellFormat { FontId = 1, FillId = 0, BorderId = 1, ApplyFont = true, ApplyBorder = true })                                     // Bold
        { Count = 6 };
        return new Stylesheet(numberingFormats, fonts, fills, borders, formats);
    }

    public void Dispose() => _doc.Dispose();
}
