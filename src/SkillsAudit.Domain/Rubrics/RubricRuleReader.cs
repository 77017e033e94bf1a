using YamlDotNet.RepresentationModel;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>Reads one scoring rule of a rubric indicator, by its kind.</summary>
public static partial class RubricLoader
{
    private sealed partial class Reader
    {
        private ScoringRule ReadRule(YamlNode node, string location, decimal ownerMax)
        {
            if (node is not YamlMappingNode m) return Fail<ScoringRule>(node, location, "a rule is a mapping with a 'kind'");
            var kindNode = m.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "kind" }).Value;
            var kind = (kindNode as YamlScalarNode)?.Value;
            if (kind is null) return Fail<ScoringRule>(node, location, "a rule needs a 'kind'", "unknown-rule-kind");
            try
            {
                switch (kind)
                {
                    case "allOrNothing":
                    {
                        var map = Map(node, location, ["kind", "points"]);
                        return new AllOrNothingRule(Dec(map, "points", location) ?? ownerMax);
                    }
                    case "deduction":
                    {
                        var map = Map(node, location, ["kind", "full", "per", "label", "atMost", "deficiencies"]);
                        var full = Dec(map, "full", location) ?? ownerMax;
                        var defs = new List<Deficiency>();
                        if (map.ContainsKey("per"))
                        {
                            if (map.ContainsKey("deficiencies")) Fail(node, location, "give either 'per' (one kind of deficiency) or 'deficiencies', not both");
                            var per = Dec(map, "per", location)!.Value;
                            if (per == 0) Fail(map["per"].Value, location + ".per", "'per' must be positive");
                            defs.Add(new Deficiency("default", Str(map, "label", location) ?? "缺项", per, Int(map, "atMost", location)));
                        }
                        else
                        {
                            if (map.ContainsKey("label") || map.ContainsKey("atMost")) Fail(node, location, "'label' and 'atMost' go on each deficiency");
                            var items = Seq(map, "deficiencies", location);
                            if (items.Count == 0) Fail(node, location, "a deduction rule needs 'per' or a non-empty 'deficiencies' list");
                            for (var i = 0; i < items.Count; i++)
                            {
                                var dl = $"{location}.deficiencies[{i}]";
                                var d = Map(items[i], dl, ["key", "label", "per", "atMost"]);
                                var per = Dec(d, "per", dl, required: true)!.Value;
                                if (per == 0) Fail(d["per"].Value, dl + ".per", "'per' must be positive");
                                defs.Add(new Deficiency(Str(d, "key", dl, required: true)!, Str(d, "label", dl, required: true)!, per, Int(d, "atMost", dl)));
                            }
                        }
                        return new DeductionRule(full, defs);
                    }
                    case "tiers":
                    {
                        var map = Map(node, location, ["kind", "tiers"]);
                        var tiers = new List<Tier>();
                        var items = Seq(map, "tiers", location);
                        for (var i = 0; i < items.Count; i++)
                        {
                            var tl = $"{location}.tiers[{i}]";
                            var t = Map(items[i], tl, ["key", "label", "points"]);
                            var label = Str(t, "label", tl, required: true)!;
                            tiers.Add(new Tier(Str(t, "key", tl) ?? label, label, Dec(t, "points", tl, required: true)!.Value));
                        }
                        return new TierRule(tiers);
                    }
                    case "composite":
                    {
                        var map = Map(node, location, ["kind", "parts"]);
                        var parts = new List<CompositePart>();
                        var items = Seq(map, "parts", location);
                        for (var i = 0; i < items.Count; i++)
                        {
                            var pl = $"{location}.parts[{i}]";
                            var p = Map(items[i], pl, ["key", "label", "max", "rule"]);
                            var partMax = Dec(p, "max", pl, required: true)!.Value;
                            if (!p.ContainsKey("rule")) Fail(items[i], pl, "missing required key 'rule'");
                            var rule = ReadRule(p["rule"].Value, pl + ".rule", partMax);
                            if (rule.MaxPoints != partMax) Fail(p["rule"].Value, pl, $"part max {partMax} differs from its rule's max {rule.MaxPoints}");
                            parts.Add(new CompositePart(Str(p, "key", pl, required: true)!, Str(p, "label", pl, required: true)!, rule));
                        }
                        return new CompositeRule(parts);
                    }
                    case "staffingRatio":
                    {
                        var map = Map(node, location, ["kind", "full", "none", "below"]);
                        var bands = new List<StaffingBand>();
                        var items = Seq(map, "below", location);
                        for (var i = 0; i < items.Count; i++)
                        {
                            var bl = $"{location}.below[{i}]";
                            var b = Map(items[i], bl, ["share", "deduct"]);
                            var shareText = Str(b, "share", bl, required: true)!;
                            if (!Share.TryParse(shareText, out var share)) Fail(b["share"].Value, bl + ".share", $"share '{shareText}' must be a fraction such as 2/3");
                            bands.Add(new StaffingBand(share, Dec(b, "deduct", bl, required: true)!.Value));
                        }
                        return new StaffingRatioRule(Dec(map, "full", location) ?? ownerMax, Dec(map, "none", location, required: true)!.Value, bands);
                    }
                    case "veto":
                        Map(node, location, ["kind"]);
                        return VetoRule.Instance;
                    case "judgement":
                        Map(node, location, ["kind"]);
                        return new JudgementRule(ownerMax);
                    default:
                        return Fail<ScoringRule>(kindNode!, location + ".kind", $"unknown rule kind '{kind}'; known: {string.Join(", ", RuleKinds)}", "unknown-rule-kind");
                }
            }
            catch (ArgumentException e)
            {
                return Fail<ScoringRule>(node, location, e.Message, "rule");
            }
        }
    }
}
