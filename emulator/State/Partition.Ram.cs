namespace LineageEmulator.State;

public sealed partial class Partition
{
    // RAM tables: shares by ARN, share associations by "share|entity", invitations by ARN,
    // client tokens by "operation|token".
    public Table<ResourceShareRecord> Shares { get; }
    public Table<ShareAssociationRecord> ShareAssociations { get; }
    public Table<InvitationRecord> Invitations { get; }
    public Table<ClientTokenRecord> ClientTokens { get; }
    // Customer managed permissions by ARN, ReplacePermissionAssociations work by id, and (in the
    // management account) organization sharing by organization id.
    public Table<PermissionRecord> Permissions { get; }
    public Table<ReplaceWorkRecord> ReplaceWork { get; }
    public Table<OrganizationSharingRecord> OrganizationSharing { get; }

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

    private (Table<PermissionRecord>, Table<ReplaceWorkRecord>, Table<OrganizationSharingRecord>) CreateRamPermissionTables()
    {
        var permissions = Register(new Table<PermissionRecord>(this, "ram-permissions", StateJsonContext.Default.PermissionRecord));
        var replaceWork = Register(new Table<ReplaceWorkRecord>(this, "ram-replace-work", StateJsonContext.Default.ReplaceWorkRecord));
        var organizationSharing = Register(new Table<OrganizationSharingRecord>(this, "ram-organization-sharing",
            StateJsonContext.Default.OrganizationSharingRecord));
        organizationSharing.Observe((key, before, after) => Store.Index.OnOrganizationSharing(AccountId, key, before, after));
        return (permissions, replaceWork, organizationSharing);
    }

    public IEnumerable<ShareAssociationRecord> AssociationsOfShare(string shareArn) =>
        associationsByShare.TryGetValue(shareArn, out var set) ? set.Values : [];
}
