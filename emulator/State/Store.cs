using System.Collections.Concurrent;

namespace LineageEmulator.State;

/// <summary>Makes a transaction's changes durable before the request is acknowledged.</summary>
public interface ICommitLog
{
    /// <summary>
    /// Throws if the changes could not be made durable; the store then undoes them. The changes may be those of
    /// several transactions, in the order they applied: they are made durable together or not at all.
    /// </summary>
    void Commit(IReadOnlyList<Change> changes);

    /// <summary>
    /// Whether a commit waits on a disk. Such a log is called outside the store's lock, once for every group of
    /// transactions that applied meanwhile (<see cref="GroupCommit"/>); one that does not is called inline.
    /// </summary>
    bool WaitsForDisk => true;
}

/// <summary>A write that applied in memory could not be made durable, so it was undone.</summary>
public sealed class DurabilityException(Exception cause) : IOException("the write could not be made durable: " + cause.Message, cause);

/// <summary>
/// All emulator state: one <see cref="Partition"/> per account and region, behind one reader/writer lock.
/// Writers are exclusive, so cross-account work (sharing checks, lineage traversal, SameAs) sees one
/// consistent picture; readers run concurrently.
/// </summary>
public sealed class Store
{
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentDictionary<(string Account, string Region), Partition> partitions = new();

    public Store(ICommitLog log)
    {
        Log = log;
        commits = new GroupCommit(this);
    }

    public Store() : this(new Persistence.InMemoryBackend()) { }

    public ICommitLog Log { get; set; }

    private readonly GroupCommit commits;

    public GlobalIndex Index { get; } = new();

    /// <summary>
    /// Called at every step of a write (before each row change, after each index update, before the commit).
    /// Tests make it throw at each step in turn to prove a failure anywhere undoes everything.
    /// </summary>
    internal Action? StepHook { get; set; }

    internal void Step() => StepHook?.Invoke();

    private long version;

    /// <summary>
    /// Grows whenever any row changes (a write, its undo, loading): a result computed from the state (a walk
    /// kept for the next page of its query) stays right only while this holds still.
    /// </summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>
    /// Called (under the exclusive lock) for every row change, with the row before and after: it moves
    /// <see cref="Version"/>, and while a read has let writers in (<see cref="LetWritersIn"/>) it is kept for that
    /// read to check.
    /// </summary>
    internal void Changed(ITable table, string key, object? before, object? after)
    {
        var now = Interlocked.Increment(ref version);
        if (Volatile.Read(ref paused) > 0) madeWhilePaused.Add((now, new Change(table, key, before, after)));
    }

    // Reads that gave the lock up to writers, by the version they left at (guarded by itself), and their count
    // (read by writers without the guard: a reader counts itself before it lets go of the lock).
    private readonly List<long> pausedAt = [];
    private int paused;
    // Row changes made while some read was paused, in order, by the version each made (changed under the exclusive
    // lock, read under the shared one). Kept only as long as a paused read may still have to check them.
    private readonly List<(long Version, Change Change)> madeWhilePaused = [];

    // The read this thread is running, if any: long reads pause through it.
    [ThreadStatic] private static Reading? reading;

    private sealed class Reading(Store store)
    {
        public Store Store { get; } = store;
        public bool MayPause { get; private set; }
        /// <summary>The last write the read could have seen; moves on when the read lets writers in.</summary>
        public GroupCommit.Mark Mark { get; set; }
        /// <summary>Whether the read holds one of the <see cref="longReads"/> places (kept across its attempts).</summary>
        public bool Long { get; set; }

        public void Begin(GroupCommit.Mark mark, bool mayPause) => (Mark, MayPause) = (mark, mayPause);
    }

    // Long reads running at once: one per core. A read proves long at its first pause point, and takes a place
    // there; with none free it gives the lock up until one is (as when it lets writers in). Past the limit a
    // long read would only share the cores with the others, so each would reach its pause points more slowly, a
    // waiting writer would wait for the slowest, and more walks would be half done, and live, at each collection.
    private readonly SemaphoreSlim longReads = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>The places long reads take (tests take them all, so a read must wait for one).</summary>
    internal SemaphoreSlim LongReads => longReads;

    // Writers about to take the exclusive lock: a read at a pause point sees one before the lock counts it waiting.
    private int writersComing;

