namespace LineageEmulator.State;

/// <summary>A table of one partition, as the persistence layer sees it: a name and keyed JSON rows.</summary>
public interface ITable
{
    /// <summary>Frozen tag of the table in the on-disk format; never rename one.</summary>
    string Name { get; }
    Partition Partition { get; }
    int Count { get; }
    /// <summary>Applies a value without a transaction: used by undo and by loading saved state.</summary>
    void Apply(string key, object? value);
    /// <summary>The row under a key, untyped: for whole-state operations (reset, import).</summary>
    object? Get(string key);
    IEnumerable<KeyValuePair<string, object>> Rows { get; }
}

/// <summary>
/// Rows of one kind in one account and region, keyed by a string (usually the ARN). Rows are immutable
/// records: a change replaces the row, so an undo only has to put the old reference back. Secondary
/// indexes subscribe to changes and stay derived from the rows.
/// </summary>
public sealed class Table<T>(Partition partition, string name) : ITable where T : class
{
    private readonly Dictionary<string, T> rows = new(StringComparer.Ordinal);
    private readonly List<Action<string, T?, T?>> observers = [];

    public string Name { get; } = name;
    public Partition Partition { get; } = partition;
    public int Count => rows.Count;
    public IEnumerable<T> Values => rows.Values;
    IEnumerable<KeyValuePair<string, object>> ITable.Rows => rows.Select(r => new KeyValuePair<string, object>(r.Key, r.Value));

    public T? Get(string key) => rows.GetValueOrDefault(key);

    object? ITable.Get(string key) => Get(key);

    public bool Contains(string key) => rows.ContainsKey(key);

    /// <summary>Registers an index maintainer, called with (key, before, after) on every change.</summary>
    public void Observe(Action<string, T?, T?> observer) => observers.Add(observer);

    public void Apply(string key, object? value) => Set(key, (T?)value);

    /// <summary>
    /// Changes one row and tells every observer, all or nothing: if an observer throws, the row is put back and
    /// the observers already told are told the reverse, so the table and its indexes agree again.
    /// </summary>
    internal T? Set(string key, T? value)
    {
        var before = rows.GetValueOrDefault(key);
        Put(key, value);
        var told = 0;
        try
        {
            foreach (var observe in observers)
            {
                observe(key, before, value);
                told++;
                Partition.Store.Step();
            }
        }
        catch
        {
            Put(key, before);
            for (var i = told - 1; i >= 0; i--) observers[i](key, value, before);
            throw;
        }
        return before;
    }

    private void Put(string key, T? value)
    {
        if (value is null) rows.Remove(key);
        else rows[key] = value;
    }
}
