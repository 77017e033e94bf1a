using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>Generic YAML node access for the rubric reader: mappings with allowed keys, scalars, numbers, lists, each error with its line.</summary>
public static partial class RubricLoader
{
    private sealed class YMap(YamlNode node)
    {
        private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

        public YamlNode Node { get; } = node;
        public bool TryAdd(string key, (YamlNode, YamlNode) entry) => _entries.TryAdd(key, entry);
        public bool TryGetValue(string key, out (YamlNode Key, YamlNode Value) entry) => _entries.TryGetValue(key, out entry);
        public bool ContainsKey(string key) => _entries.ContainsKey(key);
        public (YamlNode Key, YamlNode Value) this[string key] => _entries[key];
    }

    private sealed partial class Reader
    {
        private YMap Map(YamlNode node, string location, string[] allowed)
        {
            if (node is not YamlMappingNode) Fail(node, location, "expected a mapping");
            var result = new YMap(node);
            foreach (var (k, v) in ((YamlMappingNode)node).Children)
            {
                var key = (k as YamlScalarNode)?.Value;
                if (key is null) Fail(k, location, "keys must be plain names");
                if (!allowed.Contains(key!)) Fail(k, location, $"unknown key '{key}'; allowed here: {string.Join(", ", allowed)}");
                if (!result.TryAdd(key!, (k, v))) Fail(k, location, $"key '{key}' appears twice");
            }
            return result;
        }

        private string? Str(YMap map, string key, string location, bool required = false)
        {
            if (!map.TryGetValue(key, out var kv))
            {
                if (required) Fail(map.Node, location, $"missing required key '{key}'");
                return null;
            }
            if (kv.Value is not YamlScalarNode s) { Fail(kv.Value, $"{location}.{key}", "expected a text value"); return null; }
            var value = s.Value;
            if (required && string.IsNullOrWhiteSpace(value)) Fail(kv.Value, $"{location}.{key}", $"'{key}' cannot be empty");
            return string.IsNullOrEmpty(value) && s.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : value;
        }

        private decimal? Dec(YMap map, string key, string location, bool required = false, bool allowNegative = false)
        {
            if (!map.TryGetValue(key, out var kv))
            {
                if (required) Fail(map.Node, location, $"missing required key '{key}'");
                return null;
            }
            if (kv.Value is not YamlScalarNode s || !decimal.TryParse(s.Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            {
                Fail(kv.Value, $"{location}.{key}", $"'{key}' must be a number");
                return null;
            }
            if (d < 0 && !allowNegative) Fail(kv.Value, $"{location}.{key}", $"'{key}' cannot be negative ({s.Value})", "negative");
            return d;
        }

        private int? Int(YMap map, string key, string location, bool required = false)
        {
            var d = Dec(map, key, location, required);
            if (d is { } x && x != decimal.Truncate(x)) Fail(map[key].Value, $"{location}.{key}", $"'{key}' must be a whole number");
            return d is { } y ? (int)y : null;
        }

        private bool? Bool(YMap map, string key, string location)
        {
            if (!map.TryGetValue(key, out var kv)) return null;
            if (kv.Value is YamlScalarNode { Value: "true" }) return true;
            if (kv.Value is YamlScalarNode { Value: "false" }) return false;
            Fail(kv.Value, $"{location}.{key}", $"'{key}' must be true or false");
            return null;
        }

        private List<YamlNode> Seq(YMap map, string key, string location)
        {
            if (!map.TryGetValue(key, out var kv)) return [];
            if (kv.Value is not YamlSequenceNode seq) { Fail(kv.Value, $"{location}.{key}", $"'{key}' must be a list"); return []; }
            return [.. seq.Children];
        }
    }
}
