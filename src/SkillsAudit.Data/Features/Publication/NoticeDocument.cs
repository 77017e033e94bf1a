using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// Turns a notice file (a refusal names the file) into the text the audit reads: .txt/.md as UTF-8; .docx through OpenXml — each paragraph a line
/// (blank line between), each table as markdown pipe rows (first row, a |---| line, then the rest; a cell spanning
/// columns is followed by empty cells so columns line up; a vertically merged continuation is an empty cell).
/// Line numbers in findings then refer to this text.
/// </summary>
public static class NoticeDocument
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static bool IsDocx(string fileName) => fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase);

    public static string ReadText(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream = BudgetStream.Wrap(stream, fileName); // Files:ReadSeconds for the upload, the unpacking and the parsing
        using var buffer = new MemoryStream();
        // Copies at most one byte past the limit: a larger upload is refused without being held whole.
        var chunk = new byte[81_920];
        int n;
        while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes) throw new FileReadException($"{fileName}：文件超过 10 MB。");
        }
        buffer.Position = 0;
        var bytes = buffer.ToArray();
        var looksZip = bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K';
        if (IsDocx(fileName) || looksZip) return ReadDocx(buffer, fileName);
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new FileReadException($"{fileName}：文件不是 UTF-8 编码的文本，也不是 .docx；请另存为 UTF-8 文本或 Word 文档后再上传。");
        }
    }

    /// <summary>Parts of a notice document: at most 1,000, each at most 8 MB unpacked, 40 MB in all (ZipGuard).</summary>
    public static readonly ZipGuard.Limits DocxLimits = new(1_000, 8L << 20, 40L << 20);

    private static string ReadDocx(Stream stream, string fileName)
    {
        // Zip bombs and part floods are refused before the document is parsed; DTDs are refused by the parser.
        ZipGuard.Check(stream, fileName, DocxLimits);
        stream = BudgetStream.Wrap(stream, fileName);
        try
        {
            using var doc = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = DocxLimits.MaxEntryBytes });
            // The parts load lazily: parsing errors surface while reading the body, inside this try.
            var body = doc.MainDocumentPart?.Document?.Body ?? throw new FileReadException($"{fileName}：.docx 文件没有正文。");
            var sb = new StringBuilder();
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph p:
                        sb.Append(ParagraphText(p)).Append("\n\n");
                        break;
                    case Table t:
                        WriteTable(t, sb);
                        sb.Append('\n');
                        break;
                }
            }
            return sb.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or FormatException or InvalidDataException or IOException or ArgumentException
            or System.Xml.XmlException or InvalidOperationException or NotSupportedException or KeyNotFoundException or UriFormatException)
        {
            var why = e is System.Xml.XmlException x && x.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) ? "文件含有文档类型定义（DTD），出于安全原因不予读取"
                : e is System.Xml.XmlException y && y.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) ? $"正文超过 {DocxLimits.MaxEntryBytes / 1024 / 1024} MB 字符的上限"
                : $"无法打开 .docx 文件：{e.Message}";
            throw new FileReadException($"{fileName}：{why}", e);
        }
    }

    private static string ParagraphText(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var node in p.Descendants())
        {
            switch (node)
            {
                case Text t: sb.Append(t.Text); break;
                case TabChar: sb.Append(' '); break;
                case Break: sb.Append(' '); break;
            }
        }
        return sb.ToString().Trim();
    }

    private static void WriteTable(Table table, StringBuilder sb)
    {
        var first = true;
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var props = cell.TableCellProperties;
                var continued = props?.VerticalMerge is { } vm && (vm.Val is null || vm.Val.Value == MergedCellValues.Continue);
                var text = continued ? "" : string.Join(" ", cell.Elements<Paragraph>().Select(ParagraphText).Where(s => s.Length > 0));
                cells.Add(text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));
                var span = props?.GridSpan?.Val?.Value ?? 1;
                for (var i = 1; i < span; i++) cells.Add("");
            }
            sb.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
            if (first)
            {
                sb.Append('|').Append(string.Concat(cells.Select(_ => "----|"))).Append('\n');
                first = false;
            }
        }
    }
}
