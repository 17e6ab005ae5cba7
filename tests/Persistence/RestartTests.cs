using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Persistence;

public sealed class RestartTests
{
    [Fact]
    public void Every_table_round_trips_exactly_through_the_data_directory()
    {
        using var dir = new TempDir();
        string before;
        using (var host = StateHost.Open(dir.Path))
        {
            StateFixture.Populate(host.Store);
            before = StateExport.Of(host.Store);
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(before, StateExport.Of(reopened.Store));
        Assert.Empty(StateInvariants.Check(reopened.Store));

        // Indexes are rebuilt from the rows, not saved: the cross-account edge and the invitation are found again.
        var index = reopened.Store.Index;
        Assert.NotNull(index.Edge(StateFixture.ContextArn, StateFixture.ArtifactArn));
        Assert.Equal(StateFixture.InvitationArn, Assert.Single(index.InvitationsFor(StateFixture.Partner)).Arn);
        Assert.Single(index.SharesNamingAccount(StateFixture.Partner));
        Assert.Contains(StateFixture.ArtifactArn, index.ArtifactsWithSourceUri("s3://bucket/data.csv"));
        var artifact = EntityKinds.Artifact.In(reopened.Store.Partition(StateFixture.Owner, StateFixture.Region)).Get(StateFixture.ArtifactArn)!;
        Assert.Equal(DateTimeOffset.Parse("2024-05-06T07:08:09.130Z"), artifact.LastModifiedTime);
    }

    [Fact]
    public void Updates_and_deletes_are_persisted_too()
    {
        using var dir = new TempDir();
        using (var host = StateHost.Open(dir.Path))
        {
            StateFixture.Populate(host.Store);
            host.Store.Write(tx =>
            {
                var owner = host.Store.Partition(StateFixture.Owner, StateFixture.Region);
                var a = EntityKinds.Artifact.In(owner).Get(StateFixture.ArtifactArn)!;
                tx.Put(EntityKinds.Artifact.In(owner), a.Arn, a with { Name = "renamed" });
                tx.Delete(owner.ClientTokens, "CreateResourceShare|token-1");
                return 0;
            });
        }
        using var reopened = StateHost.Open(dir.Path);
        var p = reopened.Store.Partition(StateFixture.Owner, StateFixture.Region);
        Assert.Equal("renamed", EntityKinds.Artifact.In(p).Get(StateFixture.ArtifactArn)!.Name);
        Assert.Equal(0, p.ClientTokens.Count);
    }

    [Fact]
    public async Task A_restarted_emulator_answers_as_before_with_the_same_arns_times_and_lineage_group()
    {
        using var dir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        string arn, described, exported;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var sm = emulator.SageMaker(account);
            arn = (await sm.Call("CreateArtifact", new JsonObject
            {
                ["ArtifactName"] = "model",
                ["ArtifactType"] = "Model",
                ["Source"] = new JsonObject { ["SourceUri"] = "s3://b/" + Guid.NewGuid() },
                ["Properties"] = new JsonObject { ["k"] = "v" },
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "t", ["Value"] = "1" }),
            })).Ok()["ArtifactArn"]!.GetValue<string>();
            (await sm.Call("UpdateArtifact", new JsonObject { ["ArtifactArn"] = arn, ["ArtifactName"] = "model-2" })).Ok();
            described = (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Ok().ToJsonString();
            exported = StateExport.Of(emulator.Store);
        }
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var after = (await emulator.SageMaker(account).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Ok();
            Assert.Equal(described, after.ToJsonString());
            Assert.Equal("model-2", after["ArtifactName"]!.GetValue<string>());
            Assert.Equal(exported, StateExport.Of(emulator.Store));
            var home = emulator.Store.Partition(account, "us-east-1");
            Assert.True(home.LineageGroups.Contains(home.DefaultLineageGroupArn));
            Assert.True(home.Tags.Contains(arn));
        }
    }

    [Fact]
    public void Without_a_data_directory_state_is_in_memory()
    {
        using var host = StateHost.Open(null);
        Assert.Equal("memory", host.Backend.Mode);
        Assert.Null(host.Backend.Location);
        Assert.IsType<InMemoryBackend>(host.Store.Log);
    }
}
