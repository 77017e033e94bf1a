using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// Fonts and the per-region 版头 for the notice. Each font setting is a comma-separated list: first the font the bureau
/// uses (GB/T 9704-2012: title 方正小标宋简体, body 仿宋_GB2312, 一级标题 黑体, 二级标题 楷体_GB2312, page number 宋体),
/// then fallbacks. The free TrueType faces (AR PL UMing/UKai, WenQuanYi Zen Hei) come before Noto CJK so that Chromium
/// embeds them in the PDF as CID (Type 0) fonts — Noto CJK is CFF-based and would be drawn as Type 3.
/// The .docx names the first as the font and the last as its alternative (w:altName); HTML/PDF use the whole list.
/// </summary>
public sealed class NoticeFonts
{
    public string TitleFont { get; set; } = "方正小标宋简体, FZXiaoBiaoSong-B05S, AR PL UMing CN, Noto Serif CJK SC";
    public string BodyFont { get; set; } = "仿宋_GB2312, 仿宋, FangSong, AR PL UMing CN, Noto Serif CJK SC";
    public string HeiFont { get; set; } = "黑体, SimHei, WenQuanYi Zen Hei, Noto Sans CJK SC";
    public string KaiFont { get; set; } = "楷体_GB2312, 楷体, KaiTi, AR PL UKai CN, Noto Serif CJK SC";
    public string PageNumberFont { get; set; } = "宋体, SimSun, AR PL UMing CN, Noto Serif CJK SC";

    /// <summary>
    /// 版头 per region (Publication:Letterheads:{region code}): the 发文机关标志 printed in red above a red separator line.
    /// A region without an entry gets no 版头 (the notice starts with its title).
    /// </summary>
    public Dictionary<string, string> Letterheads { get; } = new(StringComparer.Ordinal);

    public string? LetterheadFor(string regionCode) => Letterheads.TryGetValue(regionCode, out var mark) && mark.Trim().Length > 0 ? mark.Trim() : null;

    public static IReadOnlyList<string> Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    public static string Css(string list) => string.Join(", ", Split(list).Select(f => "'" + f.Replace("'", "", StringComparison.Ordinal) + "'")) + ", serif";
}

/// <summary>What one line of the notice body is, after GB/T 9704-2012 7.3.3 (结构层次序数 一、（一）1.（1）).</summary>
public enum NoticeLineKind { Body, Heading1, Heading2, Heading3, Annexes }

/// <summary>One body line, classified: a heading's lead (printed in its heading font) and the rest (in the body font).</summary>
public sealed record NoticeLine(NoticeLineKind Kind, string Lead, string Rest);

public static partial class NoticeLines
{
    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Level1();
    [GeneratedRegex(@"^[(（]\s*([一二三四五六七八九十]+)\s*[)）]\s*")]
    private static partial Regex Level2();
    [GeneratedRegex(@"^(\d+)\s*[.．]\s*")]
    private static partial Regex Level3();

