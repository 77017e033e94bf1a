using System.Globalization;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>The header fields an officer types on the upload form (a spreadsheet holds only the table).</summary>
public sealed record RubricImportMetadata(string? Id, string? Title, int? Year, string? Outcome, string? Issuer = null, string? DocumentNumber = null);

/// <summary>One spreadsheet row: its 1-based number and the cells as text.</summary>
public sealed record RubricSheetRow(int RowNumber, IReadOnlyList<string?> Cells);

/// <summary>The outcome of reading a rubric table: the rubric and its YAML when there are no errors, and the full report.</summary>
public sealed record RubricImportResult(
    Rubric? Rubric,
    string? Yaml,
    IReadOnlyList<ValidationIssue> Errors,
    IReadOnlyList<ValidationIssue> Warnings,
    IReadOnlyList<int> JudgementRows)
{
    public bool Succeeded => Rubric is not null && Errors.Count == 0;
    public ValidationReport ToReport(string? file) => new(file, Errors, Warnings);
}

/// <summary>
/// Reads a rubric table laid out like the seeds (docs/rubric-format.md, "Importing from xlsx"):
/// seed 002 附件3 (序号, 评估项目, 评估内容, 标准分值, 评估标准, 评估要求及相应分值 …) or seed 001 附件3 (评估类别, 评估项目,
/// 评估内容, 评估办法, 评分标准). Section title cells carry their declarations ("(56项, 49.75分)"), a blank section cell
/// repeats the section above (merged cells), and each row's rule is recognised from its wording where possible
/// (<see cref="RubricRuleText.Recognise"/>). Every problem names the sheet, row and column.
/// </summary>
public static class RubricSheetImport
{
    /// <summary>Outcome presets offered on the upload form.</summary>
    public static readonly IReadOnlyDictionary<string, string> Outcomes = new Dictionary<string, string>
    {
        ["grades"] = "A/B/C/D 等级（A≥90，B 70–89，C 60–69，D<60；含加分）",
        ["stars"] = "星级（五星≥90，四星 80–89，三星 70–79，不合格<70）",
        ["passFail"] = "合格/不合格（60分及以上合格）",
    };

    public static OutcomeScheme? OutcomeFor(string? key) => key switch
    {
        // seed 002 备注3/4: A (90分及以上)、B (70-89分)、C (60-69分)、D (60分以下) on the total with bonus; 有1项否决项直接取消评价资格.
        "grades" => new OutcomeScheme(OutcomeKind.Grades, OutcomeBasis.Total,
            [new OutcomeBand("A", 90, null), new OutcomeBand("B", 70, 90), new OutcomeBand("C", 60, 70), new OutcomeBand("D", null, 60)], "取消评价资格"),
        // seed 004 一、评估结果: 五星级 ≥ 90, 四星级 [80, 90), 三星级 [70, 80), 不合格 < 70.
        "stars" => new OutcomeScheme(OutcomeKind.Stars, OutcomeBasis.Total,
            [new OutcomeBand("五星级", 90, null), new OutcomeBand("四星级", 80, 90), new OutcomeBand("三星级", 70, 80), new OutcomeBand("不合格", null, 70)], "不合格"),
        // seed 001 三(三): 评分采取百分制，六十分以上为合格; 四(一): 直接确定为“不合格”，终止备案.
        "passFail" => new OutcomeScheme(OutcomeKind.PassFail, OutcomeBasis.Total,
            [new OutcomeBand("合格", 60, null), new OutcomeBand("不合格", null, 60)], "不合格（终止备案）"),
        _ => null,
    };

    // Score columns of the printed forms, filled in by assessors, not part of the rubric.
    private static readonly HashSet<string> ScoreColumns = ["自评结果", "扣分原因", "自评分", "评估意见", "评估分", "得分", "备注", "自评得分", "评估得分"];

    private sealed class Node(string name, int? count, decimal? points, int row, int column, string key)
    {
        public string Name { get; } = name;
        public int? Count { get; } = count;
        public decimal? Points { get; } = points;
        public int Row { get; } = row;
        public int Column { get; } = column;
        public string Key { get; } = key;
        public List<Node> Children { get; } = [];
        public List<Indicator> Indicators { get; } = [];
        public List<PendingIndicator> Pending { get; } = [];
        public Node? Parent { get; set; }
    }

