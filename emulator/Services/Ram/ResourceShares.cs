using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>CreateResourceShare, GetResourceShares, UpdateResourceShare, DeleteResourceShare, PromoteResourceShareCreatedFromPolicy.</summary>
public static class ResourceShares
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.CreateResourceShare, Access.Write, OperationTable.NoResources, Create);
        t.Add(RamOperations.GetResourceShares, Access.Read, OperationTable.NoResources, Get);
        t.Add(RamOperations.UpdateResourceShare, Access.Write, OperationTable.NoResources, Update);
        t.Add(RamOperations.DeleteResourceShare, Access.Write, OperationTable.NoResources, Delete);
        t.Add(RamOperations.PromoteResourceShareCreatedFromPolicy, Access.Write,
            OperationTable.NoResources, Promote);
    }

    private static CreateResourceShareResponse Create(CreateResourceShareRequest r, CallContext ctx)
    {
        var retain = r.ResourceShareConfiguration?.RetainSharingOnAccountLeaveOrganization;
        var parameters = RamCommon.RequestParameters(r.Name, r.ResourceArns, r.Principals, RamCommon.TagStrings(r.Tags), r.AllowExternalPrincipals,
            r.PermissionArns, r.Sources, retain);
        return RamCommon.Idempotent(ctx, RamOperations.CreateResourceShare, r.ClientToken, parameters, token =>
        {
            // The default is true: principals outside the organization are allowed unless the caller says otherwise.
            var allowExternal = r.AllowExternalPrincipals ?? true;
            var (permissions, version) = Permissions.ForNewShare(ctx, r.PermissionArns);
            RamTags.Check(r.Tags, []);
            var entities = ShareAssociations.Check(ctx, allowExternal, r.ResourceArns, r.Principals, r.Sources);
            var share = new ResourceShareRecord(RamCommon.NewShareArn(ctx), r.Name!, ctx.Caller.AccountId, allowExternal,
                ResourceShareStatusValues.ACTIVE, null, RamTags.Merge([], r.Tags ?? []), permissions, ctx.Now, ctx.Now, retain, version);
            ctx.Tx.Put(ctx.Home.Shares, share.Arn, share);
            ShareAssociations.Add(ctx, share, entities);
            return new CreateResourceShareResponse { ResourceShare = RamShapes.Share(share), ClientToken = token };
        });
    }

    private static GetResourceSharesResponse Get(GetResourceSharesRequest r, CallContext ctx)
    {
        foreach (var arn in r.ResourceShareArns ?? []) RamCommon.ParseShareArn(arn);
        var wanted = r.ResourceShareArns is { Count: > 0 } ? r.ResourceShareArns.ToHashSet(StringComparer.Ordinal) : null;
        if (r.PermissionArn is not null) Permissions.Find(ctx, r.PermissionArn);
        // RAM's answer to this pair, as reported in hashicorp/terraform-provider-aws#40970.
        if (r.ResourceOwner == ResourceOwnerValues.OTHER_ACCOUNTS && r.TagFilters is not null)
            throw new InvalidParameterException(
                "You cannot use resourceOwner set to OTHER-ACCOUNTS and tagFilters in one request. Specify one parameter and try again.");
        // The model's TagFilter.tagKey: "This must have a valid string value and can't be empty."
        if (r.TagFilters?.Any(f => string.IsNullOrEmpty(f.TagKey)) == true)
            throw new InvalidParameterException("A tag filter's tagKey must have a valid string value and can't be empty.");

        var shares = r.ResourceOwner == ResourceOwnerValues.SELF
            ? ctx.Home.Shares.Values
            : RamCommon.SharedWithCaller(ctx).Select(x => x.Share);
        var items = shares.Where(s =>
            (wanted is null || wanted.Contains(s.Arn))
            // As on AWS, a deleted share stays listed (status DELETED) unless a status filter excludes it.
            && (r.ResourceShareStatus is null || s.Status == r.ResourceShareStatus)
            && (r.Name is null || s.Name == r.Name)
            && (r.PermissionArn is null || s.PermissionArns.Contains(r.PermissionArn))
            && (r.PermissionVersion is null || (s.PermissionArns.Count > 0 && r.PermissionVersion == s.PermissionVersion))
            && (r.TagFilters is null || r.TagFilters.All(f => s.Tags.Any(t =>
                t.Key == f.TagKey && (f.TagValues is not { Count: > 0 } || f.TagValues.Contains(t.Value ?? ""))))));

        var fingerprint = Paging.Fingerprint("GetResourceShares", r.ResourceOwner, r.ResourceShareArns, r.ResourceShareStatus, r.Name,
            r.TagFilters?.Select(f => f.TagKey + "=" + string.Join(",", f.TagValues ?? [])), r.PermissionArn, r.PermissionVersion);
        var (page, next) = RamCommon.Page(items, s => new Paging.Key(Paging.TimeKey(s.CreationTime), s.Arn), r.MaxResults, r.NextToken, fingerprint);
        return new GetResourceSharesResponse { ResourceShares = [.. page.Select(RamShapes.Share)], NextToken = next };
    }

    private static UpdateResourceShareResponse Update(UpdateResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.UpdateResourceShare, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareArn, r.Name, r.AllowExternalPrincipals), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                var updated = share with
                {
                    Name = r.Name ?? share.Name,
                    AllowExternalPrincipals = r.AllowExternalPrincipals ?? share.AllowExternalPrincipals,
                    LastUpdatedTime = ctx.Now,
                };
                ctx.Tx.Put(ctx.Home.Shares, share.Arn, updated);
                return new UpdateResourceShareResponse { ResourceShare = RamShapes.Share(updated), ClientToken = token };
            });

    /// <summary>Deleting ends every association (and so all access) and leaves the share DELETED.</summary>
    private static DeleteResourceShareResponse Delete(DeleteResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DeleteResourceShare, r.ClientToken, RamCommon.RequestParameters(r.ResourceShareArn), token =>
        {
            var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
            foreach (var a in ctx.Home.AssociationsOfShare(share.Arn).ToList())
                if (a.Status != ResourceShareAssociationStatusValues.DISASSOCIATED) ShareAssociations.End(ctx, a, shareDeleted: true);
            ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { Status = ResourceShareStatusValues.DELETED, LastUpdatedTime = ctx.Now });
            return new DeleteResourceShareResponse { ReturnValue = true, ClientToken = token };
        });

    /// <summary>
    /// Only a share RAM made from a resource-based policy (feature set CREATED_FROM_POLICY) can be promoted.
    /// No lineage-group operation attaches such a policy, so every share here is STANDARD already.
    /// </summary>
    private static PromoteResourceShareCreatedFromPolicyResponse Promote(PromoteResourceShareCreatedFromPolicyRequest r, CallContext ctx)
    {
        var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
        throw new InvalidStateTransitionException(
            $"ResourceShare {share.Arn} was not created from a resource-based policy (its feature set is STANDARD), so it cannot be promoted.");
    }
}
