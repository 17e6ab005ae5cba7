using System.Runtime.InteropServices;
using LineageEmulator.Model.Ram;

namespace LineageEmulator.State;

/// <summary>
/// Indexes that cross partitions, derived from the tables by their observers (so undo and loading keep
/// them right): lineage adjacency, artifacts by source URI, and who has RAM shares and invitations.
/// </summary>
public sealed class GlobalIndex
{
    // Edges at each vertex, both ways, in one entry per vertex: lineage graphs have millions of vertices of a few
    // edges each, so the per-vertex cost is most of the index's memory.
    private readonly Dictionary<string, Adjacency> adjacency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> artifactsBySourceUri = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ShareAssociationRecord>> principalAssociationsByAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<InvitationRecord>> invitationsByReceiver = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InvitationRecord> invitationsByArn = new(StringComparer.Ordinal);
    // "organization id|management account" for every organization whose sharing is on, in any region.
    private readonly Dictionary<string, int> organizationSharing = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AssociationRecord> Outgoing(string arn) => adjacency.TryGetValue(arn, out var a) ? a.Out.View : [];
    public IReadOnlyCollection<AssociationRecord> Incoming(string arn) => adjacency.TryGetValue(arn, out var a) ? a.In.View : [];

    public AssociationRecord? Edge(string source, string destination)
    {
        if (!adjacency.TryGetValue(source, out var a)) return null;
        foreach (var edge in a.Out.View)
            if (edge.DestinationArn == destination) return edge;
        return null;
    }

    /// <summary>
    /// The associations ListAssociations shows an account in a region (those it created, and those anyone created
    /// between two of its entities, see Associations.Visible), in one of its orders: the parts of the listing whose
    /// association type, source type and destination type pass the filters (null passes all), each in that order.
    /// An end's type is its entity's <see cref="ILineageEntity.ListedType"/> as stored, whoever may read it.
    /// </summary>
    public IReadOnlyList<SortedChunks<AssociationRecord>> Listing(string account, string region, ListingOrder order,
        string? associationType = null, string? sourceType = null, string? destinationType = null)
    {
        if (!listings.TryGetValue((account, region), out var parts)) return [];
        if (associationType is not null && sourceType is not null && destinationType is not null)
            return parts.TryGetValue(new(associationType, sourceType, destinationType), out var one) ? [one[order.Slot]] : [];
        var found = new List<SortedChunks<AssociationRecord>>();
        foreach (var (facet, orders) in parts)
            if ((associationType is null || facet.AssociationType == associationType)
                && (sourceType is null || facet.SourceType == sourceType)
                && (destinationType is null || facet.DestinationType == destinationType))
                found.Add(orders[order.Slot]);
        return found;
    }

    public IReadOnlyCollection<string> ArtifactsWithSourceUri(string uri) =>
        artifactsBySourceUri.TryGetValue(uri, out var s) ? s : [];

    /// <summary>Principal associations that name this account, in every sharing partition.</summary>
    public IReadOnlyCollection<ShareAssociationRecord> SharesNamingAccount(string account) =>
        principalAssociationsByAccount.TryGetValue(account, out var s) ? s : [];

    public IReadOnlyCollection<InvitationRecord> InvitationsFor(string receiverAccount) =>
        invitationsByReceiver.TryGetValue(receiverAccount, out var s) ? s : [];

    public InvitationRecord? Invitation(string arn) => invitationsByArn.GetValueOrDefault(arn);

    /// <summary>Whether this account turned on sharing with this organization (in any region: the setting is global).</summary>
    public bool OrganizationSharingEnabled(string organizationId, string managementAccount) =>
        organizationSharing.ContainsKey(organizationId + "|" + managementAccount);

    internal void OnOrganizationSharing(string account, string organizationId, OrganizationSharingRecord? before, OrganizationSharingRecord? after)
    {
        var key = organizationId + "|" + account;
        var count = organizationSharing.GetValueOrDefault(key) + (after is null ? 0 : 1) - (before is null ? 0 : 1);
        if (count > 0) organizationSharing[key] = count;
        else organizationSharing.Remove(key);
    }

    /// <summary>
    /// Keeps adjacency and listings when an association row changes. <paramref name="typeOf"/> gives an entity's stored
    /// <see cref="ILineageEntity.ListedType"/> (null when it does not exist): the listings file an edge under its
    /// ends' types as they are now, and <see cref="OnEntityType"/> moves it when they change.
    /// </summary>
    internal void OnAssociation(AssociationRecord? before, AssociationRecord? after, Func<string, string?> typeOf)
    {
        if (before is not null)
        {
            File(before, FacetOf(before, typeOf), add: false);
            Adjacent(before.SourceArn, before, outgoing: true, add: false);
            Adjacent(before.DestinationArn, before, outgoing: false, add: false);
        }
        if (after is not null)
        {
            File(after, FacetOf(after, typeOf), add: true);
            Adjacent(after.SourceArn, after, outgoing: true, add: true);
            Adjacent(after.DestinationArn, after, outgoing: false, add: true);
        }
    }