    private sealed record PendingIndicator(int Row, string? Content, string? Method, string? Standard, decimal Max, IndicatorKind Kind, ScoringRule Rule, string? Note);

    public static RubricImportResult Import(string fileName, string sheetName, IEnumerable<RubricSheetRow> rows, RubricImportMetadata meta)
    {
        var errors = new List<ValidationIssue>();
        var warnings = new List<ValidationIssue>();
        var judgementRows = new List<int>();

        ValidationIssue At(IssueSeverity severity, string code, int row, int col, string header, string message) =>
            new(severity, code, $"工作表“{sheetName}” 第{row}行 {ColumnName(col)}列（{header}）", message, file: fileName, line: row, column: col + 1);
        ValidationIssue AtRow(IssueSeverity severity, string code, int row, string message) =>
            new(severity, code, $"工作表“{sheetName}” 第{row}行", message, file: fileName, line: row);
        ValidationIssue Form(string field, string message) => new(IssueSeverity.Error, "metadata", "表单：" + field, message);

        // ---- metadata from the form
        var id = meta.Id?.Trim() ?? "";
        if (id.Length == 0) errors.Add(Form("评估表编号", "请填写评估表编号（如 xinzhou-2024）"));
        else if (!RubricFormat.IsValidId(id)) errors.Add(Form("评估表编号", $"编号“{id}”只能由小写字母、数字和连字符组成"));
        var title = meta.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add(Form("标题", "请填写评估表标题"));
        if (meta.Year is < 1949 or > 2100) errors.Add(Form("年度", $"年度 {meta.Year} 超出范围（1949–2100）"));
        var outcome = OutcomeFor(meta.Outcome);
        if (outcome is null) errors.Add(Form("结果等级方案", $"未知的结果等级方案“{meta.Outcome}”；可选：{string.Join("、", Outcomes.Keys)}"));

        // ---- header row: the first row with a 评估内容 or 评估标准 column, within the first 20 rows
        using var e = rows.GetEnumerator();
        Dictionary<string, int>? header = null;
        string?[] headerCells = [];
        var headerRow = 0;
        var scanned = 0;
        while (header is null && scanned < 20 && e.MoveNext())
        {
            scanned++;
            var names = e.Current.Cells.Select(c => c is null ? "" : RubricRuleText.Normalize(c)).ToArray();
            if (names.Any(n => n is "评估内容" or "评估标准"))
            {
                header = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < names.Length; i++)
                {
                    if (names[i].Length > 0) header.TryAdd(names[i], i);
                }
                headerCells = names;
                headerRow = e.Current.RowNumber;
            }
        }
        if (header is null)
        {
            errors.Add(new ValidationIssue(IssueSeverity.Error, "header", $"工作表“{sheetName}”",
                "前20行中未找到表头行：表头应含“评估内容”（或“评估标准”）列", file: fileName));
            return new RubricImportResult(null, null, errors, warnings, judgementRows);
        }

