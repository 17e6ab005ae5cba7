using LineageEmulator.State;

namespace LineageEmulator.Operational;

/// <summary>
/// Whole-state changes (reset, import). Each is one store transaction, so it is atomic, persisted like any
/// AWS write, and undone entirely if the commit fails.
/// </summary>
public static class StateCommands
{
    /// <summary>Removes every row, or every row of one account; returns how many rows left each table.</summary>
    public static SortedDictionary<string, int> Reset(Store store, string? account) => store.Write(tx =>
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var partition in store.Partitions.Where(p => account is null || p.AccountId == account).ToList())
            Clear(tx, partition, removed);
        return removed;
    });

    /// <summary>Replaces all state with the given rows; returns how many rows each table now has.</summary>
    public static SortedDictionary<string, int> Replace(Store store, IReadOnlyList<ImportedRow> rows) => store.Write(tx =>
    {
        foreach (var partition in store.Partitions.ToList()) Clear(tx, partition, null);
        var imported = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var table = store.Partition(row.Account, row.Region).AllTables.First(t => t.Name == row.Table);
            tx.Set(table, row.Key, row.Value);
            imported[row.Table] = imported.GetValueOrDefault(row.Table) + 1;
        }
        return imported;
    });

    private static void Clear(Transaction tx, Partition partition, SortedDictionary<string, int>? counts)
    {
        foreach (var table in partition.AllTables)
        {
            var keys = table.Rows.Select(r => r.Key).ToList();
            foreach (var key in keys) tx.Set(table, key, null);
            if (counts is not null && keys.Count > 0) counts[table.Name] = counts.GetValueOrDefault(table.Name) + keys.Count;
        }
    }
}
