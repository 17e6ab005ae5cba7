using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// A write goes back to the table that holds the row it changes, never to the caller's own partition: an
/// artifact named by ARN from another region (or, once shared writes exist, another account) must not be
/// copied into the caller's partition. Whether such a call is allowed at all is the authorizer's question;
/// these tests hold whatever the answer is.
/// </summary>
public sealed class WriteLocationTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Updating_an_artifact_by_arn_from_another_region_leaves_no_copy_in_the_callers_region()
    {
        var account = EmulatorFixture.NewAccount();
        var east = emulator.SageMaker(account, "us-east-1");
        var west = emulator.SageMaker(account, "us-west-2");
        var arn = await east.Artifact("DataSet");

        await west.Call("UpdateArtifact", new JsonObject { ["ArtifactArn"] = arn, ["ArtifactName"] = "renamed" });
        await west.Call("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }) });

        var store = emulator.Store();
        store.Read(() =>
        {
            var westPartition = store.FindPartition(account, "us-west-2");
            Assert.True(westPartition is null || !EntityKinds.Artifact.In(westPartition).Contains(arn), "the artifact was copied into us-west-2");
            Assert.True(westPartition is null || !westPartition.Tags.Contains(arn), "its tags were written to us-west-2");
            return 0;
        });
        Assert.Empty(StateInvariants.Check(store));
    }

    [Fact]
    public async Task Deleting_an_artifact_by_arn_from_another_region_removes_it_and_its_tags_where_they_are()
    {
        var account = EmulatorFixture.NewAccount();
        var east = emulator.SageMaker(account, "us-east-1");
        var west = emulator.SageMaker(account, "us-west-2");
        var arn = await east.Artifact("DataSet");
        (await east.Call("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }) })).Ok();

        var deleted = await west.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = arn });

        // If the call was allowed, nothing of the artifact is left behind (no tags of a deleted entity).
        if (deleted.Status == 200) (await east.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Error("ResourceNotFound");
        Assert.Empty(StateInvariants.Check(emulator.Store()));
    }
}
