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

    // Names of actions, contexts and trial components are unique per account and region, ignoring case.
    private readonly Dictionary<string, string> actionNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> contextNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> trialComponentNames = new(StringComparer.OrdinalIgnoreCase);

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
        Shares = Register(new Table<ResourceShareRecord>(this, "ram-shares"));
        ShareAssociations = Register(new Table<ShareAssociationRecord>(this, "ram-share-associations"));
        Invitations = Register(new Table<InvitationRecord>(this, "ram-invitations"));
        ClientTokens = Register(new Table<ClientTokenRecord>(this, "ram-client-tokens"));
        TrainingJobs = Register(new Table<JobRecord>(this, "training-jobs"));
        ProcessingJobs = Register(new Table<JobRecord>(this, "processing-jobs"));
        TransformJobs = Register(new Table<JobRecord>(this, "transform-jobs"));
        Models = Register(new Table<SpecRecord>(this, "models"));
        EndpointConfigs = Register(new Table<SpecRecord>(this, "endpoint-configs"));
        Endpoints = Register(new Table<EndpointRecord>(this, "endpoints"));
        ModelPackageGroups = Register(new Table<ModelPackageGroupRecord>(this, "model-package-groups"));
        ModelPackages = Register(new Table<ModelPackageRecord>(this, "model-packages"));

        Actions.Observe((key, before, after) => IndexName(actionNames, key, before?.Name, after?.Name));
        Contexts.Observe((key, before, after) => IndexName(contextNames, key, before?.Name, after?.Name));
        TrialComponents.Observe((key, before, after) => IndexName(trialComponentNames, key, before?.Name, after?.Name));
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

    public string DefaultLineageGroupArn => Arns.LineageGroup(Region, AccountId, Arns.DefaultLineageGroupName);

    private static void IndexName(Dictionary<string, string> index, string key, string? before, string? after)
    {
        if (before is not null) index.Remove(before);
        if (after is not null) index[after] = key;
    }
}
