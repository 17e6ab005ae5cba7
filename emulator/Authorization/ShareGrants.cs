using LineageEmulator.State;

namespace LineageEmulator.Authorization;

/// <summary>
/// The one answer to "is this share in effect for account X?", read from the RAM tables. A share grants
/// an account the owner's lineage while all of these hold: the share is ACTIVE, the account's principal
/// association is ASSOCIATED, the account has ACCEPTED its invitation, and the owner's default lineage
/// group is ASSOCIATED as a resource. The authorizer, the lineage-group policy and RAM's listings all
/// ask here, each for the layers it needs.
/// </summary>
public sealed class ShareGrants(Store store)
{
    /// <summary>One share as one principal account sees it: the owner's partition, the share, the account's association.</summary>
    public sealed record Received(Partition Owner, ResourceShareRecord Share, ShareAssociationRecord Principal);

    /// <summary>Whether the account has accepted an invitation to the share (a receiver's only way in).</summary>
    public bool HasAccepted(string shareArn, string account) =>
        store.Index.InvitationsFor(account).Any(i => i.ShareArn == shareArn && i.Status == RamStatus.Accepted);

    /// <summary>Shares of the region that name the account and whose invitation it accepted, whatever their status.</summary>
    public IEnumerable<Received> ReceivedBy(string account, string region)
    {
        foreach (var principal in store.Index.SharesNamingAccount(account).ToList())
        {
            if (!Arn.TryParse(principal.ShareArn, out var arn) || arn.Region != region) continue;
            if (store.FindPartition(arn.Account, arn.Region) is not { } owner) continue;
            if (owner.Shares.Get(principal.ShareArn) is not { } share) continue;
            if (HasAccepted(share.Arn, account)) yield return new Received(owner, share, principal);
        }
    }

    /// <summary>The share is ACTIVE and the account's principal association ASSOCIATED (its acceptance is given).</summary>
    public static bool PrincipalInEffect(Received r, DateTimeOffset now) =>
        r.Share.Status == RamStatus.Active && r.Principal.EffectiveStatus(now) == RamStatus.Associated;

    /// <summary>The share grants the account the owner's lineage: its principal is in effect and so is the lineage group.</summary>
    public static bool InEffect(Received r, DateTimeOffset now) => PrincipalInEffect(r, now) && GroupInEffect(r.Owner, r.Share, now);

    /// <summary>Whether the owner's default lineage group is shared with, and accepted by, the account.</summary>
    public bool IsSharedWith(Partition owner, string account, DateTimeOffset now) =>
        ReceivedBy(account, owner.Region).Any(r => r.Owner == owner && InEffect(r, now));

    /// <summary>Accounts to which the owner's lineage group is shared and accepted: the policy's principals.</summary>
    public IReadOnlyList<string> GrantedAccounts(Partition owner, DateTimeOffset now)
    {
        var granted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var share in owner.Shares.Values)
            foreach (var a in owner.AssociationsOfShare(share.Arn))
                if (a.AssociationType == RamStatus.Principal && HasAccepted(share.Arn, a.AssociatedEntity)
                    && InEffect(new Received(owner, share, a), now))
                    granted.Add(a.AssociatedEntity);
        return [.. granted];
    }

    private static bool GroupInEffect(Partition owner, ResourceShareRecord share, DateTimeOffset now) =>
        owner.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, owner.DefaultLineageGroupArn)) is { } resource
        && resource.EffectiveStatus(now) == RamStatus.Associated;
}
