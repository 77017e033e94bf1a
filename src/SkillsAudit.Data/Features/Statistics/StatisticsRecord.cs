using System.Globalization;
using System.Text.Json;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One filing's statistics for one calendar year, for one occupation or (OccupationKey "") for the filing as a whole
/// — the summary-only form of seed 000 附件1/附件2 (组织评价, 评价合格, 其中：初级/中级/高级 per body, no occupations).
/// The per-occupation form is seed 001 附件2 (职业名称, 职业代码, 工种, 批次, 人次, 已发证人数 小计/初级…高级技师, 领取补贴人数).
/// A null count is "not stated" (seed 000 附件2 row 5 prints only 组织评价 292), never read as 0; "-" is a stated 0.
/// The pass rate is never stored as a fact: <see cref="StatedRate"/> is the printed rate, kept only to be checked
/// against Passed/Assessed (Rates.Percent).
/// </summary>
public sealed class StatisticsRecord
{
    public int FilingId { get; set; }
    public int Year { get; set; }
    /// <summary>职业代码 when known, else 职业名称; "" for the filing-level (summary form) record.</summary>
    public string OccupationKey { get; set; } = "";
    public string? OccupationName { get; set; }
    public string? OccupationCode { get; set; }
    /// <summary>工种/职业方向.</summary>
    public string? Trade { get; set; }
    public long? Batches { get; set; }
    public long Assessed { get; set; }
    public long? Passed { get; set; }
    public long? PassedL5 { get; set; }
    public long? PassedL4 { get; set; }
    public long? PassedL3 { get; set; }
    public long? PassedL2 { get; set; }
    public long? PassedL1 { get; set; }
    public long? Certified { get; set; }
    public long? CertifiedL5 { get; set; }
    public long? CertifiedL4 { get; set; }
    public long? CertifiedL3 { get; set; }
    public long? CertifiedL2 { get; set; }
    public long? CertifiedL1 { get; set; }
    public long? SubsidyRecipients { get; set; }
    /// <summary>The rate as printed (81.79 for "81.79%"), when the source printed one.</summary>
    public decimal? StatedRate { get; set; }
    /// <summary>File, sheet and row the figures came from, e.g. "xinzhou-2023-city.md 第9行".</summary>
    public string? Source { get; set; }
    /// <summary>Warnings kept with the figures (e.g. "[stat.missing-cell] 评价合格 未填写"), newline separated.</summary>
    public string? Findings { get; set; }
    /// <summary>The import that wrote the row (<see cref="ImportBatch"/>: who, when, which file); null when entered by hand.</summary>
    public int? ImportBatchId { get; set; }

    // An imported row's source ("<file> <sheet> 第N行") kept as its prefix and row number until it is written (issue 16):
    // a million rows would otherwise make two million strings. Fields, not properties, so that they are not mapped;
    // Source stays null meanwhile and SourceText gives the text either way.
    internal string? SourcePrefix;
    internal int SourceLine;

    /// <summary>The Source column's length (StatisticsConfigurations); the import cuts a longer source text.</summary>
    internal const int SourceLength = 300;

    /// <summary><see cref="Source"/>, or the import's deferred source as text.</summary>
    internal string? SourceText
    {
        get
        {
            if (Source is not null || SourcePrefix is null) return Source;
            Span<char> text = stackalloc char[SourceRoom];
            return new string(text[..FormatSource(text)]);
        }
    }

    /// <summary>Room that <see cref="FormatSource"/> needs: the longest text kept, a row number and 行.</summary>
    internal const int SourceRoom = SourceLength + 12;

    /// <summary>
    /// The import's deferred source written into <paramref name="into"/> (at least <see cref="SourceRoom"/> long): the
    /// same text as prefix + row number + 行 cut at <see cref="SourceLength"/>; its length.
    /// </summary>
    internal int FormatSource(Span<char> into)
    {
        var n = Math.Min(SourcePrefix!.Length, SourceLength);
        SourcePrefix.AsSpan(0, n).CopyTo(into);
        SourceLine.TryFormat(into[n..], out var digits, provider: CultureInfo.InvariantCulture);
        n += digits;
        into[n++] = '行';
        return Math.Min(n, SourceLength);
    }

    /// <summary>
    /// Back to a new record's state, for the import's reuse of records once written (<see cref="RecordPool"/>); every
    /// field is reset (StatisticsRecordPoolTests checks this against a new record).
    /// </summary>
    internal void Clear()
    {
        FilingId = 0;
        Year = 0;
        OccupationKey = "";
        OccupationName = null;
        OccupationCode = null;
        Trade = null;
        Batches = null;
        Assessed = 0;
        Passed = null;
        PassedL5 = null;
        PassedL4 = null;
        PassedL3 = null;
        PassedL2 = null;
        PassedL1 = null;
        Certified = null;
        CertifiedL5 = null;
        CertifiedL4 = null;
        CertifiedL3 = null;
        CertifiedL2 = null;
        CertifiedL1 = null;
        SubsidyRecipients = null;
        StatedRate = null;
        Source = null;
        Findings = null;
        ImportBatchId = null;
        SourcePrefix = null;
        SourceLine = 0;
    }