    /// <summary>
    /// Lets waiting writers in during a long read, at a point where the read can tell what it has used so far:
    /// if a writer waits for the lock, the read gives its shared lock up, takes it again once the waiting writers
    /// are done, and checks each row change they made. When none of them <paramref name="touches"/> what the read
    /// used, its work so far is exactly what it would have done on the state as it is now, and it goes on. When one
    /// might, the read is abandoned and run again from its start (after <see cref="PausingAttempts"/> tries, without
    /// pausing, so it always ends). Outside a read (a write holds the lock alone) or with no writer waiting it
    /// returns at once.
    /// <para>
    /// This is what keeps a write's wait short behind a query that takes far longer than the write: the write waits
    /// for each running read to reach its next such point, not for its end; and a read still answers from one state.
    /// </para>
    /// </summary>
    public void LetWritersIn(Func<Change, bool> touches)
    {
        if (reading is not { MayPause: true } read || read.Store != this) return;
        PauseHook?.Invoke();
        if (!read.Long) read.Long = longReads.Wait(0);
        var waitsForPlace = !read.Long;
        if (!waitsForPlace && Volatile.Read(ref writersComing) == 0 && gate.WaitingWriteCount == 0) return;
        long left;
        lock (pausedAt)
        {
            left = Version;
            pausedAt.Add(left);
            paused++;
        }
        gate.ExitReadLock();
        if (waitsForPlace)
        {
            longReads.Wait();
            read.Long = true;
        }
        else WaitForComingWriters();
        // New readers wait while a writer waits, so this returns once the writers now waiting have written.
        gate.EnterReadLock();
        lock (pausedAt)
        {
            pausedAt.Remove(left);
            paused--;
        }
        read.Mark = commits.Note();
        // Under the shared lock no writer changes the list; the changes made since this read left are at its end.
        for (var i = madeWhilePaused.Count - 1; i >= 0 && madeWhilePaused[i].Version > left; i--)
            if (touches(madeWhilePaused[i].Change)) throw new ReadWentStale();
    }

