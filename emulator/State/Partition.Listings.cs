namespace LineageEmulator.State;

/// <summary>
/// The orders the entity List operations read from, derived from each kind's table by its observer: every kind in
/// CreationTime order split by type, the named kinds in Name order, and the kinds with a source (URI, or a trial
/// component's job ARN) in source then CreationTime order. Each entity is held once per order.
/// </summary>
public sealed partial class Partition
{
    private readonly Dictionary<EntityKind, Dictionary<string, SortedChunks<ILineageEntity>>> creationOrder = [];
    private readonly Dictionary<EntityKind, SortedChunks<ILineageEntity>> sourceOrder = [];
    private readonly Dictionary<EntityKind, SortedChunks<ILineageEntity>> nameOrder = [];

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

    /// <summary>A named kind's entities in Name order (ordinal, then ARN: the List operations' Name sort key).</summary>
    public SortedChunks<ILineageEntity>? InNameOrder(EntityKind kind) => nameOrder.GetValueOrDefault(kind);

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
            if (kind.ListedSource(before) is not null) Unlist(sourceOrder, kind, before);
            if (kind.Named) Unlist(nameOrder, kind, before);
        }
        if (after is not null)
        {
            if (!creationOrder.TryGetValue(kind, out var parts)) creationOrder[kind] = parts = new(StringComparer.Ordinal);
            if (!parts.TryGetValue(after.EntityType ?? "", out var rows)) parts[after.EntityType ?? ""] = rows = new(CreationOrder.Instance);
            rows.Add(after);
            if (kind.ListedSource(after) is not null) List(sourceOrder, kind, after, static k => new SourceOrder(k));
            if (kind.Named) List(nameOrder, kind, after, static _ => NameOrder.Instance);
        }
        Store.Index.OnEntityType(key, before?.ListedType, after?.ListedType, ListedTypeOf);
    }

    private static void List(Dictionary<EntityKind, SortedChunks<ILineageEntity>> order, EntityKind kind, ILineageEntity entity,
        Func<EntityKind, IComparer<ILineageEntity>> comparer)
    {
        if (!order.TryGetValue(kind, out var rows)) order[kind] = rows = new(comparer(kind));
        rows.Add(entity);
    }

    private static void Unlist(Dictionary<EntityKind, SortedChunks<ILineageEntity>> order, EntityKind kind, ILineageEntity entity)
    {
        if (!order.TryGetValue(kind, out var rows)) return;
        rows.Remove(entity);
        if (rows.Count == 0) order.Remove(kind);
    }

    /// <summary>The listed type of the entity an ARN names, in whichever partition holds it; null when there is none.</summary>
    internal string? ListedTypeOf(string arn) =>
        Arn.TryParse(arn, out var a) && EntityKinds.Of(a.ResourceType) is { } kind && Store.FindPartition(a.Account, a.Region) is { } p
            ? kind.Find(p, arn)?.ListedType
            : null;

    /// <summary>For the invariants: whether the kind's orders hold exactly its rows, each where the List operations look.</summary>
    internal bool ListsExactly(EntityKind kind)
    {
        var rows = kind.EntitiesIn(this).ToList();
        var sourced = rows.Where(e => kind.ListedSource(e) is not null).ToList();
        return InCreationOrder(kind).Sum(p => p.Count) == rows.Count
            && rows.All(e => InCreationOrder(kind, e.EntityType ?? "") is [var part] && part.Contains(e))
            && (!kind.Named || ((InNameOrder(kind)?.Count ?? 0) == rows.Count && rows.All(e => InNameOrder(kind)!.Contains(e))))
            && (InSourceOrder(kind)?.Count ?? 0) == sourced.Count && sourced.All(e => InSourceOrder(kind)!.Contains(e));
    }

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

    /// <summary>The List operations' Name sort key: the name (ordinal), then the ARN.</summary>
    public sealed class NameOrder : IComparer<ILineageEntity>
    {
        public static readonly NameOrder Instance = new();

        public int Compare(ILineageEntity? x, ILineageEntity? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null || y is null) return x is null ? -1 : 1;
            var c = string.CompareOrdinal(x.Name, y.Name);
            return c != 0 ? c : string.CompareOrdinal(x.Arn, y.Arn);
        }
    }
}
