using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// AssociateResourceShare, DisassociateResourceShare, GetResourceShareAssociations, ListSourceAssociations,
/// and the association lifecycle.
/// </summary>
public static class ShareAssociations
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.AssociateResourceShare, Access.Write, OperationTable.NoResources, Associate);
        t.Add(RamOperations.DisassociateResourceShare, Access.Write, OperationTable.NoResources, Disassociate);
        t.Add(RamOperations.GetResourceShareAssociations, Access.Read, OperationTable.NoResources, List);
        t.Add(RamOperations.ListSourceAssociations, Access.Read, OperationTable.NoResources, Sources);
    }

    /// <summary>
    /// A resource or principal that passed <see cref="Check"/>. <see cref="Invitee"/> is the account RAM
    /// sends an invitation to (null when it associates the principal without one, inside the organization).
    /// <see cref="Failure"/> is the status message of an association that is FAILED from the start.
    /// </summary>
    public sealed record Checked(string Entity, string Type, string? Invitee = null, string? Failure = null);

    /// <summary>
    /// Checks every resource and principal of a request before anything is stored. A lineage group the
    /// caller does not own, or that does not exist yet (an account's group comes with its first lineage
    /// entity), is accepted as RAM accepts it, and its association is FAILED from the start: it never grants
    /// access, and creating the group later does not revive it; associating the group again does.
    /// </summary>
    public static List<Checked> Check(
        CallContext ctx, bool allowExternal, IReadOnlyList<string>? resourceArns, IReadOnlyList<string>? principals, IReadOnlyList<string>? sources)
    {
        // Sources restrict a service principal to source accounts; the emulator has no service principals.
        if (sources is { Count: > 0 })
            throw new InvalidParameterException("Sources can be specified only when sharing with a service principal.");
        var checkedEntities = new List<Checked>();
        foreach (var value in (resourceArns ?? []).Distinct(StringComparer.Ordinal))
        {
            var arn = RamCommon.ParseResourceArn(value);
            if (arn.Service != "sagemaker" || arn.ResourceType != "lineage-group")
                throw new MalformedArnException("You cannot share the selected resource type.");
            var found = arn.Account == ctx.Caller.AccountId && arn.Region == ctx.Caller.Region
                && ctx.Store.FindPartition(arn.Account, arn.Region)?.LineageGroups.Contains(value) == true;
            checkedEntities.Add(found
                ? new Checked(value, ResourceShareAssociationTypeValues.RESOURCE)
                : new Checked(value, ResourceShareAssociationTypeValues.RESOURCE, Failure: $"The resource {value} could not be found in your AWS account."));
        }
        foreach (var value in principals ?? [])
        {
            var principal = CheckPrincipal(ctx, allowExternal, value);
            if (checkedEntities.All(e => e.Entity != principal.Entity)) checkedEntities.Add(principal);
        }
        return checkedEntities;
    }

    // The error RAM gives when a share needs the organization and sharing with it is not on (or the owner
    // is in none): seen from RAM by Terraform users, hashicorp/terraform-provider-aws#7769 and #12169.
    private static OperationNotPermittedException OrganizationSharingOff() => new(
        "The resource you are attempting to share can only be shared within your AWS Organization. This error may also occur " +
        "if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress.");

    /// <summary>
    /// One principal, validated as RAM does. RAM user guide, "Sharing with AWS Organizations": once sharing
    /// with the organization is on, principals inside it get access without an invitation, and the
    /// organization or an OU can be the principal; until then only accounts (and IAM roles and users) can
    /// be, and each gets an invitation. allowExternalPrincipals=false keeps the share inside the organization.
    /// </summary>
    private static Checked CheckPrincipal(CallContext ctx, bool allowExternal, string value)
    {
        var p = RamCommon.ParsePrincipal(value);
        var owner = ctx.Caller.AccountId;
        var org = ctx.Options.Organization is { } declared && declared.Contains(owner) ? declared : null;
        var sharing = ctx.Authorizer.Grants.SharingOrganizationOf(owner) is not null;
        switch (p.Kind)
        {
            case RamCommon.PrincipalKind.Organization:
                // An organization other than the owner's is unknown to it (hashicorp/terraform-provider-aws#12169).
                if (org is null || p.OrganizationId != org.Id || p.Account != org.ManagementAccount)
                    throw new UnknownResourceException($"Organization {p.OrganizationId} could not be found.");
                if (!sharing) throw OrganizationSharingOff();
                return new Checked(p.Entity, ResourceShareAssociationTypeValues.PRINCIPAL);
            case RamCommon.PrincipalKind.OrganizationalUnit:
                if (org is null || p.OrganizationId != org.Id || p.Account != org.ManagementAccount
                    || !org.OrganizationalUnits.ContainsKey(p.UnitId!))
                    throw new UnknownResourceException($"OrganizationalUnit {p.UnitId} could not be found.");
                if (!sharing) throw OrganizationSharingOff();
                return new Checked(p.Entity, ResourceShareAssociationTypeValues.PRINCIPAL);
            default:
                if (p.Account == owner)
                    throw new InvalidParameterException(
                        $"Principal ID {value} is the owner of the resource share. You cannot share resources with your own account.");
                var inside = sharing && org!.Contains(p.Account);
                if (!allowExternal && !sharing) throw OrganizationSharingOff();
                // RAM user guide, "Errors when trying to share with accounts outside of my organization".
                if (!allowExternal && !inside)
                    throw new InvalidParameterException(
                        $"Principal {p.Account} is not in your AWS organization. You do not have permission to add external AWS accounts to a resource share.");
                return new Checked(p.Entity, ResourceShareAssociationTypeValues.PRINCIPAL, inside ? null : p.Account);
        }
    }

    /// <summary>
    /// Ties checked entities to the share. A live association is returned unchanged; an ended or failed one
    /// starts over. A new principal association outside the organization sends its account a PENDING
    /// invitation the moment the association completes; inside it (sharing on) there is none, and the
    /// association is not external.
    /// </summary>
    public static List<ShareAssociationRecord> Add(CallContext ctx, ResourceShareRecord share, IEnumerable<Checked> entities)
    {
        var result = new List<ShareAssociationRecord>();
        foreach (var (entity, type, invitee, failure) in entities)
        {
            var existing = ctx.Home.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, entity));
            if (existing is not null && RamCommon.IsLive(existing.EffectiveStatus(ctx.Now)))
            {
                result.Add(existing);
                continue;
            }
            var record = new ShareAssociationRecord(share.Arn, share.Name, entity, type,
                failure is null ? ResourceShareAssociationStatusValues.ASSOCIATING : ResourceShareAssociationStatusValues.FAILED, failure,
                External: invitee is not null, ctx.Now, ctx.Now, ctx.Now + ctx.Options.RamAssociationDelay);
            ctx.Tx.Put(ctx.Home.ShareAssociations, record.Key, record);
            if (invitee is not null)
            {
                var invitation = new InvitationRecord(RamCommon.NewInvitationArn(ctx), share.Arn, share.Name, ctx.Caller.AccountId,
                    invitee, ResourceShareInvitationStatusValues.PENDING, record.ReadyTime, entity == invitee ? null : entity);
                ctx.Tx.Put(ctx.Home.Invitations, invitation.Arn, invitation);
            }
            result.Add(record);
        }
        return result;
    }

    /// <summary>
    /// Ends an association. A principal's invitations go with it (all of them when the principal is
    /// removed, only the unanswered ones when the share is deleted), so adding the account again needs a
    /// new acceptance, as in RAM.
    /// </summary>
    public static ShareAssociationRecord End(CallContext ctx, ShareAssociationRecord a, bool shareDeleted)
    {
        var ended = a with { Status = ResourceShareAssociationStatusValues.DISASSOCIATED, StatusMessage = null, LastUpdatedTime = ctx.Now, ReadyTime = ctx.Now };
        ctx.Tx.Put(ctx.Home.ShareAssociations, ended.Key, ended);
        if (a.AssociationType == ResourceShareAssociationTypeValues.PRINCIPAL)
        {
            var invitations = ctx.Store.Index.InvitationsFor(RamCommon.ParsePrincipal(a.AssociatedEntity).Account)
                .Where(i => i.ShareArn == a.ShareArn && i.Principal == a.AssociatedEntity && (!shareDeleted || i.Status == ResourceShareInvitationStatusValues.PENDING))
                .ToList();
            foreach (var invitation in invitations) ctx.Tx.Delete(ctx.Home.Invitations, invitation.Arn);
        }
        return ended;
    }

    private static AssociateResourceShareResponse Associate(AssociateResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.AssociateResourceShare, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareArn, r.ResourceArns, r.Principals, r.Sources), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                var added = Add(ctx, share, Check(ctx, share.AllowExternalPrincipals, r.ResourceArns, r.Principals, r.Sources));
                // A share whose permission was removed gets the default one back with its next lineage group:
                // RAM "automatically attaches the default version of the permission for each resource type"
                // (CreateResourceShare's model documentation for permissionArns).
                var permissionless = share.PermissionArns.Count == 0 && added.Any(a => a.AssociationType == ResourceShareAssociationTypeValues.RESOURCE);
                if (added.Count > 0)
                    ctx.Tx.Put(ctx.Home.Shares, share.Arn, permissionless
                        ? share with { PermissionArns = [LineagePermissions.ManagedArn], PermissionVersion = LineagePermissions.ManagedVersion, LastUpdatedTime = ctx.Now }
                        : share with { LastUpdatedTime = ctx.Now });
                return new AssociateResourceShareResponse
                {
                    ResourceShareAssociations = [.. added.Select(a => RamShapes.Association(a, share.Name, ctx.Now))],
                    ClientToken = token,
                };
            });

    private static DisassociateResourceShareResponse Disassociate(DisassociateResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DisassociateResourceShare, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareArn, r.ResourceArns, r.Principals, r.Sources), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                if (r.Sources is { Count: > 0 })
                    throw new InvalidParameterException("Sources can be specified only when sharing with a service principal.");
                var entities = (r.ResourceArns ?? []).Select(v => { RamCommon.ParseResourceArn(v); return v; })
                    .Concat((r.Principals ?? []).Select(RamCommon.PrincipalEntity))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var ended = new List<ShareAssociationRecord>();
                foreach (var entity in entities)
                {
                    var a = ctx.Home.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, entity));
                    if (a is null || a.EffectiveStatus(ctx.Now) == ResourceShareAssociationStatusValues.DISASSOCIATED)
                        throw new UnknownResourceException($"{entity} is not associated with ResourceShare {share.Arn}.");
                    ended.Add(End(ctx, a, shareDeleted: false));
                }
                if (ended.Count > 0) ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { LastUpdatedTime = ctx.Now });
                return new DisassociateResourceShareResponse
                {
                    ResourceShareAssociations = [.. ended.Select(a => RamShapes.Association(a, share.Name, ctx.Now))],
                    ClientToken = token,
                };
            });

    private static GetResourceShareAssociationsResponse List(GetResourceShareAssociationsRequest r, CallContext ctx)
    {
        if (r.AssociationType == ResourceShareAssociationTypeValues.PRINCIPAL && r.ResourceArn is not null)
            throw new InvalidParameterException("You cannot specify a resource ARN when the association type is PRINCIPAL.");
        if (r.AssociationType == ResourceShareAssociationTypeValues.RESOURCE && r.Principal is not null)
            throw new InvalidParameterException("You cannot specify a principal when the association type is RESOURCE.");
        var shares = r.ResourceShareArns is { Count: > 0 } arns
            ? arns.Select(a => RamCommon.OwnShare(ctx, a, allowDeleted: true)).ToList()
            : ctx.Home.Shares.Values.ToList();
        if (r.ResourceArn is not null) RamCommon.ParseResourceArn(r.ResourceArn);
        var principal = r.Principal is null ? null : RamCommon.PrincipalEntity(r.Principal);

        var items = shares.SelectMany(s => ctx.Home.AssociationsOfShare(s.Arn).Select(a => (Share: s, Association: a)))
            .Where(x => x.Association.AssociationType == r.AssociationType
                && (r.ResourceArn is null || x.Association.AssociatedEntity == r.ResourceArn)
                && (principal is null || x.Association.AssociatedEntity == principal)
                && (r.AssociationStatus is null || x.Association.EffectiveStatus(ctx.Now) == r.AssociationStatus));
        var fingerprint = Paging.Fingerprint("GetResourceShareAssociations", r.AssociationType, r.ResourceShareArns, r.ResourceArn,
            principal, r.AssociationStatus);
        var (page, next) = RamCommon.Page(items, x => new Paging.Key(Paging.TimeKey(x.Association.CreationTime), x.Association.Key),
            r.MaxResults, r.NextToken, fingerprint);
        return new GetResourceShareAssociationsResponse
        {
            ResourceShareAssociations = [.. page.Select(x => RamShapes.Association(x.Association, x.Share.Name, ctx.Now))],
            NextToken = next,
        };
    }

    /// <summary>
    /// Source associations constrain service principals, and a share of lineage groups takes no sources
    /// (<see cref="Check"/> refuses them), so no share has any: the filters are checked and the list is empty.
    /// </summary>
    private static ListSourceAssociationsResponse Sources(ListSourceAssociationsRequest r, CallContext ctx)
    {
        foreach (var arn in r.ResourceShareArns ?? []) RamCommon.OwnShare(ctx, arn, allowDeleted: true);
        var (page, next) = RamCommon.Page(Array.Empty<AssociatedSource>(), s => new Paging.Key(s.SourceId!, s.ResourceShareArn!),
            r.MaxResults, r.NextToken, Paging.Fingerprint("ListSourceAssociations", r.ResourceShareArns, r.SourceId, r.SourceType, r.AssociationStatus));
        return new ListSourceAssociationsResponse { SourceAssociations = page, NextToken = next };
    }
}
