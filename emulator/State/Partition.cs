namespace LineageEmulator.State;

/// <summary>The state owned by one account in one region.</summary>
public sealed partial class Partition
{
    public Store Store { get; }
    public string AccountId { get; }
    public string Region { get; }

    // Lineage tables, keyed by ARN (associations by "source|destination", tags by resource ARN).
    public Table<ArtifactRecord> Artifacts { get; }
    public Table<ActionRecord> Actions { get; }
    public Table<ContextRecord> Contexts { get; }
    public Table<TrialComponentRecord> TrialComponents { get; }
    public Table<AssociationRecord> Associations { get; }
    public Table<LineageGroupRecord> LineageGroups { get; }
    public Table<TagSetRecord> Tags { get; }
    public Table<ExperimentRecord> Experiments { get; }
    public Table<TrialRecord> Trials { get; }
    public Table<TrialMembershipRecord> TrialMemberships { get; }

    // Names of actions, contexts and trial components are unique per account and region, ignoring case.
    private readonly Dictionary<string, string> actionNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> contextNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> trialComponentNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> experimentNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> trialNames = new(StringComparer.OrdinalIgnoreCase);

    // Memberships both ways: a trial's components and a component's trials, without a scan.
    private readonly Dictionary<string, HashSet<string>> componentsByTrial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> trialsByComponent = new(StringComparer.Ordinal);
    // An experiment's trials, by trial ARN.
    private readonly Dictionary<string, HashSet<string>> trialsByExperiment = new(StringComparer.OrdinalIgnoreCase);

    public Partition(Store store, string accountId, string region)
    {
        Store = store;
        AccountId = accountId;
        Region = region;
        Artifacts = Register(new Table<ArtifactRecord>(this, "artifacts"));
        Actions = Register(new Table<ActionRecord>(this, "actions"));
        Contexts = Register(new Table<ContextRecord>(this, "contexts"));
        TrialComponents = Register(new Table<TrialComponentRecord>(this, "trial-components"));
        Associations = Register(new Table<AssociationRecord>(this, "associations"));
        LineageGroups = Register(new Table<LineageGroupRecord>(this, "lineage-groups"));
        Tags = Register(new Table<TagSetRecord>(this, "tags"));
        Experiments = Register(new Table<ExperimentRecord>(this, "experiments"));
        Trials = Register(new Table<TrialRecord>(this, "trials"));
        TrialMemberships = Register(new Table<TrialMembershipRecord>(this, "trial-memberships"));
        Shares = Register(new Table<ResourceShareRecord>(this, "ram-shares"));
        ShareAssociations = Register(new Table<ShareAssociationRecord>(this, "ram-share-associations"));
        Invitations = Register(new Table<InvitationRecord>(this, "ram-invitations"));
        ClientTokens = Register(new Table<ClientTokenRecord>(this, "ram-client-tokens"));

        Actions.Observe((key, before, after) => IndexName(actionNames, key, before?.Name, after?.Name));
        Contexts.Observe((key, before, after) => IndexName(contextNames, key, before?.Name, after?.Name));
        TrialComponents.Observe((key, before, after) => IndexName(trialComponentNames, key, before?.Name, after?.Name));
        Experiments.Observe((key, before, after) => IndexName(experimentNames, key, before?.Name, after?.Name));
        Trials.Observe((key, before, after) =>
        {
            IndexName(trialNames, key, before?.Name, after?.Name);
            if (before is not null) Unlink(trialsByExperiment, before.ExperimentName, key);
            if (after is not null) Link(trialsByExperiment, after.ExperimentName, key);
        });
        TrialMemberships.Observe((_, before, after) =>
        {
            if (before is not null)
            {
                Unlink(componentsByTrial, before.TrialArn, before.TrialComponentArn);
                Unlink(trialsByComponent, before.TrialComponentArn, before.TrialArn);
            }
            if (after is not null)
            {
                Link(componentsByTrial, after.TrialArn, after.TrialComponentArn);
                Link(trialsByComponent, after.TrialComponentArn, after.TrialArn);
            }
        });
        Artifacts.Observe((key, before, after) =>
            store.Index.OnArtifact(key, before?.Source.SourceUri, after?.Source.SourceUri));
        Associations.Observe((_, before, after) => store.Index.OnAssociation(before, after));
        ShareAssociations.Observe((_, before, after) => store.Index.OnShareAssociation(before, after));
        Invitations.Observe((_, before, after) => store.Index.OnInvitation(before, after));
        RamInit();
    }

    private readonly List<ITable> tables = [];

    /// <summary>Every table, for persistence and export.</summary>
    public IReadOnlyList<ITable> AllTables => tables;

    private Table<T> Register<T>(Table<T> table) where T : class
    {
        tables.Add(table);
        return table;
    }

    public string? ActionArnByName(string name) => actionNames.GetValueOrDefault(name);
    public string? ContextArnByName(string name) => contextNames.GetValueOrDefault(name);
    public string? TrialComponentArnByName(string name) => trialComponentNames.GetValueOrDefault(name);
    public string? ExperimentArnByName(string name) => experimentNames.GetValueOrDefault(name);
    public string? TrialArnByName(string name) => trialNames.GetValueOrDefault(name);

    /// <summary>ARNs of the trial components associated with a trial.</summary>
    public IReadOnlyCollection<string> ComponentsOfTrial(string trialArn) => componentsByTrial.GetValueOrDefault(trialArn) ?? [];
    /// <summary>ARNs of the trials a trial component is associated with.</summary>
    public IReadOnlyCollection<string> TrialsOfComponent(string componentArn) => trialsByComponent.GetValueOrDefault(componentArn) ?? [];
    /// <summary>ARNs of the trials of an experiment, by experiment name (any case).</summary>
    public IReadOnlyCollection<string> TrialsOfExperiment(string experimentName) => trialsByExperiment.GetValueOrDefault(experimentName) ?? [];

    public string DefaultLineageGroupArn => Arns.LineageGroup(Region, AccountId, Arns.DefaultLineageGroupName);

    private static void Link(Dictionary<string, HashSet<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = new(StringComparer.Ordinal);
        set.Add(value);
    }

    private static void Unlink(Dictionary<string, HashSet<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var set)) return;
        set.Remove(value);
        if (set.Count == 0) index.Remove(key);
    }

    private static void IndexName(Dictionary<string, string> index, string key, string? before, string? after)
    {
        if (before is not null) index.Remove(before);
        if (after is not null) index[after] = key;
    }
}
