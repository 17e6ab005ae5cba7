namespace LineageEmulator.State;

/// <summary>
/// The orders the entity List operations read from, derived from each kind's table by its observer: every kind in
/// CreationTime order split by type, and the kinds with a source (URI, or a trial component's job ARN) in source
/// then CreationTime order. Each entity is held once per order.
/// </summary>
public sealed partial class Partition
{
    private readonly Dictionary<EntityKind, Dictionary<string, SortedChunks<ILineageEntity>>> creationOrder = [];
    private readonly Dictionary<EntityKind, SortedChunks<ILineageEntity>> sourceOrder = [];

    /// <summary>
    /// The kind's entities in CreationTime order (then ARN), in parts by <see cref="ILineageEntity.EntityType"/>:
    /// only that type's part when <paramref name="type"/> is given, otherwise every part, to be merged.
    /// </summary>
    public IReadOnlyList<SortedChunks<ILineageEntity>> InCreationOrder(EntityKind kind, string? type = null)
    {
        if (!creationOrder.TryGetValue(kind, out var parts)) return [];
        if (type is not null) return parts.TryGetValue(type, out var one) ? [one] : [];
        return [.. parts.Values];
    }

    /// <summary>The kind's entities that have a <see cref="EntityKind.ListedSource"/>, in <see cref="SourceOrder"/>.</summary>
    public SortedChunks<ILineageEntity>? InSourceOrder(EntityKind kind) => sourceOrder.GetValueOrDefault(kind);

    /// <summary>Keeps a kind's listing orders, and the association listings' end types: called by the kind's table observer.</summary>
    internal void IndexListings(EntityKind kind, string key, ILineageEntity? before, ILineageEntity? after)
    {
        if (before is not null)
        {
            if (creationOrder.TryGetValue(kind, out var parts) && parts.TryGetValue(before.EntityType ?? "", out var rows))
            {
                rows.Remove(before);
                if (rows.Count == 0 && parts.Remove(before.EntityType ?? "") && parts.Count == 0) creationOrder.Remove(kind);
            }
            if (kind.ListedSource(before) is not null && sourceOrder.TryGetValue(kind, out var sourced))
            {
                sourced.Remove(before);
                if (sourced.Count == 0) sourceOrder.Remove(kind);
            }
        }
        if (after is not null)
        {
            if (!creationOrder.TryGetValue(kind, out var parts)) creationOrder[kind] = parts = new(StringComparer.Ordinal);
            if (!parts.TryGetValue(after.EntityType ?? "", out var rows)) parts[after.EntityType ?? ""] = rows = new(CreationOrder.Instance);
            rows.Add(after);
            if (kind.ListedSource(after) is not null)
            {
                if (!sourceOrder.TryGetValue(kind, out var sourced)) sourceOrder[kind] = sourced = new(new SourceOrder(kind));
                sourced.Add(after);
            }
        }
        Store.Index.OnEntityType(key, before?.ListedType, after?.ListedType, ListedTypeOf);
    }

    /// <summary>The listed type of the entity an ARN names, in whichever partition holds it; null when there is none.</summary>
    private string? ListedTypeOf(string arn) =>
        Arn.TryParse(arn, out var a) && EntityKinds.Of(a.ResourceType) is { } kind && Store.FindPartition(a.Account, a.Region) is { } p
            ? kind.Find(p, arn)?.ListedType
            : null;

    /// <summary>The List operations' CreationTime sort key (Paging.TimeKey, the time in milliseconds, then the ARN).</summary>
    public sealed class CreationOrder : IComparer<ILineageEntity>
    {
        public static readonly CreationOrder Instance = new();

        public int Compare(ILineageEntity? x, ILineageEntity? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null || y is null) return x is null ? -1 : 1;
            var c = x.CreationTime.ToUnixTimeMilliseconds().CompareTo(y.CreationTime.ToUnixTimeMilliseconds());
            return c != 0 ? c : string.CompareOrdinal(x.Arn, y.Arn);
        }
    }

    /// <summary>The kind's <see cref="EntityKind.ListedSource"/> (ordinal), then <see cref="CreationOrder"/>.</summary>
    public sealed class SourceOrder(EntityKind kind) : IComparer<ILineageEntity>
    {
        public int Compare(ILineageEntity? x, ILineageEntity? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null || y is null) return x is null ? -1 : 1;
            var c = string.CompareOrdinal(kind.ListedSource(x), kind.ListedSource(y));
            return c != 0 ? c : CreationOrder.Instance.Compare(x, y);
        }
    }
}
