namespace LineageEmulator.State;

/// <summary>A table of one partition, as the persistence layer sees it: a name and keyed JSON rows.</summary>
public interface ITable
{
    /// <summary>Frozen tag of the table in the on-disk format; never rename one.</summary>
    string Name { get; }
    Partition Partition { get; }
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
    public IEnumerable<string> Keys => rows.Keys;
    IEnumerable<KeyValuePair<string, object>> ITable.Rows => rows.Select(r => new KeyValuePair<string, object>(r.Key, r.Value));

    public T? Get(string key) => rows.GetValueOrDefault(key);

    object? ITable.Get(string key) => Get(key);

    public bool Contains(string key) => rows.ContainsKey(key);

    /// <summary>Registers an index maintainer, called with (key, before, after) on every change.</summary>
    public void Observe(Action<string, T?, T?> observer) => observers.Add(observer);

    public void Apply(string key, object? value) => Set(key, (T?)value);

    internal T? Set(string key, T? value)
    {
        var before = rows.GetValueOrDefault(key);
        if (value is null) rows.Remove(key);
        else rows[key] = value;
        foreach (var observe in observers) observe(key, before, value);
        return before;
    }
}
