using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Data.Features.Rubrics;

/// <summary>
/// Reads an uploaded rubric spreadsheet (first sheet) into a rubric and its validation report; saves it only when
/// asked and only without errors. The layout is described in docs/rubric-format.md ("Importing from xlsx").
/// </summary>
public sealed class RubricXlsxImport(RubricLibrary library)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Reads the file; nothing is written.</summary>
    public static RubricImportResult Read(Stream stream, string fileName, RubricImportMetadata meta)
    {
        List<RubricSheetRow> rows;
        var sheet = "";
        try
        {
            rows = [];
            foreach (var r in TabularReader.ReadRows(stream, fileName))
            {
                sheet = r.Sheet;
                rows.Add(new RubricSheetRow(r.RowNumber, r.Cells));
            }
        }
        catch (FileReadException e)
        {
            return new RubricImportResult(null, null, [new ValidationIssue(IssueSeverity.Error, "file", fileName, e.Message, file: fileName)], [], []);
        }
        return RubricSheetImport.Import(fileName, sheet.Length > 0 ? sheet : "Sheet1", rows, meta);
    }

    /// <summary>Reads the file and, unless <paramref name="dryRun"/> or there are errors, saves it as the next version.</summary>
    public async Task<(RubricImportResult Result, int? Version)> ImportAsync(Stream stream, string fileName, RubricImportMetadata meta, bool dryRun,
        CancellationToken ct = default)
    {
        var result = Read(stream, fileName, meta);
        if (dryRun || !result.Succeeded) return (result, null);
        var version = await library.SaveAsync(result.Yaml!, fileName, ct);
        return (result, version);
    }
}
