using System.Text;
using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// ListPermissions, GetPermission, ListResourceSharePermissions, AssociateResourceSharePermission,
/// GetResourcePolicies. RAM has one AWS-managed permission for lineage groups; it grants exactly the
/// actions of the lineage-group policy (the authorizer's shared actions).
/// </summary>
public static class Permissions
{
    public const string Name = "AWSRAMDefaultPermissionSageMakerLineageGroup";
    public const string Arn = "arn:aws:ram::aws:permission/" + Name;
    public const int Version = 1;

    // AWS-managed permissions predate every share; cross-account lineage became available in December 2021.
    private static readonly DateTimeOffset Created = new(2021, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.ListPermissions, Access.Read, OperationTable.NoResources, List);
        t.Add(RamOperations.GetPermission, Access.Read, OperationTable.NoResources, Get);
        t.Add(RamOperations.ListResourceSharePermissions, Access.Read, OperationTable.NoResources, ListOfShare);
        t.Add(RamOperations.AssociateResourceSharePermission, Access.Write,
            OperationTable.NoResources, Associate);
        t.Add(RamOperations.GetResourcePolicies, Access.Read, OperationTable.NoResources, Policies);
    }

    /// <summary>The permission ARNs a share gets: the default when none is given, else each given one if it exists.</summary>
    public static List<string> Resolve(List<string>? arns)
    {
        if (arns is not { Count: > 0 }) return [Arn];
        foreach (var arn in arns) Find(arn);
        return [.. arns.Distinct(StringComparer.Ordinal)];
    }

    private static void Find(string arn, int? version = null)
    {
        if (!State.Arn.TryParse(arn, out var parsed) || parsed.Service != "ram" || parsed.ResourceType != "permission")
            throw new MalformedArnException($"The specified permission ARN {arn} is not valid. Verify the ARN and try again.");
        if (arn != Arn) throw new UnknownResourceException($"Permission {arn} could not be found.");
        if (version is not null && version != Version)
            throw new UnknownResourceException($"Permission {arn} version {version} could not be found.");
    }

    private static ResourceSharePermissionSummary Summary() => new()
    {
        Arn = Arn,
        Version = "1",
        DefaultVersion = true,
        Name = Name,
        ResourceType = RamCommon.LineageGroupType,
        Status = PermissionStatusValues.ATTACHABLE,
        CreationTime = Created,
        LastUpdatedTime = Created,
        IsResourceTypeDefault = true,
        PermissionType = PermissionTypeValues.AWS_MANAGED,
        FeatureSet = PermissionFeatureSetValues.STANDARD,
    };

    /// <summary>The permission's policy template: what a principal may do with a shared lineage group.</summary>
    private static string Template()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Effect", "Allow");
            w.WriteStartArray("Action");
            foreach (var action in Authorizer.SharedActions) w.WriteStringValue(action);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ListPermissionsResponse List(ListPermissionsRequest r, CallContext ctx)
    {
        var matches = (r.ResourceType is null || string.Equals(r.ResourceType, RamCommon.LineageGroupType, StringComparison.OrdinalIgnoreCase))
            && r.PermissionType != PermissionTypeFilterValues.CUSTOMER_MANAGED;
        var (page, next) = RamCommon.Page(matches ? [Summary()] : Array.Empty<ResourceSharePermissionSummary>(),
            p => new Paging.Key(p.Name!, p.Arn!), r.MaxResults, r.NextToken, Paging.Fingerprint("ListPermissions", r.ResourceType, r.PermissionType));
        return new ListPermissionsResponse { Permissions = page, NextToken = next };
    }

    private static GetPermissionResponse Get(GetPermissionRequest r, CallContext ctx)
    {
        Find(r.PermissionArn!, r.PermissionVersion);
        var s = Summary();
        return new GetPermissionResponse
        {
            Permission = new ResourceSharePermissionDetail
            {
                Arn = s.Arn,
                Version = s.Version,
                DefaultVersion = s.DefaultVersion,
                Name = s.Name,
                ResourceType = s.ResourceType,
                Permission = Template(),
                CreationTime = s.CreationTime,
                LastUpdatedTime = s.LastUpdatedTime,
                IsResourceTypeDefault = s.IsResourceTypeDefault,
                PermissionType = s.PermissionType,
                FeatureSet = s.FeatureSet,
                Status = s.Status,
            },
        };
    }

    /// <summary>The permissions of a share its owner or an accepting receiver can see.</summary>
    private static ListResourceSharePermissionsResponse ListOfShare(ListResourceSharePermissionsRequest r, CallContext ctx)
    {
        var (_, share) = RamCommon.VisibleShare(ctx, r.ResourceShareArn!);
        var items = share.PermissionArns.Where(a => a == Arn).Select(_ => Summary());
        var (page, next) = RamCommon.Page(items, p => new Paging.Key(p.Name!, p.Arn!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListResourceSharePermissions", r.ResourceShareArn));
        return new ListResourceSharePermissionsResponse { Permissions = page, NextToken = next };
    }

    /// <summary>Only the lineage-group permission exists, so associating it (or replacing with it) keeps the share's one permission.</summary>
    private static AssociateResourceSharePermissionResponse Associate(AssociateResourceSharePermissionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.AssociateResourceSharePermission, r.ClientToken,
            Paging.Fingerprint(r.ResourceShareArn, r.PermissionArn, r.Replace, r.PermissionVersion), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                Find(r.PermissionArn!, r.PermissionVersion);
                if (!share.PermissionArns.Contains(Arn))
                    ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { PermissionArns = [Arn], LastUpdatedTime = ctx.Now });
                return new AssociateResourceSharePermissionResponse { ReturnValue = true, ClientToken = token };
            });

    /// <summary>
    /// The resource policy RAM maintains on each named lineage group the caller owns: the same document
    /// SageMaker's GetLineageGroupPolicy returns. A group nobody has accepted yet has no policy.
    /// </summary>
    private static GetResourcePoliciesResponse Policies(GetResourcePoliciesRequest r, CallContext ctx)
    {
        var principal = r.Principal is null ? null : RamCommon.PrincipalAccount(r.Principal);
        var home = ctx.Store.FindPartition(ctx.Caller.AccountId, ctx.Caller.Region);
        var policies = new List<(string Arn, string Policy)>();
        foreach (var value in r.ResourceArns!.Distinct(StringComparer.Ordinal))
        {
            RamCommon.ParseResourceArn(value);
            if (home is null || !home.LineageGroups.Contains(value))
                throw new ResourceArnNotFoundException($"The specified resource ARN {value} was not found. Verify the ARN and try again.");
            if (principal is not null && !ctx.Authorizer.Grants.GrantedAccounts(home, ctx.Now).Contains(principal)) continue;
            if (LineageGroupPolicy.Build(ctx.Authorizer, home, ctx.Now) is { } policy) policies.Add((value, policy));
        }
        var (page, next) = RamCommon.Page(policies, p => new Paging.Key(p.Arn, p.Arn), r.MaxResults, r.NextToken,
            Paging.Fingerprint("GetResourcePolicies", r.ResourceArns, principal));
        return new GetResourcePoliciesResponse { Policies = [.. page.Select(p => p.Policy)], NextToken = next };
    }
}