    /// <summary>
    /// Refiles the edges at an entity whose listed type changed, including from or to not existing (loading may bring
    /// an edge before its ends, and deleting an entity may leave edges behind until they are deleted too).
    /// </summary>
    internal void OnEntityType(string arn, string? before, string? after, Func<string, string?> typeOf)
    {
        if (before == after || !adjacency.TryGetValue(arn, out var at)) return;
        AssociationRecord[] edges = [.. at.Out.View, .. at.In.View.Where(e => e.SourceArn != arn)];
        string? Was(string end) => end == arn ? before : typeOf(end);
        foreach (var edge in edges)
        {
            File(edge, new EdgeFacet(edge.AssociationType ?? "", Was(edge.SourceArn), Was(edge.DestinationArn)), add: false);
            File(edge, FacetOf(edge, typeOf), add: true);
        }
    }

    /// <summary>
    /// For the invariants: whether the listings hold exactly these edges (all there are), each in every listing that
    /// shows it, under its ends' types as they are now, in every order.
    /// </summary>
    internal bool ListsExactly(IReadOnlyCollection<AssociationRecord> edges, Func<string, string?> typeOf)
    {
        var filed = 0;
        foreach (var edge in edges)
            foreach (var listing in ListingsOf(edge))
            {
                filed++;
                if (!listings.TryGetValue(listing, out var parts) || !parts.TryGetValue(FacetOf(edge, typeOf), out var orders)
                    || !orders.All(o => o.Contains(edge)))
                    return false;
            }
        return listings.Values.SelectMany(parts => parts.Values).All(orders => orders.All(o => o.Count == orders[0].Count))
            && listings.Values.SelectMany(parts => parts.Values).Sum(orders => orders[0].Count) == filed;
    }

    private static EdgeFacet FacetOf(AssociationRecord edge, Func<string, string?> typeOf) =>
        new(edge.AssociationType ?? "", typeOf(edge.SourceArn), typeOf(edge.DestinationArn));

    private void File(AssociationRecord edge, EdgeFacet facet, bool add)
    {
        foreach (var listing in ListingsOf(edge))
        {
            if (!listings.TryGetValue(listing, out var parts))
            {
                if (!add) continue;
                listings[listing] = parts = [];
            }
            if (!parts.TryGetValue(facet, out var orders))
            {
                if (!add) continue;
                parts[facet] = orders = [.. ListingOrder.All.Select(o => new SortedChunks<AssociationRecord>(o))];
            }
            foreach (var rows in orders)
                if (add) rows.Add(edge);
                else rows.Remove(edge);
            if (orders[0].Count > 0) continue;
            parts.Remove(facet);
            if (parts.Count == 0) listings.Remove(listing);
        }
    }

    /// <summary>
    /// What a listing is split by: the filters ListAssociations has besides the ends and times. Few values each in
    /// practice, so an unfiltered page merges a handful of parts, and every edge is still held once per order.
    /// </summary>
    private readonly record struct EdgeFacet(string AssociationType, string? SourceType, string? DestinationType);

    // The accounts (in the edge's region) whose ListAssociations shows an edge: its creator's, and its ends' when
    // one account owns both.
    private static IEnumerable<(string Account, string Region)> ListingsOf(AssociationRecord edge)
    {
        if (!Arn.TryParse(edge.SourceArn, out var source)) yield break;
        yield return (edge.OwnerAccountId, source.Region);
        if (source.Account != edge.OwnerAccountId && Arn.TryParse(edge.DestinationArn, out var destination)
            && destination.Account == source.Account)
            yield return (source.Account, source.Region);
    }

    /// <summary>
    /// An order ListAssociations sorts by, on values an association row holds: the creation time to the millisecond,
    /// the source ARN or the destination ARN, then "source|destination" as a string (compared without building
    /// it), as Paging.Key orders Paging.TimeKey or the ARN, then the association key.
    /// </summary>
    public sealed class ListingOrder : IComparer<AssociationRecord>
    {
        public static readonly ListingOrder ByTime = new(0, (x, y) => x.CreationTime.ToUnixTimeMilliseconds().CompareTo(y.CreationTime.ToUnixTimeMilliseconds()));
        public static readonly ListingOrder BySource = new(1, (x, y) => string.CompareOrdinal(x.SourceArn, y.SourceArn));
        public static readonly ListingOrder ByDestination = new(2, (x, y) => string.CompareOrdinal(x.DestinationArn, y.DestinationArn));
        public static IReadOnlyList<ListingOrder> All { get; } = [ByTime, BySource, ByDestination];

