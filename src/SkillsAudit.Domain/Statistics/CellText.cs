using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Statistics;

/// <summary>How the seeds write figures in cells: counts "292", "1,333", none "-", rates "81.79%", scores "103.00".</summary>
public static class CellText
{
    private static readonly Regex NumberPattern = new(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$", RegexOptions.CultureInvariant);

    /// <summary>Full-width digits, signs and percent (OCR output mixes them) become ASCII; spaces are removed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) continue;
            sb.Append(ch switch
            {
                >= '０' and <= '９' => (char)('0' + (ch - '０')),
                '％' => '%',
                '．' => '.',
                '，' => ',',
                '＋' => '+',
                _ => ch,
            });
        }
        return sb.ToString();
    }

    /// <summary>A dash written for "none": "-", "－", "—", "–", "/", "／".</summary>
    public static bool IsDash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // a figure (an ASCII digit first: Normalize keeps it) is never a dash; most cells are figures
        if (text.Length > 0 && char.IsAsciiDigit(text[0])) return false;
        return Normalize(text) is "-" or "－" or "—" or "–" or "——" or "/" or "／";
    }

    /// <summary>Whether a cell holds a figure (used to tell header rows from data rows).</summary>
    public static bool LooksNumeric(string text) => NumberPattern.IsMatch(Normalize(text));

    /// <summary>A whole number, possibly with thousands separators; may be negative (the caller decides what that means).</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (PlainDigits(text, out value)) return true;
        value = 0;
        var t = Normalize(text);
        if (!NumberPattern.IsMatch(t) || t.EndsWith('%') || t.Contains('.', StringComparison.Ordinal)) return false;
        return long.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A decimal number such as a score "103.00" or "76.3"; no percent sign.</summary>
    public static bool TryParseDecimal(string text, out decimal value)
    {
        value = 0;
        var t = Normalize(text);
        if (!NumberPattern.IsMatch(t) || t.EndsWith('%')) return false;
        return decimal.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// A percentage "81.79%" (or "81.79" in a column headed "(%)") as 81.79; <paramref name="decimals"/> is how many
    /// decimals were printed, so a check can compare at the printed precision.
    /// </summary>
    public static bool TryParsePercent(string text, out decimal value, out int decimals)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (PlainPercent(text, out value, out decimals)) return true;
        value = 0;
        decimals = 0;
        var t = Normalize(text);
        if (!NumberPattern.IsMatch(t)) return false;
        t = t.TrimEnd('%').Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
        var dot = t.IndexOf('.', StringComparison.Ordinal);
        decimals = dot < 0 ? 0 : t.Length - dot - 1;
        return true;
    }

    /// <summary>"292": ASCII digits only, read as the pattern above reads them, without normalising (most cells are so).</summary>
    private static bool PlainDigits(string t, out long value)
    {
        value = 0;
        if (t.Length is 0 or > 18) return false;
        foreach (var ch in t)
        {
            if (ch is < '0' or > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }

    /// <summary>"81.79%" or "81.79": ASCII digits, an optional fraction, an optional %, read as the pattern above reads them.</summary>
    private static bool PlainPercent(string t, out decimal value, out int decimals)
    {
        value = 0;
        decimals = 0;
        var span = t.AsSpan();
        if (span.Length > 0 && span[^1] == '%') span = span[..^1];
        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (whole.Length == 0 || whole.ContainsAnyExceptInRange('0', '9') || (dot >= 0 && (fraction.Length == 0 || fraction.ContainsAnyExceptInRange('0', '9')))) return false;
        if (!decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
        decimals = fraction.Length;
        return true;
    }
}
