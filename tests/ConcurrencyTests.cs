using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests;

/// <summary>Concurrent writers and readers: every acknowledged write is there, and no reader sees half a change.</summary>
public sealed class ConcurrencyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Parallel_creates_associations_and_reads_stay_consistent()
    {
        var sm = emulator.SageMaker(EmulatorFixture.NewAccount());
        var hub = (await sm.Call("CreateArtifact", """{"ArtifactType":"Hub","Source":{"SourceUri":"s3://hub"}}""")).Ok()["ArtifactArn"]!.GetValue<string>();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var made = new List<string>();
            for (var i = 0; i < 25; i++)
            {
                var arn = (await sm.Call("CreateArtifact", $$$"""{"ArtifactType":"Leaf","Source":{"SourceUri":"s3://leaf/{{{w}}}/{{{i}}}"}}"""))
                    .Ok()["ArtifactArn"]!.GetValue<string>();
                (await sm.Call("AddAssociation", new JsonObject { ["SourceArn"] = hub, ["DestinationArn"] = arn })).Ok();
                made.Add(arn);
            }
            return made;
        })).ToList();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                // Every vertex a reader sees must be a whole artifact that exists (no half-applied create).
                var q = (await sm.Call("QueryLineage", new JsonObject
                {
                    ["StartArns"] = new JsonArray(hub), ["Direction"] = "Descendants", ["MaxResults"] = 50,
                })).Ok();
                foreach (var v in q["Vertices"]!.AsArray())
                    (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = v!["Arn"]!.GetValue<string>() })).Ok();
            }
        })).ToList();

        var created = (await Task.WhenAll(writers)).SelectMany(x => x).ToHashSet();
        await Task.WhenAll(readers);

        Assert.Equal(200, created.Count);
        var store = emulator.Services.GetRequiredService<Store>();
        var outgoing = store.Read(() => store.Index.Outgoing(hub).Select(e => e.DestinationArn).ToHashSet());
        Assert.True(created.SetEquals(outgoing), "every acknowledged association is in the adjacency index");
        Assert.Empty(StateInvariants.Check(store));
    }
}