        private readonly Comparison<AssociationRecord> first;

        private ListingOrder(int slot, Comparison<AssociationRecord> first) => (Slot, this.first) = (slot, first);

        internal int Slot { get; }

        public int Compare(AssociationRecord? x, AssociationRecord? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null || y is null) return x is null ? -1 : 1;
            var c = first(x, y);
            return c != 0 ? c : AssociationRecord.CompareKeys(x, y);
        }
    }

    // Per account and region, the listing split by facet, each part in every ListingOrder (by its Slot).
    private readonly Dictionary<(string Account, string Region), Dictionary<EdgeFacet, SortedChunks<AssociationRecord>[]>> listings = [];

    private void Adjacent(string vertex, AssociationRecord edge, bool outgoing, bool add)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(adjacency, vertex, out _);
        ref var set = ref outgoing ? ref entry.Out : ref entry.In;
        if (add) set.Add(edge);
        else set.Remove(edge);
        if (entry.Out.IsEmpty && entry.In.IsEmpty) adjacency.Remove(vertex);
    }

    private struct Adjacency
    {
        public EdgeSet Out;
        public EdgeSet In;
    }

    /// <summary>
    /// A set of edges that costs what it holds: an exact-size array up to <see cref="SmallMax"/> edges (replaced,
    /// never changed in place, so a reader's view stays whole), a hash set beyond, so hubs still add and remove
    /// in constant time.
    /// </summary>
    private struct EdgeSet
    {
        private const int SmallMax = 16;
        private object? items; // null, AssociationRecord[] or HashSet<AssociationRecord>

        public readonly bool IsEmpty => items is null;

        public readonly IReadOnlyCollection<AssociationRecord> View =>
            items as IReadOnlyCollection<AssociationRecord> ?? [];

        public void Add(AssociationRecord edge)
        {
            switch (items)
            {
                case null:
                    items = new[] { edge };
                    break;
                case AssociationRecord[] small when Array.IndexOf(small, edge) >= 0:
                    break;
                case AssociationRecord[] small when small.Length < SmallMax:
                    items = (AssociationRecord[])[.. small, edge];
                    break;
                case AssociationRecord[] small:
                    items = new HashSet<AssociationRecord>(small) { edge };
                    break;
                case HashSet<AssociationRecord> large:
                    large.Add(edge);
                    break;
            }
        }

        public void Remove(AssociationRecord edge)
        {
            switch (items)
            {
                case AssociationRecord[] small when Array.IndexOf(small, edge) is var i and >= 0:
                    items = small.Length == 1 ? null : (AssociationRecord[])[.. small.AsSpan(0, i), .. small.AsSpan(i + 1)];
                    break;
                case HashSet<AssociationRecord> large:
                    large.Remove(edge);
                    if (large.Count == 0) items = null;
                    break;
            }
        }
    }

    internal void OnArtifact(string arn, string? beforeUri, string? afterUri)
    {
        if (beforeUri is not null) Remove(artifactsBySourceUri, beforeUri, arn);
        if (afterUri is not null) Add(artifactsBySourceUri, afterUri, arn);
    }

    internal void OnShareAssociation(ShareAssociationRecord? before, ShareAssociationRecord? after)
    {
        if (before is { AssociationType: ResourceShareAssociationTypeValues.PRINCIPAL }) Remove(principalAssociationsByAccount, before.AssociatedEntity, before);
        if (after is { AssociationType: ResourceShareAssociationTypeValues.PRINCIPAL }) Add(principalAssociationsByAccount, after.AssociatedEntity, after);
    }

    internal void OnInvitation(InvitationRecord? before, InvitationRecord? after)
    {
        if (before is not null)
        {
            Remove(invitationsByReceiver, before.ReceiverAccountId, before);
            invitationsByArn.Remove(before.Arn);
        }
        if (after is not null)
        {
            Add(invitationsByReceiver, after.ReceiverAccountId, after);
            invitationsByArn[after.Arn] = after;
        }
    }

    private static void Add<T>(Dictionary<string, HashSet<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = [];
        set.Add(value);
    }

    private static void Remove<T>(Dictionary<string, HashSet<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var set)) return;
        set.Remove(value);
        if (set.Count == 0) index.Remove(key);
    }
}