    // A writer on its way to the lock may not be counted waiting yet, and a read that took the lock back before it
    // is would keep it out until the read's next pause: give it a few spins to get there (or in).
    private void WaitForComingWriters()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref writersComing) > 0 && gate.WaitingWriteCount == 0 && spin.Count < 20) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Called where a read could let writers in: tests start a writer there, so it waits at that very point.</summary>
    internal Action? PauseHook { get; set; }

    private long readsRunAgain;

    /// <summary>Reads run again because a write they let in changed what they had used.</summary>
    internal long ReadsRunAgain => Interlocked.Read(ref readsRunAgain);

    // How many times a read may pause and find its work stale before it runs once holding the lock throughout.
    private const int PausingAttempts = 2;

    /// <summary>Thrown through a read whose work a write made while it paused may have changed; the store runs it again.</summary>
    private sealed class ReadWentStale : Exception;

    // Under the exclusive lock: forgets the changes no paused read can need any more.
    private void ForgetChangesNoReadNeeds()
    {
        if (madeWhilePaused.Count == 0) return;
        long oldest;
        lock (pausedAt) oldest = pausedAt.Count == 0 ? long.MaxValue : pausedAt.Min();
        var needed = madeWhilePaused.FindIndex(c => c.Version > oldest);
        madeWhilePaused.RemoveRange(0, needed < 0 ? madeWhilePaused.Count : needed);
    }

    /// <summary>Writers waiting for the exclusive lock: about to apply, so worth a moment of the committer's wait.</summary>
    internal int WritersWaiting => gate.WaitingWriteCount;

    /// <summary>Writes applied in memory and waiting for a commit to start: tests watch a group form.</summary>
    internal int QueuedWrites => commits.Queued;

    /// <summary>
    /// The partition of an account and region, made empty on first use (an empty one is no state). Only writers
    /// create partitions; one left empty when its write ends (rolled back, reset, everything deleted) is dropped.
    /// </summary>
    public Partition Partition(string account, string region) =>
        partitions.GetOrAdd((account, region), key =>
        {
            var made = new Partition(this, key.Account, key.Region);
            created.Add(made);
            return made;
        });

    // Partitions made during the current write (or load): candidates for dropping if the write leaves them empty.
    private readonly List<Partition> created = [];

    /// <summary>An empty partition that is not part of the store: what a read sees for an account with no state.</summary>
    public Partition Detached(string account, string region) => new(this, account, region);

    public Partition? FindPartition(string account, string region) => partitions.GetValueOrDefault((account, region));

    /// <summary>The table holding an association: its creator's, in the region of its ends.</summary>
    public Table<AssociationRecord> AssociationsHolding(AssociationRecord edge) =>
        Partition(edge.OwnerAccountId, Arn.TryParse(edge.SourceArn, out var a) ? a.Region : "").Associations;

    public IEnumerable<Partition> Partitions => partitions.Values;

    /// <summary>
    /// Answers from the state under the shared lock. The answer (or error) is given only once every write it
    /// could have seen is durable; if a failed commit undid one of them, the read is answered again without it.
    /// </summary>
    public ValueTask<T> ReadAsync<T>(Func<T> read) => Run(read, static (store, read) => store.Look(read));

    /// <summary>
    /// Runs a write under the exclusive lock: every change is recorded before it applies, and whatever throws
    /// undoes them all. It is answered once its changes (and every write it saw) are durable; a failed commit
    /// undoes it and it throws <see cref="DurabilityException"/>.
    /// </summary>
    public ValueTask<T> WriteAsync<T>(Func<Transaction, T> write) => Run(write, static (store, write) => store.Apply(write));

    /// <inheritdoc cref="ReadAsync{T}"/>
    public T Read<T>(Func<T> read) => Wait(ReadAsync(read));

    /// <inheritdoc cref="WriteAsync{T}"/>
    public T Write<T>(Func<Transaction, T> write) => Wait(WriteAsync(write));

    /// <summary>Blocks on an answer that is not ready yet (synchronous callers: operational endpoints, tests).</summary>
    internal static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    // A read that keeps meeting failed commits gives up after this many answers, with the disk's error.
    private const int ReadAttempts = 3;

    private async ValueTask<T> Run<T, TBody>(TBody body, Func<Store, TBody, (Outcome<T> Outcome, GroupCommit.Mark Mark, bool Changed)> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            var (outcome, mark, changed) = attempt(this, body);
            var failure = await commits.Durable(mark).ConfigureAwait(false);
            if (failure is null) return outcome.Get();
            // This call's own changes were undone: it failed. One that changed nothing saw undone writes: ask again.
            if (changed || tries == ReadAttempts) throw new DurabilityException(failure);
        }
    }

    private (Outcome<T>, GroupCommit.Mark, bool) Look<T>(Func<T> read)
    {
        gate.EnterReadLock();
        var scope = reading = new Reading(this);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                scope.Begin(commits.Note(), mayPause: attempt <= PausingAttempts);
                try { return (new(read()), scope.Mark, false); }
                catch (ReadWentStale) { Interlocked.Increment(ref readsRunAgain); }
                catch (Exception e) { return (new(e), scope.Mark, false); }
            }
        }
        finally
        {
            reading = null;
            gate.ExitReadLock();
            if (scope.Long) longReads.Release();
        }
    }

    private void EnterWriteLock()
    {
        Interlocked.Increment(ref writersComing);
        try { gate.EnterWriteLock(); }
        finally { Interlocked.Decrement(ref writersComing); }
    }

    private (Outcome<T>, GroupCommit.Mark, bool) Apply<T>(Func<Transaction, T> write)
    {
        EnterWriteLock();
        ForgetChangesNoReadNeeds();
        var tx = new Transaction();
        try
        {
            T result;
            try
            {
                result = write(tx);
                Step();
                if (tx.Changes.Count == 0) return (new(result), commits.Note(), false);
                // A log that does not wait on a disk commits inline: there is nothing to share, and no wait to add.
                if (!Log.WaitsForDisk) Log.Commit(tx.Changes);
            }
            catch (Exception e)
            {
                tx.Rollback();
                return (new(e), commits.Note(), false);
            }
            return (new(result), commits.Applied(tx, alreadyDurable: !Log.WaitsForDisk), true);
        }
        finally
        {
            DropEmptyPartitions(tx.Touched);
            gate.ExitWriteLock();
        }
    }

    /// <summary>Under the exclusive lock, undoes (newest first) the transactions a failed commit gives back.</summary>
    internal void Undo(Func<IEnumerable<Transaction>> undone)
    {
        EnterWriteLock();
        var touched = new List<Partition>();
        try
        {
            foreach (var tx in undone().Reverse())
            {
                touched.AddRange(tx.Touched);
                tx.Rollback();
            }
        }
        finally
        {
            DropEmptyPartitions(touched);
            gate.ExitWriteLock();
        }
    }

    /// <summary>A result or the exception that replaced it, given to the caller once durability allows.</summary>
    private readonly struct Outcome<T>
    {
        private readonly T? value;
        private readonly System.Runtime.ExceptionServices.ExceptionDispatchInfo? error;
        public Outcome(T value) => this.value = value;
        public Outcome(Exception error) => this.error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error);
        public T Get()
        {
            error?.Throw();
            return value!;
        }
    }

    // Under the write lock: no reader holds a partition, and an empty partition holds no state (its indexes
    // are derived from its rows), so dropping it frees what reset and deletes removed.
    private void DropEmptyPartitions(IEnumerable<Partition> touched)
    {
        foreach (var partition in touched.Concat(created))
            if (partition.IsEmpty) partitions.TryRemove(KeyValuePair.Create((partition.AccountId, partition.Region), partition));
        created.Clear();
    }
}
