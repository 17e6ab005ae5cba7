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

    /// <summary>The partition of an account and region, made empty on first use (an empty one is no state).</summary>
    public Partition Partition(string account, string region) =>
        partitions.GetOrAdd((account, region), key => new Partition(this, key.Account, key.Region));

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
            gate.ExitWriteLock();
        }
    }
}
