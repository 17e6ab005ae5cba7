using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// State costs memory only while it holds rows: reads never create an account's partition, a write that fails
/// leaves none behind, and reset frees what it removes. (Before, every call, reads included, kept a partition
/// per account and region for good.)
/// </summary>
public sealed class PartitionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private int Partitions() => emulator.Store().Read(() => emulator.Store().Partitions.Count());

    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-south-2", "xx-made-up-7"];

    [Fact]
    public async Task Reads_and_failed_writes_by_accounts_with_no_state_create_no_partition()
    {
        var before = Partitions();
        foreach (var region in Regions)
        {
            var account = EmulatorFixture.NewAccount();
            var sm = emulator.SageMaker(account, region);
            var missing = $"arn:aws:sagemaker:{region}:{account}:artifact/{Guid.NewGuid():N}";
            (await sm.Call("ListArtifacts", "{}")).Ok();
            (await sm.Call("ListLineageGroups", "{}")).Ok();
            (await sm.Call("ListAssociations", "{}")).Ok();
            (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = missing })).Error("ResourceNotFound");
            (await sm.Call("QueryLineage", new JsonObject { ["StartArns"] = new JsonArray(missing) })).Error("ResourceNotFound");
            (await sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = missing })).Error("ResourceNotFound");
            (await sm.Call("UpdateAction", new JsonObject { ["ActionName"] = "nothing" })).Error("ResourceNotFound");
            var ram = emulator.Ram(account, region);
            (await ram.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok();
            (await ram.Post("/getresourceshareinvitations", new JsonObject())).Ok();
            (await ram.Post("/listresources", new JsonObject { ["resourceOwner"] = "SELF" })).Ok();
        }
        Assert.Equal(before, Partitions());
    }

    [Fact]
    public async Task Reset_frees_the_partitions_it_empties()
    {
        using var own = new EmulatorFixture();
        var accounts = Enumerable.Range(0, 3).Select(_ => EmulatorFixture.NewAccount()).ToList();
        foreach (var account in accounts)
            foreach (var region in Regions[..2])
                await own.SageMaker(account, region).Artifact("DataSet");
        int Count() => own.Store().Read(() => own.Store().Partitions.Count());
        Assert.Equal(6, Count());

        Assert.Equal(200, (int)(await own.Http.PostAsync($"/_emulator/reset?account={accounts[0]}", null)).StatusCode);
        Assert.Equal(4, Count());
        Assert.Equal(200, (int)(await own.Http.PostAsync("/_emulator/reset", null)).StatusCode);
        Assert.Equal(0, Count());
    }

    [Fact]
    public async Task Deleting_an_accounts_last_rows_frees_its_partition()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account, "eu-west-1");
        var arn = await sm.Artifact("DataSet");
        Assert.NotNull(emulator.Store().FindPartition(account, "eu-west-1"));
        (await sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = arn })).Ok();
        // The default lineage group stays: it was created with the account's first entity, as on AWS.
        Assert.NotNull(emulator.Store().FindPartition(account, "eu-west-1"));
        Assert.Equal(200, (int)(await emulator.Http.PostAsync($"/_emulator/reset?account={account}", null)).StatusCode);
        Assert.Null(emulator.Store().FindPartition(account, "eu-west-1"));
    }
}
