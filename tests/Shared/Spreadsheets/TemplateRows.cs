using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SkillsAudit.Tests;

/// <summary>Fills in a downloaded statistics template as an officer would in Excel (for the projects that read xlsx).</summary>
public static class TemplateRows
{
    /// <summary>Row 3 (the first pre-filled filing) gets these cells beside the filing's own.</summary>
    public static byte[] Fill(byte[] template, params (string Column, object Value)[] cells)
    {
        var ms = new MemoryStream();
        ms.Write(template);
        using (var doc = SpreadsheetDocument.Open(ms, true))
        {
            var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
            var row = sheet.GetFirstChild<SheetData>()!.Elements<Row>().First(r => r.RowIndex!.Value == 3);
            foreach (var (column, value) in cells)
            {
                row.Append(value is string s
                    ? new Cell { CellReference = column + "3", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) }
                    : new Cell { CellReference = column + "3", CellValue = new CellValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!) });
            }
            sheet.Save();
        }
        return ms.ToArray();
    }
}
