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