    /// <summary>
    /// Classifies a printed line. "(一) " with ASCII brackets is normalised to "（一）" (GB/T 9704 uses full-width
    /// brackets); a level-2/3 heading that runs on into text ("（一）全市基本情况。截至…") keeps its lead up to the first "。".
    /// </summary>
    public static NoticeLine Classify(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("附件：", StringComparison.Ordinal) || text.StartsWith("附件:", StringComparison.Ordinal)) return new(NoticeLineKind.Annexes, "附件：", text[3..].Trim());
        if (Level1().IsMatch(text)) return new(NoticeLineKind.Heading1, text, "");
        if (Level2().Match(text) is { Success: true } m2)
        {
            var t = "（" + m2.Groups[1].Value + "）" + text[m2.Length..];
            return Split(NoticeLineKind.Heading2, t);
        }
        if (Level3().Match(text) is { Success: true } m3)
        {
            var t = m3.Groups[1].Value + "." + text[m3.Length..];
            return Split(NoticeLineKind.Heading3, t);
        }
        return new(NoticeLineKind.Body, "", text);
    }

    private static NoticeLine Split(NoticeLineKind kind, string text)
    {
        var stop = text.IndexOf('。', StringComparison.Ordinal);
        return stop < 0 || stop == text.Length - 1 ? new(kind, text, "") : new(kind, text[..(stop + 1)], text[(stop + 1)..]);
    }

    /// <summary>Width of a text in em (one CJK character = 1, ASCII = 0.5): how the layout measures lines.</summary>
    public static double Ems(string s) => s.Sum(c => c < 0x2E80 && c != '—' && c != '“' && c != '”' ? 0.5 : 1.0);

    /// <summary>
    /// Breaks a title into lines of at most <paramref name="perLine"/> em at word boundaries (GB/T 9704 7.3.1: 回行时词意完整，
    /// 排列对称): only after "关于", a verb of publication, "》", or a "年度/工作/评价/情况" word, or before "《" or "的通知"; the
    /// break chosen makes the lines as even as possible with the longer on top (梯形). An explicit line break is kept.
    /// </summary>
    public static IReadOnlyList<string> BreakTitle(string title, double perLine = 20)
    {
        var t = title.Trim();
        if (t.Contains('\n', StringComparison.Ordinal)) return t.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (Ems(t) <= perLine) return [t];
        var cuts = new SortedSet<int>();
        foreach (var after in new[] { "关于", "公布", "印发", "开展", "》", "年度", "工作", "评价", "情况", "机构", "考核" })
            for (var i = t.IndexOf(after, StringComparison.Ordinal); i >= 0; i = t.IndexOf(after, i + 1, StringComparison.Ordinal)) cuts.Add(i + after.Length);
        foreach (var before in new[] { "《", "的通知", "的公告", "的通报" })
            for (var i = t.IndexOf(before, StringComparison.Ordinal); i > 0; i = t.IndexOf(before, i + 1, StringComparison.Ordinal)) cuts.Add(i);
        cuts.RemoveWhere(c => c <= 0 || c >= t.Length);
        IReadOnlyList<string>? best = null;
        var bestScore = double.MaxValue;
        void Try(IReadOnlyList<string> lines)
        {
            if (lines.Any(l => Ems(l) > perLine)) return;
            var widths = lines.Select(Ems).ToList();
            var score = lines.Count * 100 + (widths.Max() - widths.Min()) + (widths[0] < widths[^1] ? 3 : 0);
            if (score < bestScore) (best, bestScore) = (lines, score);
        }
        var list = cuts.ToList();
        foreach (var a in list)
        {
            Try([t[..a].Trim(), t[a..].Trim()]);
            foreach (var b in list.Where(b => b > a)) Try([t[..a].Trim(), t[a..b].Trim(), t[b..].Trim()]);
        }
        if (best is not null) return best;
        // No word boundary fits: cut at the width, never inside "《…》" where avoidable.
        var result = new List<string>();
        var rest = t;
        while (Ems(rest) > perLine)
        {
            var n = 0;
            double w = 0;
            while (n < rest.Length && w + Ems(rest[n].ToString()) <= perLine) w += Ems(rest[n++].ToString());
            result.Add(rest[..n]);
            rest = rest[n..];
        }
        result.Add(rest);
        return result;
    }
}

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
public static class NoticeDocx
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

    /// <summary>
    /// Column widths in twips from the text: the name column as wide as the longest name, the 序号 column two characters,
    /// figure columns as wide as their widest value or a three-character header line; landscape when the sum exceeds
    /// the portrait 版心, and the remaining width shared out so the table fills the 版心.
    /// </summary>
    /// <summary>Whether an annex table is wider than the portrait 版心 and gets a landscape page.</summary>
    public static bool IsWide(NoticeAnnex a)
    {
        ColumnWidths(a, out var landscape);
        return landscape;
    }

    public static int[] ColumnWidths(NoticeAnnex a, out bool landscape)
    {
        const int pt = TableHalfPoints * 10; // one 五号 character in twips
        var cols = a.Headers.Count;
        var need = new double[cols];
        for (var c = 0; c < cols; c++)
        {
            var values = a.Rows.Select(r => c < r.Count ? r[c] : "").Append(c == 0 ? "序号" : "").ToList();
            var widest = values.Max(NoticeLines.Ems);
            var headerMin = c == 1 ? 4 : Math.Min(NoticeLines.Ems(a.Headers[c]), 3);
            need[c] = Math.Max(widest, headerMin) * pt + 2 * TableCellMargin + 30;
        }
        var sum = need.Sum();
        landscape = sum > PortraitWidth;
        var total = landscape ? LandscapeWidth : PortraitWidth;
        var extra = total - sum;
        // Share the rest out: half to the name column, half over the figure columns.
        var widths = need.Select(w => (int)w).ToArray();
        if (extra > 0)
        {
            var toName = cols > 1 ? (int)(extra / 2) : 0;
            if (cols > 1) widths[1] += toName;
            var others = Enumerable.Range(0, cols).Where(c => c != 1).ToList();
            var each = (int)((extra - toName) / others.Count);
            foreach (var c in others) widths[c] += each;
        }
        widths[^1] += total - widths.Sum();
        return widths;
    }

    private static Table Table(NoticeAnnex a, int[] widths)
    {
        var t = new Table();
        var line = new Func<OpenXmlElement[]>(() =>
        [
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
        ]);
        t.Append(new TableProperties
        {
            TableWidth = new TableWidth { Type = TableWidthUnitValues.Dxa, Width = widths.Sum().ToString(CultureInfo.InvariantCulture) },
            TableJustification = new TableJustification { Val = TableRowAlignmentValues.Center },
            TableBorders = new TableBorders(line()),
            TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
            TableCellMarginDefault = new TableCellMarginDefault(
                new TableCellLeftMargin { Width = TableCellMargin, Type = TableWidthValues.Dxa },
                new TableCellRightMargin { Width = TableCellMargin, Type = TableWidthValues.Dxa }),
            TableLook = new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = false, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true },
        });
        var grid = new TableGrid();
        foreach (var w in widths) grid.Append(new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) });
        t.Append(grid);

        TableCell Cell(int col, string text, bool bold = false, int span = 1, MergedCellValues? vmerge = null, bool left = false)
        {
            var w = widths.Skip(col).Take(span).Sum();
            var tcp = new TableCellProperties { TableCellWidth = new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = w.ToString(CultureInfo.InvariantCulture) } };
            if (span > 1) tcp.GridSpan = new GridSpan { Val = span };
            if (vmerge is { } vm) tcp.VerticalMerge = new VerticalMerge { Val = vm };
            tcp.TableCellVerticalAlignment = new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center };
            var pp = new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = "TableText" } };
            if (left) pp.Justification = new Justification { Val = JustificationValues.Left };
            var p = new Paragraph(pp);
            if (text.Length > 0) p.Append(bold ? Run(text, null, true) : Run(text));
            return new TableCell(tcp, p);
        }
        TableRow HeaderRow() => new(new TableRowProperties(new CantSplit(), new TableHeader()));
        // Two header rows as seed 000 prints them: 序号 | 机构名称 | {year}年…概况 (spanning the figures) | scores.
        var extra = a.Headers.Count - 2 - a.GroupColumns;
        var r1 = HeaderRow();
        r1.Append(Cell(0, "序号", true, vmerge: MergedCellValues.Restart), Cell(1, "机构名称", true, vmerge: MergedCellValues.Restart), Cell(2, a.GroupTitle, true, a.GroupColumns));
        for (var i = 0; i < extra; i++) r1.Append(Cell(2 + a.GroupColumns + i, a.Headers[2 + a.GroupColumns + i], true, vmerge: MergedCellValues.Restart));
        var r2 = HeaderRow();
        r2.Append(Cell(0, "", vmerge: MergedCellValues.Continue), Cell(1, "", vmerge: MergedCellValues.Continue));
        var k = 2;
        foreach (var h in a.Headers.Skip(2).Take(a.GroupColumns)) r2.Append(Cell(k++, h, true));
        for (var i = 0; i < extra; i++) r2.Append(Cell(2 + a.GroupColumns + i, "", vmerge: MergedCellValues.Continue));
        t.Append(r1, r2);
        foreach (var row in a.Rows)
        {
            var tr = new TableRow(new TableRowProperties(new CantSplit()));
            var total = row.Count > 1 && row[1] == "合计";
            for (var c = 0; c < a.Headers.Count; c++) tr.Append(Cell(c, c < row.Count ? row[c] : "", total, left: c == 1 && !total));
            t.Append(tr);
        }
        return t;
    }
}

