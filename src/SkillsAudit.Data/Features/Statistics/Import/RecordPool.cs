using System.Collections.Concurrent;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// The import's records, reused once written (issue 16): a record is some 350 bytes, and a million of them, each kept
/// while it waits for the writing thread, were a third of what an import allocated and most of what its collections
/// copied. The reading thread takes cleared records from here; the writing thread gives back each batch it has
/// written, one batch late (<see cref="StatisticsWriter"/>: SQLite's multi-row INSERT may still hold the last few
/// records of the batch before). Nothing else keeps a written record. When none is free, a new one is made.
/// </summary>
internal sealed class RecordPool
{
    private readonly ConcurrentQueue<List<StatisticsRecord>> _free = new();
    private List<StatisticsRecord>? _taking;
    private int _next;

    /// <summary>A record in a new record's state (reading thread only).</summary>
    public StatisticsRecord Rent()
    {
        while (_taking is null || _next == _taking.Count)
        {
            if (!_free.TryDequeue(out _taking)) return new StatisticsRecord();
            _next = 0;
        }
        var r = _taking[_next++];
        r.Clear();
        return r;
    }

    /// <summary>Written records, none of them used any more (writing thread).</summary>
    public void Return(List<StatisticsRecord> written) => _free.Enqueue(written);
}
