using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LineageEmulator.State;

/// <summary>
/// A table of one partition, as whole-state code (persistence, export, import, reset) sees it: a frozen
/// name, keyed rows, and how its rows are written as JSON.
/// </summary>
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
    IEnumerable<string> Keys { get; }

    string Serialize(object row);
    void Write(Utf8JsonWriter writer, object row);
    /// <summary>Reads one row; throws <see cref="JsonException"/> on a document that is not one.</summary>
    object Deserialize(string json);
    /// <inheritdoc cref="Deserialize(string)"/>
    object Deserialize(JsonElement json);
}

/// <summary>
/// Rows of one kind in one account and region, keyed by a string (usually the ARN). Rows are immutable
/// records: a change replaces the row, so an undo only has to put the old reference back. Secondary
/// indexes subscribe to changes and stay derived from the rows. The table owns its name and its rows'
/// source-generated JSON contract, so no table can exist without a way to be saved.
/// </summary>
public sealed class Table<T>(Partition partition, string name, JsonTypeInfo<T> json, RowKey<T>? derivedKey = null) : ITable where T : class
{
    private readonly Rows<T> rows = derivedKey is null ? new StoredKeys<T>() : new DerivedKeys<T>(derivedKey);
    private readonly List<Action<string, T?, T?>> observers = [];

    public string Name { get; } = name;
    public Partition Partition { get; } = partition;
    public int Count => rows.Count;
    public IEnumerable<T> Values => rows.Values;
    public IEnumerable<string> Keys => rows.Keys;
    IEnumerable<KeyValuePair<string, object>> ITable.Rows => rows.Pairs.Select(r => new KeyValuePair<string, object>(r.Key, r.Value));

    public T? Get(string key) => rows.Get(key);

    object? ITable.Get(string key) => Get(key);

    public bool Contains(string key) => rows.Get(key) is not null;

    /// <summary>The row under a key with the table holding it, so a change goes back to the same table.</summary>
    public Located<T>? Locate(string key) => rows.Get(key) is { } row ? new Located<T>(this, key, row) : null;

    /// <summary>Registers an index maintainer, called with (key, before, after) on every change.</summary>
    public void Observe(Action<string, T?, T?> observer) => observers.Add(observer);

    public void Apply(string key, object? value) => Set(key, (T?)value);

    public string Serialize(object row) => JsonSerializer.Serialize((T)row, json);

    public void Write(Utf8JsonWriter writer, object row) => JsonSerializer.Serialize(writer, (T)row, json);

    public object Deserialize(string text) => Complete(JsonSerializer.Deserialize(text, json) ?? throw new JsonException($"a '{Name}' row is null"));

    public object Deserialize(JsonElement element) => Complete(element.Deserialize(json) ?? throw new JsonException($"a '{Name}' row is null"));

    // A member missing from the JSON reads as null whatever the record says; one the record never allows null
    // is required, so a row without it is refused here rather than breaking the first index that touches it.
    private T Complete(T row)
    {
        foreach (var member in json.Properties)
            if (!member.IsSetNullable && !member.PropertyType.IsValueType && member.Get?.Invoke(row) is null)
                throw new JsonException($"'{member.Name}' is required and missing");
        return row;
    }

    /// <summary>
    /// Changes one row and tells every observer, all or nothing: if an observer throws, the row is put back and
    /// the observers already told are told the reverse, so the table and its indexes agree again.
    /// </summary>
    internal T? Set(string key, T? value)
    {
        var before = rows.Get(key);
        Partition.Store.Changed(this, key, before, value);
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
        else rows.Put(key, value);
    }
}

/// <summary>
/// A table's key when it is a function of the row (an association's "source|destination"), so the table need
/// not keep a copy of it per row: rows are hashed and compared through their key's parts, and a lookup by key
/// string finds them without building the key.
/// </summary>
public abstract class RowKey<T> : IEqualityComparer<T>, IAlternateEqualityComparer<string, T> where T : class
{
    public abstract string KeyOf(T row);
    /// <summary>Whether the key string is this row's key.</summary>
    public abstract bool IsKeyOf(string key, T row);
    /// <summary>The row's key's hash: the same as <see cref="GetHashCode(string)"/> of the key string.</summary>
    public abstract int HashOf(T row);
    /// <summary>Whether two rows have the same key.</summary>
    public abstract bool SameKey(T x, T y);

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y) || (x is not null && y is not null && SameKey(x, y));
    public int GetHashCode(T row) => HashOf(row);
    public bool Equals(string key, T row) => IsKeyOf(key, row);
    public int GetHashCode(string key) => string.GetHashCode(key.AsSpan());

    // A row cannot be made from its key; the tables only ever add whole rows.
    T IAlternateEqualityComparer<string, T>.Create(string key) =>
        throw new InvalidOperationException("a row cannot be made from its key");
}

/// <summary>How a table holds its rows: by a key string kept with each row, or by a key the row itself gives.</summary>
internal abstract class Rows<T> where T : class
{
    public abstract int Count { get; }
    public abstract IEnumerable<T> Values { get; }
    public abstract IEnumerable<string> Keys { get; }
    public abstract IEnumerable<(string Key, T Value)> Pairs { get; }
    public abstract T? Get(string key);
    public abstract void Put(string key, T value);
    public abstract void Remove(string key);
}

internal sealed class StoredKeys<T> : Rows<T> where T : class
{
    private readonly Dictionary<string, T> rows = new(StringComparer.Ordinal);
    public override int Count => rows.Count;
    public override IEnumerable<T> Values => rows.Values;
    public override IEnumerable<string> Keys => rows.Keys;
    public override IEnumerable<(string Key, T Value)> Pairs => rows.Select(r => (r.Key, r.Value));
    public override T? Get(string key) => rows.GetValueOrDefault(key);
    public override void Put(string key, T value) => rows[key] = value;
    public override void Remove(string key) => rows.Remove(key);
}

internal sealed class DerivedKeys<T>(RowKey<T> key) : Rows<T> where T : class
{
    private readonly HashSet<T> rows = new(key);
    private HashSet<T>.AlternateLookup<string> ByKey => rows.GetAlternateLookup<string>();
    public override int Count => rows.Count;
    public override IEnumerable<T> Values => rows;
    public override IEnumerable<string> Keys => rows.Select(key.KeyOf);
    public override IEnumerable<(string Key, T Value)> Pairs => rows.Select(r => (key.KeyOf(r), r));
    public override T? Get(string k) => ByKey.TryGetValue(k, out var row) ? row : null;

    public override void Put(string k, T value)
    {
        // Loading or importing may offer a row under any key; only its own can find it again.
        if (!key.IsKeyOf(k, value)) throw new FormatException($"row '{key.KeyOf(value)}' is filed under another key ('{k}')");
        rows.Remove(value);
        rows.Add(value);
    }

    public override void Remove(string k) => ByKey.Remove(k);
}

/// <summary>A row found by a lookup, with the table and key that hold it: a write goes back exactly there.</summary>
public sealed record Located<T>(Table<T> Table, string Key, T Row) where T : class;
