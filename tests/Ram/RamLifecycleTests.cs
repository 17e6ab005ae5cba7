using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

public sealed class RamLifecycleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly string a = EmulatorFixture.NewAccount();
    private readonly string b = EmulatorFixture.NewAccount();

    [Fact]
    public async Task Share_invite_accept_list_disassociate_delete()
    {
        var smA = emulator.SageMaker(a);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(smA);
        var group = GroupArn(a);

        var share = await CreateShare(ramA, group, b);
        var shareArn = share.ResourceShareArn!;
        Assert.Matches($"^arn:aws:ram:us-east-1:{a}:resource-share/[0-9a-f-]{{36}}$", shareArn);
        Assert.Equal(ResourceShareStatusValues.ACTIVE, share.Status);
        Assert.Equal(a, share.OwningAccountId);
        Assert.True(share.AllowExternalPrincipals);
        Assert.Equal(ResourceShareFeatureSetValues.STANDARD, share.FeatureSet);

        // The receiver gets a PENDING invitation from the sender's account.
        var invitation = (await Invitations(ramB, shareArn)).Single();
        Assert.Equal(ResourceShareInvitationStatusValues.PENDING, invitation.Status);
        Assert.Equal(a, invitation.SenderAccountId);
        Assert.Equal(b, invitation.ReceiverAccountId);
        Assert.Equal(share.Name, invitation.ResourceShareName);
        var invitationArn = invitation.ResourceShareInvitationArn!;
        Assert.Matches($"^arn:aws:ram:us-east-1:{a}:resource-share-invitation/[0-9a-f-]{{36}}$", invitationArn);

        // Pending: the group is listed as pending, but B does not have the share yet.
        var pending = await ramB.ListPendingInvitationResourcesAsync(new() { ResourceShareInvitationArn = invitationArn });
        Assert.Equal([group], pending.Resources!.Select(r => r.Arn));
        Assert.Empty(await OtherAccountsShares(ramB));

        var accepted = await Accept(ramB, invitationArn);
        Assert.Equal(ResourceShareInvitationStatusValues.ACCEPTED, accepted.ResourceShareInvitation!.Status);
        Assert.False(string.IsNullOrEmpty(accepted.ClientToken));

        Assert.Equal([shareArn], (await OtherAccountsShares(ramB)).Select(s => s.ResourceShareArn));
        var resource = Assert.Single(await Resources(ramB, ResourceOwnerValues.OTHER_ACCOUNTS));
        Assert.Equal(group, resource.Arn);
        Assert.Equal("sagemaker:LineageGroup", resource.Type);
        Assert.Equal(ResourceStatusValues.AVAILABLE, resource.Status);
        Assert.Equal(ResourceRegionScopeValues.REGIONAL, resource.ResourceRegionScope);

        var principals = (await ramA.ListPrincipalsAsync(new() { ResourceOwner = ResourceOwnerValues.SELF })).Principals!;
        Assert.Equal([b], principals.Select(p => p.Id));
        Assert.True(principals[0].External);

        // Removing the principal ends the receiver's view of the share.
        var dis = await ramA.DisassociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b] });
        Assert.Equal(ResourceShareAssociationStatusValues.DISASSOCIATED, dis.ResourceShareAssociations![0].Status);
        Assert.Empty(await Resources(ramB, ResourceOwnerValues.OTHER_ACCOUNTS));

        await ramA.DeleteResourceShareAsync(new() { ResourceShareArn = shareArn });
        // Like AWS, the owner keeps seeing a deleted share, marked DELETED, with or without a status filter.
        Assert.Equal(ResourceShareStatusValues.DELETED, Assert.Single(await OwnShares(ramA)).Status);
        Assert.Empty(await OwnShares(ramA, ResourceShareStatusValues.ACTIVE));
        Assert.Equal(ResourceShareStatusValues.DELETED, Assert.Single(await OwnShares(ramA, ResourceShareStatusValues.DELETED)).Status);
        var resourceAssociation = Assert.Single(await Associations(ramA, shareArn, ResourceShareAssociationTypeValues.RESOURCE));
        Assert.Equal(ResourceShareAssociationStatusValues.DISASSOCIATED, resourceAssociation.Status);
    }

    [Fact]
    public async Task Cross_account_describe_is_denied_until_accept_and_again_after_disassociate()
    {
        var smA = emulator.SageMaker(a);
        var smB = emulator.SageMaker(b);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(smA);
        var describe = new DescribeArtifactRequest { ArtifactArn = artifact };

        var shareArn = (await CreateShare(ramA, GroupArn(a), b)).ResourceShareArn!;
        await smB.DescribeArtifactAsync(describe).Fails("AccessDeniedException");

        await Accept(ramB, await InvitationArn(ramB, shareArn));
        Assert.Equal(artifact, (await smB.DescribeArtifactAsync(describe)).ArtifactArn);

        await ramA.DisassociateResourceShareAsync(new() { ResourceShareArn = shareArn, ResourceArns = [GroupArn(a)] });
        await smB.DescribeArtifactAsync(describe).Fails("AccessDeniedException");
    }

    [Fact]
    public async Task Reassociating_a_removed_principal_needs_a_new_acceptance()
    {
        var smB = emulator.SageMaker(b);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), ramA, ramB);
        var artifact = (await emulator.SageMaker(a).ListArtifactsAsync(new())).ArtifactSummaries![0].ArtifactArn;

        await ramA.DisassociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b] });
        var again = await ramA.AssociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b] });
        Assert.Equal(b, again.ResourceShareAssociations![0].AssociatedEntity);

        await smB.DescribeArtifactAsync(new() { ArtifactArn = artifact }).Fails("AccessDeniedException");
        Assert.Equal(ResourceShareInvitationStatusValues.PENDING, (await Invitations(ramB, shareArn)).Single().Status);
    }

    [Fact]
    public async Task Rejected_invitation_grants_nothing()
    {
        var smA = emulator.SageMaker(a);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(smA);
        var shareArn = (await CreateShare(ramA, GroupArn(a), b)).ResourceShareArn!;
        var invitationArn = await InvitationArn(ramB, shareArn);

        var rejected = await ramB.RejectResourceShareInvitationAsync(new() { ResourceShareInvitationArn = invitationArn });
        Assert.Equal(ResourceShareInvitationStatusValues.REJECTED, rejected.ResourceShareInvitation!.Status);
        await emulator.SageMaker(b).DescribeArtifactAsync(new() { ArtifactArn = artifact }).Fails("AccessDeniedException");
        Assert.Empty(await OtherAccountsShares(ramB));
        await ramB.ListPendingInvitationResourcesAsync(new() { ResourceShareInvitationArn = invitationArn })
            .Fails("ResourceShareInvitationAlreadyRejectedException");
    }

    [Fact]
    public async Task Root_arn_principal_is_the_account()
    {
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = (await CreateShare(ramA, GroupArn(a), $"arn:aws:iam::{b}:root")).ResourceShareArn!;
        Assert.Single(await Invitations(ramB, shareArn));
        var principals = await ramA.ListPrincipalsAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, ResourceShareArns = [shareArn] });
        Assert.Equal([b], principals.Principals!.Select(p => p.Id));
    }

    /// <summary>
    /// Real RAM accepts a share of a resource it cannot find and marks the resource association FAILED
    /// (README used to list refusing it as the emulator's own choice). The receiver still gets its
    /// invitation, but the share grants nothing, not even after the lineage group comes into being with the
    /// owner's first entity, until the owner associates the group again.
    /// </summary>
    [Fact]
    public async Task Sharing_a_missing_or_unowned_lineage_group_fails_its_association_and_grants_nothing()
    {
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        // A has no lineage entity yet, so its lineage group does not exist; B's group is not A's to share.
        await CreateArtifact(emulator.SageMaker(b));
        var shareArn = (await CreateShare(ramA, GroupArn(a), b)).ResourceShareArn!;
        await ramA.AssociateResourceShareAsync(new() { ResourceShareArn = shareArn, ResourceArns = [GroupArn(b)] });

        var resources = await Associations(ramA, shareArn, ResourceShareAssociationTypeValues.RESOURCE);
        Assert.Equal(2, resources.Count);
        foreach (var r in resources)
        {
            Assert.Equal(ResourceShareAssociationStatusValues.FAILED, r.Status);
            Assert.Contains(r.AssociatedEntity!, r.StatusMessage);
        }
        Assert.Equal(ResourceShareStatusValues.ACTIVE, (await OwnShares(ramA))[0].Status);
        Assert.Empty(await Resources(ramA, ResourceOwnerValues.SELF));

        // B is invited and accepts, but sees no resource and may read nothing of A's.
        var invitation = await InvitationArn(ramB, shareArn);
        Assert.Empty((await ramB.ListPendingInvitationResourcesAsync(new() { ResourceShareInvitationArn = invitation })).Resources!);
        await Accept(ramB, invitation);
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        await emulator.SageMaker(b).DescribeArtifactAsync(new() { ArtifactArn = artifact }).Fails("AccessDeniedException");
        Assert.Empty(await Resources(ramB, ResourceOwnerValues.OTHER_ACCOUNTS));

        // Associating the group again, now that it exists, starts over and grants access.
        var again = await ramA.AssociateResourceShareAsync(new() { ResourceShareArn = shareArn, ResourceArns = [GroupArn(a)] });
        Assert.Null(again.ResourceShareAssociations![0].StatusMessage);
        await emulator.SageMaker(b).DescribeArtifactAsync(new() { ArtifactArn = artifact });
    }

    private static async Task<IReadOnlyList<ResourceShare>> OtherAccountsShares(RamClient ram) =>
        (await ram.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS })).ResourceShares!;

    private static async Task<IReadOnlyList<ResourceShare>> OwnShares(RamClient ram, string? status = null) =>
        (await ram.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, ResourceShareStatus = status })).ResourceShares!;

    private static async Task<IReadOnlyList<Resource>> Resources(RamClient ram, string owner) =>
        (await ram.ListResourcesAsync(new() { ResourceOwner = owner })).Resources!;

    private static async Task<IReadOnlyList<ResourceShareAssociation>> Associations(RamClient ram, string shareArn, string type) =>
        (await ram.GetResourceShareAssociationsAsync(new() { AssociationType = type, ResourceShareArns = [shareArn] })).ResourceShareAssociations!;
}
