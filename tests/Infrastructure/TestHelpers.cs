using System.Text.Json.Nodes;
using LineageEmulator.State;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>Reading lists out of JSON answers.</summary>
public static class JsonValues
{
    /// <summary>One string member of every object in a JSON array, in order.</summary>
    public static List<string> Strings(JsonNode? array, string member) =>
        [.. array!.AsArray().Select(x => x![member]!.GetValue<string>())];
}

/// <summary>
/// Every row of every table (of one account, or of all), keyed "account/region/table/key", by reference:
/// rows are immutable records replaced on any change, so two snapshots with the same references prove that
/// nothing changed in between.
/// </summary>
public sealed class StateSnapshot
{
    private readonly Dictionary<string, object> rows;

    private StateSnapshot(Dictionary<string, object> rows) => this.rows = rows;

    public static StateSnapshot Of(Store store, string? account = null) => new(store.Read(() => store.Partitions
        .Where(p => account is null || p.AccountId == account)
        .SelectMany(p => p.AllTables.SelectMany(t => t.Rows.Select(r => (Key: $"{p.AccountId}/{p.Region}/{t.Name}/{r.Key}", r.Value))))
        .ToDictionary(x => x.Key, x => x.Value)));

    /// <summary>The keys of rows added, removed or replaced since this snapshot; empty when nothing changed.</summary>
    public List<string> ChangesTo(StateSnapshot later) =>
        [.. rows.Keys.Union(later.rows.Keys)
            .Where(k => !(rows.TryGetValue(k, out var a) && later.rows.TryGetValue(k, out var b) && ReferenceEquals(a, b)))
            .Order(StringComparer.Ordinal)];
}
