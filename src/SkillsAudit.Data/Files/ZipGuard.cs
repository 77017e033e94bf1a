using System.Buffers.Binary;
using System.IO.Compression;

namespace SkillsAudit.Data.Files;

/// <summary>
/// Checks a zip-based file (xlsx, docx) before anything opens it, so that a small file that unpacks to gigabytes or
/// lists millions of parts is refused in milliseconds: the number of entries (from the end-of-directory record, before
/// the directory is read), each entry's stated size, and then — stated sizes can lie — each entry actually unpacked
/// through a counter that stops at its limit. Refusals name the file and the limit, in Chinese.
/// </summary>
public static class ZipGuard
{
    public sealed record Limits(int MaxEntries, long MaxEntryBytes, long MaxTotalBytes);

    /// <summary>Word documents: at most 1,000 parts, 50 MB per part and 200 MB in all once unpacked.</summary>
    public static readonly Limits Docx = new(1_000, 50L << 20, 200L << 20);

    /// <summary>The number of entries the end-of-central-directory record states; the stream's position is kept.</summary>
    public static long EntryCount(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) return 0;
        var start = stream.Position;
        try
        {
            var tail = (int)Math.Min(stream.Length, 22 + 65_535);
            var buffer = new byte[tail];
            stream.Position = stream.Length - tail;
            stream.ReadExactly(buffer);
            for (var i = tail - 22; i >= 0; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != 0x06054b50) continue;
                var entries = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
                // 0xFFFF means a zip64 directory: no office file needs one.
                if (entries == 0xFFFF) throw new FileReadException($"{fileName}：文件的压缩目录格式（zip64）不受支持，请用 Office 或 WPS 另存后再试");
                return entries;
            }
            throw new FileReadException($"{fileName}：文件已损坏或不是有效的 Office 文件（找不到压缩目录）");
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Refuses the file unless every limit holds; reads each entry once (bounded), then rewinds the stream.</summary>
    public static void Check(Stream stream, string fileName, Limits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        stream = BudgetStream.Wrap(stream, fileName);
        var count = EntryCount(stream, fileName);
        if (count > limits.MaxEntries) throw new FileReadException($"{fileName}：文件含 {count:N0} 个部件，超过上限 {limits.MaxEntries:N0} 个，未读取");
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            var buffer = new byte[81_920];
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > limits.MaxEntryBytes) throw TooBig(fileName, entry.FullName, limits.MaxEntryBytes);
                using var s = entry.Open();
                long read = 0;
                int n;
                while ((n = s.Read(buffer)) > 0)
                {
                    ((BudgetStream)stream).Budget.Check();
                    read += n;
                    total += n;
                    if (read > limits.MaxEntryBytes) throw TooBig(fileName, entry.FullName, limits.MaxEntryBytes);
                    if (total > limits.MaxTotalBytes) throw new FileReadException($"{fileName}：解压后总大小超过上限 {limits.MaxTotalBytes / 1024 / 1024:N0} MB（疑似压缩炸弹），未读取");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            // the archive's own message (English) is not for users; it stays on the InnerException
            throw new FileReadException($"{fileName}：文件已损坏或不是有效的 Office 文件，请用 Office 或 WPS 打开确认后另存，再重新选择", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static FileReadException TooBig(string fileName, string entry, long max) =>
        new($"{fileName}：部件“{entry}”解压后超过上限 {max / 1024 / 1024:N0} MB（疑似压缩炸弹），未读取");
}
