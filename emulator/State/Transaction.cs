namespace LineageEmulator.State;

/// <summary>One row change: what the persistence layer writes and what undo reverses.</summary>
public readonly record struct Change(ITable Table, string Key, object? Before, object? After);

/// <summary>
/// The only way to change state. Changes apply at once (the writer holds the store's exclusive lock, so
/// no reader sees them half-done) and are recorded, so that a failed commit can put everything back.
/// </summary>
public sealed class Transaction
{
    private readonly List<Change> changes = [];

    public IReadOnlyList<Change> Changes => changes;

    public void Put<T>(Table<T> table, string key, T value) where T : class
    {
        var before = table.Set(key, value);
        changes.Add(new Change(table, key, before, value));
    }

    /// <summary>Replaces a located row in the table that holds it.</summary>
    public void Put<T>(Located<T> at, T value) where T : class => Put(at.Table, at.Key, value);

    /// <summary>Removes a located row from the table that holds it.</summary>
    public void Delete<T>(Located<T> at) where T : class => Delete(at.Table, at.Key);

    public void Delete<T>(Table<T> table, string key) where T : class
    {
        if (!table.Contains(key)) return;
        var before = table.Set(key, null);
        changes.Add(new Change(table, key, before, null));
    }

    /// <summary>
    /// Untyped put (value) or delete (null), for whole-state operations (reset, import) that see tables only
    /// as <see cref="ITable"/>. A value of the wrong row type throws before anything changes.
    /// </summary>
    public void Set(ITable table, string key, object? value)
    {
        var before = table.Get(key);
        if (before is null && value is null) return;
        table.Apply(key, value);
        changes.Add(new Change(table, key, before, value));
    }

    internal void Rollback()
    {
        for (var i = changes.Count - 1; i >= 0; i--)
            changes[i].Table.Apply(changes[i].Key, changes[i].Before);
        changes.Clear();
    }
}
