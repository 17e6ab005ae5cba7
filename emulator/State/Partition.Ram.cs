namespace LineageEmulator.State;

public sealed partial class Partition
{
    // RAM tables: shares by ARN, share associations by "share|entity", invitations by ARN,
    // client tokens by "operation|token".
    public Table<ResourceShareRecord> Shares { get; }
    public Table<ShareAssociationRecord> ShareAssociations { get; }
    public Table<InvitationRecord> Invitations { get; }
    public Table<ClientTokenRecord> ClientTokens { get; }

    // Share ARN -> its associations, so a share's principals and resources are found without a scan.
    private readonly Dictionary<string, Dictionary<string, ShareAssociationRecord>> associationsByShare = new(StringComparer.Ordinal);

    private (Table<ResourceShareRecord>, Table<ShareAssociationRecord>, Table<InvitationRecord>, Table<ClientTokenRecord>) CreateRamTables()
    {
        var shares = Register(new Table<ResourceShareRecord>(this, "ram-shares", StateJsonContext.Default.ResourceShareRecord));
        var shareAssociations = Register(new Table<ShareAssociationRecord>(this, "ram-share-associations", StateJsonContext.Default.ShareAssociationRecord));
        var invitations = Register(new Table<InvitationRecord>(this, "ram-invitations", StateJsonContext.Default.InvitationRecord));
        var clientTokens = Register(new Table<ClientTokenRecord>(this, "ram-client-tokens", StateJsonContext.Default.ClientTokenRecord));

        shareAssociations.Observe((_, before, after) =>
        {
            if (before is not null && associationsByShare.TryGetValue(before.ShareArn, out var old))
            {
                old.Remove(before.AssociatedEntity);
                if (old.Count == 0) associationsByShare.Remove(before.ShareArn);
            }
            if (after is not null)
            {
                if (!associationsByShare.TryGetValue(after.ShareArn, out var set))
                    associationsByShare[after.ShareArn] = set = new(StringComparer.Ordinal);
                set[after.AssociatedEntity] = after;
            }
        });
        shareAssociations.Observe((_, before, after) => Store.Index.OnShareAssociation(before, after));
        invitations.Observe((_, before, after) => Store.Index.OnInvitation(before, after));
        return (shares, shareAssociations, invitations, clientTokens);
    }

    public IEnumerable<ShareAssociationRecord> AssociationsOfShare(string shareArn) =>
        associationsByShare.TryGetValue(shareArn, out var set) ? set.Values : [];
}
