using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LineageEmulator.Tests.Persistence;

/// <summary>
/// A write either happens entirely or not at all, whatever fails and wherever: each scenario is run once per
/// step of its write (before each row change, after each index update, before the commit), with a failure
/// injected at exactly that step, and memory, indexes, partitions and disk must equal what they were before.
/// </summary>
public sealed class AtomicityTests
{
    private sealed class InjectedFailure() : Exception("injected failure");

    public static TheoryData<string> Scenarios => ["CreateArtifact", "DeleteArtifact", "AddAssociation", "CreateResourceShare", "Import", "ResetAccount"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_failure_at_any_step_of_a_write_leaves_memory_and_disk_unchanged(string scenario)
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        var write = await Arrange(emulator, scenario);
        var before = Snapshot(emulator, dir.Path);

        int step;
        for (step = 1; step < 1000; step++)
        {
            var seen = 0;
            var failAt = step;
            emulator.Store.StepHook = () =>
            {
                if (++seen == failAt) throw new InjectedFailure();
            };
            HttpStatusCode status;
            try { status = await write(); }
            finally { emulator.Store.StepHook = null; }
            if (seen < failAt)
            {
                // The write ran to the end without reaching this step: every step has been failed once.
                Assert.Equal(HttpStatusCode.OK, status);
                break;
            }
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Equal(before, Snapshot(emulator, dir.Path));
        }
        Assert.True(step > 3, $"{scenario} had only {step - 1} steps");
        Assert.NotEqual(before, Snapshot(emulator, dir.Path));
        Assert.Empty(StateInvariants.Check(emulator.Store));
    }

    /// <summary>Memory (the export), the partitions that exist, the invariants' verdict, and every row on disk.</summary>
    private static string Snapshot(PersistentEmulator emulator, string dir)
    {
        var store = emulator.Store;
        var partitions = store.Read(() => string.Join(",", store.Partitions.Select(p => p.AccountId + "/" + p.Region).Order()));
        var problems = string.Join("; ", StateInvariants.Check(store));
        using var db = new SqliteConnection($"Data Source={Path.Combine(dir, SqliteStateFile.FileName)};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT account, region, tbl, key, json FROM rows ORDER BY account, region, tbl, key";
        var disk = new StringBuilder();
        using (var reader = select.ExecuteReader())
            while (reader.Read()) disk.AppendLine(string.Join("|", Enumerable.Range(0, 5).Select(reader.GetString)));
        return $"{StateExport.Of(store)}\n--partitions {partitions}\n--problems {problems}\n--disk\n{disk}";
    }

    private static async Task<Func<Task<HttpStatusCode>>> Arrange(PersistentEmulator emulator, string scenario)
    {
        var owner = EmulatorFixture.NewAccount();
        var other = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(owner);
        var ram = new RamClient(emulator.Http, owner, "us-east-1");
        var artifact = await sm.Artifact("DataSet");
        var action = (await sm.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = EmulatorFixture.Unique("act"), ["ActionType"] = "Training",
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://atomic/act" },
        })).Ok()["ActionArn"]!.GetValue<string>();
        await sm.Associate(artifact, action);
        (await sm.Call("AddTags", new JsonObject
        {
            ["ResourceArn"] = artifact, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }),
        })).Ok();
        // Another account's association to the owner's artifact: deleting the artifact reaches into its partition.
        var theirs = await emulator.SageMaker(other).Artifact("DataSet");
        emulator.Store.Write(tx =>
        {
            var edge = new AssociationRecord(theirs, artifact, "ContributedTo", other, DateTimeOffset.UtcNow, new Model.SageMaker.UserContext());
            tx.Put(emulator.Store.AssociationsHolding(edge), edge.Key, edge);
            return 0;
        });
        var export = await (await emulator.Http.GetAsync("/_emulator/state")).Content.ReadAsStringAsync();

        async Task<HttpStatusCode> Status(Task<WireResult> call) => (HttpStatusCode)(await call).Status;
        return scenario switch
        {
            "CreateArtifact" => () => Status(emulator.SageMaker(EmulatorFixture.NewAccount()).Call("CreateArtifact", new JsonObject
            {
                ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = "s3://atomic/new" },
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "b" }),
            })),
            "DeleteArtifact" => () => Status(sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = artifact })),
            "AddAssociation" => () => Status(sm.Call("AddAssociation", new JsonObject { ["SourceArn"] = action, ["DestinationArn"] = artifact, ["AssociationType"] = "Produced" })),
            "CreateResourceShare" => () => Status(ram.Post("/createresourceshare", new JsonObject
            {
                ["name"] = EmulatorFixture.Unique("share"),
                ["resourceArns"] = new JsonArray($"arn:aws:sagemaker:us-east-1:{owner}:lineage-group/sagemaker-default-lineage-group"),
                ["principals"] = new JsonArray(other),
            })),
            // Replaces everything with what was exported, minus the owner's action: every table changes.
            "Import" => async () =>
            {
                var doc = JsonNode.Parse(export)!;
                var tables = doc["accounts"]![owner]!["us-east-1"]!;
                tables["actions"]!.AsObject().Remove(action);
                tables["associations"]!.AsObject().Remove(AssociationRecord.AssociationKey(artifact, action));
                var resp = await emulator.Http.PostAsync("/_emulator/state", new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json"));
                return resp.StatusCode;
            },
            "ResetAccount" => async () => (await emulator.Http.PostAsync($"/_emulator/reset?account={owner}", null)).StatusCode,
            _ => throw new ArgumentException(scenario),
        };
    }
}
