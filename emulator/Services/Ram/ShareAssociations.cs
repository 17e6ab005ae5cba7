using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>AssociateResourceShare, DisassociateResourceShare, GetResourceShareAssociations, and the association lifecycle.</summary>
public static class ShareAssociations
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.AssociateResourceShare, Access.Write, OperationTable.NoResources, Associate);
        t.Add(RamOperations.DisassociateResourceShare, Access.Write, OperationTable.NoResources, Disassociate);
        t.Add(RamOperations.GetResourceShareAssociations, Access.Read, OperationTable.NoResources, List);
    }

    /// <summary>
    /// Checks every resource and principal of a request before anything is stored, and returns them as
    /// (entity, type, status, message). Real RAM accepts a lineage group it cannot find and fails the
    /// association later; the emulator refuses it at once (UnknownResourceException, RAM's own wording),
    /// because a share that silently never grants access is the harder mistake to debug.
    /// </summary>
    public static List<(string Entity, string Type, string Status, string? Message)> Check(
        CallContext ctx, bool allowExternal, List<string>? resourceArns, List<string>? principals, List<string>? sources)
    {
        // Sources restrict a service principal to source accounts; the emulator has no service principals.
        if (sources is { Count: > 0 })
            throw new InvalidParameterException("Sources can be specified only when sharing with a service principal.");
        var checkedEntities = new List<(string, string, string, string?)>();
        foreach (var value in (resourceArns ?? []).Distinct(StringComparer.Ordinal))
        {
            var arn = RamCommon.ParseResourceArn(value);
            if (arn.Service != "sagemaker" || arn.ResourceType != "lineage-group")
                throw new MalformedArnException("You cannot share the selected resource type.");
            var found = arn.Account == ctx.Caller.AccountId && arn.Region == ctx.Caller.Region
                && ctx.Store.FindPartition(arn.Account, arn.Region)?.LineageGroups.Contains(value) == true;
            if (!found)
                throw new UnknownResourceException($"The specified resource {value} could not be found in your AWS account.");
            checkedEntities.Add((value, RamStatus.Resource, RamStatus.Associating, null));
        }
        foreach (var value in principals ?? [])
        {
            var account = RamCommon.PrincipalAccount(value);
            if (account == ctx.Caller.AccountId)
                throw new InvalidParameterException($"Principal ID {value} is the owner of the resource share. You cannot share resources with your own account.");
            // Without AWS Organizations every other account is outside the caller's organization.
            if (!allowExternal)
                throw new OperationNotPermittedException(
                    $"Principal {account} is not in your AWS organization. You do not have permission to add external AWS accounts to a resource share.");
            if (checkedEntities.All(e => e.Item1 != account)) checkedEntities.Add((account, RamStatus.Principal, RamStatus.Associating, null));
        }
        return checkedEntities;
    }

    /// <summary>
    /// Ties checked entities to the share. A live association is returned unchanged; an ended or failed one
    /// starts over. Every new principal association sends the account a PENDING invitation.
    /// </summary>
    public static List<ShareAssociationRecord> Add(CallContext ctx, ResourceShareRecord share,
        IEnumerable<(string Entity, string Type, string Status, string? Message)> entities)
    {
        var result = new List<ShareAssociationRecord>();
        foreach (var (entity, type, status, message) in entities)
        {
            var existing = ctx.Home.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, entity));
            if (existing is not null && RamCommon.IsLive(existing.EffectiveStatus(ctx.Now)))
            {
                result.Add(existing);
                continue;
            }
            var record = new ShareAssociationRecord(share.Arn, share.Name, entity, type, status, message,
                External: type == RamStatus.Principal, ctx.Now, ctx.Now, ctx.Now + ctx.Options.RamAssociationDelay);
            ctx.Tx.Put(ctx.Home.ShareAssociations, record.Key, record);
            if (type == RamStatus.Principal)
            {
                var invitation = new InvitationRecord(RamCommon.NewInvitationArn(ctx), share.Arn, share.Name, ctx.Caller.AccountId,
                    entity, RamStatus.Pending, ctx.Now);
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
        var ended = a with { Status = RamStatus.Disassociated, StatusMessage = null, LastUpdatedTime = ctx.Now, ReadyTime = ctx.Now };
        ctx.Tx.Put(ctx.Home.ShareAssociations, ended.Key, ended);
        if (a.AssociationType == RamStatus.Principal)
        {
            var invitations = ctx.Store.Index.InvitationsFor(a.AssociatedEntity)
                .Where(i => i.ShareArn == a.ShareArn && (!shareDeleted || i.Status == RamStatus.Pending))
                .ToList();
            foreach (var invitation in invitations) ctx.Tx.Delete(ctx.Home.Invitations, invitation.Arn);
        }
        return ended;
    }

    private static AssociateResourceShareResponse Associate(AssociateResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.AssociateResourceShare, r.ClientToken,
            Paging.Fingerprint(r.ResourceShareArn, r.ResourceArns, r.Principals, r.Sources), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                var added = Add(ctx, share, Check(ctx, share.AllowExternalPrincipals, r.ResourceArns, r.Principals, r.Sources));
                if (added.Count > 0) ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { LastUpdatedTime = ctx.Now });
                return new AssociateResourceShareResponse
                {
                    ResourceShareAssociations = [.. added.Select(a => RamShapes.Association(a, share.Name, ctx.Now))],
                    ClientToken = token,
                };
            });

    private static DisassociateResourceShareResponse Disassociate(DisassociateResourceShareRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.DisassociateResourceShare, r.ClientToken,
            Paging.Fingerprint(r.ResourceShareArn, r.ResourceArns, r.Principals, r.Sources), token =>
            {
                var share = RamCommon.OwnShare(ctx, r.ResourceShareArn!);
                if (r.Sources is { Count: > 0 })
                    throw new InvalidParameterException("Sources can be specified only when sharing with a service principal.");
                var entities = (r.ResourceArns ?? []).Select(v => { RamCommon.ParseResourceArn(v); return v; })
                    .Concat((r.Principals ?? []).Select(RamCommon.PrincipalAccount))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var ended = new List<ShareAssociationRecord>();
                foreach (var entity in entities)
                {
                    var a = ctx.Home.ShareAssociations.Get(ShareAssociationRecord.ShareAssociationKey(share.Arn, entity));
                    if (a is null || a.EffectiveStatus(ctx.Now) == RamStatus.Disassociated)
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
        var principal = r.Principal is null ? null : RamCommon.PrincipalAccount(r.Principal);

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
}
