using BenchmarkDotNet.Running;

// `stats gen|read|import|summary DIR`: timed commands for the statistics targets (see StatisticsTimed).
if (args.Length > 0 && args[0] == "stats") return SkillsAudit.Bench.StatisticsTimed.Run(args);
// `bombs DIR`: hostile files (zip bombs, a 1 GiB cell, billion laughs, a csv without line breaks) refused within 300 MB (see BombsTimed).
if (args.Length > 0 && args[0] is "bombs" or "bomb") return SkillsAudit.Bench.BombsTimed.Run(args);
// `decide CONNECTION-STRING`: deciding the 48 Xinzhou bodies at once (see DecideTimed).
// `risk CONNECTION-STRING`: every risk signal for a generated province (see Risk/RiskTimed).
if (args.Length > 0 && args[0] == "risk") return SkillsAudit.Bench.Risk.RiskTimed.Run(args);
if (args.Length > 0 && args[0] == "decide") return SkillsAudit.Bench.DecideTimed.Run(args);
// `todo CONNECTION-STRING`: the home page's to-do list, the bell and the reminders over the 48-body campaign (see TodoTimed).
if (args.Length > 0 && args[0] == "todo") return SkillsAudit.Bench.TodoTimed.Run(args);

// Run in-process: the project BenchmarkDotNet would generate and restore for a separate process lacks this project's
// FrameworkReference to Microsoft.AspNetCore.App, so the served NuGet copy cannot restore it (NU1101).
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
return 0;
