using LineageEmulator.Model.Ram;

namespace LineageEmulator.State;

/// <summary>
/// Indexes that cross partitions, derived from the tables by their observers (so undo and loading keep
/// them right): lineage adjacency, artifacts by source URI, and who has RAM shares and invitations.
/// </summary>
public sealed class GlobalIndex
{
    private readonly Dictionary<string, HashSet<AssociationRecord>> outgoing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<AssociationRecord>> incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> artifactsBySourceUri = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ShareAssociationRecord>> principalAssociationsByAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<InvitationRecord>> invitationsByReceiver = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InvitationRecord> invitationsByArn = new(StringComparer.Ordinal);
    // "organization id|management account" for every organization whose sharing is on, in any region.
    private readonly Dictionary<string, int> organizationSharing = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AssociationRecord> Outgoing(string arn) => outgoing.TryGetValue(arn, out var s) ? s : [];
    public IReadOnlyCollection<AssociationRecord> Incoming(string arn) => incoming.TryGetValue(arn, out var s) ? s : [];

    public AssociationRecord? Edge(string source, string destination) =>
        outgoing.TryGetValue(source, out var s) ? s.FirstOrDefault(a => a.DestinationArn == destination) : null;

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
            Remove(outgoing, before.SourceArn, before);
            Remove(incoming, before.DestinationArn, before);
        }
        if (after is not null)
        {
            Add(outgoing, after.SourceArn, after);
            Add(incoming, after.DestinationArn, after);
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
