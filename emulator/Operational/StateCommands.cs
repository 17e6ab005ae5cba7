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

    /// <summary>
    /// Replaces all state with the given rows (read by <see cref="StateDocument.Read"/> into a scratch store);
    /// returns how many rows each table now has. The rows are first loaded into that scratch store and held to
    /// <see cref="StateInvariants"/>, the rules the store itself keeps,
    /// so a document the emulator could not have written is refused (<see cref="FormatException"/>) before
    /// anything changes.
    /// </summary>
    public static SortedDictionary<string, int> Replace(Store store, IReadOnlyList<ImportedRow> rows)
    {
        Check(rows);
        // The rows were read into the scratch store's tables; each goes to the same-named table here.
        return Apply(store, rows, row => store.Partition(row.Table.Partition.AccountId, row.Table.Partition.Region).FindTable(row.Table.Name)!);
    }

    /// <summary>Loads the rows into the (scratch) store they were read into and holds it to the invariants.</summary>
    private static void Check(IReadOnlyList<ImportedRow> rows)
    {
        if (rows.Count == 0) return;
        var scratch = rows[0].Table.Partition.Store;
        try
        {
            Apply(scratch, rows, row => row.Table);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException("the document cannot be loaded: " + e.Message, e);
        }
        var problems = StateInvariants.Check(scratch);
        if (problems.Count > 0)
            throw new FormatException($"the document is inconsistent ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}): "
                + string.Join("; ", problems.Take(20)) + (problems.Count > 20 ? "; ..." : ""));
    }

    private static SortedDictionary<string, int> Apply(Store store, IReadOnlyList<ImportedRow> rows, Func<ImportedRow, ITable> tableOf) =>
        store.Write(tx =>
        {
            foreach (var partition in store.Partitions.ToList()) Clear(tx, partition, null);
            var imported = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                tx.Set(tableOf(row), row.Key, row.Value);
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
