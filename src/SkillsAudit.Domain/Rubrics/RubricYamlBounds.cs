using SkillsAudit.Domain.Common;
using YamlDotNet.Core;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>The limits every rubric YAML text must keep before it is loaded (issue: bounded reads).</summary>
public static class RubricYamlBounds
{
    /// <summary>At most 2 million characters (a rubric is a few hundred lines).</summary>
    public const int MaxChars = 2_000_000;
    /// <summary>Nesting of mappings and sequences, and YAML nodes in all.</summary>
    public const int MaxDepth = 32;
    public const int MaxNodes = 200_000;

    /// <summary>
    /// Refuses, before the document is built, what would cost unbounded memory or time: an oversized text, anchors and
    /// aliases (the "billion laughs": a few lines that expand to billions of nodes; rubrics never need them), deep
    /// nesting (the loader recurses) and too many nodes. One pass of the event parser, constant memory.
    /// </summary>
    public static ValidationIssue? Check(string yaml, string path)
    {
        ValidationIssue Refuse(string message, Mark? at = null) =>
            new(IssueSeverity.Error, "yaml.limit", "", message, file: path, line: at is { } m ? (int)m.Line : 1, column: at is { } c ? (int)c.Column : 1);
        if (yaml.Length > MaxChars) return Refuse($"文件超过 {MaxChars:N0} 个字符的上限，未读取");
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        var nodes = 0;
        var budget = ReadBudget.Start(Path.GetFileName(path)); // Files:ReadSeconds
        var events = 0;
        while (parser.MoveNext())
        {
            if ((++events & 1023) == 0)
            {
                try { budget.Check(); }
                catch (ReadBudgetExceededException e) { return Refuse(e.Message, parser.Current?.Start); }
            }
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias a:
                    return Refuse("评估表文件不支持 YAML 别名（*引用），请直接写出内容", a.Start);
                case YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } n:
                    return Refuse("评估表文件不支持 YAML 锚点（&定义），请直接写出内容", n.Start);
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth) return Refuse($"嵌套层级超过上限 {MaxDepth} 层", parser.Current.Start);
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
            if (parser.Current is YamlDotNet.Core.Events.NodeEvent && ++nodes > MaxNodes) return Refuse($"节点数超过上限 {MaxNodes:N0} 个", parser.Current.Start);
        }
        return null;
    }
}
