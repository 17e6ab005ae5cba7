using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;
using LineageEmulator.Tests.Ram;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// A regional endpoint sees only its region: an ARN of another region is not found, for every operation that
/// takes one, reads and writes, the caller's own resources and shared ones alike; nothing changes anywhere.
/// (Before, UpdateArtifact from another region wrote a renamed copy into the caller's region, DeleteArtifact
/// deleted the artifact's associations but not the artifact, and a receiver could describe a shared entity
/// from another region while QueryLineage refused it.)
/// </summary>
public sealed class RegionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Home = "eu-west-1", Elsewhere = "us-west-2";

    private sealed record World(string Owner, string Receiver, string Artifact, string Action, string Context, string TrialComponent,
        string ActionName);

    private async Task<World> Build()
    {
        var owner = EmulatorFixture.NewAccount();
        var receiver = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(owner, Home);
        var artifact = await sm.Artifact("DataSet");
        var actionName = EmulatorFixture.Unique("act");
        var action = (await sm.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = actionName, ["ActionType"] = "Training", ["Source"] = new JsonObject { ["SourceUri"] = "s3://r/a" },
        })).Ok()["ActionArn"]!.GetValue<string>();
        var context = (await sm.Call("CreateContext", new JsonObject
        {
            ["ContextName"] = EmulatorFixture.Unique("ctx"), ["ContextType"] = "Endpoint", ["Source"] = new JsonObject { ["SourceUri"] = "s3://r/c" },
        })).Ok()["ContextArn"]!.GetValue<string>();
        var tc = (await sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = EmulatorFixture.Unique("tc") }))
            .Ok()["TrialComponentArn"]!.GetValue<string>();
        await sm.Associate(artifact, action);
        (await sm.Call("AddTags", new JsonObject { ["ResourceArn"] = artifact, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }) })).Ok();
        // Shared in both regions, so only the region, not sharing, decides.
        await emulator.SageMaker(owner, Elsewhere).Artifact("DataSet");
        await RamHelpers.ShareAndAccept(emulator.Ram(owner, Home), emulator.Ram(receiver, Home));
        await RamHelpers.ShareAndAccept(emulator.Ram(owner, Elsewhere), emulator.Ram(receiver, Elsewhere));
        return new World(owner, receiver, artifact, action, context, tc, actionName);
    }

    // Update and Delete of actions, contexts and trial components, and DescribeLineageGroup, take names only
    // (the model's pattern refuses an ARN), and a name always means the caller's own region.
    private static IEnumerable<(string Operation, JsonObject Body)> Calls(World w)
    {
        var group = Arns.LineageGroup(Home, w.Owner, Arns.DefaultLineageGroupName);
        yield return ("DescribeArtifact", new() { ["ArtifactArn"] = w.Artifact });
        yield return ("UpdateArtifact", new() { ["ArtifactArn"] = w.Artifact, ["ArtifactName"] = "renamed" });
        yield return ("DeleteArtifact", new() { ["ArtifactArn"] = w.Artifact });
        yield return ("DescribeAction", new() { ["ActionName"] = w.Action });
        yield return ("DescribeContext", new() { ["ContextName"] = w.Context });
        yield return ("DescribeTrialComponent", new() { ["TrialComponentName"] = w.TrialComponent });
        yield return ("AddTags", new() { ["ResourceArn"] = w.Artifact, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "b" }) });
        yield return ("ListTags", new() { ["ResourceArn"] = w.Artifact });
        yield return ("DeleteTags", new() { ["ResourceArn"] = w.Artifact, ["TagKeys"] = new JsonArray("k") });
        yield return ("AddAssociation", new() { ["SourceArn"] = w.Context, ["DestinationArn"] = w.Action });
        yield return ("DeleteAssociation", new() { ["SourceArn"] = w.Artifact, ["DestinationArn"] = w.Action });
        yield return ("QueryLineage", new() { ["StartArns"] = new JsonArray(w.Artifact) });
        yield return ("GetLineageGroupPolicy", new() { ["LineageGroupName"] = group });
    }

    [Fact]
    public async Task Every_operation_on_an_ARN_of_another_region_is_ResourceNotFound_for_owner_and_receiver()
    {
        var w = await Build();
        var before = StateExport.Of(emulator.Store());
        foreach (var caller in new[] { w.Owner, w.Receiver })
        {
            var sm = emulator.SageMaker(caller, Elsewhere);
            foreach (var (operation, body) in Calls(w))
            {
                var result = await sm.Call(operation, body);
                Assert.True(result.Status == 400 && result.ErrorCode == "ResourceNotFound",
                    $"{caller} {operation}: {result.Status} {result.ErrorCode} {result.Message}");
                Assert.Contains("does not exist", result.Message);
            }
        }
        Assert.Equal(before, StateExport.Of(emulator.Store()));
    }

    [Fact]
    public async Task The_same_calls_in_the_ARNs_own_region_succeed_for_the_owner()
    {
        var w = await Build();
        var sm = emulator.SageMaker(w.Owner, Home);
        foreach (var (operation, body) in Calls(w).Where(c => c.Operation.StartsWith("Describe") || c.Operation is "ListTags" or "QueryLineage"))
            (await sm.Call(operation, body)).Ok();
        var receiver = emulator.SageMaker(w.Receiver, Home);
        (await receiver.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = w.Artifact })).Ok();
    }

    [Fact]
    public async Task A_write_from_another_region_corrupts_nothing_and_the_artifact_stays_reachable_by_source()
    {
        var w = await Build();
        var east = emulator.SageMaker(w.Owner, Elsewhere);
        (await east.Call("UpdateArtifact", new JsonObject { ["ArtifactArn"] = w.Artifact, ["ArtifactName"] = "copy" })).Error("ResourceNotFound");
        (await east.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = w.Artifact })).Error("ResourceNotFound");
        // Only the artifact the owner made there itself; no renamed copy.
        var there = (await east.Call("ListArtifacts", "{}")).Ok()["ArtifactSummaries"]!.AsArray();
        Assert.DoesNotContain(there, a => a!["ArtifactName"]?.GetValue<string>() == "copy");
        Assert.Single(there);

        var home = emulator.SageMaker(w.Owner, Home);
        var associations = (await home.Call("ListAssociations", new JsonObject { ["SourceArn"] = w.Artifact })).Ok()["AssociationSummaries"]!.AsArray();
        Assert.Single(associations);
        var uri = (await home.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = w.Artifact })).Ok()["Source"]!["SourceUri"]!.GetValue<string>();
        (await home.Call("DeleteArtifact", new JsonObject { ["Source"] = new JsonObject { ["SourceUri"] = uri } })).Ok();
    }
}
