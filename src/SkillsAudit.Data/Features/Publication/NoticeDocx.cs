using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// The notice as .docx after GB/T 9704-2012 (党政机关公文格式), schema-valid (OpenXmlValidator, Office 2019):
/// A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); 22 lines × 28 characters (a line
/// grid of 28.95 pt and a −0.25 pt character spacing on the 16 pt body); optional 版头 (red 发文机关标志, 发文字号 and
/// the red separator line); the title 二号 小标宋 centred and broken at word boundaries; real heading styles (标题 1 黑体
/// "一、", 标题 2 楷体 "（一）", 标题 3 仿宋 bold "1.") so the navigation pane lists the structure; the 附件说明 one annex per
/// line aligned on the first annex's name; 署名 centred over the 成文日期 (右空四字) with room for the seal; page numbers
/// "— N —" in 4号 宋体, odd pages right and even pages left (一字 from the edge); each annex in its own section — landscape
/// when its table is wider than the portrait 版心 — headed "附件N" in 黑体, its title and a table with a tblGrid of real
/// column widths, fixed layout, header rows repeated on every page and cell text off the document grid.
/// Core properties: title, author = the bureau.
/// </summary>
public static partial class NoticeDocx
{
    private static uint Mm(double mm) => (uint)Math.Round(mm * 1440 / 25.4);
    private const int LinePitch = 579;          // 28.95 pt: 22 lines in the 225 mm 版心
    private const int CharSpacing = -5;         // −0.25 pt per character: 28 × 15.75 pt = 441 pt fit the 156 mm (442 pt) 版心
    private const int BodyHalfPoints = 32;      // 三号
    private const int Em = 320;                 // one 三号 character in twips (16 pt)
    private const int TableHalfPoints = 21;     // 五号 in the annex tables
    private const int TableCellMargin = 57;     // 0.1 cm each side
    private static readonly int PortraitWidth = (int)Mm(156);
    private static readonly int LandscapeWidth = (int)Mm(225);

