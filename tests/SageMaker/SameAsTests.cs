using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// When an account creates an artifact of data that an account sharing its lineage with it already
/// tracks (same SourceUri), the new artifact is linked to each such artifact with a SameAs association
/// each way, and both carry the same id, so the SageMaker Python SDK's LineageQuery collapses them.
/// </summary>
public sealed class SameAsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly SageMakerClient owner = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly SageMakerClient receiver = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly SageMakerClient outsider = emulator.SageMaker(EmulatorFixture.NewAccount());
    private readonly string uri = "s3://shared-bucket/" + EmulatorFixture.Unique("train.csv");

    private static async Task<string> Artifact(SageMakerClient sm, string uri, string type = "DataSet", string? name = null) =>
        (await sm.CreateArtifactAsync(new() { ArtifactName = name, Source = new ArtifactSource { SourceUri = uri }, ArtifactType = type })).ArtifactArn!;

    private static async Task<List<(string? Source, string? Destination, string? Type)>> Edges(SageMakerClient sm, ListAssociationsRequest filter) =>
        [.. (await sm.ListAssociationsAsync(filter)).AssociationSummaries!.Select(a => (a.SourceArn, a.DestinationArn, a.AssociationType))];

    private static Task<List<(string? Source, string? Destination, string? Type)>> Outgoing(SageMakerClient sm, string arn) => Edges(sm, new() { SourceArn = arn });

    private static Task<List<(string? Source, string? Destination, string? Type)>> Incoming(SageMakerClient sm, string arn) => Edges(sm, new() { DestinationArn = arn });

    private Task<string> ShareWithReceiver() =>
        ShareAndAccept(owner, emulator.Ram(owner.Account), emulator.Ram(receiver.Account));

    /// <summary>
    /// The SDK's unit-test fixture of a real cross-account response
    /// (tests/unit/sagemaker/lineage/test_query.py::test_lineage_query_cross_account_same_artifact) has the
    /// two artifacts joined by SameAs edges in both directions; LineageQuery._collapse_cross_account_artifacts
    /// then leaves one vertex and no edge.
    /// </summary>
    [Fact]
    public async Task Shared_data_is_linked_with_SameAs_both_ways()
    {
        var ownersCopy = await Artifact(owner, uri);
        await ShareWithReceiver();

        var mine = await Artifact(receiver, uri);

        Assert.Equal([(mine, ownersCopy, "SameAs")], await Outgoing(receiver, mine));
        Assert.Equal([(ownersCopy, mine, "SameAs")], await Incoming(receiver, mine));
        // The link is part of the receiver's lineage: QueryLineage from its artifact reaches the owner's.
        var query = await receiver.QueryLineageAsync(new() { StartArns = [mine], Direction = DirectionValues.Descendants, IncludeEdges = true });
        Assert.Equal([mine, ownersCopy], query.Vertices!.Select(v => v.Arn));
        Assert.Equal(["SameAs", "SameAs"], query.Edges!.Select(e => e.AssociationType));
    }

    /// <summary>
    /// ARNs of artifacts of the same data end in the same 32-hex-digit id in every account: the SDK's
    /// fixture (test_query.py, ...:012345678901:artifact/e1f2... and ...:012345678902:artifact/e1f2...) and
    /// the id test its collapse relies on (edge.source_arn.split("/")[1] == edge.destination_arn.split("/")[1]).
    /// </summary>
    [Fact]
    public async Task Same_data_has_the_same_artifact_id_in_every_account()
    {
        var ownersCopy = await Artifact(owner, uri);
        var outsidersCopy = await Artifact(outsider, uri);
        var other = await Artifact(owner, uri + "-other");

        Assert.NotEqual(ownersCopy, outsidersCopy);
        Assert.Equal(ownersCopy.Split('/')[1], outsidersCopy.Split('/')[1]);
        Assert.NotEqual(ownersCopy.Split('/')[1], other.Split('/')[1]);
        Assert.Matches("^[0-9a-f]{32}$", ownersCopy.Split('/')[1]);
    }

    /// <summary>
    /// Developer guide, Lineage Tracking Entities: "SageMaker reuses any existing entities rather than
    /// creating new ones. For example, there can be only one artifact with a unique SourceUri."
    /// </summary>
    [Fact]
    public async Task Creating_an_artifact_again_for_its_SourceUri_returns_the_one_already_there()
    {
        var first = await Artifact(owner, uri);
        var again = await Artifact(owner, uri, type: "Model", name: "second");

        Assert.Equal(first, again);
        var described = await owner.DescribeArtifactAsync(new() { ArtifactArn = first });
        Assert.Equal("DataSet", described.ArtifactType);
        Assert.Null(described.ArtifactName);
        Assert.Single((await owner.ListArtifactsAsync(new() { SourceUri = uri })).ArtifactSummaries!);
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
    public async Task Artifacts_created_before_the_share_was_accepted_are_linked_only_when_created_again()
    {
        var ownersCopy = await Artifact(owner, uri);
        var ownerRam = emulator.Ram(owner.Account);
        var receiverRam = emulator.Ram(receiver.Account);
        var shareArn = (await CreateShare(ownerRam, GroupArn(owner.Account), receiver.Account)).ResourceShareArn!;

        var beforeAccept = await Artifact(receiver, uri);
        Assert.Empty(await Outgoing(receiver, beforeAccept));
        await Accept(receiverRam, await InvitationArn(receiverRam, shareArn));
        Assert.Empty(await Outgoing(receiver, beforeAccept));

        // Creating it again returns the same artifact, now that the owner's lineage is readable, linked.
        var again = await Artifact(receiver, uri);
        Assert.Equal(beforeAccept, again);
        Assert.Equal([(again, ownersCopy, "SameAs")], await Outgoing(receiver, again));
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
