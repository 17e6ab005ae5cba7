using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Authorization;

/// <summary>
/// The one place that answers "may this account perform this action on this ARN?". An account may do
/// anything to its own resources. Another account may only perform the lineage-group policy's actions,
/// and only while the owner's lineage group is shared with it: share ACTIVE, the resource and the
/// principal ASSOCIATED, and the principal's invitation ACCEPTED. Everything else is denied.
/// </summary>
public sealed class Authorizer(Store store)
{
    /// <summary>The actions RAM's managed permission for sagemaker:LineageGroup grants.</summary>
    public static readonly IReadOnlyList<string> SharedActions =
    [
        "sagemaker:DescribeAction",
        "sagemaker:DescribeArtifact",
        "sagemaker:DescribeContext",
        "sagemaker:DescribeTrialComponent",
        "sagemaker:AddAssociation",
        "sagemaker:DeleteAssociation",
        "sagemaker:QueryLineage",
    ];

    public void Require(Caller caller, string action, string resourceArn, DateTimeOffset now)
    {
        if (!IsAllowed(caller.AccountId, action, resourceArn, now))
            throw new AccessDeniedException(
                $"User: {caller.PrincipalArn} is not authorized to perform: {action} on resource: {resourceArn} " +
                $"because no resource-based policy allows the {action} action");
    }

    public bool IsAllowed(string callerAccount, string action, string resourceArn, DateTimeOffset now)
    {
        // A value that is not an ARN names something in the caller's own account (or is rejected later).
        if (!Arn.TryParse(resourceArn, out var arn) || arn.Account == callerAccount) return true;
        if (!SharedActions.Contains(action)) return false;
        var owner = store.FindPartition(arn.Account, arn.Region);
        return owner is not null && IsSharedWith(owner, callerAccount, now);
    }

    /// <summary>Whether the owner's default lineage group is shared with, and accepted by, the account.</summary>
    public bool IsSharedWith(Partition owner, string account, DateTimeOffset now)
    {
        var group = owner.DefaultLineageGroupArn;
        foreach (var principal in store.Index.SharesNamingAccount(account))
        {
            if (principal.EffectiveStatus(now) != RamStatus.Associated) continue;
            var share = owner.Shares.Get(principal.ShareArn);
            if (share is not { Status: RamStatus.Active }) continue;
            var resource = owner.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, group));
            if (resource is null || resource.EffectiveStatus(now) != RamStatus.Associated) continue;
            if (HasAccepted(share.Arn, account)) return true;
        }
        return false;
    }

    /// <summary>Accounts to which the owner's lineage group is shared and accepted: the policy's principals.</summary>
    public IReadOnlyList<string> GrantedAccounts(Partition owner, DateTimeOffset now)
    {
        var granted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var share in owner.Shares.Values)
        {
            if (share.Status != RamStatus.Active) continue;
            var resource = owner.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, owner.DefaultLineageGroupArn));
            if (resource is null || resource.EffectiveStatus(now) != RamStatus.Associated) continue;
            foreach (var a in owner.AssociationsOfShare(share.Arn))
                if (a.AssociationType == RamStatus.Principal && a.EffectiveStatus(now) == RamStatus.Associated && HasAccepted(share.Arn, a.AssociatedEntity))
                    granted.Add(a.AssociatedEntity);
        }
        return [.. granted];
    }

    /// <summary>Partitions (in the caller's region) whose lineage the caller may read, its own first.</summary>
    public IEnumerable<Partition> ReadablePartitions(string callerAccount, string region, DateTimeOffset now)
    {
        if (store.FindPartition(callerAccount, region) is { } home) yield return home;
        var seen = new HashSet<string>(StringComparer.Ordinal) { callerAccount };
        foreach (var principal in store.Index.SharesNamingAccount(callerAccount))
        {
            if (!Arn.TryParse(principal.ShareArn, out var shareArn) || shareArn.Region != region || !seen.Add(shareArn.Account)) continue;
            if (store.FindPartition(shareArn.Account, region) is { } owner && IsSharedWith(owner, callerAccount, now))
                yield return owner;
        }
    }

    /// <summary>Whether the account has accepted an invitation to the share (a receiver's only way in).</summary>
    public bool HasAccepted(string shareArn, string account) =>
        store.Index.InvitationsFor(account).Any(i => i.ShareArn == shareArn && i.Status == RamStatus.Accepted);
}
