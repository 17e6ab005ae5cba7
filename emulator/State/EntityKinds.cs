using System.Text.Json.Serialization.Metadata;

namespace LineageEmulator.State;

/// <summary>
/// One kind of lineage entity, keyed by its ARN's resource type: its table (name and JSON), how SageMaker
/// names it in messages, and whether its name is unique per account and region. Every place that asks
/// "which kinds of entity exist" reads <see cref="EntityKinds.All"/>.
/// </summary>
public abstract class EntityKind(string resourceType, string label, string tableName, bool named, bool describedByArn = true)
{
    /// <summary>The ARN's resource type ("artifact" in arn:aws:sagemaker:r:a:artifact/id): the registry key.</summary>
    public string ResourceType { get; } = resourceType;
    /// <summary>How SageMaker names the kind in messages: "Trial Component 'arn' does not exist."</summary>
    public string Label { get; } = label;
    /// <summary>Frozen tag of the kind's table in the on-disk format.</summary>
    public string TableName { get; } = tableName;
    /// <summary>
    /// Named kinds (actions, contexts, trial components) have a name unique per account and region, ignoring
    /// case, and an ARN ending in the lower-cased name; the others (artifacts) get a generated id.
    /// </summary>
    public bool Named { get; } = named;

    /// <summary>The kind's Describe operation ("DescribeTrialComponent").</summary>
    public string DescribeOperation => "Describe" + Label.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The Describe request member that names the entity: by ARN for artifacts, by name (or ARN) for named kinds.</summary>
    public string DescribeMember => DescribeOperation["Describe".Length..] + (Named ? "Name" : "Arn");

    /// <summary>
    /// Whether the Describe member takes an ARN. Experiments and trials are described by name only (the model's
    /// ExperimentEntityName), so they are always the caller's own.
    /// </summary>
    public bool DescribedByArn { get; } = describedByArn;

    /// <summary>What to put in the Describe member for the entity with this ARN: the ARN, or its name.</summary>
    public string DescribeKey(string arn) => DescribedByArn || !Arn.TryParse(arn, out var a) ? arn : a.ResourceId;

    /// <summary>The ARN of an entity of this kind; <paramref name="id"/> is its name for named kinds.</summary>
    public string ArnOf(string region, string account, string id) =>
        Arns.SageMaker(region, account, ResourceType + "/" + (Named ? id.ToLowerInvariant() : id));

    public abstract ITable TableIn(Partition partition);

    /// <summary>The entity under the ARN in this kind's table of the partition, if any.</summary>
    public abstract ILineageEntity? Find(Partition partition, string arn);

    /// <summary>Every entity of this kind the partition holds.</summary>
    public abstract IEnumerable<ILineageEntity> EntitiesIn(Partition partition);

    /// <summary>Makes the kind's table in a new partition.</summary>
    internal abstract ITable CreateTable(Partition partition);

    /// <summary>What the kind's List operation filters by as its source (null when the entity has none).</summary>
    public abstract string? ListedSource(ILineageEntity entity);
}

public sealed class EntityKind<T>(string resourceType, string label, string tableName, bool named, JsonTypeInfo<T> json,
    bool describedByArn = true, Func<T, string?>? listedSource = null)
    : EntityKind(resourceType, label, tableName, named, describedByArn) where T : class, ILineageEntity
{
    public override string? ListedSource(ILineageEntity entity) => listedSource is null ? entity.SourceUri : listedSource((T)entity);

    /// <summary>This kind's table in the partition.</summary>
    public Table<T> In(Partition partition) => (Table<T>)partition.EntityTable(this);

    public override ITable TableIn(Partition partition) => partition.EntityTable(this);

    public override ILineageEntity? Find(Partition partition, string arn) => In(partition).Get(arn);

    public override IEnumerable<ILineageEntity> EntitiesIn(Partition partition) => In(partition).Values;

    internal override ITable CreateTable(Partition partition)
    {
        var table = new Table<T>(partition, TableName, json);
        table.Observe((key, before, after) => partition.IndexListings(this, key, before, after));
        return table;
    }
}

/// <summary>The registry of lineage entity kinds. Adding a kind is one entry here plus its operations.</summary>
public static class EntityKinds
{
    public static readonly EntityKind<ArtifactRecord> Artifact =
        new("artifact", "Artifact", "artifacts", named: false, StateJsonContext.Default.ArtifactRecord);
    public static readonly EntityKind<ActionRecord> Action =
        new("action", "Action", "actions", named: true, StateJsonContext.Default.ActionRecord);
    public static readonly EntityKind<ContextRecord> Context =
        new("context", "Context", "contexts", named: true, StateJsonContext.Default.ContextRecord);
    public static readonly EntityKind<TrialComponentRecord> TrialComponent =
        new("experiment-trial-component", "Trial Component", "trial-components", named: true, StateJsonContext.Default.TrialComponentRecord,
            // ListTrialComponents filters by SourceArn (the job that made the component); the kind has no SourceUri.
            listedSource: c => c.Source?.SourceArn);

    public static readonly EntityKind<ExperimentRecord> Experiment =
        new("experiment", "Experiment", "experiments", named: true, StateJsonContext.Default.ExperimentRecord, describedByArn: false);
    public static readonly EntityKind<TrialRecord> Trial =
        new("experiment-trial", "Trial", "trials", named: true, StateJsonContext.Default.TrialRecord, describedByArn: false);

    public static IReadOnlyList<EntityKind> All { get; } = [Artifact, Action, Context, TrialComponent, Experiment, Trial];

    private static readonly Dictionary<string, EntityKind> ByResourceType = All.ToDictionary(k => k.ResourceType, StringComparer.Ordinal);

    public static EntityKind? Of(string resourceType) => ByResourceType.GetValueOrDefault(resourceType);

    /// <summary>The kind an ARN names by its resource type, or null when it names no lineage entity.</summary>
    public static EntityKind? OfArn(string arn) => Arn.TryParse(arn, out var a) ? Of(a.ResourceType) : null;
}
