namespace LineageEmulator.State;

/// <summary>The state owned by one account in one region.</summary>
public sealed partial class Partition
{
    public Store Store { get; }
    public string AccountId { get; }
    public string Region { get; }

    // Lineage entity tables come from the kind registry (keyed by ARN); the others are keyed by
    // "source|destination" (associations), ARN (lineage groups) and resource ARN (tags).
    private readonly Dictionary<EntityKind, ITable> entityTables = [];
    public Table<AssociationRecord> Associations { get; }
    public Table<LineageGroupRecord> LineageGroups { get; }
    public Table<TagSetRecord> Tags { get; }
    /// <summary>Trial components' memberships in trials, keyed "trial|component".</summary>
    public Table<TrialMembershipRecord> TrialMemberships { get; }

    // Trials by experiment name (any case), and memberships both ways: a trial's components and a
    // component's trials. Derived from the trial and membership tables by their observers.
    private readonly Dictionary<string, HashSet<string>> trialsByExperiment = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> componentsByTrial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> trialsByComponent = new(StringComparer.Ordinal);

    public Partition(Store store, string accountId, string region)
    {
        Store = store;
        AccountId = accountId;
        Region = region;
        foreach (var kind in EntityKinds.All) entityTables[kind] = Register(kind.CreateTable(this));
        Associations = Register(new Table<AssociationRecord>(this, "associations", StateJsonContext.Default.AssociationRecord, AssociationRecord.KeyOfRow.Instance));
        LineageGroups = Register(new Table<LineageGroupRecord>(this, "lineage-groups", StateJsonContext.Default.LineageGroupRecord));
        Tags = Register(new Table<TagSetRecord>(this, "tags", StateJsonContext.Default.TagSetRecord));
        TrialMemberships = Register(new Table<TrialMembershipRecord>(this, "trial-memberships", StateJsonContext.Default.TrialMembershipRecord));
        (Shares, ShareAssociations, Invitations, ClientTokens) = CreateRamTables();
        (Permissions, ReplaceWork, OrganizationSharing) = CreateRamPermissionTables();
        sharingState = [Shares, ShareAssociations, Invitations, ClientTokens, Permissions, ReplaceWork, OrganizationSharing];
        TrainingJobs = Register(new Table<JobRecord>(this, "training-jobs", StateJsonContext.Default.JobRecord));
        ProcessingJobs = Register(new Table<JobRecord>(this, "processing-jobs", StateJsonContext.Default.JobRecord));
        TransformJobs = Register(new Table<JobRecord>(this, "transform-jobs", StateJsonContext.Default.JobRecord));
        Models = Register(new Table<SpecRecord>(this, "models", StateJsonContext.Default.SpecRecord));
        EndpointConfigs = Register(new Table<SpecRecord>(this, "endpoint-configs", StateJsonContext.Default.SpecRecord));
        Endpoints = Register(new Table<EndpointRecord>(this, "endpoints", StateJsonContext.Default.EndpointRecord));
        ModelPackageGroups = Register(new Table<ModelPackageGroupRecord>(this, "model-package-groups", StateJsonContext.Default.ModelPackageGroupRecord));
        ModelPackages = Register(new Table<ModelPackageRecord>(this, "model-packages", StateJsonContext.Default.ModelPackageRecord));

        EntityKinds.Artifact.In(this).Observe((key, before, after) =>
            store.Index.OnArtifact(key, before?.Source.SourceUri, after?.Source.SourceUri));
        Associations.Observe((_, before, after) => store.Index.OnAssociation(before, after, ListedTypeOf));
        EntityKinds.Trial.In(this).Observe((key, before, after) =>
        {
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
    }

    private readonly List<ITable> tables = [];

    // The RAM tables: everything the authorizer reads to decide what another account may do (ShareGrants).
    private readonly HashSet<ITable> sharingState;

    /// <summary>Whether a table is sharing state: a change to it may change what other accounts may read.</summary>
    public bool IsSharingState(ITable table) => sharingState.Contains(table);

    /// <summary>Whether a table holds lineage entities (keyed by ARN).</summary>
    public bool IsEntityTable(ITable table) => entityTables.ContainsValue(table);

    /// <summary>Every table, for persistence and export.</summary>
    public IReadOnlyList<ITable> AllTables => tables;

    public bool IsEmpty => tables.All(t => t.Count == 0);

    /// <summary>The table with this frozen name, if the emulator has one.</summary>
    public ITable? FindTable(string name) => tables.FirstOrDefault(t => t.Name == name);

    private T Register<T>(T table) where T : ITable
    {
        tables.Add(table);
        return table;
    }

    internal ITable EntityTable(EntityKind kind) => entityTables[kind];

    /// <summary>
    /// The ARN of the entity of a named kind with this name (ignoring case), if any. Names are unique per account and
    /// region ignoring case, and a named entity's ARN ends in its lower-cased name (names are ASCII, the models'
    /// pattern), so the table's key is the name index: no copy of every name is kept to find one.
    /// </summary>
    public string? ArnByName(EntityKind kind, string name) =>
        kind.Named && kind.ArnOf(Region, AccountId, name) is var arn && EntityTable(kind).Get(arn) is not null ? arn : null;

    /// <summary>ARNs of the trials of an experiment, by experiment name (any case).</summary>
    public IReadOnlyCollection<string> TrialsOfExperiment(string experimentName) => trialsByExperiment.GetValueOrDefault(experimentName) ?? [];
    /// <summary>ARNs of the trial components associated with a trial.</summary>
    public IReadOnlyCollection<string> ComponentsOfTrial(string trialArn) => componentsByTrial.GetValueOrDefault(trialArn) ?? [];
    /// <summary>ARNs of the trials a trial component is associated with.</summary>
    public IReadOnlyCollection<string> TrialsOfComponent(string componentArn) => trialsByComponent.GetValueOrDefault(componentArn) ?? [];

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

    public string DefaultLineageGroupArn => Arns.LineageGroup(Region, AccountId, Arns.DefaultLineageGroupName);
}
