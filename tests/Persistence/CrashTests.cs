using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LineageEmulator.Tests.Persistence;

/// <summary>
/// kill -9 of the real emulator process under a concurrent write load (CreateArtifact, AddAssociation,
/// UpdateArtifact, DeleteArtifact with its cascade): every write that got a 200 must be
/// there after a restart on the same directory, and the state must be consistent. A write that was in flight
/// at the kill may or may not have landed, but nothing else is allowed. With many writers at once, writes share
/// commits (group commit): the kill then lands among groups, and every acknowledged write must still be there.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private sealed class Worker(string account)
    {
        public string Account { get; } = account;
        /// <summary>Acknowledged state per artifact: the last acknowledged "v" property, or null once deleted.</summary>
        public Dictionary<string, int?> Acked { get; } = new();
        /// <summary>The write in flight when the process died: (arn, the "v" it would set, or null for a delete).</summary>
        public (string Arn, int? Version)? Pending { get; private set; }
        /// <summary>Acknowledged AddAssociation calls, from the previous artifact to the next.</summary>
        public List<(string Source, string Destination)> Edges { get; } = [];

        public async Task Run(HttpClient http, CancellationToken stop)
        {
            var sm = new SageMakerClient(http, Account, "us-east-1");
            try
            {
                string? previous = null;
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    Pending = null;
                    var created = (await sm.Call("CreateArtifact", new JsonObject
                    {
                        ["ArtifactType"] = "DataSet",
                        ["Source"] = new JsonObject { ["SourceUri"] = $"s3://crash/{Account}/{n}" },
                        ["Properties"] = new JsonObject { ["v"] = "0" },
                    })).Ok()["ArtifactArn"]!.GetValue<string>();
                    Acked[created] = 0;
                    if (previous is not null && Acked[previous] is not null)
                    {
                        Pending = null;
                        (await sm.Call("AddAssociation", new JsonObject
                        {
                            ["SourceArn"] = previous,
                            ["DestinationArn"] = created,
                            ["AssociationType"] = "ContributedTo",
                        })).Ok();
                        Edges.Add((previous, created));
                    }
                    previous = created;
                    for (var v = 1; v <= 2; v++)
                    {
                        Pending = (created, v);
                        (await sm.Call("UpdateArtifact", new JsonObject
                        {
                            ["ArtifactArn"] = created,
                            ["Properties"] = new JsonObject { ["v"] = v.ToString() },
                        })).Ok();
                        Acked[created] = v;
                    }
                    if (n % 3 == 0)
                    {
                        Pending = (created, null);
                        (await sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = created })).Ok();
                        Acked[created] = null;
                    }
                }
                Pending = null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The process was killed mid-request: Pending stays as the one write whose fate is unknown.
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)] // more writers than cores: several writes wait on each fsync and share the next one
    public async Task Every_acknowledged_write_survives_kill_9_and_the_state_stays_consistent(int writers)
    {
        using var dir = new TempDir();
        var workers = Enumerable.Range(0, writers).Select(_ => new Worker(EmulatorFixture.NewAccount())).ToList();
        using (var emulator = EmulatorProcess.Start(dir.Path))
        {
            await emulator.WaitReady();
            var clients = workers.Select(_ => new HttpClient { BaseAddress = emulator.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) }).ToList();
            using var stop = new CancellationTokenSource();
            var load = workers.Select((w, i) => Task.Run(() => w.Run(clients[i], stop.Token))).ToList();
            // Kill once the load has made many writes (polled with a bound, not a fixed wait: on a busy machine
            // a fixed wait may see too few), while the workers are still writing.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (workers.Sum(w => w.Acked.Count) < 10 * writers && DateTime.UtcNow < deadline && load.All(t => !t.IsCompleted))
                await Task.Delay(50);
            emulator.Kill();
            stop.Cancel();
            await Task.WhenAll(load);
            clients.ForEach(c => c.Dispose());
        }

        output.WriteLine($"acknowledged: {workers.Sum(w => w.Acked.Count)} artifacts, {workers.Sum(w => w.Edges.Count)} associations; in flight at the kill: {workers.Count(w => w.Pending is not null)}");
        Assert.True(workers.Sum(w => w.Acked.Count) >= 5 * writers, "the load should have made many writes before the kill");
        int alive;
        using (var host = StateHost.Open(dir.Path)) // the kill released the directory lock
        {
            Assert.Empty(StateInvariants.Check(host.Store));
            foreach (var w in workers) AssertAckedWritesPresent(host.Store, w);
            alive = host.Store.Partitions.Sum(p => EntityKinds.Artifact.In(p).Count);
        }

        using var restarted = EmulatorProcess.Start(dir.Path);
        await restarted.WaitReady();
        var health = JsonNode.Parse(await restarted.Http.GetStringAsync("/_emulator/health"))!;
        Assert.Equal(alive, health["entities"]!["artifacts"]!.GetValue<int>());
        var survivor = workers.SelectMany(w => w.Acked.Where(a => a.Value is not null).Select(a => (w.Account, Arn: a.Key))).First();
        (await new SageMakerClient(restarted.Http, survivor.Account, "us-east-1")
            .Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = survivor.Arn })).Ok();
    }

    private static void AssertAckedWritesPresent(Store store, Worker w)
    {
        bool Alive(string arn) => w.Acked[arn] is not null && !(w.Pending is { } p && p.Arn == arn && p.Version is null);
        foreach (var (source, destination) in w.Edges.Where(e => Alive(e.Source) && Alive(e.Destination)))
            Assert.True(store.Index.Edge(source, destination) is not null, $"acknowledged association {source} -> {destination} is lost");

        var artifacts = EntityKinds.Artifact.In(store.Partition(w.Account, "us-east-1"));
        foreach (var (arn, version) in w.Acked)
        {
            var stored = artifacts.Get(arn);
            var pending = w.Pending is { } p && p.Arn == arn ? p : ((string, int?)?)null;
            if (version is null)
            {
                Assert.True(stored is null, $"{arn} was deleted (acknowledged) but is back");
            }
            else if (pending is { Item2: null })
            {
                Assert.True(stored is null || stored.Properties!["v"] == version.ToString(), $"{arn}: unexpected state");
            }
            else
            {
                Assert.True(stored is not null, $"{arn} was acknowledged (v={version}) but is lost");
                var allowed = new[] { version, pending?.Item2 }.OfType<int>().Select(v => v.ToString());
                Assert.Contains(stored.Properties!["v"], allowed);
            }
        }
    }

    [Fact]
    public async Task A_second_emulator_process_on_the_same_directory_refuses_to_start()
    {
        using var dir = new TempDir();
        using var first = EmulatorProcess.Start(dir.Path);
        await first.WaitReady();
        using var second = EmulatorProcess.Start(dir.Path);
        Assert.Equal(1, second.WaitExit());
        Assert.Contains("is in use by another emulator", second.StandardError);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await first.Http.GetAsync("/_emulator/health")).StatusCode);
    }
}