    public static void Write(Stream output, NoticeContent n, NoticeFonts fonts)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var f = new Faces(fonts);
            AddStyles(main, f);
            AddFontTable(main, fonts);
            var settings = main.AddNewPart<DocumentSettingsPart>();
            settings.Settings = new Settings(
                new Zoom { Percent = "100" },
                new DefaultTabStop { Val = 420 },
                new EvenAndOddHeaders(),
                new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation },
                new Compatibility(new CompatibilitySetting { Name = CompatSettingNameValues.CompatibilityMode, Uri = "http://schemas.microsoft.com/office/word", Val = "15" }));
            var (odd, even) = AddFooters(main, f);

            var b = new Body();
            if (fonts.LetterheadFor(n.RegionCode) is { } mark)
            {
                // 版头 (GB/T 9704 7.2): 发文机关标志 in red 小标宋 centred; 发文字号 under it after one blank line; the red separator
                // line 4 mm under the 发文字号, as wide as the 版心.
                b.Append(P("Letterhead", Run(mark)));
                b.Append(P("Normal", null, first: 0));
                var sep = P("DocNumber", n.DocumentNumber is { Length: > 0 } dn ? Run(dn) : null);
                sep.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12, Space = 11, Color = "FF0000" });
                b.Append(sep);
                b.Append(P("Normal", null, first: 0));
            }
            else if (n.DocumentNumber is { Length: > 0 } dn)
            {
                b.Append(P("DocNumber", Run(dn)));
                b.Append(P("Normal", null, first: 0));
            }
            // 2号 characters: 20 to the 版心, less the space Word and LibreOffice add between Chinese and digits.
            var titleLines = NoticeLines.BreakTitle(n.FilledTitle, 18.5);
            var title = P("Title", null);
            for (var i = 0; i < titleLines.Count; i++)
            {
                if (i > 0) title.Append(new Run(new Break()));
                title.Append(Run(titleLines[i]));
            }
            b.Append(title);
            b.Append(P("Normal", null, first: 0));
            foreach (var line in n.Paragraphs.Select(NoticeLines.Classify))
            {
                switch (line.Kind)
                {
                    case NoticeLineKind.Heading1:
                        b.Append(P("Heading1", Run(line.Lead)));
                        break;
                    case NoticeLineKind.Heading2:
                    case NoticeLineKind.Heading3:
                        var p = P(line.Kind == NoticeLineKind.Heading2 ? "Heading2" : "Heading3", Run(line.Lead));
                        if (line.Rest.Length > 0) p.Append(Run(line.Rest, f.Body, bold: false));
                        b.Append(p);
                        break;
                    case NoticeLineKind.Annexes:
                        AppendAnnexNote(b, n, line.Rest);
                        break;
                    default:
                        b.Append(P("Normal", Run(line.Rest)));
                        break;
                }
            }
            // 署名 and 成文日期 with the seal (GB/T 9704 7.3.5.1): the seal (about four lines high) starts within one line of the
            // text above and presses down on the 署名 and date, which sit just below its centre — two blank lines of room; the
            // date 右空四字; the authority centred over the date.
            for (var i = 0; i < 2; i++) b.Append(P("Normal", null, first: 0));
            var date = n.DateText;
            var dateRight = 4 * Em;
            var authorityRight = Math.Max(0, dateRight + (int)Math.Round((NoticeLines.Ems(date) - NoticeLines.Ems(n.Authority)) / 2 * Em));
            b.Append(Signature(n.Authority, authorityRight));
            if (date.Length > 0) b.Append(Signature(date, dateRight));

            var portrait = true;
            var i2 = 0;
            foreach (var a in n.Annexes)
            {
                i2++;
                var widths = ColumnWidths(a, out var landscape);
                // The section before ends here: its properties go on its last paragraph.
                b.Append(new Paragraph(new ParagraphProperties(SectionProps(odd, even, portrait, last: false))));
                portrait = !landscape;
                b.Append(P("AnnexLabel", Run($"附件{i2}")));
                b.Append(P("AnnexTitle", Run(a.Title)));
                b.Append(P("TableNote", Run(a.Maker + (n.DateText.Length > 0 ? "　　" + n.DateText : ""))));
                b.Append(Table(a, widths));
                b.Append(P("TableNote", null));
            }
            b.Append(SectionProps(odd, even, portrait, last: true));
            main.Document = new Document(b);
            main.Document.Save();
            doc.PackageProperties.Title = n.FilledTitle;
            doc.PackageProperties.Creator = n.Authority;
            doc.PackageProperties.LastModifiedBy = n.Authority;
            doc.PackageProperties.Subject = $"{n.RegionName}{n.Year}年度职业技能等级评价工作情况";
            doc.PackageProperties.Language = "zh-CN";
            doc.PackageProperties.Created = DateTime.UtcNow;
            doc.PackageProperties.Modified = DateTime.UtcNow;
        }
        ms.Position = 0;
        ms.CopyTo(output);
    }

    private sealed class Faces(NoticeFonts fonts)
    {
        public readonly string Title = NoticeFonts.Split(fonts.TitleFont)[0];
        public readonly string Body = NoticeFonts.Split(fonts.BodyFont)[0];
        public readonly string Hei = NoticeFonts.Split(fonts.HeiFont)[0];
        public readonly string Kai = NoticeFonts.Split(fonts.KaiFont)[0];
        public readonly string PageNumber = NoticeFonts.Split(fonts.PageNumberFont)[0];
    }

    private static RunFonts Fonts(string font) => new() { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font };

    private static Run Run(string text, string? font = null, bool? bold = null)
    {
        var r = new Run();
        if (font is not null || bold is not null)
        {
            var rp = new RunProperties();
            if (font is not null) rp.RunFonts = Fonts(font);
            if (bold is { } bb) { rp.Bold = new Bold { Val = bb }; rp.BoldComplexScript = new BoldComplexScript { Val = bb }; }
            r.RunProperties = rp;
        }
        r.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return r;
    }

    private static Paragraph P(string style, Run? run, int? first = null)
    {
        var pp = new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = style } };
        if (first is { } fl) pp.Indentation = new Indentation { FirstLine = fl.ToString(CultureInfo.InvariantCulture), FirstLineChars = 0 };
        var p = new Paragraph(pp);
        if (run is not null) p.Append(run);
        return p;
    }

    private static Paragraph Signature(string text, int right)
    {
        var p = P("Signature", Run(text));
        p.ParagraphProperties!.Indentation = new Indentation { Right = right.ToString(CultureInfo.InvariantCulture), FirstLine = "0", FirstLineChars = 0 };
        return p;
    }

    /// <summary>
    /// 附件说明 (GB/T 9704 7.3.4): one blank line, then "附件：" 左空二字 and the annexes numbered "1." "2." one per line,
    /// each name aligned on the first one's first character (the number then a tab to the hanging indent).
    /// </summary>
    private static void AppendAnnexNote(Body b, NoticeContent n, string written)
    {
        var names = n.Annexes.Count > 0 ? n.Annexes.Select(a => a.Title).ToList()
            : written.Split('；', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => Regex.Replace(s, @"^\d+\s*[.．]\s*", "")).ToList();
        if (names.Count == 0 || names is ["无"]) return;
        b.Append(P("Normal", null, first: 0));
        var nameAt = 2 * Em + 3 * Em + (names.Count > 1 ? Em : 0); // 左空二字 + "附件：" + "1." (one em with the tab)
        for (var i = 0; i < names.Count; i++)
        {
            var p = P("Normal", null);
            var start = i == 0 ? 2 * Em : 5 * Em;
            p.ParagraphProperties!.Tabs = new Tabs(new TabStop { Val = TabStopValues.Left, Position = nameAt });
            p.ParagraphProperties.Indentation = new Indentation
            {
                Left = nameAt.ToString(CultureInfo.InvariantCulture), Hanging = (nameAt - start).ToString(CultureInfo.InvariantCulture), FirstLineChars = 0,
            };
            if (i == 0) p.Append(Run("附件："));
            if (names.Count > 1) { p.Append(Run($"{i + 1}.")); p.Append(new Run(new TabChar())); }
            p.Append(Run(names[i]));
            b.Append(p);
        }
    }

    private static SectionProperties SectionProps(string oddFooter, string evenFooter, bool portrait, bool last)
    {
        var s = new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = oddFooter },
            new FooterReference { Type = HeaderFooterValues.Even, Id = evenFooter },
            new SectionType { Val = SectionMarkValues.NextPage });
        // Portrait: top 37, bottom 35, left 28, right 26 mm. Landscape: the same 版心 turned (225 × 156 mm).
        s.Append(portrait
            ? new PageSize { Width = 11906, Height = 16838 }
            : new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape });
        s.Append(portrait
            ? new PageMargin { Top = (int)Mm(37), Bottom = (int)Mm(35), Left = Mm(28), Right = Mm(26), Header = Mm(15), Footer = Mm(24), Gutter = 0 }
            : new PageMargin { Top = (int)Mm(28), Bottom = (int)Mm(26), Left = Mm(37), Right = Mm(35), Header = Mm(12), Footer = Mm(15), Gutter = 0 });
        s.Append(new PageNumberType { Format = NumberFormatValues.Decimal });
        // 22 lines: a line grid of 28.95 pt. The 28 characters come from the −0.25 pt character spacing of the body styles
        // (the same in Word, WPS and LibreOffice; a linesAndChars grid with a negative charSpace is honoured by Word only —
        // LibreOffice gives each 16 pt character two 15.79 pt cells and sets 14 to a line).
        s.Append(new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch });
        _ = last;
        return s;
    }

    /// <summary>Page numbers (GB/T 9704 7.5): "— N —" in 4号 宋体, odd pages 右空一字, even pages 左空一字.</summary>
    private static (string Odd, string Even) AddFooters(MainDocumentPart main, Faces f)
    {
        string Make(bool odd)
        {
            var part = main.AddNewPart<FooterPart>();
            var pp = new ParagraphProperties
            {
                ParagraphStyleId = new ParagraphStyleId { Val = "Footer" },
                Indentation = odd ? new Indentation { Right = "280" } : new Indentation { Left = "280" },
                Justification = new Justification { Val = odd ? JustificationValues.Right : JustificationValues.Left },
            };
            Run R(OpenXmlElement e) => new(new RunProperties { RunFonts = Fonts(f.PageNumber), FontSize = new FontSize { Val = "28" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "28" } }, e);
            part.Footer = new Footer(new Paragraph(pp,
                R(new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
                R(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                R(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
                R(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                R(new Text("1")),
                R(new FieldChar { FieldCharType = FieldCharValues.End }),
                R(new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
            part.Footer.Save();
            return main.GetIdOfPart(part);
        }
        return (Make(true), Make(false));
    }
}
