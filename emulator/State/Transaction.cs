namespace LineageEmulator.State;

/// <summary>One row change: what the persistence layer writes and what undo reverses.</summary>
public readonly record struct Change(ITable Table, string Key, object? Before, object? After);

/// <summary>
/// The only way to change state. Changes apply at once (the writer holds the store's exclusive lock, so
/// no reader sees them half-done) and each is recorded <em>before</em> it is applied, so whatever throws
/// afterwards (a row's observer, a later change, the commit) leaves a record that undo can reverse.
/// </summary>
public sealed class Transaction
{
    private readonly List<Change> changes = [];
    private readonly HashSet<Partition> touched = [];

    public IReadOnlyList<Change> Changes => changes;

    /// <summary>Partitions this transaction changed, kept after an undo so the store can drop empty ones.</summary>
    internal IEnumerable<Partition> Touched => touched;

    public void Put<T>(Table<T> table, string key, T value) where T : class => Set(table, key, value);

    /// <summary>Replaces a located row in the table that holds it.</summary>
    public void Put<T>(Located<T> at, T value) where T : class => Put(at.Table, at.Key, value);

    /// <summary>Removes a located row from the table that holds it.</summary>
    public void Delete<T>(Located<T> at) where T : class => Delete(at.Table, at.Key);

    public void Delete<T>(Table<T> table, string key) where T : class
    {
        if (table.Contains(key)) Set(table, key, null);
    }

    /// <summary>
    /// Untyped put (value) or delete (null), for whole-state operations (reset, import) that see tables only
    /// as <see cref="ITable"/>. A value of the wrong row type throws before anything changes.
    /// </summary>
    public void Set(ITable table, string key, object? value)
    {
        var before = table.Get(key);
        if (before is null && value is null) return;
        table.Partition.Store.Step();
        changes.Add(new Change(table, key, before, value));
        touched.Add(table.Partition);
        table.Apply(key, value);
    }

    /// <summary>
    /// Puts every recorded row back, newest first. Re-applying a row a failed change never applied is
    /// harmless (a table undoes its own half-applied change before it throws), so every record is reversed.
    /// </summary>
    internal void Rollback()
    {
        List<Exception>? failures = null;
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            try { changes[i].Table.Apply(changes[i].Key, changes[i].Before); }
            catch (Exception e) { (failures ??= []).Add(e); }
        }
        changes.Clear();
        if (failures is not null) throw new AggregateException("undo failed; state may be inconsistent", failures);
    }
}
