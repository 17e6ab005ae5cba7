using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.Model.Ram;

namespace LineageEmulator.Authorization;

/// <summary>
/// The one answer to "is this share in effect for account X, and for which actions?", read from the RAM
/// tables and the declared organization. A share grants an account the owner's lineage while all hold:
/// the share is ACTIVE; the owner's default lineage group is ASSOCIATED as a resource; a principal
/// association that covers the account is ASSOCIATED. A principal covers an account when it is:
/// <list type="bullet">
/// <item>the account itself, and the account ACCEPTED its invitation, or both accounts are in one
/// organization with sharing on (RAM sends no invitation there), or it was associated inside the
/// organization and the share retains access on leaving;</item>
/// <item>the organization, or an OU above the account, with sharing on and both accounts in it;</item>
/// </list>
/// all judged now, against the organization as declared for this run. The actions are those of the
/// share's permission (<see cref="LineagePermissions.Of"/>). The authorizer, the lineage-group policy and
/// RAM's listings all ask here.
/// </summary>
public sealed class ShareGrants(Store store, EmulatorOptions options)
{
    /// <summary>One share as one account receives it: the owner's partition, the share, the association covering the account.</summary>
    public sealed record Received(Partition Owner, ResourceShareRecord Share, ShareAssociationRecord Principal);

    /// <summary>One principal the owner's lineage-group policy names, the association it comes from, and what it may do.</summary>
    public sealed record Grant(string PrincipalArn, string Source, IReadOnlyList<string> Actions);

    /// <summary>Whether the account has accepted its own invitation (not one for a role or user of it) to the share.</summary>
    public bool HasAccepted(string shareArn, string account) =>
        store.Index.InvitationsFor(account).Any(i => i.ShareArn == shareArn && i.ReceiverArn is null && i.Status == ResourceShareInvitationStatusValues.ACCEPTED);

    /// <summary>The declared organization, if the account is in it and its management account turned sharing on.</summary>
    public Organization? SharingOrganizationOf(string account) =>
        options.Organization is { } org && org.Contains(account) && store.Index.OrganizationSharingEnabled(org.Id, org.ManagementAccount)
            ? org
            : null;

    /// <summary>Whether RAM shares between the two accounts without invitations: one organization, sharing on.</summary>
    public bool SameSharingOrganization(string owner, string account) =>
        SharingOrganizationOf(owner) is { } org && org.Contains(account);

    /// <summary>
    /// Shares of the region whose principals cover the account (see the class summary), whatever the
    /// status of the share and the association; each share once.
    /// </summary>
    public IEnumerable<Received> ReceivedBy(string account, string region)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var principal in Naming(account).ToList())
        {
            if (!Arn.TryParse(principal.ShareArn, out var arn) || arn.Region != region || arn.Account == account) continue;
            if (store.FindPartition(arn.Account, arn.Region) is not { } owner) continue;
            if (owner.Shares.Get(principal.ShareArn) is not { } share) continue;
            if (Covers(owner, share, principal, account) && seen.Add(share.Arn)) yield return new Received(owner, share, principal);
        }
    }

    /// <summary>Principal associations that could cover the account: its own, its organization's, and its OUs'.</summary>
    private IEnumerable<ShareAssociationRecord> Naming(string account)
    {
        var direct = store.Index.SharesNamingAccount(account);
        if (options.Organization is not { } org || !org.Contains(account)) return direct;
        var units = org.OrganizationalUnits.Keys.Where(ou => org.IsUnder(account, ou)).Select(org.OuArn);
        return direct.Concat(units.Prepend(org.Arn).SelectMany(store.Index.SharesNamingAccount));
    }

    private bool Covers(Partition owner, ResourceShareRecord share, ShareAssociationRecord principal, string account)
    {
        if (principal.AssociatedEntity == account)
            return HasAccepted(share.Arn, account)
                || SameSharingOrganization(owner.AccountId, account)
                || (!principal.External && share.RetainSharingOnAccountLeaveOrganization == true);
        // An organization or OU principal: both accounts in the organization, sharing on, and the account under the OU.
        if (SharingOrganizationOf(owner.AccountId) is not { } org || !org.Contains(account)) return false;
        return principal.AssociatedEntity == org.Arn
            || org.OrganizationalUnits.Keys.Any(ou => principal.AssociatedEntity == org.OuArn(ou) && org.IsUnder(account, ou));
    }

    /// <summary>The share is ACTIVE and the association covering the account ASSOCIATED.</summary>
    public static bool PrincipalInEffect(Received r, DateTimeOffset now) =>
        r.Share.Status == ResourceShareStatusValues.ACTIVE && r.Principal.EffectiveStatus(now) == ResourceShareAssociationStatusValues.ASSOCIATED;

    /// <summary>The share grants the account the owner's lineage: its principal is in effect and so is the lineage group.</summary>
    public static bool InEffect(Received r, DateTimeOffset now) => PrincipalInEffect(r, now) && GroupInEffect(r.Owner, r.Share, now);

    /// <summary>Whether some share in effect lets the account perform the action on the owner's lineage.</summary>
    public bool Allows(Partition owner, string account, string action, DateTimeOffset now) =>
        ReceivedBy(account, owner.Region).Any(r => r.Owner == owner && InEffect(r, now) && LineagePermissions.Of(owner, r.Share).Contains(action));

    /// <summary>
    /// Everyone the owner's lineage group is shared with now, for which actions: the policy's statements.
    /// Organization and OU principals stand for each member account they cover at this moment; an IAM
    /// role or user principal is granted as itself.
    /// </summary>
    public IReadOnlyList<Grant> Grants(Partition owner, DateTimeOffset now)
    {
        var grants = new List<Grant>();
        foreach (var share in owner.Shares.Values)
        {
            if (share.Status != ResourceShareStatusValues.ACTIVE || !GroupInEffect(owner, share, now)) continue;
            var actions = LineagePermissions.Of(owner, share);
            if (actions.Count == 0) continue;
            foreach (var a in owner.AssociationsOfShare(share.Arn))
            {
                if (a.AssociationType != ResourceShareAssociationTypeValues.PRINCIPAL || a.EffectiveStatus(now) != ResourceShareAssociationStatusValues.ASSOCIATED) continue;
                foreach (var principal in Principals(owner, share, a))
                    grants.Add(new Grant(principal, a.AssociatedEntity, actions));
            }
        }
        return grants;
    }

    private IEnumerable<string> Principals(Partition owner, ResourceShareRecord share, ShareAssociationRecord a)
    {
        if (Arn.TryParse(a.AssociatedEntity, out var arn))
        {
            if (arn.Service == "iam") return [a.AssociatedEntity];
            var members = options.Organization?.Members ?? [];
            return members.Where(m => m != owner.AccountId && Covers(owner, share, a, m)).Select(Arns.AccountRoot);
        }
        return Covers(owner, share, a, a.AssociatedEntity) ? [Arns.AccountRoot(a.AssociatedEntity)] : [];
    }

    private static bool GroupInEffect(Partition owner, ResourceShareRecord share, DateTimeOffset now) =>
        owner.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, owner.DefaultLineageGroupArn)) is { } resource
        && resource.EffectiveStatus(now) == ResourceShareAssociationStatusValues.ASSOCIATED;
}
