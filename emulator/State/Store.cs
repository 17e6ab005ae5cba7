using System.Collections.Concurrent;

namespace LineageEmulator.State;

/// <summary>Makes a transaction's changes durable before the request is acknowledged.</summary>
public interface ICommitLog
{
    /// <summary>Throws if the changes could not be made durable; the store then undoes them.</summary>
    void Commit(IReadOnlyList<Change> changes);
}

/// <summary>
/// All emulator state: one <see cref="Partition"/> per account and region, behind one reader/writer lock.
/// Writers are exclusive, so cross-account work (sharing checks, lineage traversal, SameAs) sees one
/// consistent picture; readers run concurrently.
/// </summary>
public sealed class Store(ICommitLog log)
{
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentDictionary<(string Account, string Region), Partition> partitions = new();

    public Store() : this(new Persistence.InMemoryBackend()) { }

    public ICommitLog Log { get; set; } = log;

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

    internal void Changed() => Interlocked.Increment(ref version);

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

    public T Read<T>(Func<T> read)
    {
        gate.EnterReadLock();
        try { return read(); }
        finally { gate.ExitReadLock(); }
    }

    public T Write<T>(Func<Transaction, T> write)
    {
        gate.EnterWriteLock();
        var tx = new Transaction();
        try
        {
            var result = write(tx);
            Step();
            if (tx.Changes.Count > 0) Log.Commit(tx.Changes);
            return result;
        }
        catch
        {
            tx.Rollback();
            throw;
        }
        finally
        {
            DropEmptyPartitions(tx.Touched);
            gate.ExitWriteLock();
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
