using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.Operational;

/// <summary>
/// An imported document is held to the invariants the store keeps (<see cref="StateInvariants"/>) before it
/// replaces anything: a document the emulator could not have written is a 400 with what is wrong, and the
/// state (memory and disk) stays as it was.
/// </summary>
public sealed class ImportValidationTests
{
    private sealed record Seeded(string Owner, string Other, string Artifact, string Action, JsonNode Document);

    private static async Task<Seeded> Seed(PersistentEmulator emulator)
    {
        var owner = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(owner);
        var artifact = await sm.Artifact("DataSet");
        var action = (await sm.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = EmulatorFixture.Unique("act"), ["ActionType"] = "Training",
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://import/act" },
        })).Ok()["ActionArn"]!.GetValue<string>();
        await sm.Associate(artifact, action);
        var other = EmulatorFixture.NewAccount();
        (await new RamClient(emulator.Http, owner, "us-east-1").Post("/createresourceshare", new JsonObject
        {
            ["name"] = EmulatorFixture.Unique("share"),
            ["resourceArns"] = new JsonArray($"arn:aws:sagemaker:us-east-1:{owner}:lineage-group/sagemaker-default-lineage-group"),
            ["principals"] = new JsonArray(other),
        })).Ok();
        var doc = JsonNode.Parse(await (await emulator.Http.GetAsync("/_emulator/state")).Content.ReadAsStringAsync())!;
        return new Seeded(owner, other, artifact, action, doc);
    }

    private static JsonObject Tables(JsonNode doc, string account) => doc["accounts"]![account]!["us-east-1"]!.AsObject();

    public static TheoryData<string> Damages =>
    [
        "artifact without Source", "artifact filed under another key", "artifact filed under another account",
        "artifact filed under another region", "association to a missing entity", "association with no owner",
        "association filed under another owner", "invitation with no share", "share association with no share",
        "two actions with one name", "region that is not a region name", "null where a value is required",
    ];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task An_inconsistent_document_is_a_400_and_changes_nothing(string damage)
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        var s = await Seed(emulator);
        var doc = s.Document.DeepClone();
        var mine = Tables(doc, s.Owner);
        JsonObject Row(string table, string key) => mine[table]![key]!.AsObject();
        JsonObject Move(string table, string key, string newKey)
        {
            var row = Row(table, key);
            mine[table]!.AsObject().Remove(key);
            mine[table]![newKey] = row;
            return row;
        }
        var edgeKey = AssociationRecord.AssociationKey(s.Artifact, s.Action);
        switch (damage)
        {
            case "artifact without Source": Row("artifacts", s.Artifact).Remove("Source"); break;
            case "artifact filed under another key": Move("artifacts", s.Artifact, s.Artifact + "x"); break;
            case "artifact filed under another account":
                var moved = Row("artifacts", s.Artifact).DeepClone();
                mine["artifacts"]!.AsObject().Remove(s.Artifact);
                mine["associations"]!.AsObject().Remove(edgeKey);
                doc["accounts"]![s.Other] = new JsonObject { ["us-east-1"] = new JsonObject { ["artifacts"] = new JsonObject { [s.Artifact] = moved } } };
                break;
            case "artifact filed under another region":
                var regions = doc["accounts"]![s.Owner]!.AsObject();
                var tables = regions["us-east-1"]!;
                regions.Remove("us-east-1");
                regions["eu-west-1"] = tables;
                break;
            case "association to a missing entity": mine["artifacts"]!.AsObject().Remove(s.Artifact); break;
            case "association with no owner": Row("associations", edgeKey).Remove("OwnerAccountId"); break;
            case "association filed under another owner": Row("associations", edgeKey)["OwnerAccountId"] = s.Other; break;
            case "invitation with no share":
            case "share association with no share":
                mine["ram-shares"]!.AsObject().Clear();
                if (damage == "invitation with no share") mine.Remove("ram-share-associations");
                else mine.Remove("ram-invitations");
                break;
            case "two actions with one name":
                var copy = Row("actions", s.Action).DeepClone();
                var arn = s.Action + "-2";
                copy["Arn"] = arn;
                mine["actions"]![arn] = copy;
                break;
            case "region that is not a region name":
                var all = doc["accounts"]![s.Owner]!.AsObject();
                var t = all["us-east-1"]!;
                all.Remove("us-east-1");
                all["nowhere"] = t;
                break;
            case "null where a value is required": Row("artifacts", s.Artifact)["ArtifactType"] = null; break;
        }

        var before = StateExport.Of(emulator.Store);
        var resp = await emulator.Http.PostAsync("/_emulator/state", new StringContent(doc.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(400 == (int)resp.StatusCode, $"{damage}: {(int)resp.StatusCode} {body}");
        Assert.StartsWith("invalid state document: ", JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Equal(before, StateExport.Of(emulator.Store));
        Assert.Empty(StateInvariants.Check(emulator.Store));

        // The undamaged document still imports, and the state it gives is whole.
        var ok = await emulator.Http.PostAsync("/_emulator/state", new StringContent(s.Document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)ok.StatusCode);
        (await emulator.SageMaker(s.Owner).Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = s.Artifact })).Ok();
    }

    [Fact]
    public async Task A_key_that_is_not_valid_UTF8_is_a_400()
    {
        using var emulator = new EmulatorFixture();
        var prefix = Encoding.UTF8.GetBytes("{\"formatVersion\":1,\"accounts\":{\"123456789012\":{\"us-east-1\":{\"tags\":{\"");
        byte[] bad = [0xC3, 0x28, 0xFF];
        var suffix = Encoding.UTF8.GetBytes("\":{\"Tags\":[]}}}}}}");
        var content = new ByteArrayContent([.. prefix, .. bad, .. suffix]);
        content.Headers.ContentType = new("application/json");
        var resp = await emulator.Http.PostAsync("/_emulator/state", content);
        Assert.Equal(400, (int)resp.StatusCode);
        Assert.Contains("invalid state document", await resp.Content.ReadAsStringAsync());
    }
}
