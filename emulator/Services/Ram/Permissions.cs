using System.Text;
using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// RAM managed permissions: ListPermissions, GetPermission, ListPermissionVersions, and the customer
/// managed permission lifecycle (CreatePermission, CreatePermissionVersion, SetDefaultPermissionVersion,
/// DeletePermissionVersion, DeletePermission, PromotePermissionCreatedFromPolicy). The AWS-managed
/// permission for lineage groups is a fixed record; customer managed ones live in the creator's partition.
/// </summary>
public static class Permissions
{
    // RAM user guide, "Creating and using customer managed permissions": up to five versions each.
    private const int MaxVersions = 5;

    // AWS-managed permissions predate every share; cross-account lineage became available in December 2021.
    private static readonly DateTimeOffset Created = new(2021, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The AWS-managed permission, in the same shape as a customer managed one.</summary>
    private static readonly PermissionRecord Managed = new(LineagePermissions.ManagedArn, LineagePermissions.ManagedName,
        LineagePermissions.ResourceType, LineagePermissions.ManagedVersion,
        [new PermissionVersionRecord(LineagePermissions.ManagedVersion, Template(LineagePermissions.Actions), [.. LineagePermissions.Actions], Created)],
        [], Created, Created);

    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.ListPermissions, Access.Read, OperationTable.NoResources, List);
        t.Add(RamOperations.GetPermission, Access.Read, OperationTable.NoResources, Get);
        t.Add(RamOperations.ListPermissionVersions, Access.Read, OperationTable.NoResources, Versions);
        t.Add(RamOperations.CreatePermission, Access.Write, OperationTable.NoResources, Create);
        t.Add(RamOperations.CreatePermissionVersion, Access.Write, OperationTable.NoResources, CreateVersion);
        t.Add(RamOperations.SetDefaultPermissionVersion, Access.Write, OperationTable.NoResources, SetDefault);
        t.Add(RamOperations.DeletePermissionVersion, Access.Write, OperationTable.NoResources, DeleteVersion);
        t.Add(RamOperations.DeletePermission, Access.Write, OperationTable.NoResources, Delete);
        t.Add(RamOperations.PromotePermissionCreatedFromPolicy, Access.Write,
            OperationTable.NoResources, Promote);
    }

    /// <summary>
    /// A permission the caller may use, by ARN: the AWS-managed one, or a customer managed one of its own
    /// account and region. Anything else is unknown to it, as RAM reports a permission it cannot see.
    /// </summary>
    public static PermissionRecord Find(CallContext ctx, string arn) => Find(ctx.Store, ctx.Caller.AccountId, ctx.Caller.Region, arn);

    public static PermissionRecord Find(Store store, string account, string region, string arn)
    {
        if (!State.Arn.TryParse(arn, out var parsed) || parsed.Service != "ram" || parsed.ResourceType != "permission" || parsed.ResourceId.Length == 0)
            throw new MalformedArnException($"The specified permission ARN {arn} is not valid. Verify the ARN and try again.");
        if (arn == LineagePermissions.ManagedArn) return Managed;
        var found = parsed.Account == account && parsed.Region == region ? store.FindPartition(account, region)?.Permissions.Get(arn) : null;
        return found ?? throw new UnknownResourceException($"Permission {arn} could not be found.");
    }

    /// <summary>The version asked for (the default when none is), or UnknownResourceException.</summary>
    public static PermissionVersionRecord VersionOf(PermissionRecord p, int? version) =>
        p.Version(version ?? p.DefaultVersion) ?? throw new UnknownResourceException($"Permission {p.Arn} version {version} could not be found.");

    public static bool IsManaged(PermissionRecord p) => ReferenceEquals(p, Managed);

    /// <summary>
    /// The permission a new share gets: the default AWS-managed one when none is given, else the one given
    /// (RAM allows one permission per resource type, and lineage groups are the only type) at its default version.
    /// </summary>
    public static (List<string> Arns, int Version) ForNewShare(CallContext ctx, IReadOnlyList<string>? arns)
    {
        if (arns is not { Count: > 0 }) return ([LineagePermissions.ManagedArn], LineagePermissions.ManagedVersion);
        var found = arns.Distinct(StringComparer.Ordinal).Select(a => Find(ctx, a)).ToList();
        if (found.Count > 1)
            throw new InvalidParameterException($"You can associate only one permission with each resource type ({LineagePermissions.ResourceType}).");
        return ([found[0].Arn], found[0].DefaultVersion);
    }

    /// <summary>A version as the summary shapes show it: only the default version can be attached to shares.</summary>
    public static ResourceSharePermissionSummary Summary(PermissionRecord p, int version)
    {
        var v = VersionOf(p, version);
        return new ResourceSharePermissionSummary
        {
            Arn = p.Arn,
            Version = v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DefaultVersion = v.Version == p.DefaultVersion,
            Name = p.Name,
            ResourceType = p.ResourceType,
            Status = v.Version == p.DefaultVersion ? PermissionStatusValues.ATTACHABLE : PermissionStatusValues.UNATTACHABLE,
            CreationTime = v.CreationTime,
            LastUpdatedTime = p.LastUpdatedTime,
            IsResourceTypeDefault = IsManaged(p),
            PermissionType = IsManaged(p) ? PermissionTypeValues.AWS_MANAGED : PermissionTypeValues.CUSTOMER_MANAGED,
            FeatureSet = PermissionFeatureSetValues.STANDARD,
            Tags = p.Tags.Count > 0 ? [.. p.Tags] : null,
        };
    }

    private static ResourceSharePermissionDetail Detail(PermissionRecord p, int version)
    {
        var s = Summary(p, version);
        return new ResourceSharePermissionDetail
        {
            Arn = s.Arn,
            Version = s.Version,
            DefaultVersion = s.DefaultVersion,
            Name = s.Name,
            ResourceType = s.ResourceType,
            Permission = VersionOf(p, version).PolicyTemplate,
            CreationTime = s.CreationTime,
            LastUpdatedTime = s.LastUpdatedTime,
            IsResourceTypeDefault = s.IsResourceTypeDefault,
            PermissionType = s.PermissionType,
            FeatureSet = s.FeatureSet,
            Status = s.Status,
            Tags = s.Tags,
        };
    }

    /// <summary>The permission's policy template: what a principal may do with a shared lineage group.</summary>
    private static string Template(IEnumerable<string> actions)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Effect", "Allow");
            w.WriteStartArray("Action");
            foreach (var action in actions) w.WriteStringValue(action);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ListPermissionsResponse List(ListPermissionsRequest r, CallContext ctx)
    {
        var typeMatches = r.ResourceType is null || string.Equals(r.ResourceType, LineagePermissions.ResourceType, StringComparison.OrdinalIgnoreCase);
        var items = !typeMatches ? [] : (r.PermissionType switch
        {
            PermissionTypeFilterValues.AWS_MANAGED => [Managed],
            PermissionTypeFilterValues.CUSTOMER_MANAGED => Own(ctx),
            _ => Own(ctx).Prepend(Managed),
        }).Select(p => Summary(p, p.DefaultVersion));
        var (page, next) = RamCommon.Page(items, p => new Paging.Key(p.Name!, p.Arn!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListPermissions", r.ResourceType, r.PermissionType));
        return new ListPermissionsResponse { Permissions = page, NextToken = next };
    }

    private static IEnumerable<PermissionRecord> Own(CallContext ctx) =>
        ctx.Store.FindPartition(ctx.Caller.AccountId, ctx.Caller.Region)?.Permissions.Values ?? [];

    private static GetPermissionResponse Get(GetPermissionRequest r, CallContext ctx)
    {
        var p = Find(ctx, r.PermissionArn!);
        return new GetPermissionResponse { Permission = Detail(p, VersionOf(p, r.PermissionVersion).Version) };
    }

    private static ListPermissionVersionsResponse Versions(ListPermissionVersionsRequest r, CallContext ctx)
    {
        var p = Find(ctx, r.PermissionArn!);
        var (page, next) = RamCommon.Page(p.Versions.Select(v => Summary(p, v.Version)),
            s => new Paging.Key(s.Version!.PadLeft(10, '0'), s.Arn!), r.MaxResults, r.NextToken,
            Paging.Fingerprint("ListPermissionVersions", r.PermissionArn));
        return new ListPermissionVersionsResponse { Permissions = page, NextToken = next };
    }

    /// <summary>A customer managed permission of the caller's, for changing it; the AWS-managed one cannot change.</summary>
    private static PermissionRecord OwnCustomerManaged(CallContext ctx, string arn)
    {
        var p = Find(ctx, arn);
        if (IsManaged(p))
            throw new OperationNotPermittedException($"Permission {arn} is an AWS managed permission. You can change only customer managed permissions.");
        return p;
    }

    private static CreatePermissionResponse Create(CreatePermissionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.CreatePermission, r.ClientToken,
            RamCommon.RequestParameters(r.Name, r.ResourceType, r.PolicyTemplate, RamCommon.TagStrings(r.Tags)), token =>
            {
                // RAM's resource types are case-insensitive (ListPermissions' model documentation).
                if (!string.Equals(r.ResourceType, LineagePermissions.ResourceType, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidParameterException($"The resource type {r.ResourceType} is not valid. Verify the resource type and try again.");
                var actions = PolicyTemplate.Actions(r.PolicyTemplate!);
                RamTags.Check(r.Tags, []);
                var arn = Arns.RamPermission(ctx.Caller.Region, ctx.Caller.AccountId, r.Name!);
                // "The name must be unique within the Amazon Web Services Region" (CreatePermission's model documentation).
                if (ctx.Home.Permissions.Contains(arn))
                    throw new PermissionAlreadyExistsException($"A permission with the name {r.Name} already exists in this Region. Choose a different name.");
                var p = new PermissionRecord(arn, r.Name!, LineagePermissions.ResourceType, 1,
                    [new PermissionVersionRecord(1, r.PolicyTemplate!, actions, ctx.Now)], RamTags.Merge([], r.Tags ?? []), ctx.Now, ctx.Now);
                ctx.Tx.Put(ctx.Home.Permissions, arn, p);
                return new CreatePermissionResponse { Permission = Summary(p, 1), ClientToken = token };
            });

    /// <summary>A new version becomes the default at once; shares keep the version they have (CreatePermissionVersion's model documentation).</summary>
    private static CreatePermissionVersionResponse CreateVersion(CreatePermissionVersionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.CreatePermissionVersion, r.ClientToken,
            RamCommon.RequestParameters(r.PermissionArn, r.PolicyTemplate), token =>
            {
                var p = OwnCustomerManaged(ctx, r.PermissionArn!);
                var actions = PolicyTemplate.Actions(r.PolicyTemplate!);
                if (p.Versions.Count >= MaxVersions)
                    throw new PermissionVersionsLimitExceededException(
                        $"Permission {p.Arn} already has the maximum of {MaxVersions} versions. Delete a version before you create another.");
                var number = p.Versions.Max(v => v.Version) + 1;
                var updated = p with
                {
                    DefaultVersion = number,
                    Versions = [.. p.Versions, new PermissionVersionRecord(number, r.PolicyTemplate!, actions, ctx.Now)],
                    LastUpdatedTime = ctx.Now,
                };
                ctx.Tx.Put(ctx.Home.Permissions, p.Arn, updated);
                return new CreatePermissionVersionResponse { Permission = Detail(updated, number), ClientToken = token };
            });

    private static SetDefaultPermissionVersionResponse SetDefault(SetDefaultPermissionVersionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.SetDefaultPermissionVersion, r.ClientToken,
            RamCommon.RequestParameters(r.PermissionArn, r.PermissionVersion), token =>
            {
                var p = OwnCustomerManaged(ctx, r.PermissionArn!);
                var v = VersionOf(p, r.PermissionVersion);
                if (v.Version != p.DefaultVersion)
                    ctx.Tx.Put(ctx.Home.Permissions, p.Arn, p with { DefaultVersion = v.Version, LastUpdatedTime = ctx.Now });
                return new SetDefaultPermissionVersionResponse { ReturnValue = true, ClientToken = token };
            });

    /// <summary>
    /// "The version you specify must not be attached to any resource share and must not be the default
    /// version for the permission" (DeletePermissionVersion's model documentation).
    /// </summary>
    private static DeletePermissionVersionResponse DeleteVersion(DeletePermissionVersionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DeletePermissionVersion, r.ClientToken,
            RamCommon.RequestParameters(r.PermissionArn, r.PermissionVersion), token =>
            {
                var p = OwnCustomerManaged(ctx, r.PermissionArn!);
                var v = VersionOf(p, r.PermissionVersion);
                if (v.Version == p.DefaultVersion)
                    throw new InvalidParameterException(
                        $"Version {v.Version} is the default version of permission {p.Arn}. Set another version as the default before you delete it.");
                if (SharesUsing(ctx, p.Arn).Any(s => s.PermissionVersion == v.Version))
                    throw new OperationNotPermittedException(
                        $"Version {v.Version} of permission {p.Arn} is associated with one or more resource shares. Replace it on those shares before you delete it.");
                ctx.Tx.Put(ctx.Home.Permissions, p.Arn, p with { Versions = [.. p.Versions.Where(x => x != v)], LastUpdatedTime = ctx.Now });
                return new DeletePermissionVersionResponse
                {
                    ReturnValue = true,
                    ClientToken = token,
                    PermissionStatus = PermissionStatusValues.ATTACHABLE,
                };
            });

    /// <summary>"You can delete a customer managed permission only if it isn't attached to any resource share" (DeletePermission's model documentation).</summary>
    private static DeletePermissionResponse Delete(DeletePermissionRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DeletePermission, r.ClientToken, RamCommon.RequestParameters(r.PermissionArn), token =>
        {
            var p = OwnCustomerManaged(ctx, r.PermissionArn!);
            if (SharesUsing(ctx, p.Arn).Any())
                throw new OperationNotPermittedException(
                    $"Permission {p.Arn} is associated with one or more resource shares. Disassociate it from every resource share before you delete it.");
            ctx.Tx.Delete(ctx.Home.Permissions, p.Arn);
            return new DeletePermissionResponse { ReturnValue = true, ClientToken = token, PermissionStatus = PermissionStatusValues.DELETED };
        });

    /// <summary>The caller's shares, other than deleted ones, that have the permission attached.</summary>
    public static IEnumerable<ResourceShareRecord> SharesUsing(CallContext ctx, string permissionArn) =>
        ctx.Home.Shares.Values.Where(s => s.Status != ResourceShareStatusValues.DELETED && s.PermissionArns.Contains(permissionArn));

    /// <summary>
    /// Only a permission RAM made from a resource-based policy (feature set CREATED_FROM_POLICY) can be
    /// promoted. No lineage-group operation attaches such a policy, so every permission here is STANDARD.
    /// </summary>
    private static PromotePermissionCreatedFromPolicyResponse Promote(PromotePermissionCreatedFromPolicyRequest r, CallContext ctx)
    {
        var p = Find(ctx, r.PermissionArn!);
        throw new OperationNotPermittedException(
            $"Permission {p.Arn} was not created from a resource-based policy (its feature set is STANDARD), so it cannot be promoted.");
    }
}
