using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The notice's documents after GB/T 9704-2012: the .docx is schema-valid, has the standard's page numbers, grid,
/// heading styles, 附件说明, 署名/日期, 版头 and annex tables; LibreOffice lays the Xinzhou notice out in at most six
/// pages; the PDF carries a page number on every page and embeds its CJK fonts as CID fonts, never Type 3.
/// </summary>
public sealed partial class NoticeDocumentTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Mark = "忻州市人力资源和社会保障局";

    private async Task<NoticeContent> XinzhouAsync(bool campaign = true)
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        int? id = campaign ? await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync() : null;
        var n = await scope.ServiceProvider.GetRequiredService<NoticeGenerator>().GenerateAsync(2023, "忻州市", id, new DateOnly(2024, 1, 25));
        return n with { DocumentNumber = "忻人社函〔2024〕5号" };
    }

    private static NoticeFonts WithLetterhead()
    {
        var f = new NoticeFonts();
        f.Letterheads["140900"] = Mark;
        return f;
    }

    private static byte[] Docx(NoticeContent n, NoticeFonts fonts)
    {
        using var ms = new MemoryStream();
        NoticeDocx.Write(ms, n, fonts);
        return ms.ToArray();
    }

    [Fact]
    public async Task Every_generated_docx_has_no_schema_errors()
    {
        var withCampaign = await XinzhouAsync();
        var plain = await XinzhouAsync(campaign: false);
        foreach (var (n, fonts) in new[] { (withCampaign, WithLetterhead()), (withCampaign, new NoticeFonts()), (plain, new NoticeFonts()), (plain with { DocumentNumber = null }, WithLetterhead()) })
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(Docx(n, fonts)), false);
            var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc).ToList();
            errors.ShouldBeEmpty(string.Join("\n", errors.Take(10).Select(e => $"{e.Path?.XPath} {e.Description}")));
        }
    }

    [Fact]
    public async Task Docx_follows_GB_T_9704()
    {
        var n = await XinzhouAsync();
        using var doc = WordprocessingDocument.Open(new MemoryStream(Docx(n, WithLetterhead())), false);
        var main = doc.MainDocumentPart!;
        var body = main.Document!.Body!;
        // Document grid 22 × 28 and page numbers on odd (right) and even (left) pages.
        var sections = body.Descendants<SectionProperties>().ToList();
        sections.Count.ShouldBe(3); // the body and one section per annex
        foreach (var s in sections)
        {
            var grid = s.GetFirstChild<DocGrid>()!;
            (grid.Type!.Value, grid.LinePitch!.Value).ShouldBe((DocGridValues.Lines, 579));
            s.Elements<FooterReference>().Select(r => r.Type!.Value).ShouldBe([HeaderFooterValues.Default, HeaderFooterValues.Even]);
        }
        main.DocumentSettingsPart!.Settings!.GetFirstChild<EvenAndOddHeaders>().ShouldNotBeNull();
        var footers = main.FooterParts.Select(f => f.Footer!).ToList();
        footers.Count.ShouldBe(2);
        foreach (var f in footers)
        {
            f.InnerText.ShouldStartWith("— ");
            f.Descendants<FieldCode>().Single().Text.Trim().ShouldBe("PAGE");
            f.Descendants<FontSize>().First().Val!.Value.ShouldBe("28"); // 4号
        }
        footers.Select(f => f.Descendants<Justification>().Single().Val!.Value).ShouldBe([JustificationValues.Right, JustificationValues.Left], ignoreOrder: true);
        // The annex wider than the portrait 版心 (附件2 with the scores) is landscape.
        sections[1].GetFirstChild<PageSize>()!.Orient.ShouldBeNull();
        sections[2].GetFirstChild<PageSize>()!.Orient!.Value.ShouldBe(PageOrientationValues.Landscape);
        // Real heading styles with outline levels; 一、 黑体, （一） 楷体, 1. bold.
        var styles = main.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        // 28 characters a line: 28 × (16 pt − 0.25 pt) = 441 pt within the 442 pt 版心.
        styles["Normal"].StyleRunProperties!.Spacing!.Val!.Value.ShouldBe(-5);
        styles["Normal"].StyleRunProperties!.FontSize!.Val!.Value.ShouldBe("32");
        styles["Heading1"].StyleName!.Val!.Value.ShouldBe("heading 1");
        styles["Heading1"].StyleParagraphProperties!.OutlineLevel!.Val!.Value.ShouldBe(0);
        styles["Heading1"].StyleRunProperties!.RunFonts!.EastAsia!.Value.ShouldBe("黑体");
        styles["Heading2"].StyleRunProperties!.RunFonts!.EastAsia!.Value.ShouldBe("楷体_GB2312");
        styles["Heading3"].StyleRunProperties!.Bold.ShouldNotBeNull();
        var paras = body.Elements<Paragraph>().ToList();
        string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
        paras.Where(p => StyleOf(p) == "Heading1").Select(p => p.InnerText).ShouldBe(["一、职业技能等级评价概况", "二、技能人才评价机构概况", "三、2023年度绩效考核基本情况"]);
        paras.Where(p => StyleOf(p) == "Heading2").Select(p => p.InnerText[..3]).ShouldBe(["（一）", "（二）", "（三）", "（一）", "（二）", "（三）", "（一）", "（二）", "（三）"]);
        body.InnerText.ShouldNotContain("(一)");
        // 版头: the red 发文机关标志 and the red line under the 发文字号.
        paras[0].InnerText.ShouldBe(Mark);
        StyleOf(paras[0]).ShouldBe("Letterhead");
        styles["Letterhead"].StyleRunProperties!.Color!.Val!.Value.ShouldBe("FF0000");
        var docNo = paras.First(p => StyleOf(p) == "DocNumber");
        docNo.InnerText.ShouldBe("忻人社函〔2024〕5号");
        docNo.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value.ShouldBe("FF0000");
        // The title breaks at a word boundary into lines of at most 20 characters.
        var title = paras.First(p => StyleOf(p) == "Title");
        title.Descendants<Break>().Count().ShouldBeGreaterThan(0);
        var titleLines = title.Elements<Run>().Where(r => r.GetFirstChild<Text>() is not null).Select(r => r.InnerText).ToList();
        titleLines.ShouldAllBe(l => NoticeLines.Ems(l) <= 18.5);
        titleLines.ShouldBe(["关于公布《忻州市2023年度", "职业技能等级评价年度", "绩效考核工作情况》的通知"]);
        // 附件说明: one annex per line, the second aligned on the first one's name.
        var note = paras.Where(p => p.Descendants<TabChar>().Any()).ToList();
        note.Count.ShouldBe(2);
        note[0].InnerText.ShouldBe("附件：1." + n.Annexes[0].Title);
        note[1].InnerText.ShouldBe("2." + n.Annexes[1].Title);
        note[0].ParagraphProperties!.Indentation!.Left!.Value.ShouldBe(note[1].ParagraphProperties!.Indentation!.Left!.Value);
        // 署名 over the date, the date 右空四字, blank lines above for the seal.
        var sign = paras.FindIndex(p => StyleOf(p) == "Signature");
        paras[sign].InnerText.ShouldBe(Mark);
        paras[sign + 1].InnerText.ShouldBe("2024年1月25日");
        paras[sign + 1].ParagraphProperties!.Indentation!.Right!.Value.ShouldBe("1280");
        paras.Skip(sign - 2).Take(2).ShouldAllBe(p => p.InnerText.Length == 0);
        // Annex tables: a grid of real widths filling the 版心, fixed layout, header rows repeated, text off the grid.
        var tables = body.Elements<Table>().ToList();
        tables.Count.ShouldBe(2);
        foreach (var (t, width) in tables.Zip(new[] { 8844, 12756 }))
        {
            var cols = t.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Select(c => int.Parse(c.Width!.Value!)).ToList();
            Math.Abs(cols.Sum() - width).ShouldBeLessThanOrEqualTo(2);
            cols[1].ShouldBeGreaterThan(cols[2]); // the name column is the widest
            t.GetFirstChild<TableProperties>()!.TableLayout!.Type!.Value.ShouldBe(TableLayoutValues.Fixed);
            t.Elements<TableRow>().Take(2).ShouldAllBe(r => r.TableRowProperties!.GetFirstChild<TableHeader>() != null);
        }
        styles["TableText"].StyleParagraphProperties!.SnapToGrid!.Val!.Value.ShouldBeFalse();
        // Document properties.
        doc.PackageProperties.Title.ShouldBe(n.FilledTitle);
        doc.PackageProperties.Creator.ShouldBe(Mark);
    }

    [Fact]
    public async Task LibreOffice_lays_the_Xinzhou_notice_out_in_at_most_six_pages()
    {
        var n = await XinzhouAsync();
        var soffice = Tools.Find("soffice") ?? throw new InvalidOperationException("soffice (LibreOffice) is not installed: run ./test.sh");
        var pdfinfo = Tools.Find("pdfinfo") ?? throw new InvalidOperationException("pdfinfo (poppler-utils) is not installed: run ./test.sh");
        var dir = Directory.CreateTempSubdirectory("notice-render-");
        try
        {
            var file = Path.Combine(dir.FullName, "notice.docx");
            await File.WriteAllBytesAsync(file, Docx(n, WithLetterhead()));
            var (code, output) = await Tools.RunAsync(soffice, $"-env:UserInstallation=file://{dir.FullName}/profile", "--headless", "--convert-to", "pdf", "--outdir", dir.FullName, file);
            code.ShouldBe(0, output);
            var pdf = Path.Combine(dir.FullName, "notice.pdf");
            if (Environment.GetEnvironmentVariable("SKILLSAUDIT_RENDER_DIR") is { Length: > 0 } keep)
            {
                File.Copy(pdf, Path.Combine(keep, "notice-libreoffice.pdf"), true);
                File.Copy(file, Path.Combine(keep, "notice.docx"), true);
            }
            var (c2, info) = await Tools.RunAsync(pdfinfo, pdf);
            c2.ShouldBe(0, info);
            var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
            pages.ShouldBeLessThanOrEqualTo(6);
            await PageNumbersShouldBeOnEveryPage(pdf, pages);
            // Every figure of the annex tables whole on its line: a rate's '%' (or a bold 合计 figure) never wrapped alone.
            var pdftotext = Tools.Find("pdftotext") ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed: run ./test.sh");
            var (c3, text) = await Tools.RunAsync(pdftotext, "-layout", pdf, "-");
            c3.ShouldBe(0, text);
            text.ShouldContain("71.43%");
            text.Split('\n').Where(l => l.Trim() == "%").ShouldBeEmpty("a rate's % sign wrapped onto a line of its own");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task PageNumbersShouldBeOnEveryPage(string pdf, int pages)
    {
        var pdftotext = Tools.Find("pdftotext") ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed: run ./test.sh");
        for (var p = 1; p <= pages; p++)
        {
            var (code, text) = await Tools.RunAsync(pdftotext, "-f", p.ToString(), "-l", p.ToString(), "-layout", pdf, "-");
            code.ShouldBe(0, text);
            Regex.IsMatch(text, $@"—\s*{p}\s*—").ShouldBeTrue($"page {p} has no page number “— {p} —”:\n{text}");
        }
    }

    [Fact]
    public async Task Pdf_has_a_page_number_on_every_page_and_embeds_its_fonts_as_CID_fonts()
    {
        var n = await XinzhouAsync();
        _ = app.Server;
        var pdfBytes = await app.Services.GetRequiredService<NoticePdf>().RenderAsync(NoticeHtml.Document(n, WithLetterhead()));
        var file = Path.Combine(Path.GetTempPath(), $"notice-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(file, pdfBytes);
            if (Environment.GetEnvironmentVariable("SKILLSAUDIT_RENDER_DIR") is { Length: > 0 } keep) File.Copy(file, Path.Combine(keep, "notice-chromium.pdf"), true);
            var (c1, info) = await Tools.RunAsync(Tools.Find("pdfinfo")!, file);
            c1.ShouldBe(0, info);
            var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
            pages.ShouldBeInRange(3, 6);
            await PageNumbersShouldBeOnEveryPage(file, pages);
            var (c2, fonts) = await Tools.RunAsync(Tools.Find("pdffonts") ?? throw new InvalidOperationException("pdffonts (poppler-utils) is not installed"), file);
            c2.ShouldBe(0, fonts);
            var rows = fonts.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
            rows.ShouldNotBeEmpty();
            rows.ShouldAllBe(l => l.Contains("CID TrueType") || l.Contains("CID Type 0"), fonts);
            rows.ShouldAllBe(l => Regex.IsMatch(l, @"\byes\s+yes\s+yes\b"), fonts); // embedded, subset, with a ToUnicode map
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Titles_break_at_word_boundaries()
    {
        NoticeLines.BreakTitle("关于公布《忻州市2023年度职业技能等级评价年度绩效考核工作情况》的通知")
            .ShouldBe(["关于公布《忻州市2023年度职业技能等级评价", "年度绩效考核工作情况》的通知"]);
        NoticeLines.BreakTitle("关于公布考核结果的通知").ShouldBe(["关于公布考核结果的通知"]);
        NoticeLines.BreakTitle("第一行\n第二行").ShouldBe(["第一行", "第二行"]);
    }

    [Fact]
    public void Headings_are_classified_and_ascii_brackets_normalised()
    {
        NoticeLines.Classify("一、职业技能等级评价概况").Kind.ShouldBe(NoticeLineKind.Heading1);
        var h2 = NoticeLines.Classify("(一) 全市基本情况。截至12月底，全市共组织评价8884人。");
        (h2.Kind, h2.Lead, h2.Rest).ShouldBe((NoticeLineKind.Heading2, "（一）全市基本情况。", "截至12月底，全市共组织评价8884人。"));
        var h3 = NoticeLines.Classify("1. 省属机构12个。山西工程职业学院。");
        (h3.Kind, h3.Lead).ShouldBe((NoticeLineKind.Heading3, "1.省属机构12个。"));
        NoticeLines.Classify("附件：1. 甲；2. 乙").Kind.ShouldBe(NoticeLineKind.Annexes);
        NoticeLines.Classify("按照要求，现公布如下。").Kind.ShouldBe(NoticeLineKind.Body);
    }
}
