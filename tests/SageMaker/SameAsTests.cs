using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// When an account creates an artifact of data that an account sharing its lineage with it already
/// tracks (same SourceUri), the new artifact is linked to each such artifact with a SameAs association.
/// </summary>
public sealed class SameAsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly SageMakerClient owner = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly SageMakerClient receiver = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly SageMakerClient outsider = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly string uri = "s3://shared-bucket/" + EmulatorFixture.Unique("train.csv");

    private static async Task<string> Artifact(SageMakerClient sm, string uri) =>
        (await sm.Call("CreateArtifact", new JsonObject
        {
            ["Source"] = new JsonObject { ["SourceUri"] = uri },
            ["ArtifactType"] = "DataSet",
        })).Ok()["ArtifactArn"]!.GetValue<string>();

    private static async Task<List<(string Source, string Destination, string? Type)>> Outgoing(SageMakerClient sm, string arn) =>
        [.. (await sm.Call("ListAssociations", new JsonObject { ["SourceArn"] = arn })).Ok()["AssociationSummaries"]!.AsArray()
            .Select(a => (a!["SourceArn"]!.GetValue<string>(), a["DestinationArn"]!.GetValue<string>(), a["AssociationType"]?.GetValue<string>()))];

    private Task<string> ShareWithReceiver() =>
        ShareAndAccept(owner, emulator.Ram(owner.Account), emulator.Ram(receiver.Account));

    [Fact]
    public async Task Shared_data_is_linked_from_the_new_artifact_with_SameAs()
    {
        var ownersCopy = await Artifact(owner, uri);
        await ShareWithReceiver();

        var mine = await Artifact(receiver, uri);

        Assert.Equal([(mine, ownersCopy, "SameAs")], await Outgoing(receiver, mine));
        // The link is part of the receiver's lineage: QueryLineage from its artifact reaches the owner's.
        var query = (await receiver.Call("QueryLineage", new JsonObject
        {
            ["StartArns"] = Array(mine),
            ["Direction"] = "Descendants",
            ["IncludeEdges"] = true,
        })).Ok();
        Assert.Equal([ownersCopy], Strings(query["Vertices"], "Arn"));
        Assert.Equal("SameAs", query["Edges"]![0]!["AssociationType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unshared_accounts_get_no_link()
    {
        await Artifact(owner, uri);
        await ShareWithReceiver();

        var theirs = await Artifact(outsider, uri);

        Assert.Empty(await Outgoing(outsider, theirs));
        Assert.Empty(emulator.Store().Index.Incoming(theirs));
    }

    [Fact]
    public async Task Only_the_account_that_was_shared_with_links_not_the_sharer()
    {
        await ShareWithReceiver();
        var receivers = await Artifact(receiver, uri);

        // Sharing is one-way: the owner cannot read the receiver's lineage, so its new artifact stays unlinked.
        var owners = await Artifact(owner, uri);

        Assert.Empty(await Outgoing(owner, owners));
        Assert.Empty(await Outgoing(receiver, receivers));
    }

    [Fact]
    public async Task Artifacts_created_before_the_share_was_accepted_stay_unlinked()
    {
        var ownersCopy = await Artifact(owner, uri);
        var ownerRam = emulator.Ram(owner.Account);
        var receiverRam = emulator.Ram(receiver.Account);
        var shareArn = (await CreateShare(ownerRam, GroupArn(owner.Account), receiver.Account))["resourceShareArn"]!.GetValue<string>();

        var beforeAccept = await Artifact(receiver, uri);
        (await receiverRam.Post("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = await InvitationArn(receiverRam, shareArn),
        })).Ok();
        var afterAccept = await Artifact(receiver, uri);

        Assert.Empty(await Outgoing(receiver, beforeAccept));
        Assert.Equal([(afterAccept, ownersCopy, "SameAs")], await Outgoing(receiver, afterAccept));
    }

    [Fact]
    public async Task Different_data_is_not_linked()
    {
        await Artifact(owner, uri);
        await ShareWithReceiver();

        var other = await Artifact(receiver, uri + "-other");

        Assert.Empty(await Outgoing(receiver, other));
    }
}
