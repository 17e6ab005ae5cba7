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

    // Names of named kinds are unique per account and region, ignoring case: kind -> name -> ARN.
    private readonly Dictionary<EntityKind, Dictionary<string, string>> names = [];

    public Partition(Store store, string accountId, string region)
    {
        Store = store;
        AccountId = accountId;
        Region = region;
        foreach (var kind in EntityKinds.All)
        {
            entityTables[kind] = Register(kind.CreateTable(this));
            if (kind.Named) names[kind] = new(StringComparer.OrdinalIgnoreCase);
        }
        Associations = Register(new Table<AssociationRecord>(this, "associations", StateJsonContext.Default.AssociationRecord));
        LineageGroups = Register(new Table<LineageGroupRecord>(this, "lineage-groups", StateJsonContext.Default.LineageGroupRecord));
        Tags = Register(new Table<TagSetRecord>(this, "tags", StateJsonContext.Default.TagSetRecord));
        (Shares, ShareAssociations, Invitations, ClientTokens) = CreateRamTables();
        (Permissions, ReplaceWork, OrganizationSharing) = CreateRamPermissionTables();
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
        Associations.Observe((_, before, after) => store.Index.OnAssociation(before, after));
    }

    private readonly List<ITable> tables = [];

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

    /// <summary>The ARN of the entity of a named kind with this name (ignoring case), if any.</summary>
    public string? ArnByName(EntityKind kind, string name) =>
        names.TryGetValue(kind, out var index) ? index.GetValueOrDefault(name) : null;

    /// <summary>Keeps a named kind's name index: called by the kind's table observer.</summary>
    internal void IndexName(EntityKind kind, string key, string? before, string? after)
    {
        if (!names.TryGetValue(kind, out var index)) return;
        if (before is not null) index.Remove(before);
        if (after is not null) index[after] = key;
    }

    public string DefaultLineageGroupArn => Arns.LineageGroup(Region, AccountId, Arns.DefaultLineageGroupName);
}
