namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// Runs an enumeration (ExcelDataReader over a sheet) on a thread of its own, ahead of the consumer, through a bounded
/// queue of batches, so that reading the file and checking and writing its rows overlap. Items and any exception come
/// out in the order the enumeration produced them; when the consumer stops early the reader is stopped and disposed.
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken ct, int batchSize = 512, int batches = 16)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = System.Threading.Channels.Channel.CreateBounded<T[]>(new System.Threading.Channels.BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name = "import-read";
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count < batchSize) continue;
                    Put(batch.ToArray());
                    batch.Clear();
                }
                if (batch.Count > 0) Put(batch.ToArray());
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.Writer.TryComplete();
            }

            void Put(T[] batch)
            {
                while (!queue.Writer.TryWrite(batch))
                    if (!queue.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult()) return;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (true)
            {
                if (queue.Reader.TryRead(out var batch))
                {
                    foreach (var item in batch) yield return item;
                    continue;
                }
                if (!queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()) break;
            }
            producer.GetAwaiter().GetResult();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); } catch (AggregateException) { } // stopped early: its exception is of no interest
        }
    }
}
