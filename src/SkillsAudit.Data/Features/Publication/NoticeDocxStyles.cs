using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>The .docx style sheet and font table: the GB/T 9704-2012 faces, sizes and spacings the paragraphs name.</summary>
public static partial class NoticeDocx
{
    private static void AddFontTable(MainDocumentPart main, NoticeFonts fonts)
    {
        var part = main.AddNewPart<FontTablePart>();
        var table = new Fonts();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { fonts.TitleFont, fonts.BodyFont, fonts.HeiFont, fonts.KaiFont, fonts.PageNumberFont }.Select(NoticeFonts.Split))
        {
            if (!seen.Add(list[0])) continue;
            var font = new Font { Name = list[0] };
            if (list.Count > 1) font.AltName = new AltName { Val = list[^1] };
            font.FontCharSet = new FontCharSet { Val = "86" }; // GB2312
            font.FontFamily = new FontFamily { Val = FontFamilyValues.Roman };
            font.Pitch = new Pitch { Val = FontPitchValues.Variable };
            table.Append(font);
        }
        part.Fonts = table;
    }

    private static Style ParaStyle(string id, string name, string? basedOn, ParagraphProperties? pp, RunProperties? rp, int? outline = null, int? uiPriority = null)
    {
        var s = new Style { Type = StyleValues.Paragraph, StyleId = id };
        s.StyleName = new StyleName { Val = name };
        if (basedOn is not null) s.BasedOn = new BasedOn { Val = basedOn };
        s.NextParagraphStyle = new NextParagraphStyle { Val = "Normal" };
        if (uiPriority is { } u) s.UIPriority = new UIPriority { Val = u };
        s.PrimaryStyle = new PrimaryStyle();
        var spp = new StyleParagraphProperties();
        if (pp is not null) foreach (var c in pp.ChildElements) spp.Append(c.CloneNode(true));
        if (outline is { } o) spp.OutlineLevel = new OutlineLevel { Val = o };
        if (spp.HasChildren) s.StyleParagraphProperties = spp;
        if (rp is not null)
        {
            var srp = new StyleRunProperties();
            foreach (var c in rp.ChildElements) srp.Append(c.CloneNode(true));
            s.StyleRunProperties = srp;
        }
        return s;
    }

    private static RunProperties RP(string? font = null, int? halfPoints = null, bool bold = false, string? color = null, int? spacing = null)
    {
        var rp = new RunProperties();
        if (font is not null) rp.RunFonts = Fonts(font);
        if (bold) { rp.Bold = new Bold(); rp.BoldComplexScript = new BoldComplexScript(); }
        if (color is not null) rp.Color = new Color { Val = color };
        if (spacing is { } sp) rp.Spacing = new Spacing { Val = sp };
        if (halfPoints is { } hp) { rp.FontSize = new FontSize { Val = hp.ToString(CultureInfo.InvariantCulture) }; rp.FontSizeComplexScript = new FontSizeComplexScript { Val = hp.ToString(CultureInfo.InvariantCulture) }; }
        return rp;
    }

    private static SpacingBetweenLines Exact(int twips) => new() { Before = "0", After = "0", Line = twips.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Exact };

    private static void AddStyles(MainDocumentPart main, Faces f)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var defaults = new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                Fonts(f.Body), new Kern { Val = 2 },
                new FontSize { Val = BodyHalfPoints.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = BodyHalfPoints.ToString(CultureInfo.InvariantCulture) },
                new Languages { Val = "en-US", EastAsia = "zh-CN", Bidi = "ar-SA" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Before = "0", After = "0" })));
        var body = new ParagraphProperties
        {
            SpacingBetweenLines = Exact(LinePitch),
            Indentation = new Indentation { FirstLineChars = 200, FirstLine = (2 * Em).ToString(CultureInfo.InvariantCulture) },
            Justification = new Justification { Val = JustificationValues.Both },
        };
        ParagraphProperties Centred(int line, bool snap = true) => new()
        {
            SnapToGrid = snap ? null : new SnapToGrid { Val = false },
            SpacingBetweenLines = Exact(line),
            Indentation = new Indentation { FirstLine = "0", FirstLineChars = 0 },
            Justification = new Justification { Val = JustificationValues.Center },
        };
        var heading = new ParagraphProperties { KeepNext = new KeepNext(), SpacingBetweenLines = Exact(LinePitch), Indentation = new Indentation { FirstLineChars = 200, FirstLine = (2 * Em).ToString(CultureInfo.InvariantCulture) }, Justification = new Justification { Val = JustificationValues.Both } };
        // （一） and 1. headings run on into their text: they are not kept with the next paragraph.
        var running = new ParagraphProperties { SpacingBetweenLines = Exact(LinePitch), Indentation = new Indentation { FirstLineChars = 200, FirstLine = (2 * Em).ToString(CultureInfo.InvariantCulture) }, Justification = new Justification { Val = JustificationValues.Both } };
        var noIndentLeft = new ParagraphProperties { SpacingBetweenLines = Exact(LinePitch), Indentation = new Indentation { FirstLine = "0", FirstLineChars = 0 }, Justification = new Justification { Val = JustificationValues.Left } };
        var styles = new Styles(defaults,
            // The size is stated on Normal as well as in the defaults: LibreOffice sizes the character grid from Normal's size.
            ParaStyle("Normal", "Normal", null, body, RP(f.Body, BodyHalfPoints, spacing: CharSpacing)),
            // GB/T 9704 7.3.1 标题: 2号 小标宋, centred, lines 35 pt apart.
            ParaStyle("Title", "Title", "Normal", Centred(700, snap: false), RP(f.Title, 44, spacing: 0), uiPriority: 10),
            ParaStyle("Heading1", "heading 1", "Normal", heading, RP(f.Hei, BodyHalfPoints, spacing: CharSpacing), outline: 0, uiPriority: 9),
            ParaStyle("Heading2", "heading 2", "Normal", running, RP(f.Kai, BodyHalfPoints, spacing: CharSpacing), outline: 1, uiPriority: 9),
            ParaStyle("Heading3", "heading 3", "Normal", running.CloneNode(true) as ParagraphProperties, RP(f.Body, BodyHalfPoints, bold: true, spacing: CharSpacing), outline: 2, uiPriority: 9),
            ParaStyle("Signature", "Signature", "Normal", new ParagraphProperties { SpacingBetweenLines = Exact(LinePitch), Justification = new Justification { Val = JustificationValues.Right } }, null),
            ParaStyle("Letterhead", "发文机关标志", "Normal", Centred(1000, snap: false), RP(f.Title, 60, color: "FF0000", spacing: 0)),
            ParaStyle("DocNumber", "发文字号", "Normal", Centred(LinePitch), null),
            ParaStyle("AnnexLabel", "附件标识", "Normal", noIndentLeft, RP(f.Hei, BodyHalfPoints)),
            ParaStyle("AnnexTitle", "附件标题", "Normal", Centred(LinePitch), RP(f.Title, 36)),
            ParaStyle("TableNote", "表注", "Normal", new ParagraphProperties
            {
                SnapToGrid = new SnapToGrid { Val = false }, SpacingBetweenLines = new SpacingBetweenLines { Before = "60", After = "60", Line = "240", LineRule = LineSpacingRuleValues.Auto },
                Indentation = new Indentation { FirstLine = "0", FirstLineChars = 0 }, Justification = new Justification { Val = JustificationValues.Left },
            }, RP(null, TableHalfPoints)),
            ParaStyle("TableText", "表格文字", "Normal", new ParagraphProperties
            {
                SnapToGrid = new SnapToGrid { Val = false }, SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
                Indentation = new Indentation { FirstLine = "0", FirstLineChars = 0 }, Justification = new Justification { Val = JustificationValues.Center },
            }, RP(null, TableHalfPoints)),
            ParaStyle("Footer", "footer", "Normal", new ParagraphProperties
            {
                SnapToGrid = new SnapToGrid { Val = false }, SpacingBetweenLines = new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
                Indentation = new Indentation { FirstLine = "0", FirstLineChars = 0 },
            }, RP(f.PageNumber, 28)));
        part.Styles = styles;
        part.Styles.Save();
    }
}
