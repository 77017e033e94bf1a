using System.Globalization;
using System.Net;
using System.Text;

namespace SkillsAudit.Data.Features.Publication;

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
            // On a phone the table is wider than the screen and scrolls sideways; without a word, a reader sees only the
            // names and no figures. Screen only (the PDF is printed without it).
            sb.Append("<p class=\"notice-scroll-hint\">表格较宽，请左右滑动查看全部数字。</p>");
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
    /// Chromium prints synthetic bold as Type 3 glyphs, a real face stays an embedded CID font. On a screen narrower than
    /// the printed 版心 (a phone) an annex table keeps its printed width (42 em portrait, 61 em landscape, in its 五号 text)
    /// and scrolls sideways in its container, rather than squeezing its figures into each other.
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
        @media screen { .notice-table { min-width: 42em; } .notice-annex-wide .notice-table { min-width: 61em; } }
        .notice-scroll-hint { display: none; margin: 0; font-size: 10.5pt; color: #555; }
        @media screen and (max-width: 767.98px) { .notice-scroll-hint { display: block; } }
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

