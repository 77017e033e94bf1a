using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Certificates;

/// <summary>证书公众查询：证书编号 + 姓名；身份证号码只显示脱敏形式（1409**********1234），限流。</summary>
[AllowAnonymous]
[EnableRateLimiting(Rules.RulesApi.LookupPolicy)]
public sealed class LookupModel(CertificateHandlers handlers) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    public CertificatePublicView? Result { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Number) && string.IsNullOrWhiteSpace(Name))
        {
            // The empty form is the page itself; the form sent empty (查询 with nothing filled in) is told what it needs.
            if (Request.Query.ContainsKey(nameof(Number)) || Request.Query.ContainsKey(nameof(Name))) Message = "请输入证书编号和姓名";
            return;
        }
        try
        {
            Result = await handlers.LookupAsync(Number, Name);
            if (Result is null) Message = "未查到该证书（证书编号与姓名须一致）";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
    }
}
