using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Web.Infrastructure;
using SkillsAudit.Domain.Common;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Web.Features.Publication;

public static class PublicationApi
{
    /// <summary>
    /// POST /api/audit-notice (multipart: field <c>file</c> — .txt/.md/.docx; or field <c>text</c> with the notice pasted;
    /// <c>?offline=true</c> skips the registry): 200 with { file, findings, summary } (docs/notice-audit.md); 400 when
    /// nothing was sent or the file cannot be read. The form is read by hand (no IFormFile binding): cookies are
    /// SameSite=Lax, so another site cannot post it with the user's session.
    /// </summary>
    public static void MapPublicationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/audit-notice", async (HttpRequest request, bool? offline, NoticeAuditService audit, CancellationToken ct) =>
        {
            if (!request.HasFormContentType) throw Bad("请以 multipart/form-data 上传公告文件（字段 file）或粘贴文字（字段 text）");
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new DomainException("file", $"表单无法读取：{e.Message}");
            }
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            var text = form["text"].ToString();
            Stream stream;
            string name;
            if (file is { Length: > 0 })
            {
                if (file.Length > NoticeDocument.MaxBytes) throw Bad("文件超过 10 MB");
                stream = file.OpenReadStream();
                name = Path.GetFileName(file.FileName);
            }
            else if (text.Trim().Length > 0)
            {
                stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
                name = "粘贴的文字.txt";
            }
            else throw Bad("请选择公告文件或粘贴公告文字");
            // field reference: another document of the same campaign (e.g. the plan) to audit against; referenceTitle cites it
            var referenceFile = form.Files.GetFile("reference");
            if (referenceFile is { Length: > NoticeDocument.MaxBytes }) throw new DomainException("reference", "对照文件超过 10 MB");
            await using (stream)
            await using (var referenceStream = referenceFile is { Length: > 0 } ? referenceFile.OpenReadStream() : null)
            {
                var reference = referenceStream is null ? null
                    : new ReferenceFile(referenceStream, Path.GetFileName(referenceFile!.FileName), form["referenceTitle"].ToString());
                var report = await audit.AuditAsync(stream, name, !(offline ?? false), reference, ct);
                return TypedResults.Json(report.ToView(name), NoticeAuditJson.Options);
            }
        }).RequireAuthorization(Policies.Staff)
          .WithTags("公告核查").Produces<NoticeAuditJson.ReportView>(StatusCodes.Status200OK)
          .AcceptsUpload("公告文件（txt、md、docx）；或不传文件而在 text 字段粘贴文字", ["reference"], "text", "referenceTitle")
          .WithSummary("公告核查：返回每处不一致")
          .WithDescription("multipart：file 为 txt/md/docx，或 text 为粘贴文字；offline=true 不对照备案登记；reference 为同一考核的另一份文件（如工作方案），referenceTitle 为其标题，核对两者的机构数、开展情况和名称。");

        static DomainException Bad(string message) => new("file", message);
    }
}
