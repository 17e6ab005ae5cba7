namespace LineageEmulator.State;

/// <summary>
/// Group commit: writes apply in memory under the store's lock and are numbered in order; making them durable
/// happens after the lock is released, by a committer that runs while any write waits: each
/// <see cref="ICommitLog.Commit"/> (one SQLite transaction, one fsync) covers every write that applied while the
/// previous one ran, so the disk costs a write an fsync's share instead of a whole one, and no lock is held
/// across the disk.
/// <para>
/// Chosen over "apply after the fsync": a write must see the writes before it (a name taken, an entity created)
/// to decide, so writes apply at once and durability follows. What keeps that honest is that nobody answers
/// from a write before it is durable: every call, read or write, notes the last write it could have seen
/// (<see cref="Mark"/>, taken under the store's lock) and waits until the durable watermark passes it before it
/// answers, with data or with an error. A write is therefore fsynced before its 200, and no read reveals a write
/// that a crash could still take back.
/// </para>
/// <para>
/// A commit that fails undoes, newest first under the store's exclusive lock, the writes it covered and any
/// applied after them (none of them acknowledged yet, and the later ones may have been decided on the state the
/// failed ones made), and fails them all. A read that saw any of them is answered again on the state without them.
/// </para>
/// </summary>
internal sealed class GroupCommit(Store store)
{
    /// <summary>The last write a call could have seen, and how many failed commits had been undone by then.</summary>
    internal readonly record struct Mark(long Seq, int Failures);

    // A monitor, not a Lock: the idle committer waits on it for the next write.
    private readonly object guard = new();
    // How long an idle committer thread waits for more writes before it ends (the next write starts another).
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
    // Whether the committer thread runs, and what the end of its current commit completes (both guarded by `guard`).
    private bool committing;
    private TaskCompletionSource progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Applied writes not yet handed to the log, with their numbers, in order (guarded by `guard`).
    private List<(long Seq, Transaction Tx)> queue = [];
    // Each failed commit: the durable watermark when it failed (writes above it were undone) and the error.
    private readonly List<(long DurableBefore, Exception Error)> failures = [];
    private int failureCount;
    private long applied; // written under the store's exclusive lock
    private long durable; // every write numbered up to this is on disk

    /// <summary>Writes applied and waiting for a commit to start (tests watch a group form).</summary>
    internal int Queued
    {
        get { lock (guard) return queue.Count; }
    }

    /// <summary>Under the store's lock (either kind): what a call starting now can see.</summary>
    internal Mark Note() => new(applied, failureCount);

    /// <summary>Under the store's exclusive lock, once a transaction with changes has applied.</summary>
    internal Mark Applied(Transaction tx, bool alreadyDurable)
    {
        var seq = ++applied;
        if (alreadyDurable)
        {
            Volatile.Write(ref durable, seq);
            return Note();
        }
        bool start;
        lock (guard)
        {
            queue.Add((seq, tx));
            start = !committing;
            committing = true;
            if (!start) Monitor.Pulse(guard);
        }
        // A thread of its own rather than the thread pool's: a commit must not queue behind the requests it
        // holds back, and it blocks on the disk.
        if (start) new Thread(CommitQueued) { IsBackground = true, Name = "group commit" }.Start();
        return Note();
    }

    /// <summary>Completes when every write <paramref name="mark"/> could see is durable (null), or was undone (its error).</summary>
    internal ValueTask<Exception?> Durable(Mark mark)
    {
        // Lock-free fast path: durable is read before the failure count, so no failure can have intervened.
        if (Volatile.Read(ref durable) >= mark.Seq && Volatile.Read(ref failureCount) == mark.Failures) return ValueTask.FromResult<Exception?>(null);
        return Settle(mark);
    }

    // Every unsettled mark is queued or in the commit in progress, and a commit is in progress whenever
    // anything is queued (see Applied), so the end of the current commit always comes.
    private async ValueTask<Exception?> Settle(Mark mark)
    {
        while (true)
        {
            Task ended;
            lock (guard)
            {
                if (Settled(mark, out var failure)) return failure;
                ended = progress.Task;
            }
            await ended.ConfigureAwait(false);
        }
    }

    // Under `guard`. Only the first failure after the mark matters: it either found the mark's writes durable or undid them.
    private bool Settled(Mark mark, out Exception? failure)
    {
        if (failures.Count > mark.Failures && failures[mark.Failures].DurableBefore < mark.Seq)
        {
            failure = failures[mark.Failures].Error;
            return true;
        }
        failure = null;
        return durable >= mark.Seq;
    }

    // The committer: commits while anything is queued, each commit taking everything that queued during the
    // one before, outside every lock, so writers keep applying meanwhile. Started by the write that finds it
    // gone; it ends after lingering idle, so an emulator at rest holds no thread for it.
    private void CommitQueued()
    {
        while (true)
        {
            // Writers already waiting for the store's lock are about to queue: let them join this commit rather
            // than wait a whole fsync for the next one (bounded: a steady stream of writers must not hold it back).
            var spin = new SpinWait();
            for (var i = 0; i < 20 && store.WritersWaiting > 0; i++) spin.SpinOnce(sleep1Threshold: -1);
            List<(long Seq, Transaction Tx)> batch;
            lock (guard)
            {
                if (queue.Count == 0)
                {
                    if (!Monitor.Wait(guard, Linger) && queue.Count == 0)
                    {
                        committing = false;
                        return;
                    }
                    continue; // woken by a write: let the writers right behind it join too
                }
                (batch, queue) = (queue, []);
            }
            Commit(batch);
        }
    }

    private void Commit(List<(long Seq, Transaction Tx)> batch)
    {
        try
        {
            store.Log.Commit(batch.Count == 1 ? batch[0].Tx.Changes : [.. batch.SelectMany(t => t.Tx.Changes)]);
            lock (guard) Volatile.Write(ref durable, batch[^1].Seq);
        }
        catch (Exception e)
        {
            store.Undo(() => UndoFrom(batch, e));
        }
        finally
        {
            TaskCompletionSource ended;
            lock (guard) (ended, progress) = (progress, new(TaskCreationOptions.RunContinuationsAsynchronously));
            ended.SetResult();
        }
    }

    // Under the store's exclusive lock, so no write can apply in between: the batch and everything queued after it.
    private IEnumerable<Transaction> UndoFrom(List<(long Seq, Transaction Tx)> batch, Exception error)
    {
        lock (guard)
        {
            var undone = batch.Concat(queue).Select(t => t.Tx).ToList();
            queue = [];
            failures.Add((durable, error));
            Volatile.Write(ref failureCount, failures.Count);
            // The undone numbers are gone for good: later writes are numbered above them, and the marks that saw
            // them learn it from the failure, not from the watermark (which must pass them, or nothing could wait
            // past them). Written after the count, which the lock-free path reads second.
            Volatile.Write(ref durable, applied);
            return undone;
        }
    }
}
