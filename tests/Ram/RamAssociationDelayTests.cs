using LineageEmulator.Hosting;
using LineageEmulator.Model.Ram;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>
/// With a non-zero RamAssociationDelay, associations read ASSOCIATING until the delay has passed, and
/// only then grant access. This class owns its emulator, so changing its clock and delay affects no other test.
/// </summary>
public sealed class RamAssociationDelayTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture emulator;
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RamAssociationDelayTests(EmulatorFixture emulator)
    {
        this.emulator = emulator;
        var options = emulator.Services.GetRequiredService<EmulatorOptions>();
        options.Clock = clock;
        options.RamAssociationDelay = TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// SageMaker developer guide, cross-account lineage tracking: "it can take a few minutes for the resource
    /// and principal associations to complete. Once the association is set, the shared account receives an
    /// invitation to join the resource share. The shared account must accept the invite to gain access."
    /// So the invitation appears when the associations complete, and a client that accepts it the moment
    /// it is listed may read at once (the official JS client flow: find PENDING invitation, accept, describe).
    /// </summary>
    [Fact]
    public async Task Invitation_appears_when_the_associations_complete_and_access_begins_when_it_is_accepted()
    {
        string a = EmulatorFixture.NewAccount(), b = EmulatorFixture.NewAccount();
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        var created = clock.Now;
        var shareArn = (await CreateShare(ramA, GroupArn(a), b)).ResourceShareArn!;

        async Task<List<string>> Statuses() =>
            [.. (await Associations(ramA, ResourceShareAssociationTypeValues.PRINCIPAL))
                .Concat(await Associations(ramA, ResourceShareAssociationTypeValues.RESOURCE)).Select(x => x.Status!)];
        var ramBDescribe = () => emulator.SageMaker(b).DescribeArtifactAsync(new() { ArtifactArn = artifact });

        Assert.Equal(["ASSOCIATING", "ASSOCIATING"], await Statuses());
        Assert.Empty(await Invitations(ramB, shareArn));
        Assert.Empty((await ramB.GetResourceShareInvitationsAsync(new())).ResourceShareInvitations!);
        await ramBDescribe().Fails("AccessDeniedException");

        clock.Now += TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1);
        Assert.Empty(await Invitations(ramB, shareArn));

        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.Equal(["ASSOCIATED", "ASSOCIATED"], await Statuses());
        var association = (await Associations(ramA, ResourceShareAssociationTypeValues.RESOURCE))[0];
        Assert.Equal(clock.Now, association.LastUpdatedTime);
        var invitation = Assert.Single(await Invitations(ramB, shareArn));
        Assert.Equal(ResourceShareInvitationStatusValues.PENDING, invitation.Status);
        Assert.Equal(created + TimeSpan.FromMinutes(5), invitation.InvitationTimestamp);
        // Not yet accepted: the share is in effect for nobody.
        await ramBDescribe().Fails("AccessDeniedException");

        // Accepted, with the clock standing still: access is immediate.
        await Accept(ramB, invitation.ResourceShareInvitationArn!);
        await ramBDescribe();
        Assert.Single((await ramB.ListResourcesAsync(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS })).Resources!);
    }

    private static async Task<IReadOnlyList<ResourceShareAssociation>> Associations(RamClient ram, string type) =>
        (await ram.GetResourceShareAssociationsAsync(new() { AssociationType = type })).ResourceShareAssociations!;

    /// <summary>An invitation not yet sent cannot be answered: to its receiver it does not exist yet.</summary>
    [Fact]
    public async Task An_invitation_not_yet_sent_cannot_be_accepted()
    {
        string a = EmulatorFixture.NewAccount(), b = EmulatorFixture.NewAccount();
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = (await CreateShare(ramA, GroupArn(a), b)).ResourceShareArn!;
        var unsent = emulator.Store().Read(() => emulator.Store().Index.InvitationsFor(b).Single(i => i.ShareArn == shareArn).Arn);

        await Accept(ramB, unsent).Fails("ResourceShareInvitationArnNotFoundException");
        clock.Now += TimeSpan.FromMinutes(5);
        await Accept(ramB, unsent);
    }
}
