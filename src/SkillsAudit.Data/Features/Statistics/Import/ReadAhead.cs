namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// Runs an enumeration (the rows of a sheet) on a thread of its own, ahead of the consumer, through a bounded
/// <see cref="HandOff{T}"/> of batches, so that reading the file and checking and writing its rows overlap. Items and any
/// exception come out in the order the enumeration produced them; when the consumer stops early the reader is stopped
/// and disposed. At most 2,048 rows wait (see <see cref="StatisticsWriter"/> on why few).
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken ct, int batchSize = 512, int batches = 4)
    {
        var queue = new HandOff<T[]>(batches);
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                var batch = new T[batchSize];
                var n = 0;
                foreach (var item in source)
                {
                    batch[n++] = item;
                    if (n < batchSize) continue;
                    if (ct.IsCancellationRequested || !queue.Add(batch)) return;
                    batch = new T[batchSize];
                    n = 0;
                }
                if (n > 0) queue.Add(batch[..n]);
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.Complete();
            }
        }) { IsBackground = true, Name = "import-read" };
        producer.Start();
        try
        {
            while (queue.TryTake(out var batch))
            {
                foreach (var item in batch) yield return item;
            }
            producer.Join();
            ct.ThrowIfCancellationRequested();
            failure?.Throw();
        }
        finally
        {
            queue.Stop();
            producer.Join(); // stopped early: its exception is of no interest
        }
    }
}
