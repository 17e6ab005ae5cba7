using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// Permissions on shares: ListResourceSharePermissions, AssociateResourceSharePermission,
/// DisassociateResourceSharePermission, ListPermissionAssociations, ReplacePermissionAssociations,
/// ListReplacePermissionAssociationsWork. A share has at most one permission (one per resource type, and
/// lineage groups are the only type), pinned to a version: <see cref="ResourceShareRecord.PermissionVersion"/>.
/// </summary>
public static class SharePermissions
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.ListResourceSharePermissions, Access.Read, OperationTable.NoResources, ListOfShare);
        t.Add(RamOperations.AssociateResourceSharePermission, Access.Write,
            OperationTable.NoResources, Associate);
        t.Add(RamOperations.DisassociateResourceSharePermission, Access.Write,
            OperationTable.NoResources, Disassociate);
        t.Add(RamOperations.ListPermissionAssociations, Access.Read, OperationTable.NoResources, Associations);
        t.Add(RamOperations.ReplacePermissionAssociations, Access.Write, OperationTable.NoResources, Replace);
        t.Add(RamOperations.ListReplacePermissionAssociationsWork, Access.Read,
            OperationTable.NoResources, Work);
    }

    /// <summary>The permission of a share its owner or a receiver can see, at the share's version.</summary>
    private static ListResourceSharePermissionsResponse ListOfShare(ListResourceSharePermissionsRequest r, CallContext ctx)
    {
        var (owner, share) = RamCommon.VisibleShare(ctx, r.ResourceShareArn!);
        var items = share.PermissionArns.Select(a => Permissions.Summary(
            Permissions.Find(ctx.Store, owner.AccountId, owner.Region, a), share.PermissionVersion));
        var (page, next) = RamCommon.Page(items, p => new Paging.Key(p.Name!, p.Arn!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListResourceSharePermissions", r.ResourceShareArn));
        return new ListResourceSharePermissionsResponse { Permissions = page, NextToken = next };
    }

    /// <summary>
    /// Model documentation: only the default version can be given, and "if a resource share already has a
    /// permission for the specified resource type and you don't set replace to true then the operation
    /// returns an error". Associating what the share already has changes nothing.
    /// </summary>
    private static AssociateResourceSharePermissionResponse Associate(AssociateResourceSharePermissionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.AssociateResourceSharePermission, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareArn, r.PermissionArn, r.Replace, r.PermissionVersion), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                var p = Permissions.Find(ctx, r.PermissionArn!);
                if (r.PermissionVersion is { } v && v != p.DefaultVersion)
                    throw new InvalidParameterException(
                        $"You can associate only the default version ({p.DefaultVersion}) of permission {p.Arn}; version {v} is not the default.");
                var unchanged = share.PermissionArns.SequenceEqual([p.Arn]) && share.PermissionVersion == p.DefaultVersion;
                if (!unchanged)
                {
                    if (share.PermissionArns.Count > 0 && r.Replace != true)
                        throw new InvalidParameterException(
                            $"ResourceShare {share.Arn} already has a permission for resource type {LineagePermissions.ResourceType}. " +
                            "Set replace to true to replace it.");
                    ctx.Tx.Put(ctx.Home.Shares, share.Arn,
                        share with { PermissionArns = [p.Arn], PermissionVersion = p.DefaultVersion, LastUpdatedTime = ctx.Now });
                }
                return new AssociateResourceSharePermissionResponse { ReturnValue = true, ClientToken = token };
            });

    /// <summary>
    /// "You can remove a managed permission from a resource share only if there are currently no resources
    /// of the relevant resource type currently attached" (the operation's model documentation).
    /// </summary>
    private static DisassociateResourceSharePermissionResponse Disassociate(DisassociateResourceSharePermissionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DisassociateResourceSharePermission, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareArn, r.PermissionArn), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                var p = Permissions.Find(ctx, r.PermissionArn!);
                if (!share.PermissionArns.Contains(p.Arn))
                    throw new UnknownResourceException($"Permission {p.Arn} is not associated with ResourceShare {share.Arn}.");
                if (RamCommon.Live(ctx.Home, share.Arn, ResourceShareAssociationTypeValues.RESOURCE, ctx.Now).Any())
                    throw new InvalidStateTransitionException(
                        $"ResourceShare {share.Arn} still has resources of type {p.ResourceType}. Remove them before you remove their permission.");
                ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { PermissionArns = [], LastUpdatedTime = ctx.Now });
                return new DisassociateResourceSharePermissionResponse { ReturnValue = true, ClientToken = token };
            });

    /// <summary>Which of the caller's shares use which permission versions.</summary>
    private static ListPermissionAssociationsResponse Associations(ListPermissionAssociationsRequest r, CallContext ctx)
    {
        if (r.PermissionArn is not null) Permissions.Find(ctx, r.PermissionArn);
        var typeMatches = r.ResourceType is null || string.Equals(r.ResourceType, LineagePermissions.ResourceType, StringComparison.OrdinalIgnoreCase);
        var items = ctx.Home.Shares.Values
            .Where(s => s.Status != ResourceShareStatusValues.DELETED && typeMatches)
            .SelectMany(s => s.PermissionArns.Select(a => (Share: s, Permission: Permissions.Find(ctx, a))))
            .Select(x => new AssociatedPermission
            {
                Arn = x.Permission.Arn,
                PermissionVersion = x.Share.PermissionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DefaultVersion = x.Share.PermissionVersion == x.Permission.DefaultVersion,
                ResourceType = x.Permission.ResourceType,
                // The association of a permission with a share is in effect as soon as it is made.
                Status = ResourceShareAssociationStatusValues.ASSOCIATED,
                FeatureSet = PermissionFeatureSetValues.STANDARD,
                LastUpdatedTime = x.Share.LastUpdatedTime,
                ResourceShareArn = x.Share.Arn,
            })
            .Where(a => (r.PermissionArn is null || a.Arn == r.PermissionArn)
                && (r.PermissionVersion is null || a.PermissionVersion == r.PermissionVersion.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
                && (r.AssociationStatus is null || a.Status == r.AssociationStatus)
                && (r.FeatureSet is null || a.FeatureSet == r.FeatureSet)
                && (r.DefaultVersion is null || a.DefaultVersion == r.DefaultVersion));
        var fingerprint = Paging.Fingerprint("ListPermissionAssociations", r.PermissionArn, r.PermissionVersion, r.AssociationStatus,
            r.ResourceType, r.FeatureSet, r.DefaultVersion);
        var (page, next) = RamCommon.Page(items, a => new Paging.Key(a.ResourceShareArn!, a.Arn!), r.MaxResults, r.NextToken, fingerprint);
        return new ListPermissionAssociationsResponse { Permissions = page, NextToken = next };
    }

    /// <summary>
    /// Moves every share of the caller that uses the "from" permission (optionally only one version of it)
    /// to the default version of the "to" permission (model documentation). The shares change at once.
    /// </summary>
    private static ReplacePermissionAssociationsResponse Replace(ReplacePermissionAssociationsRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.ReplacePermissionAssociations, r.ClientToken,
            RamCommon.RequestParameters(r.FromPermissionArn, r.FromPermissionVersion, r.ToPermissionArn), token =>
            {
                var from = Permissions.Find(ctx, r.FromPermissionArn!);
                if (r.FromPermissionVersion is { } fv) Permissions.VersionOf(from, fv);
                var to = Permissions.Find(ctx, r.ToPermissionArn!);
                foreach (var share in Permissions.SharesUsing(ctx, from.Arn).ToList())
                    if (r.FromPermissionVersion is null || share.PermissionVersion == r.FromPermissionVersion)
                        ctx.Tx.Put(ctx.Home.Shares, share.Arn,
                            share with { PermissionArns = [to.Arn], PermissionVersion = to.DefaultVersion, LastUpdatedTime = ctx.Now });
                var work = new ReplaceWorkRecord(Guid.NewGuid().ToString(), from.Arn, r.FromPermissionVersion, to.Arn, to.DefaultVersion,
                    ctx.Now, ctx.Now + ctx.Options.RamAssociationDelay);
                ctx.Tx.Put(ctx.Home.ReplaceWork, work.Id, work);
                return new ReplacePermissionAssociationsResponse { ReplacePermissionAssociationsWork = Shape(work, ctx.Now), ClientToken = token };
            });

    private static ListReplacePermissionAssociationsWorkResponse Work(ListReplacePermissionAssociationsWorkRequest r, CallContext ctx)
    {
        var ids = r.WorkIds is { Count: > 0 } ? r.WorkIds.ToHashSet(StringComparer.Ordinal) : null;
        var items = ctx.Home.ReplaceWork.Values
            .Where(w => (ids is null || ids.Contains(w.Id)) && (r.Status is null || w.EffectiveStatus(ctx.Now) == r.Status))
            .Select(w => Shape(w, ctx.Now));
        var (page, next) = RamCommon.Page(items, w => new Paging.Key(Paging.TimeKey(w.CreationTime!.Value), w.Id!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListReplacePermissionAssociationsWork", ids?.Order(StringComparer.Ordinal), r.Status));
        return new ListReplacePermissionAssociationsWorkResponse { ReplacePermissionAssociationsWorks = page, NextToken = next };
    }

    private static ReplacePermissionAssociationsWork Shape(ReplaceWorkRecord w, DateTimeOffset now) => new()
    {
        Id = w.Id,
        FromPermissionArn = w.FromPermissionArn,
        FromPermissionVersion = w.FromPermissionVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ToPermissionArn = w.ToPermissionArn,
        ToPermissionVersion = w.ToPermissionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Status = w.EffectiveStatus(now),
        CreationTime = w.CreationTime,
        LastUpdatedTime = now >= w.ReadyTime ? w.ReadyTime : w.CreationTime,
    };
}
