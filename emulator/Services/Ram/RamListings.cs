using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>ListResources, ListPrincipals, ListResourceTypes.</summary>
public static class RamListings
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.ListResources, Access.Read, OperationTable.NoResources, Resources);
        t.Add(RamOperations.ListPrincipals, Access.Read, OperationTable.NoResources, Principals);
        t.Add(RamOperations.ListResourceTypes, Access.Read, OperationTable.NoResources, ResourceTypes);
    }

    /// <summary>
    /// The ACTIVE shares a listing looks at. SELF: the caller's own. OTHER-ACCOUNTS: shares the caller has
    /// received whose principal association covering it is in effect (<see cref="ShareGrants.PrincipalInEffect"/>),
    /// with that association.
    /// </summary>
    private static IEnumerable<(Partition Owner, ResourceShareRecord Share, ShareAssociationRecord? Principal)> Shares(
        CallContext ctx, string owner, IReadOnlyList<string>? shareArns)
    {
        foreach (var arn in shareArns ?? []) RamCommon.ParseShareArn(arn);
        var shares = owner == ResourceOwnerValues.SELF
            ? ctx.Home.Shares.Values.Where(s => s.Status == ResourceShareStatusValues.ACTIVE).Select(s => (ctx.Home, s, (ShareAssociationRecord?)null))
            : RamCommon.SharedWithCaller(ctx)
                .Where(x => ShareGrants.PrincipalInEffect(x, ctx.Now))
                .Select(x => (x.Owner, x.Share, (ShareAssociationRecord?)x.Principal));
        return shares.Where(x => shareArns is not { Count: > 0 } || shareArns.Contains(x.Item2.Arn));
    }

    private static void CheckResourceType(string? type)
    {
        if (type is not null && !string.Equals(type, RamCommon.LineageGroupType, StringComparison.OrdinalIgnoreCase))
            throw new InvalidResourceTypeException($"The specified resource type {type} is not valid. Verify the resource type and try again.");
    }

    private static ListResourcesResponse Resources(ListResourcesRequest r, CallContext ctx)
    {
        CheckResourceType(r.ResourceType);
        foreach (var arn in r.ResourceArns ?? []) RamCommon.ParseResourceArn(arn);
        var principal = r.Principal is null ? null : RamCommon.PrincipalEntity(r.Principal);
        // A receiver sees a resource once it is in effect; the owner sees it from the moment it is added.
        var states = r.ResourceOwner == ResourceOwnerValues.SELF ? new[] { ResourceShareAssociationStatusValues.ASSOCIATING, ResourceShareAssociationStatusValues.ASSOCIATED } : [ResourceShareAssociationStatusValues.ASSOCIATED];
        var items = RamCommon.InScope(r.ResourceRegionScope)
            ? Shares(ctx, r.ResourceOwner!, r.ResourceShareArns)
                .Where(x => principal is null || RamCommon.Live(x.Owner, x.Share.Arn, ResourceShareAssociationTypeValues.PRINCIPAL, ctx.Now).Any(p => p.AssociatedEntity == principal))
                .SelectMany(x => x.Owner.AssociationsOfShare(x.Share.Arn))
                .Where(a => a.AssociationType == ResourceShareAssociationTypeValues.RESOURCE && states.Contains(a.EffectiveStatus(ctx.Now))
                    && (r.ResourceArns is not { Count: > 0 } || r.ResourceArns.Contains(a.AssociatedEntity)))
            : [];
        var fingerprint = Paging.Fingerprint("ListResources", r.ResourceOwner, principal, r.ResourceType, r.ResourceArns, r.ResourceShareArns,
            r.ResourceRegionScope);
        var (page, next) = RamCommon.Page(items, a => new Paging.Key(Paging.TimeKey(a.CreationTime), a.Key), r.MaxResults, r.NextToken, fingerprint);
        return new ListResourcesResponse { Resources = [.. page.Select(a => RamShapes.Resource(a, ctx.Now))], NextToken = next };
    }

    /// <summary>
    /// SELF: the principals the caller shares with. OTHER-ACCOUNTS: once per share the caller received, the
    /// principal it received it through (itself, or its organization or OU).
    /// </summary>
    private static ListPrincipalsResponse Principals(ListPrincipalsRequest r, CallContext ctx)
    {
        CheckResourceType(r.ResourceType);
        if (r.ResourceArn is not null) RamCommon.ParseResourceArn(r.ResourceArn);
        var wanted = r.Principals?.Select(RamCommon.PrincipalEntity).ToHashSet(StringComparer.Ordinal);
        var items = Shares(ctx, r.ResourceOwner!, r.ResourceShareArns)
            .Where(x => r.ResourceArn is null || RamCommon.Live(x.Owner, x.Share.Arn, ResourceShareAssociationTypeValues.RESOURCE, ctx.Now).Any(a => a.AssociatedEntity == r.ResourceArn))
            .SelectMany(x => x.Principal is { } received ? [received] : RamCommon.Live(x.Owner, x.Share.Arn, ResourceShareAssociationTypeValues.PRINCIPAL, ctx.Now))
            .Where(p => wanted is not { Count: > 0 } || wanted.Contains(p.AssociatedEntity));
        var fingerprint = Paging.Fingerprint("ListPrincipals", r.ResourceOwner, r.ResourceArn, wanted?.Order(StringComparer.Ordinal),
            r.ResourceType, r.ResourceShareArns);
        var (page, next) = RamCommon.Page(items, p => new Paging.Key(Paging.TimeKey(p.CreationTime), p.Key), r.MaxResults, r.NextToken, fingerprint);
        return new ListPrincipalsResponse { Principals = [.. page.Select(p => RamShapes.Principal(p, ctx.Now))], NextToken = next };
    }

    /// <summary>The one resource type the emulator shares: SageMaker lineage groups, which are regional.</summary>
    private static ListResourceTypesResponse ResourceTypes(ListResourceTypesRequest r, CallContext ctx)
    {
        ServiceNameAndResourceType[] types = RamCommon.InScope(r.ResourceRegionScope)
            ? [new ServiceNameAndResourceType
            {
                ResourceType = RamCommon.LineageGroupType,
                ServiceName = "sagemaker",
                ResourceRegionScope = ResourceRegionScopeValues.REGIONAL,
            }]
            : [];
        var (page, next) = RamCommon.Page(types, t => new Paging.Key(t.ResourceType!, t.ResourceType!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListResourceTypes", r.ResourceRegionScope));
        return new ListResourceTypesResponse { ResourceTypes = page, NextToken = next };
    }
}
