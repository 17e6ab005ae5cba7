using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.State;

// Rows of the lineage tables. They are immutable: an update builds a new record (and new collections) with
// `with`. Nested values reuse the generated wire shapes, whose members are init-only and whose collections
// are read-only, and whose JSON names are AWS's and so are stable in the on-disk format.
// tests/ImmutabilityTests.cs fails if any stored row type gains a way to change in place.

/// <summary>What QueryLineage and the association listings need from any lineage entity.</summary>
public interface ILineageEntity
{
    string Arn { get; }
    string? Name { get; }
    /// <summary>Artifact, Action, Context or TrialComponent (the model's LineageType); experiments report Context.</summary>
    string LineageType { get; }
    /// <summary>ArtifactType, ActionType, ContextType, or a trial component's source type (null if it has none).</summary>
    string? EntityType { get; }
    DateTimeOffset CreationTime { get; }
    DateTimeOffset LastModifiedTime { get; }
    IReadOnlyDictionary<string, string>? EntityProperties { get; }
    /// <summary>Where the entity came from (its Source's SourceUri); null when it has none.</summary>
    string? SourceUri { get; }

    /// <summary>
    /// What SageMaker reports as an entity's type in associations and lineage vertices: its ArtifactType,
    /// ActionType or ContextType. Trial components have none; they report their lineage type, so the
    /// member is never absent (the SageMaker Python SDK reads Vertex.Type unconditionally).
    /// </summary>
    string ListedType => EntityType ?? LineageType;
}

public sealed record ArtifactRecord(
    string Arn,
    string? Name,
    ArtifactSource Source,
    string ArtifactType,
    IReadOnlyDictionary<string, string>? Properties,
    MetadataProperties? MetadataProperties,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy) : ILineageEntity
{
    public string LineageType => LineageTypeValues.Artifact;
    public string? EntityType => ArtifactType;
    public IReadOnlyDictionary<string, string>? EntityProperties => Properties;
    public string? SourceUri => Source.SourceUri;
}

public sealed record ActionRecord(
    string Arn,
    string Name,
    ActionSource Source,
    string ActionType,
    string? Description,
    string? Status,
    IReadOnlyDictionary<string, string>? Properties,
    MetadataProperties? MetadataProperties,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy) : ILineageEntity
{
    string? ILineageEntity.Name => Name;
    public string LineageType => LineageTypeValues.Action;
    public string? EntityType => ActionType;
    public IReadOnlyDictionary<string, string>? EntityProperties => Properties;
    public string? SourceUri => Source.SourceUri;
}

public sealed record ContextRecord(
    string Arn,
    string Name,
    ContextSource Source,
    string ContextType,
    string? Description,
    IReadOnlyDictionary<string, string>? Properties,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy) : ILineageEntity
{
    string? ILineageEntity.Name => Name;
    public string LineageType => LineageTypeValues.Context;
    public string? EntityType => ContextType;
    public IReadOnlyDictionary<string, string>? EntityProperties => Properties;
    public string? SourceUri => Source.SourceUri;
}

public sealed record TrialComponentRecord(
    string Arn,
    string Name,
    string? DisplayName,
    TrialComponentStatus? Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyDictionary<string, TrialComponentParameterValue>? Parameters,
    IReadOnlyDictionary<string, TrialComponentArtifact>? InputArtifacts,
    IReadOnlyDictionary<string, TrialComponentArtifact>? OutputArtifacts,
    MetadataProperties? MetadataProperties,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy,
    // Only SageMaker jobs make sourced components ("<job-name>-aws-training-job", Source.SourceArn the job's ARN).
    TrialComponentSource? Source = null) : ILineageEntity
{
    string? ILineageEntity.Name => Name;
    public string LineageType => LineageTypeValues.TrialComponent;
    /// <summary>A job's trial component is typed by its source ("SageMakerTrainingJob"); a hand-made one has none.</summary>
    public string? EntityType => Source?.SourceType;
    public IReadOnlyDictionary<string, string>? EntityProperties => null;
    public string? SourceUri => null;
}

