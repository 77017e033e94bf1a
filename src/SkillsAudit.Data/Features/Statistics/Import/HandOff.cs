namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// A bounded queue of batches between two threads of an import (reader → checker, checker → writer), on a plain
/// monitor: a waiting side sleeps until the other side hands a batch over or takes one, without the thread pool
/// (a channel's awaited continuations woke a pool thread per batch, which then spun) and without spinning, which on a
/// machine of two cores takes the processor from the very thread being waited for.
/// </summary>
internal sealed class HandOff<T>(int capacity)
{
    private readonly Queue<T> _queue = new(capacity);
    private readonly object _gate = new();
    private bool _completed, _stopped;

    /// <summary>Adds a batch, waiting while the queue is full; false when the taking side has stopped.</summary>
    public bool Add(T batch)
    {
        lock (_gate)
        {
            while (_queue.Count >= capacity && !_stopped) Monitor.Wait(_gate);
            if (_stopped) return false;
            _queue.Enqueue(batch);
            if (_queue.Count == 1) Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Takes the next batch, waiting while the queue is empty; false once it is completed and empty, or stopped.</summary>
    public bool TryTake(out T batch)
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_completed && !_stopped) Monitor.Wait(_gate);
            if (_stopped || _queue.Count == 0)
            {
                batch = default!;
                return false;
            }
            batch = _queue.Dequeue();
            if (_queue.Count == capacity - 1) Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>No more batches will be added: the taking side ends once it has taken what is queued.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Both sides stop at once: what is queued is dropped, a waiting Add returns false.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    public bool IsStopped
    {
        get { lock (_gate) return _stopped; }
    }
}
