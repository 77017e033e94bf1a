using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

public sealed record OccupationDto(string Code, string Name, AssessmentKind Kind, IReadOnlyList<Level> Levels);

public sealed record OccupationInput(string? Code, string? Name, AssessmentKind? Kind, IReadOnlyList<Level>? Levels);

/// <summary>The occupation catalogue (职业目录): list and add, for the API and any page or command that needs them.</summary>
public sealed class OccupationHandlers(AppDb db)
{
    public async Task<IReadOnlyList<OccupationDto>> ListAsync(CancellationToken ct = default) =>
        (await db.Occupations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct))
            .Select(o => new OccupationDto(o.Code, o.Name, o.Kind, o.Levels)).ToList();

    /// <summary>Adds an occupation; the code must be new (400 naming <c>code</c> otherwise).</summary>
    public async Task<OccupationDto> CreateAsync(OccupationInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var occ = new Occupation(input.Code ?? "", input.Name ?? "", input.Kind ?? AssessmentKind.SkillLevel, input.Levels ?? []);
        if (await db.Occupations.AnyAsync(o => o.Code == occ.Code, ct))
            throw new DomainException("code", $"职业代码 {occ.Code} 已存在");
        db.Occupations.Add(occ);
        await db.SaveChangesAsync(ct);
        return new OccupationDto(occ.Code, occ.Name, occ.Kind, occ.Levels);
    }
}
