using LineageEmulator.State;

namespace LineageEmulator.Operational;

/// <summary>
/// Whole-state changes (reset, import). Each is one store transaction, so it is atomic, persisted like any
/// AWS write, and undone entirely if the commit fails.
/// </summary>
public static class StateCommands
{
    /// <summary>
    /// Removes every row, or every row of one account; returns how many rows left each table. An account's
    /// reset also removes what other accounts hold that would point at nothing once it is gone: associations
    /// they made to its entities, and their shares' associations and invitations naming it.
    /// </summary>
    public static SortedDictionary<string, int> Reset(Store store, string? account) => store.Write(tx =>
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var partitions = store.Partitions.Where(p => account is null || p.AccountId == account).ToList();
        if (account is not null) ClearReferences(tx, store, account, partitions, removed);
        foreach (var partition in partitions) Clear(tx, partition, removed);
        return removed;
    });

    private static void ClearReferences(Transaction tx, Store store, string account, List<Partition> owned,
        SortedDictionary<string, int> counts)
    {
        var entities = owned.SelectMany(p => EntityKinds.All.SelectMany(k => k.TableIn(p).Keys));
        var edges = entities.SelectMany(arn => store.Index.Outgoing(arn).Concat(store.Index.Incoming(arn)))
            .Where(e => e.OwnerAccountId != account)
            .Distinct()
            .ToList();
        foreach (var edge in edges) Remove(tx, store.AssociationsHolding(edge), edge.Key, counts);
        foreach (var principal in store.Index.SharesNamingAccount(account).ToList())
            if (Arn.TryParse(principal.ShareArn, out var share) && share.Account != account)
                Remove(tx, store.Partition(share.Account, share.Region).ShareAssociations, principal.Key, counts);
        foreach (var invitation in store.Index.InvitationsFor(account).ToList())
            if (Arn.TryParse(invitation.Arn, out var inv) && inv.Account != account)
                Remove(tx, store.Partition(inv.Account, inv.Region).Invitations, invitation.Arn, counts);
    }

    private static void Remove(Transaction tx, ITable table, string key, SortedDictionary<string, int> counts)
    {
        if (table.Get(key) is null) return;
        tx.Set(table, key, null);
        counts[table.Name] = counts.GetValueOrDefault(table.Name) + 1;
    }

    /// <summary>Replaces all state with the given rows; returns how many rows each table now has.</summary>
    public static SortedDictionary<string, int> Replace(Store store, IReadOnlyList<ImportedRow> rows) => store.Write(tx =>
    {
        foreach (var partition in store.Partitions.ToList()) Clear(tx, partition, null);
        var imported = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            tx.Set(row.Table, row.Key, row.Value);
            imported[row.Table.Name] = imported.GetValueOrDefault(row.Table.Name) + 1;
        }
        return imported;
    });

    private static void Clear(Transaction tx, Partition partition, SortedDictionary<string, int>? counts)
    {
        foreach (var table in partition.AllTables)
        {
            var keys = table.Keys.ToList();
            foreach (var key in keys) tx.Set(table, key, null);
            if (counts is not null && keys.Count > 0) counts[table.Name] = counts.GetValueOrDefault(table.Name) + keys.Count;
        }
    }
}
