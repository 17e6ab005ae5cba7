using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Authorization;

/// <summary>
/// The one place that answers "may this account perform this action on this ARN?". An account may do
/// anything to its own resources. Another account may only perform a lineage action, and only one that
/// a share of the owner's lineage group in effect for it grants (<see cref="ShareGrants"/>: share ACTIVE,
/// resource and principal ASSOCIATED, the invitation ACCEPTED or the two accounts in one organization
/// with sharing on; the actions of the share's permission). Everything else is denied.
/// </summary>
public sealed class Authorizer(Store store, EmulatorOptions options)
{
    /// <summary>The sharing state the decisions read.</summary>
    public ShareGrants Grants { get; } = new(store, options);

    /// <summary>The actions RAM's managed permission for sagemaker:LineageGroup grants.</summary>
    public static IReadOnlyList<string> SharedActions => LineagePermissions.Actions;

    public const string ReadAction = "sagemaker:QueryLineage";

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
        return owner is not null && Grants.Allows(owner, callerAccount, action, now);
    }

    /// <summary>Partitions (in the caller's region) whose lineage the caller may read (QueryLineage), its own first.</summary>
    public IEnumerable<Partition> ReadablePartitions(string callerAccount, string region, DateTimeOffset now)
    {
        if (store.FindPartition(callerAccount, region) is { } home) yield return home;
        var owners = Grants.ReceivedBy(callerAccount, region)
            .Select(r => r.Owner)
            .Distinct()
            .Where(owner => Grants.Allows(owner, callerAccount, ReadAction, now));
        foreach (var owner in owners) yield return owner;
    }
}
