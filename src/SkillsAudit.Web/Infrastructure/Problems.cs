using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>Turns the domain's refusals into RFC 7807 problem details: 400 naming the field, 409 for conflicts.</summary>
public static class Problems
{
    public static IResult From(DomainValidationException e) =>
        Results.ValidationProblem(e.ToDictionary(), title: "输入有误", detail: e.Message);

    public static IResult From(DomainException e) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, title: "输入有误", detail: e.Message);

    public static IResult Conflict(ConcurrencyConflictException e) =>
        Results.Problem(title: "编辑冲突", detail: e.Message, statusCode: StatusCodes.Status409Conflict);

    /// <summary>Runs a handler, mapping domain refusals to problems.</summary>
    public static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainValidationException e)
        {
            return From(e);
        }
        catch (DomainException e)
        {
            return From(e);
        }
        catch (ConcurrencyConflictException e)
        {
            return Conflict(e);
        }
    }
}
