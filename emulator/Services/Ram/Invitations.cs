using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// GetResourceShareInvitations, AcceptResourceShareInvitation, RejectResourceShareInvitation,
/// ListPendingInvitationResources. An invitation lives in the sender's partition, but only its receiver
/// can see it or answer it, and only once it is sent: to anyone else, or before then, it does not exist.
/// </summary>
public static class Invitations
{
    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.GetResourceShareInvitations, Access.Read, OperationTable.NoResources, List);
        t.Add(RamOperations.AcceptResourceShareInvitation, Access.Write, OperationTable.NoResources, Accept);
        t.Add(RamOperations.RejectResourceShareInvitation, Access.Write, OperationTable.NoResources, Reject);
        t.Add(RamOperations.ListPendingInvitationResources, Access.Read,
            OperationTable.NoResources, PendingResources);
    }

    /// <summary>The caller's own invitation in its region, by ARN.</summary>
    private static InvitationRecord Find(CallContext ctx, string arn)
    {
        if (!Arn.TryParse(arn, out var parsed) || parsed.Service != "ram" || parsed.ResourceType != "resource-share-invitation")
            throw new MalformedArnException($"The specified resource share invitation ARN {arn} is not valid. Verify the ARN and try again.");
        var invitation = ctx.Store.Index.Invitation(arn);
        if (invitation is null || invitation.ReceiverAccountId != ctx.Caller.AccountId || parsed.Region != ctx.Caller.Region
            || !invitation.IsSent(ctx.Now))
            throw new ResourceShareInvitationArnNotFoundException($"ResourceShareInvitation {arn} could not be found.");
        return invitation;
    }

    private static Partition Sender(CallContext ctx, InvitationRecord i) =>
        ctx.Store.FindPartition(i.SenderAccountId, ctx.Caller.Region) ?? ctx.Store.Detached(i.SenderAccountId, ctx.Caller.Region);

    private static ResourceShareInvitation Shape(CallContext ctx, InvitationRecord i) =>
        RamShapes.Invitation(i, RamShapes.ShareName(Sender(ctx, i), i.ShareArn, i.ShareName));

    private static GetResourceShareInvitationsResponse List(GetResourceShareInvitationsRequest r, CallContext ctx)
    {
        var named = r.ResourceShareInvitationArns is { Count: > 0 } arns ? arns.Select(a => Find(ctx, a)).ToList() : null;
        foreach (var arn in r.ResourceShareArns ?? []) RamCommon.ParseShareArn(arn);
        var items = (named ?? ctx.Store.Index.InvitationsFor(ctx.Caller.AccountId).Where(i =>
                Arn.TryParse(i.Arn, out var a) && a.Region == ctx.Caller.Region && i.IsSent(ctx.Now)))
            .Where(i => r.ResourceShareArns is not { Count: > 0 } || r.ResourceShareArns.Contains(i.ShareArn));
        var fingerprint = Paging.Fingerprint("GetResourceShareInvitations", r.ResourceShareInvitationArns, r.ResourceShareArns);
        var (page, next) = RamCommon.Page(items, i => new Paging.Key(Paging.TimeKey(i.InvitationTimestamp), i.Arn), r.MaxResults,
            r.NextToken, fingerprint);
        return new GetResourceShareInvitationsResponse { ResourceShareInvitations = [.. page.Select(i => Shape(ctx, i))], NextToken = next };
    }

    private static AcceptResourceShareInvitationResponse Accept(AcceptResourceShareInvitationRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.AcceptResourceShareInvitation, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareInvitationArn), token => new AcceptResourceShareInvitationResponse
            {
                ResourceShareInvitation = Answer(ctx, r.ResourceShareInvitationArn!, ResourceShareInvitationStatusValues.ACCEPTED),
                ClientToken = token,
            });

    private static RejectResourceShareInvitationResponse Reject(RejectResourceShareInvitationRequest r, CallContext ctx) =>
        RamCommon.Idempotent(ctx, RamOperations.RejectResourceShareInvitation, r.ClientToken,
            RamCommon.RequestParameters(r.ResourceShareInvitationArn), token => new RejectResourceShareInvitationResponse
            {
                ResourceShareInvitation = Answer(ctx, r.ResourceShareInvitationArn!, ResourceShareInvitationStatusValues.REJECTED),
                ClientToken = token,
            });

    /// <summary>An invitation is answered once: accepting starts the receiver's access, rejecting never grants it.</summary>
    private static ResourceShareInvitation Answer(CallContext ctx, string arn, string status)
    {
        var invitation = Find(ctx, arn);
        if (invitation.Status == ResourceShareInvitationStatusValues.ACCEPTED)
            throw new ResourceShareInvitationAlreadyAcceptedException($"ResourceShareInvitation {arn} has already been accepted.");
        if (invitation.Status == ResourceShareInvitationStatusValues.REJECTED)
            throw new ResourceShareInvitationAlreadyRejectedException($"ResourceShareInvitation {arn} has already been rejected.");
        var answered = invitation with { Status = status };
        ctx.Tx.Put(Sender(ctx, invitation).Invitations, arn, answered);
        return Shape(ctx, answered);
    }

    private static ListPendingInvitationResourcesResponse PendingResources(ListPendingInvitationResourcesRequest r, CallContext ctx)
    {
        var invitation = Find(ctx, r.ResourceShareInvitationArn!);
        if (invitation.Status == ResourceShareInvitationStatusValues.REJECTED)
            throw new ResourceShareInvitationAlreadyRejectedException(
                $"ResourceShareInvitation {invitation.Arn} has already been rejected.");
        var owner = Sender(ctx, invitation);
        var items = RamCommon.InScope(r.ResourceRegionScope)
            ? RamCommon.Live(owner, invitation.ShareArn, ResourceShareAssociationTypeValues.RESOURCE, ctx.Now)
            : [];
        var fingerprint = Paging.Fingerprint("ListPendingInvitationResources", r.ResourceShareInvitationArn, r.ResourceRegionScope);
        var (page, next) = RamCommon.Page(items, a => new Paging.Key(Paging.TimeKey(a.CreationTime), a.Key), r.MaxResults, r.NextToken, fingerprint);
        return new ListPendingInvitationResourcesResponse { Resources = [.. page.Select(a => RamShapes.Resource(a, ctx.Now))], NextToken = next };
    }
}
