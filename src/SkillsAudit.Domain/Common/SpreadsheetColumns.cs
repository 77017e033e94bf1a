namespace SkillsAudit.Domain.Common;

/// <summary>How spreadsheets name columns, so that every error can say where: 0 → A, 25 → Z, 26 → AA.</summary>
public static class SpreadsheetColumns
{
    public static string Name(int index)
    {
        if (index < 0) return "?";
        var name = "";
        index++;
        while (index > 0)
        {
            var m = (index - 1) % 26;
            name = (char)('A' + m) + name;
            index = (index - m) / 26;
        }
        return name;
    }
}
