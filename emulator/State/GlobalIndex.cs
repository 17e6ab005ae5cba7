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
    /// The associations ListAssociations shows an account in a region, in one of its orders: those it created, and
    /// those anyone created between two of its entities (see Associations.Visible).
    /// </summary>
    public SortedChunks<AssociationRecord>? Listing(string account, string region, ListingOrder order) =>
        listings.TryGetValue((account, region), out var orders) ? orders[order.Slot] : null;

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

    internal void OnAssociation(AssociationRecord? before, AssociationRecord? after)
    {
        if (before is not null)
        {
            foreach (var listing in ListingsOf(before))
                if (listings.TryGetValue(listing, out var orders))
                {
                    foreach (var rows in orders) rows.Remove(before);
                    if (orders[0].Count == 0) listings.Remove(listing);
                }
            Adjacent(before.SourceArn, before, outgoing: true, add: false);
            Adjacent(before.DestinationArn, before, outgoing: false, add: false);
        }
        if (after is not null)
        {
            foreach (var listing in ListingsOf(after))
            {
                if (!listings.TryGetValue(listing, out var orders))
                    listings[listing] = orders = [.. ListingOrder.All.Select(o => new SortedChunks<AssociationRecord>(o))];
                foreach (var rows in orders) rows.Add(after);
            }
            Adjacent(after.SourceArn, after, outgoing: true, add: true);
            Adjacent(after.DestinationArn, after, outgoing: false, add: true);
        }
    }

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

    // Per account and region, the listing in each ListingOrder (by its Slot).
    private readonly Dictionary<(string Account, string Region), SortedChunks<AssociationRecord>[]> listings = [];

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
