using System.Text.Json.Nodes;

namespace LineageEmulator.Examples.Xunit;

/// <summary>A test class: its own emulator through the class fixture, a fresh account per test.</summary>
public sealed class LineageTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_dataset_feeds_a_training_action()
    {
        var sm = fixture.SageMaker(EmulatorFixture.NewAccount());
        var data = (await sm.Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = "s3://example/train.csv" },
        }))["ArtifactArn"]!.GetValue<string>();
        var train = (await sm.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = "train", ["ActionType"] = "Training", ["Source"] = new JsonObject { ["SourceUri"] = "s3://example/job" },
        }))["ActionArn"]!.GetValue<string>();
        await sm.Call("AddAssociation", new JsonObject { ["SourceArn"] = data, ["DestinationArn"] = train, ["AssociationType"] = "ContributedTo" });

        var lineage = await sm.Call("QueryLineage", new JsonObject { ["StartArns"] = new JsonArray(data), ["Direction"] = "Descendants" });
        // As on SageMaker, the start is a vertex of the result too, nearest first.
        Assert.Equal([data, train], lineage["Vertices"]!.AsArray().Select(v => v!["Arn"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_fresh_account_starts_empty()
    {
        var sm = fixture.SageMaker(EmulatorFixture.NewAccount());
        Assert.Empty((await sm.Call("ListArtifacts", []))["ArtifactSummaries"]!.AsArray());
    }
}

/// <summary>Another class, another emulator: sharing lineage through RAM across two fresh accounts.</summary>
public sealed class SharingTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Another_account_reads_lineage_only_after_accepting_a_share()
    {
        var (owner, receiver) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var data = (await fixture.SageMaker(owner).Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = "s3://example/shared.csv" },
        }))["ArtifactArn"]!.GetValue<string>();
        var describe = new JsonObject { ["ArtifactArn"] = data };
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAsync<AwsError>(() => fixture.SageMaker(receiver).Call("DescribeArtifact", describe))).Code);

        var group = (await fixture.SageMaker(owner).Call("ListLineageGroups", []))["LineageGroupSummaries"]![0]!["LineageGroupArn"]!.GetValue<string>();
        var share = (await fixture.Ram(owner).Post("/createresourceshare", new JsonObject
        {
            ["name"] = "lineage", ["resourceArns"] = new JsonArray(group), ["principals"] = new JsonArray(receiver),
        }))["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        var invitation = (await fixture.Ram(receiver).Post("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = new JsonArray(share) }))
            ["resourceShareInvitations"]![0]!["resourceShareInvitationArn"]!.GetValue<string>();
        await fixture.Ram(receiver).Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitation });

        Assert.Equal(data, (await fixture.SageMaker(receiver).Call("DescribeArtifact", (JsonObject)describe.DeepClone()))["ArtifactArn"]!.GetValue<string>());
    }
}