/// <summary>
/// A directed edge. It lives in the partition of the account that created it, which may differ from
/// the accounts that own its ends.
/// </summary>
public sealed record AssociationRecord(
    string SourceArn,
    string DestinationArn,
    string? AssociationType,
    string OwnerAccountId,
    DateTimeOffset CreationTime,
    UserContext CreatedBy)
{
    public string Key => AssociationKey(SourceArn, DestinationArn);
    public static string AssociationKey(string source, string destination) => source + "|" + destination;

    /// <summary>Orders two associations as their keys order ordinally, without building the keys.</summary>
    public static int CompareKeys(AssociationRecord x, AssociationRecord y)
    {
        string a1 = x.SourceArn, a2 = x.DestinationArn, b1 = y.SourceArn, b2 = y.DestinationArn;
        // Most pairs differ inside both sources or share the source; only a source that is a prefix of the
        // other needs the '|' between the two parts compared.
        var common = a1.AsSpan().CommonPrefixLength(b1);
        if (common == a1.Length && common == b1.Length) return string.CompareOrdinal(a2, b2);
        if (common < a1.Length && common < b1.Length) return a1[common].CompareTo(b1[common]);
        int la = a1.Length + 1 + a2.Length, lb = b1.Length + 1 + b2.Length;
        for (var i = 0; i < Math.Min(la, lb); i++)
        {
            var c = At(a1, a2, i).CompareTo(At(b1, b2, i));
            if (c != 0) return c;
        }
        return la.CompareTo(lb);

        static char At(string first, string second, int i) =>
            i < first.Length ? first[i] : i == first.Length ? '|' : second[i - first.Length - 1];
    }

    /// <summary>
    /// The association table's key, "source|destination", derived from the row instead of kept beside it: with two
    /// ARNs in it, a kept key would be most of an association's memory.
    /// </summary>
    public sealed class KeyOfRow : RowKey<AssociationRecord>
    {
        public static readonly KeyOfRow Instance = new();

        public override string KeyOf(AssociationRecord row) => row.Key;

        public override bool IsKeyOf(string key, AssociationRecord row) =>
            key.Length == row.SourceArn.Length + 1 + row.DestinationArn.Length
            && key.AsSpan().StartsWith(row.SourceArn, StringComparison.Ordinal)
            && key[row.SourceArn.Length] == '|'
            && key.AsSpan(row.SourceArn.Length + 1).SequenceEqual(row.DestinationArn);

        public override bool SameKey(AssociationRecord x, AssociationRecord y) =>
            x.SourceArn == y.SourceArn && x.DestinationArn == y.DestinationArn;

        public override int HashOf(AssociationRecord row)
        {
            var length = row.SourceArn.Length + 1 + row.DestinationArn.Length;
            // ARNs are at most 256 characters (the model's AssociationEntityArn), but loaded rows are not checked.
            Span<char> key = length <= 1024 ? stackalloc char[length] : new char[length];
            row.SourceArn.CopyTo(key);
            key[row.SourceArn.Length] = '|';
            row.DestinationArn.CopyTo(key[(row.SourceArn.Length + 1)..]);
            return string.GetHashCode(key);
        }
    }
}

public sealed record LineageGroupRecord(
    string Arn,
    string Name,
    string? DisplayName,
    string? Description,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy);

public sealed record TagSetRecord(IReadOnlyList<Tag> Tags);

/// <summary>
/// An experiment. It is a legal association end (the model's AssociationEntityArn allows "experiment"), so
/// it is a lineage entity; the model's LineageType enum has no Experiment member, see <see cref="LineageType"/>.
/// </summary>
public sealed record ExperimentRecord(
    string Arn,
    string Name,
    string? DisplayName,
    string? Description,
    ExperimentSource? Source,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy) : ILineageEntity
{
    string? ILineageEntity.Name => Name;
    /// <summary>
    /// Undocumented: LineageType's closed enum (TrialComponent, Artifact, Context, Action) has no experiment.
    /// An experiment groups entities as a context does, so it reports Context, with Type "Experiment".
    /// </summary>
    public string LineageType => LineageTypeValues.Context;
    public string? EntityType => "Experiment";
    public IReadOnlyDictionary<string, string>? EntityProperties => null;
    // An experiment's Source names a job by ARN, not data by URI.
    public string? SourceUri => null;
}

/// <summary>
/// A trial: part of exactly one experiment, grouping trial components (through memberships). SageMaker counts
/// trials among its lineage tracking entities, but no association can touch one (AssociationEntityArn has no
/// "experiment-trial"), so its LineageType is never reported; it reads Context like an experiment's.
/// </summary>
public sealed record TrialRecord(
    string Arn,
    string Name,
    string? DisplayName,
    string ExperimentName,
    TrialSource? Source,
    MetadataProperties? MetadataProperties,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy) : ILineageEntity
{
    string? ILineageEntity.Name => Name;
    public string LineageType => LineageTypeValues.Context;
    public string? EntityType => "Trial";
    public IReadOnlyDictionary<string, string>? EntityProperties => null;
    public string? SourceUri => null;
}

/// <summary>
/// A trial component's membership in a trial (AssociateTrialComponent), keyed "trial|component". A
/// component may belong to many trials; both ends are in the same account (the operations take names).
/// </summary>
public sealed record TrialMembershipRecord(string TrialArn, string TrialComponentArn, DateTimeOffset CreationTime)
{
    public string Key => MembershipKey(TrialArn, TrialComponentArn);
    public static string MembershipKey(string trialArn, string componentArn) => trialArn + "|" + componentArn;
}
