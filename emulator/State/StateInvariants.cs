namespace LineageEmulator.State;

/// <summary>
/// What must hold of any state the emulator keeps, whatever happened before (a crash, a restart, an import):
/// no association without both ends, no RAM association or invitation without its share, a default lineage
/// group wherever lineage entities exist, no tags left on a deleted entity, and indexes that agree with the
/// tables, every row filed where the store looks for it. Checked on every imported document before it replaces
/// anything, and by tests after crashes and restarts; returns every problem found, empty when consistent.
/// </summary>
public static class StateInvariants
{
    public static List<string> Check(Store store) => store.Read(() =>
    {
        var problems = new List<string>();
        var edges = new List<AssociationRecord>();
        foreach (var p in store.Partitions)
        {
            var where = $"{p.AccountId}/{p.Region}";
            CheckRows(p, where, problems);
            edges.AddRange(p.Associations.Values);
            foreach (var kind in EntityKinds.All)
                if (!p.ListsExactly(kind)) problems.Add($"{where}: the {kind.Label} listing orders do not hold exactly the table's rows");
            foreach (var a in p.Associations.Values)
            {
                if (!EntityExists(store, a.SourceArn)) problems.Add($"{where}: association {a.Key} has no source entity");
                if (!EntityExists(store, a.DestinationArn)) problems.Add($"{where}: association {a.Key} has no destination entity");
                if (store.Index.Edge(a.SourceArn, a.DestinationArn) != a) problems.Add($"{where}: association {a.Key} is missing from the index");
            }
            var hasEntities = EntityKinds.All.Any(k => k.TableIn(p).Count > 0);
            if (hasEntities && !p.LineageGroups.Contains(p.DefaultLineageGroupArn))
                problems.Add($"{where}: lineage entities exist without the default lineage group");
            foreach (var arn in p.Tags.Keys)
                if (EntityKinds.OfArn(arn) is not null && !EntityExists(store, arn)) problems.Add($"{where}: tags of deleted entity {arn}");
            foreach (var artifact in EntityKinds.Artifact.In(p).Values)
                if (artifact.Source.SourceUri is { } uri && !store.Index.ArtifactsWithSourceUri(uri).Contains(artifact.Arn))
                    problems.Add($"{where}: artifact {artifact.Arn} is missing from the source URI index");
            var trials = EntityKinds.Trial.In(p);
            foreach (var trial in trials.Values)
                if (p.ArnByName(EntityKinds.Experiment, trial.ExperimentName) is null) problems.Add($"{where}: trial {trial.Arn} has no experiment");
            foreach (var m in p.TrialMemberships.Values)
                if (!trials.Contains(m.TrialArn) || !EntityKinds.TrialComponent.In(p).Contains(m.TrialComponentArn))
                    problems.Add($"{where}: trial membership {m.Key} lacks an end");
            foreach (var s in p.ShareAssociations.Values)
                if (!p.Shares.Contains(s.ShareArn)) problems.Add($"{where}: share association {s.Key} has no share");
            foreach (var i in p.Invitations.Values)
            {
                if (!p.Shares.Contains(i.ShareArn)) problems.Add($"{where}: invitation {i.Arn} has no share {i.ShareArn}");
                if (store.Index.Invitation(i.Arn) != i) problems.Add($"{where}: invitation {i.Arn} is missing from the index");
            }
        }
        if (store.Partitions.FirstOrDefault() is { } any && !store.Index.ListsExactly(edges, any.ListedTypeOf))
            problems.Add("the association listings do not hold exactly the associations, under their ends' types");
        return problems;
    });

    /// <summary>
    /// Every row is filed where the store would look for it: under the key its identity gives, in the account
    /// and region its ARN names (an association in its creator's account and its ends' region; RAM rows in
    /// the share owner's), and a named entity under the ARN its name gives (which keeps names unique, ignoring case).
    /// </summary>
    private static void CheckRows(Partition p, string where, List<string> problems)
    {
        foreach (var table in p.AllTables)
        {
            foreach (var (key, row) in table.Rows)
            {
                var (identity, arn, account) = row switch
                {
                    ILineageEntity e => (e.Arn, e.Arn, (string?)null),
                    LineageGroupRecord g => (g.Arn, g.Arn, null),
                    ResourceShareRecord s => (s.Arn, s.Arn, s.OwningAccountId),
                    InvitationRecord i => (i.Arn, i.Arn, i.SenderAccountId),
                    AssociationRecord a => (a.Key, a.SourceArn, a.OwnerAccountId),
                    ShareAssociationRecord s => (s.Key, s.ShareArn, null),
                    TagSetRecord => (key, key, null),
                    _ => (key, null, null),
                };
                if (identity != key) problems.Add($"{where}/{table.Name}: row '{key}' is filed under a key that is not its own ('{identity}')");
                if (account is not null && account != p.AccountId)
                    problems.Add($"{where}/{table.Name}: row '{key}' names account {account} but is filed under {p.AccountId}");
                if (arn is null) continue;
                if (!Arn.TryParse(arn, out var parsed)) problems.Add($"{where}/{table.Name}: row '{key}' has no valid ARN ('{arn}')");
                else if (parsed.Region != p.Region || (row is not AssociationRecord && parsed.Account != p.AccountId))
                    problems.Add($"{where}/{table.Name}: row '{key}' belongs to {parsed.Account}/{parsed.Region}, not {where}");
            }
        }
        foreach (var kind in EntityKinds.All.Where(k => k.Named))
            foreach (var (key, row) in kind.TableIn(p).Rows)
                if (row is ILineageEntity { Name: { } name } && p.ArnByName(kind, name) != key)
                    problems.Add($"{where}: {kind.Label} '{key}' is not filed under the ARN its name '{name}' gives");
    }

    /// <summary>Whether any lineage table of the ARN's account and region holds it.</summary>
    private static bool EntityExists(Store store, string arn) =>
        Arn.TryParse(arn, out var a) && store.FindPartition(a.Account, a.Region) is { } p && EntityKinds.OfArn(arn)?.Find(p, arn) is not null;
}