        int Col(params string[] names)
        {
            foreach (var n in names)
            {
                if (header.TryGetValue(n, out var i)) return i;
            }
            return -1;
        }
        var catCol = Col("评估类别");
        var itemCol = Col("评估项目");
        var contentHeaderCol = Col("评估内容");
        var std002Col = Col("评估标准");
        var requirementCol = Col("评估要求及相应分值");
        int contentCol, standardCol;
        var sectionCols = new List<int>();
        if (requirementCol >= 0 && std002Col >= 0)
        {
            // seed 002 附件3 prints 评估项目 (part) | 评估内容 (item) | 标准分值 | 评估标准 (the indicator) | 评估要求及相应分值 (the standard).
            contentCol = std002Col;
            standardCol = requirementCol;
            foreach (var c in new[] { catCol, itemCol, contentHeaderCol }) if (c >= 0) sectionCols.Add(c);
        }
        else
        {
            // seed 001 附件3 prints 评估类别 | 评估项目 | 评估内容 (the indicator, "(2分)" at the end) | 评估办法 | 评分标准.
            contentCol = contentHeaderCol >= 0 ? contentHeaderCol : std002Col;
            standardCol = Col("评分标准", "评估要求及相应分值", "评估要求");
            if (standardCol < 0 && contentCol != std002Col) standardCol = std002Col;
            foreach (var c in new[] { catCol, itemCol }) if (c >= 0) sectionCols.Add(c);
        }
        var methodCol = Col("评估办法");
        var maxCol = Col("标准分值", "分值");
        var used = new HashSet<int>(sectionCols) { contentCol, standardCol, methodCol, maxCol, Col("序号") };
        for (var i = 0; i < headerCells.Length; i++)
        {
            if (headerCells[i] is { Length: > 0 } h && !used.Contains(i) && !ScoreColumns.Contains(h))
                warnings.Add(At(IssueSeverity.Warning, "ignored-column", headerRow, i, h, $"未识别的列“{h}”，已忽略"));
        }
        if (sectionCols.Count == 0)
        {
            errors.Add(AtRow(IssueSeverity.Error, "header", headerRow, "表头缺少“评估项目”（或“评估类别”）列：评估内容须归入评估项目"));
            return new RubricImportResult(null, null, errors, warnings, judgementRows);
        }
        string HeaderOf(int col) => col >= 0 && col < headerCells.Length ? headerCells[col] ?? "" : "";

        // ---- data rows
        var roots = new List<Node>();
        var current = new Node?[sectionCols.Count];
        var lastMethod = (Node: (Node?)null, Text: (string?)null, Row: 0);
        var lastStandard = (Node: (Node?)null, Text: (string?)null, Row: 0);
        while (e.MoveNext())
        {
            var row = e.Current;
            string? Cell(int col) => col >= 0 && col < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[col]) ? row.Cells[col]!.Trim() : null;
            if (row.Cells.All(string.IsNullOrWhiteSpace)) continue;
            // A header repeated on every printed page (seed 001 附件3).
            if (Cell(contentCol) is { } ch && RubricRuleText.Normalize(ch) == HeaderOf(contentCol)) continue;

            var rowOk = true;
            for (var k = 0; k < sectionCols.Count; k++)
            {
                var col = sectionCols[k];
                var text = Cell(col);
                if (text is null) continue; // merged cell: the section above continues
                var key = RubricRuleText.Normalize(text);
                if (current[k] is { } open && open.Key == key) continue; // the same title repeated (page break, seed 002 附件3)
                var parsed = RubricRuleText.ParseTitle(text);
                if (parsed.Name.Length == 0)
                {
                    errors.Add(At(IssueSeverity.Error, "section-title", row.RowNumber, col, HeaderOf(col), $"“{text}”没有名称"));
                    rowOk = false;
                    break;
                }
                var parent = k == 0 ? null : current[..k].LastOrDefault(n => n is not null);
                if (k > 0 && parent is null)
                {
                    errors.Add(At(IssueSeverity.Error, "section-parent", row.RowNumber, col, HeaderOf(col), $"“{parsed.Name}”上方没有所属的{HeaderOf(sectionCols[0])}"));
                    rowOk = false;
                    break;
                }
                var node = new Node(parsed.Name, parsed.Count, parsed.Points, row.RowNumber, col, key) { Parent = parent };
                if (parent is null) roots.Add(node);
                else parent.Children.Add(node);
                current[k] = node;
                for (var j = k + 1; j < current.Length; j++) current[j] = null;
            }
            if (!rowOk) continue;

            var content = Cell(contentCol);
            var standard = Cell(standardCol);
            var method = Cell(methodCol);
            var maxText = Cell(maxCol);
            if (content is null && standard is null && maxText is null && method is null) continue; // a title-only row