    public static StatisticsRecord From(int filingId, int year, string occupationKey, StatisticsFigures f) => new()
    {
        FilingId = filingId,
        Year = year,
        OccupationKey = occupationKey,
        Batches = f.Batches?.Value,
        Assessed = f.Assessed.Value,
        Passed = f.Passed?.Value,
        PassedL5 = f.PassedByLevel[Level.Level5]?.Value,
        PassedL4 = f.PassedByLevel[Level.Level4]?.Value,
        PassedL3 = f.PassedByLevel[Level.Level3]?.Value,
        PassedL2 = f.PassedByLevel[Level.Level2]?.Value,
        PassedL1 = f.PassedByLevel[Level.Level1]?.Value,
        Certified = f.Certified?.Value,
        CertifiedL5 = f.CertifiedByLevel[Level.Level5]?.Value,
        CertifiedL4 = f.CertifiedByLevel[Level.Level4]?.Value,
        CertifiedL3 = f.CertifiedByLevel[Level.Level3]?.Value,
        CertifiedL2 = f.CertifiedByLevel[Level.Level2]?.Value,
        CertifiedL1 = f.CertifiedByLevel[Level.Level1]?.Value,
        SubsidyRecipients = f.SubsidyRecipients?.Value,
    };

    public StatisticsFigures ToFigures() => StatisticsFigures.Of(Assessed, Passed,
        LevelCounts.Of(PassedL5, PassedL4, PassedL3, PassedL2, PassedL1), Certified,
        LevelCounts.Of(CertifiedL5, CertifiedL4, CertifiedL3, CertifiedL2, CertifiedL1), Batches, SubsidyRecipients);

    /// <summary>The audit log's key, as AppDb writes it for a composite key.</summary>
    public string AuditKey => string.Create(CultureInfo.InvariantCulture, $"{FilingId},{Year},{OccupationKey}");

    /// <summary>
    /// The values as AppDb's audit log writes them (property name → value, sorted by name, nulls included, relaxed
    /// escaping), written with a reusable Utf8JsonWriter rather than a dictionary through JsonSerializer: the same text,
    /// without boxing every value. The properties are listed here in ordinal order.
    /// </summary>
    public string ToAuditJson()
    {
        using var json = new AuditJsonWriter();
        return System.Text.Encoding.UTF8.GetString(ToAuditJson(json));
    }

    /// <summary>The audit JSON as UTF-8 (what the import binds to its INSERT on SQLite, without a round trip through UTF-16).</summary>
    internal byte[] ToAuditJson(AuditJsonWriter json)
    {
        var w = json.Start();
        w.WriteStartObject();
        Number(w, nameof(Assessed), Assessed);
        Number(w, nameof(Batches), Batches);
        Number(w, nameof(Certified), Certified);
        Number(w, nameof(CertifiedL1), CertifiedL1);
        Number(w, nameof(CertifiedL2), CertifiedL2);
        Number(w, nameof(CertifiedL3), CertifiedL3);
        Number(w, nameof(CertifiedL4), CertifiedL4);
        Number(w, nameof(CertifiedL5), CertifiedL5);
        Number(w, nameof(FilingId), FilingId);
        Text(w, nameof(Findings), Findings);
        if (ImportBatchId is { } batch) w.WriteNumber(nameof(ImportBatchId), batch);
        else w.WriteNull(nameof(ImportBatchId));
        Text(w, nameof(OccupationCode), OccupationCode);
        Text(w, nameof(OccupationKey), OccupationKey);
        Text(w, nameof(OccupationName), OccupationName);
        Number(w, nameof(Passed), Passed);
        Number(w, nameof(PassedL1), PassedL1);
        Number(w, nameof(PassedL2), PassedL2);
        Number(w, nameof(PassedL3), PassedL3);
        Number(w, nameof(PassedL4), PassedL4);
        Number(w, nameof(PassedL5), PassedL5);
        Text(w, nameof(Source), Source);
        if (StatedRate is { } rate) w.WriteNumber(nameof(StatedRate), rate);
        else w.WriteNull(nameof(StatedRate));
        Number(w, nameof(SubsidyRecipients), SubsidyRecipients);
        Text(w, nameof(Trade), Trade);
        Number(w, nameof(Year), Year);
        w.WriteEndObject();
        return json.Finish();
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}

/// <summary>A Utf8JsonWriter and its buffer, reused from one audit entry to the next.</summary>
internal sealed class AuditJsonWriter : IDisposable
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public AuditJsonWriter() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    public byte[] Finish()
    {
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _writer.Dispose();
}