/// <summary>
/// The notice as HTML: <see cref="Fragment"/> for the pages (public 公示 page, staff preview) and <see cref="Document"/>, a
/// standalone A4 page (the GB/T 9704 margins, fonts and page numbers in CSS) that the PDF is printed from. Every text
/// is encoded. Headings are h2/h3/h4 so the page's outline follows the notice's 一、（一）1.
/// </summary>
public static class NoticeHtml
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Fragment(NoticeContent n, NoticeFonts? fonts = null)
    {
        var sb = new StringBuilder();
        sb.Append("<article class=\"notice\">");
        if (fonts?.LetterheadFor(n.RegionCode) is { } mark)
        {
            sb.Append("<p class=\"notice-letterhead\">").Append(E(mark)).Append("</p>");
            sb.Append("<p class=\"notice-docno notice-docno-ruled\">").Append(E(n.DocumentNumber ?? "")).Append("</p>");
        }
        else if (n.DocumentNumber is { Length: > 0 } docNo) sb.Append("<p class=\"notice-docno\">").Append(E(docNo)).Append("</p>");
        sb.Append("<h1 class=\"notice-title\">").Append(string.Join("<br>", NoticeLines.BreakTitle(n.FilledTitle).Select(E))).Append("</h1>");
        foreach (var line in n.Paragraphs.Select(NoticeLines.Classify))
        {
            switch (line.Kind)
            {
                case NoticeLineKind.Heading1:
                    sb.Append("<h2 class=\"notice-h1\">").Append(E(line.Lead)).Append("</h2>");
                    break;
                case NoticeLineKind.Heading2:
                case NoticeLineKind.Heading3:
                    var tag = line.Kind == NoticeLineKind.Heading2 ? "h3" : "h4";
                    var cls = line.Kind == NoticeLineKind.Heading2 ? "notice-h2" : "notice-h3";
                    sb.Append('<').Append(tag).Append(" class=\"").Append(cls).Append("\"><span class=\"notice-lead\">").Append(E(line.Lead)).Append("</span>")
                        .Append(E(line.Rest)).Append("</").Append(tag).Append('>');
                    break;
                case NoticeLineKind.Annexes:
                    var names = n.Annexes.Select(a => a.Title).ToList();
                    if (names.Count == 0) break;
                    sb.Append("<div class=\"notice-annexes\"><span class=\"notice-annexes-label\">附件：</span><ol class=\"notice-annexes-list\">");
                    foreach (var name in names) sb.Append("<li>").Append(E(name)).Append("</li>");
                    sb.Append("</ol></div>");
                    break;
                default:
                    sb.Append("<p class=\"notice-p\">").Append(E(line.Rest)).Append("</p>");
                    break;
            }
        }
        sb.Append("<div class=\"notice-signature\"><p class=\"notice-sign\">").Append(E(n.Authority)).Append("</p>");
        if (n.DateText.Length > 0) sb.Append("<p class=\"notice-date\">").Append(E(n.DateText)).Append("</p>");
        sb.Append("</div></article>");
        var i = 0;
        foreach (var a in n.Annexes)
        {
            i++;
            var widths = NoticeDocx.ColumnWidths(a, out var wide);
            sb.Append("<section class=\"notice-annex").Append(wide ? " notice-annex-wide" : "").Append("\"><p class=\"notice-annex-label\">附件").Append(i).Append("</p>");
            sb.Append("<h2 class=\"notice-annex-title\">").Append(E(a.Title)).Append("</h2>");
            sb.Append("<p class=\"notice-annex-maker\">").Append(E(a.Maker)).Append(n.DateText.Length > 0 ? "　　" + E(n.DateText) : "").Append("</p>");
            sb.Append("<div class=\"table-responsive\"><table class=\"notice-table table table-sm table-bordered\"><caption class=\"visually-hidden\">附件").Append(i).Append(' ')
                .Append(E(a.Title)).Append("</caption><colgroup>");
            var sum = (double)widths.Sum();
            foreach (var w in widths) sb.Append("<col style=\"width:").Append((w / sum * 100).ToString("0.##", CultureInfo.InvariantCulture)).Append("%\">");
            sb.Append("</colgroup><thead><tr>");
            var extra = a.Headers.Count - 2 - a.GroupColumns;
            sb.Append("<th scope=\"col\" rowspan=\"2\">序号</th><th scope=\"col\" rowspan=\"2\">机构名称</th><th scope=\"colgroup\" colspan=\"").Append(a.GroupColumns).Append("\">").Append(E(a.GroupTitle)).Append("</th>");
            for (var k = 0; k < extra; k++) sb.Append("<th scope=\"col\" rowspan=\"2\">").Append(E(a.Headers[2 + a.GroupColumns + k])).Append("</th>");
            sb.Append("</tr><tr>");
            foreach (var h in a.Headers.Skip(2).Take(a.GroupColumns)) sb.Append("<th scope=\"col\">").Append(E(h)).Append("</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var row in a.Rows)
            {
                var total = row.Count > 1 && row[1] == "合计";
                sb.Append(total ? "<tr class=\"notice-total\">" : "<tr>");
                for (var c = 0; c < row.Count; c++)
                {
                    if (c == 1) sb.Append("<th scope=\"row\" class=\"notice-name\">").Append(E(row[c])).Append("</th>");
                    else sb.Append("<td>").Append(E(row[c])).Append("</td>");
                }
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table></div></section>");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The notice's CSS. Emphasis (合计, table headers, the "1." headings) uses the 黑体 face rather than a synthetic bold:
    /// Chromium prints synthetic bold as Type 3 glyphs, a real face stays an embedded CID font.
    /// </summary>
    public static string Css(NoticeFonts fonts) => $$"""
        .notice, .notice-annex { font-family: {{NoticeFonts.Css(fonts.BodyFont)}}; font-size: 16pt; line-height: 28.95pt; color: #000; }
        .notice-p, .notice-h1, .notice-h2, .notice-h3, .notice-annexes, .notice-signature { letter-spacing: -0.25pt; }
        .notice-letterhead { font-family: {{NoticeFonts.Css(fonts.TitleFont)}}; font-size: 30pt; line-height: 50pt; color: #e00; text-align: center; margin: 0 0 28.95pt; }
        .notice-docno { text-align: center; margin: 0 0 28.95pt; }
        .notice-docno-ruled { border-bottom: 1.5pt solid #e00; padding-bottom: 4mm; min-height: 28.95pt; }
        .notice-title { font-family: {{NoticeFonts.Css(fonts.TitleFont)}}; font-size: 22pt; line-height: 35pt; text-align: center; font-weight: normal; margin: 0 0 28.95pt; }
        .notice-p, .notice-h1, .notice-h2, .notice-h3 { text-indent: 2em; text-align: justify; margin: 0; font-size: 16pt; line-height: 28.95pt; font-weight: normal; }
        .notice-h1 { font-family: {{NoticeFonts.Css(fonts.HeiFont)}}; }
        .notice-h2 .notice-lead { font-family: {{NoticeFonts.Css(fonts.KaiFont)}}; }
        .notice-h3 .notice-lead { font-family: {{NoticeFonts.Css(fonts.HeiFont)}}; }
        .notice-annexes { margin: 28.95pt 0 0 2em; display: flex; }
        .notice-annexes-label { flex: none; }
        .notice-annexes-list { margin: 0; padding-left: 1.5em; }
        .notice-annexes-list li { padding-left: 0.25em; }
        .notice-signature { margin-top: 57.9pt; text-align: right; display: flex; flex-direction: column; align-items: flex-end; break-inside: avoid; }
        .notice-sign, .notice-date { margin: 0; }
        .notice-date { margin-right: 4em; }
        .notice-signature .notice-sign { align-self: flex-end; margin-right: max(0em, calc(4em + (var(--date-ems, 6.5) - var(--sign-ems, 13)) * 0.5em)); }
        .notice-annex-label { margin: 0; font-family: {{NoticeFonts.Css(fonts.HeiFont)}}; }
        .notice-annex-title { font-family: {{NoticeFonts.Css(fonts.TitleFont)}}; font-size: 18pt; line-height: 28.95pt; text-align: center; font-weight: normal; margin: 0; }
        .notice-annex-maker { font-size: 10.5pt; line-height: 1.6; margin: 0; }
        .notice-table { border-collapse: collapse; font-size: 10.5pt; line-height: 1.25; width: 100%; table-layout: fixed; }
        .notice-table caption { caption-side: top; }
        .notice-table th, .notice-table td { border: 0.75pt solid #000; padding: 1px 2px; text-align: center; vertical-align: middle; font-weight: normal; }
        .notice-table thead th { font-family: {{NoticeFonts.Css(fonts.HeiFont)}}; }
        .notice-table th.notice-name { text-align: left; }
        .notice-table thead { display: table-header-group; }
        .notice-table tr { break-inside: avoid; }
        .notice-total td, .notice-total th { font-family: {{NoticeFonts.Css(fonts.HeiFont)}}; }
        .visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden !important; clip: rect(0,0,0,0) !important; white-space: nowrap !important; }
        """;

    /// <summary>
    /// The printable page: A4 with the GB/T 9704 margins, a landscape page for a wide annex, and page numbers in the
    /// page margin boxes — "— N —" in 4号 宋体, odd pages right and even pages left.
    /// </summary>
    public static string Document(NoticeContent n, NoticeFonts fonts)
    {
        var number = $"font-family: {NoticeFonts.Css(fonts.PageNumberFont)}; font-size: 14pt; vertical-align: top; padding-top: 7mm;";
        return $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(n.FilledTitle)}}</title>
        <style>
        @page { size: A4; margin: 37mm 26mm 35mm 28mm;
          @bottom-right { content: "— " counter(page) " —"; {{number}} padding-right: 1em; } }
        @page :left { @bottom-right { content: none; } @bottom-left { content: "— " counter(page) " —"; {{number}} padding-left: 1em; } }
        @page wide { size: A4 landscape; margin: 28mm 35mm 26mm 37mm; }
        body { margin: 0; }
        .notice-annex { break-before: page; }
        .notice-annex-wide { page: wide; }
        .notice-signature { --sign-ems: {{NoticeLines.Ems(n.Authority).ToString(CultureInfo.InvariantCulture)}}; --date-ems: {{NoticeLines.Ems(n.DateText).ToString(CultureInfo.InvariantCulture)}}; }
        {{Css(fonts)}}
        </style></head><body>
        {{Fragment(n, fonts)}}
        </body></html>
        """;
    }
}

/// <summary>
/// The annex tables as .xlsx in the layout of StatisticsExport, one sheet per annex, as seed 000 prints them: the title,
/// the 制表 line and the date, the merged two-row header, one line per body with its 序号 as a number, and the 合计 row
/// in bold. The writer gives every sheet its page setup (A4, one page wide, header rows repeated).
/// </summary>
public static class NoticeXlsx
{
    public static void Write(Stream output, NoticeContent n)
    {
        using var w = new XlsxWriter(output);
        if (n.Annexes.Count == 0)
        {
            w.AddSheet("附件", [new XCell[] { "公告没有附件表格" }]);
            return;
        }
        foreach (var a in n.Annexes)
        {
            var width = a.Headers.Count;
            var last = TabularReader.ColumnName(width - 1);
            List<XCell> Pad(List<XCell> cells, CellStyle style = CellStyle.Header) { while (cells.Count < width) cells.Add(new XCell(null, style)); return cells; }
            var extra = width - 2 - a.GroupColumns;
            var rows = new List<IReadOnlyList<XCell>>
            {
                Pad([new XCell(a.Title, CellStyle.Title)], CellStyle.Plain),
                Pad([new XCell(a.Maker, CellStyle.Plain)], CellStyle.Plain),
                Pad([new XCell(n.DateText, CellStyle.Plain)], CellStyle.Plain),
                Pad([new XCell("序号", CellStyle.Header), new XCell("机构名称", CellStyle.Header), new XCell(a.GroupTitle, CellStyle.Header),
                    .. Enumerable.Repeat(new XCell(null, CellStyle.Header), a.GroupColumns - 1), .. a.Headers.Skip(2 + a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
                Pad([new XCell(null, CellStyle.Header), new XCell(null, CellStyle.Header), .. a.Headers.Skip(2).Take(a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
            };
            foreach (var row in a.Rows)
            {
                var total = row.Count > 1 && row[1] == "合计";
                rows.Add(row.Select((c, i) => Cell(c, i, total)).ToList());
            }
            var merges = new List<string> { $"A1:{last}1", $"A2:{last}2", $"A3:{last}3", "A4:A5", "B4:B5", $"C4:{TabularReader.ColumnName(1 + a.GroupColumns)}4" };
            for (var k = 0; k < extra; k++) { var col = TabularReader.ColumnName(2 + a.GroupColumns + k); merges.Add($"{col}4:{col}5"); }
            var name = $"{a.Label} {a.Title}".Replace('/', ' ');
            w.AddSheet(name.Length > 31 ? name[..31] : name, rows, merges, [6, 34, .. Enumerable.Repeat(12.0, width - 2)], frozenRows: 5, headerRows: (4, 5),
                rowHeights: new Dictionary<int, double> { [1] = 30, [4] = 30, [5] = 45 });
        }
    }

    private static XCell Cell(string text, int column, bool total)
    {
        // 序号 is a number, so the sheet sorts and sums (the 合计 row's empty 序号 stays empty).
        if (column == 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial)) return new XCell(serial, CellStyle.WholeNumber);
        if (column < 2 || text.Length == 0) return new XCell(text.Length == 0 ? null : text, total ? CellStyle.Bold : CellStyle.Text);
        if (text.EndsWith('%') && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var pct)) return new XCell(pct / 100m, CellStyle.Percent2);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return new XCell(l, CellStyle.WholeNumber);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return new XCell(d, CellStyle.Decimal2);
        return new XCell(text, CellStyle.Text);
    }
}