            var owner = current.LastOrDefault(n => n is not null);
            if (owner is null)
            {
                errors.Add(At(IssueSeverity.Error, "section-missing", row.RowNumber, sectionCols[0], HeaderOf(sectionCols[0]),
                    $"空白，且上方没有可沿用的{HeaderOf(sectionCols[0])}：每行评估内容须归入一个{HeaderOf(sectionCols[^1])}"));
                continue;
            }
            var path = new List<Node>();
            for (var n = owner; n is not null; n = n.Parent) path.Add(n);
            // seed 002 附件3: 加分项 parts give bonus points beyond the 100 base; 否决项 carry no points (备注3).
            var kind = path.Any(n => n.Name.Contains("否决", StringComparison.Ordinal)) ? IndicatorKind.Veto
                : path.Any(n => n.Name.Contains("加分", StringComparison.Ordinal)) ? IndicatorKind.Bonus
                : IndicatorKind.Scored;

            var notes = new List<string>();
            decimal max;
            if (maxText is not null)
            {
                var t = RubricRuleText.Normalize(maxText).TrimEnd('分');
                if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out max))
                {
                    errors.Add(At(IssueSeverity.Error, "max", row.RowNumber, maxCol, HeaderOf(maxCol), $"“{maxText}”不是数字"));
                    continue;
                }
                if (max < 0)
                {
                    errors.Add(At(IssueSeverity.Error, "max", row.RowNumber, maxCol, HeaderOf(maxCol), $"标准分值不能为负数（{maxText}）"));
                    continue;
                }
                if (content is not null && RubricRuleText.TrySplitTrailingPoints(content, out var rest, out var suffix))
                {
                    content = rest;
                    if (suffix != max) notes.Add($"评估内容末尾注明{RubricText.Points(suffix)}分，标准分值列为{RubricText.Points(max)}分（按标准分值列）");
                }
            }
            else if (content is not null && RubricRuleText.TrySplitTrailingPoints(content, out var rest, out var suffix))
            {
                // seed 001 附件3: the points are printed at the end of the 评估内容 cell, e.g. "(2分)".
                content = rest;
                max = suffix;
            }
            else if (kind == IndicatorKind.Veto)
            {
                max = 0;
            }
            else
            {
                var col = maxCol >= 0 ? maxCol : contentCol;
                errors.Add(At(IssueSeverity.Error, "max", row.RowNumber, col, HeaderOf(col),
                    maxCol >= 0 ? "标准分值为空" : "无法确定标准分值：表中没有“标准分值”列，评估内容末尾也没有“（X分）”"));
                continue;
            }
            if (kind == IndicatorKind.Veto && max != 0)
            {
                errors.Add(At(IssueSeverity.Error, "max", row.RowNumber, maxCol >= 0 ? maxCol : contentCol, HeaderOf(maxCol >= 0 ? maxCol : contentCol),
                    $"否决项不计分值，标准分值应为空或0（现为{RubricText.Points(max)}）"));
                continue;
            }

            // Merged 评估办法 / 评分标准 cells (blank below) repeat the text above within the same item (seed 001 附件3 机构信用, 申报条件审查).
            if (method is null && methodCol >= 0 && lastMethod.Node == owner && lastMethod.Text is not null)
            {
                method = lastMethod.Text;
                notes.Add($"评估办法单元格空白（合并单元格），沿用第{lastMethod.Row}行");
            }
            else if (method is not null) lastMethod = (owner, method, row.RowNumber);
            if (standard is null && lastStandard.Node == owner && lastStandard.Text is not null && kind != IndicatorKind.Veto)
            {
                standard = lastStandard.Text;
                notes.Add($"评分标准单元格空白（合并单元格），沿用第{lastStandard.Row}行");
            }
            else if (standard is not null) lastStandard = (owner, standard, row.RowNumber);

            ScoringRule rule;
            if (kind == IndicatorKind.Veto)
            {
                rule = VetoRule.Instance;
            }
            else
            {
                var recognised = RubricRuleText.Recognise(standard, max);
                rule = recognised.Rule;
                if (recognised.Recognised is null)
                {
                    judgementRows.Add(row.RowNumber);
                    var col = standardCol >= 0 ? standardCol : contentCol;
                    warnings.Add(At(IssueSeverity.Warning, "rule-judgement", row.RowNumber, col, HeaderOf(col),
                        standard is null ? "没有评分标准：按直接给分处理" : "未能从评分标准文字识别规则：按直接给分（0至标准分值）处理"));
                    notes.Add("评分标准未能自动识别，按直接给分处理");
                }
            }
            if (owner.Children.Count > 0)
            {
                errors.Add(AtRow(IssueSeverity.Error, "section-mixed", row.RowNumber, $"“{owner.Name}”下已有下级评估项目，不能再直接列评估内容"));
                continue;
            }
            owner.Pending.Add(new PendingIndicator(row.RowNumber, content, method, standard, max, kind, rule, notes.Count == 0 ? null : string.Join("；", notes)));
        }

        foreach (var n in roots.SelectMany(Flatten))
        {
            if (n.Children.Count > 0 && n.Pending.Count > 0)
                errors.Add(AtRow(IssueSeverity.Error, "section-mixed", n.Row, $"“{n.Name}”下既有下级评估项目又有直接的评估内容"));
            else if (n.Children.Count == 0 && n.Pending.Count == 0)
                errors.Add(At(IssueSeverity.Error, "section-empty", n.Row, n.Column, HeaderOf(n.Column), $"“{n.Name}”下没有任何评估内容行"));
        }
        if (roots.Count == 0 && errors.Count == 0)
            errors.Add(new ValidationIssue(IssueSeverity.Error, "empty", $"工作表“{sheetName}”", "表头下没有任何评估内容行", file: fileName));
        if (errors.Count > 0) return new RubricImportResult(null, null, errors, warnings, judgementRows);

        // ---- build the rubric (positions give the codes, as in the YAML format)
        RubricSection Build(Node n, string code) => new(code, n.Name, new Declared(n.Count, n.Points),
            n.Children.Select((c, i) => Build(c, $"{code}.{i + 1}")).ToArray(),
            n.Pending.Select((p, i) => new Indicator($"{code}.{i + 1}", p.Content, p.Method, p.Standard, p.Max, p.Kind, Applicability.Always, p.Rule,
                p.Note, mark: new SourceMark(p.Row, contentCol + 1))).ToArray(),
            Applicability.Always, mark: new SourceMark(n.Row, n.Column + 1));

        var notesOut = new List<string> { $"由 {fileName} 工作表“{sheetName}”导入（表头在第{headerRow}行）。" };
        if (judgementRows.Count > 0)
            notesOut.Add($"以下各行的评分标准未能自动识别，按直接给分处理：第{string.Join("、", judgementRows)}行。");
        try
        {
            var sections = roots.Select((r, i) => Build(r, (i + 1).ToString(CultureInfo.InvariantCulture))).ToArray();
            var rubric = new Rubric(RubricFormat.CurrentVersion, id, title, Blank(meta.Issuer), Blank(meta.DocumentNumber), meta.Year,
                $"导入文件：{fileName}", new DeclaredTotals(null, null, null), outcome!, sections, notesOut, fileName);
            // Declared-vs-computed warnings point at the spreadsheet rows (marks are sheet row and column).
            foreach (var w in rubric.Warnings)
            {
                warnings.Add(new ValidationIssue(w.Severity, w.Code, (w.Line is { } l ? $"工作表“{sheetName}” 第{l}行 " : "") + w.Location, w.Message,
                    w.Declared, w.Computed, fileName, w.Line, w.Column));
            }
            var yaml = RubricYamlWriter.Write(rubric, $"Imported from {fileName} (sheet {sheetName}). Format: docs/rubric-format.md.");
            var check = RubricLoader.TryLoadText(yaml, fileName);
            if (!check.Succeeded)
            {
                errors.AddRange(check.Errors);
                return new RubricImportResult(null, null, errors, warnings, judgementRows);
            }
            return new RubricImportResult(rubric, yaml, errors, warnings, judgementRows);
        }
        catch (ArgumentException ex)
        {
            errors.Add(new ValidationIssue(IssueSeverity.Error, "format", $"工作表“{sheetName}”", ex.Message, file: fileName));
            return new RubricImportResult(null, null, errors, warnings, judgementRows);
        }
    }

    private static IEnumerable<Node> Flatten(Node n) => n.Children.SelectMany(Flatten).Prepend(n);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Spreadsheet column letters: 0 → A, 26 → AA.</summary>
    public static string ColumnName(int index) => Common.SpreadsheetColumns.Name(index);
}
