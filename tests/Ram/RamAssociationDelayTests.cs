using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

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
        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();

        async Task<List<string>> Statuses() =>
        [
            .. (await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "PRINCIPAL" })).Ok()["resourceShareAssociations"]!
                .AsArray().Concat((await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "RESOURCE" }))
                    .Ok()["resourceShareAssociations"]!.AsArray())
                .Select(x => x!["status"]!.GetValue<string>()),
        ];

        Assert.Equal(["ASSOCIATING", "ASSOCIATING"], await Statuses());
        Assert.Empty(await Invitations(ramB, shareArn));
        Assert.Empty((await ramB.Post("/getresourceshareinvitations", new JsonObject())).Ok()["resourceShareInvitations"]!.AsArray());
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");

        clock.Now += TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1);
        Assert.Empty(await Invitations(ramB, shareArn));

        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.Equal(["ASSOCIATED", "ASSOCIATED"], await Statuses());
        var association = (await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "RESOURCE" }))
            .Ok()["resourceShareAssociations"]![0]!;
        Assert.Equal(clock.Now.ToUnixTimeSeconds(), association["lastUpdatedTime"]!.GetValue<double>());
        var invitation = Assert.Single(await Invitations(ramB, shareArn))!;
        Assert.Equal("PENDING", invitation["status"]!.GetValue<string>());
        Assert.Equal((created + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(), invitation["invitationTimestamp"]!.GetValue<double>());
        // Not yet accepted: the share is in effect for nobody.
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");

        // Accepted, with the clock standing still: access is immediate.
        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = invitation["resourceShareInvitationArn"]!.GetValue<string>(),
        })).Ok();
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Ok();
        Assert.Single((await ramB.Post("/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resources"]!.AsArray());
    }

    /// <summary>An invitation not yet sent cannot be answered: to its receiver it does not exist yet.</summary>
    [Fact]
    public async Task An_invitation_not_yet_sent_cannot_be_accepted()
    {
        string a = EmulatorFixture.NewAccount(), b = EmulatorFixture.NewAccount();
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();
        var unsent = emulator.Store().Read(() => emulator.Store().Index.InvitationsFor(b).Single(i => i.ShareArn == shareArn).Arn);

        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = unsent }))
            .Error("ResourceShareInvitationArnNotFoundException");
        clock.Now += TimeSpan.FromMinutes(5);
        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = unsent })).Ok();
    }
}
