using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Web.Features.Rubrics;

/// <summary>The rubrics: shipped files and imported versions. Rubrics are published documents: anyone may read them.</summary>
public sealed class IndexModel(RubricLibrary library, RubricFiles files) : PageModel
{
    public IReadOnlyList<RubricEntry> Latest { get; private set; } = [];
    public IReadOnlyList<RubricEntry> AllVersions { get; private set; } = [];
    public IReadOnlyList<RubricLoadResult> Failures => files.Failures;

    public async Task OnGetAsync(CancellationToken ct)
    {
        AllVersions = await library.ListAsync(allVersions: true, ct);
        Latest = AllVersions.GroupBy(e => e.Id).Select(g => g.Last()).ToArray();
    }
}
