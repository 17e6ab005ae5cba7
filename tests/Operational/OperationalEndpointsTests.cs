using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.Operational;

public sealed class OperationalEndpointsTests
{
    private static async Task<(int Status, JsonNode Body)> Send(HttpClient http, HttpMethod method, string path, string? body = null)
    {
        var req = new HttpRequestMessage(method, path);
        if (body is not null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var resp = await http.SendAsync(req);
        return ((int)resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }

    private static async Task<string> CreateArtifact(PersistentEmulator emulator, string account) =>
        (await emulator.SageMaker(account).Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet",
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://b/" + Guid.NewGuid() },
        })).Ok()["ArtifactArn"]!.GetValue<string>();

    [Fact]
    public async Task Health_reports_version_services_persistence_and_counts()
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        await CreateArtifact(emulator, EmulatorFixture.NewAccount());
        await CreateArtifact(emulator, EmulatorFixture.NewAccount());

        var (status, health) = await Send(emulator.Http, HttpMethod.Get, "/_emulator/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(health["version"]!.GetValue<string>()));
        Assert.Equal(["sagemaker", "ram"], health["services"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(health["uptimeSeconds"]!.GetValue<double>() >= 0);
        Assert.Equal("sqlite", health["persistence"]!["mode"]!.GetValue<string>());
        Assert.Equal(Path.Combine(dir.Path, SqliteStateFile.FileName), health["persistence"]!["path"]!.GetValue<string>());
        Assert.Equal(2, health["accounts"]!.GetValue<int>());
        Assert.Equal(2, health["entities"]!["artifacts"]!.GetValue<int>());
        Assert.Equal(2, health["entities"]!["lineage-groups"]!.GetValue<int>());
        Assert.Equal(0, health["entities"]!["ram-shares"]!.GetValue<int>());
    }

    /// <summary>The suite's fixture really keeps its state in the backend the project runs the suite over.</summary>
    [Fact]
    public async Task The_suite_fixture_uses_the_suite_backend()
    {
        using var fixture = new EmulatorFixture();
        var (_, health) = await Send(fixture.Http, HttpMethod.Get, "/_emulator/health");
        var expected = EmulatorFixture.SuiteBackend == TestBackend.Sqlite ? "sqlite" : "memory";
        Assert.Equal(expected, health["persistence"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_in_memory_mode_has_no_path()
    {
        using var fixture = new EmulatorFixture(TestBackend.Memory);
        var (status, health) = await Send(fixture.Http, HttpMethod.Get, "/_emulator/health");
        Assert.Equal(200, status);
        Assert.Equal("memory", health["persistence"]!["mode"]!.GetValue<string>());
        Assert.Null(health["persistence"]!["path"]);
    }

    [Fact]
    public async Task Reset_of_one_account_removes_only_its_rows_and_is_persisted()
    {
        using var dir = new TempDir();
        var (gone, kept) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        string keptArn;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            await CreateArtifact(emulator, gone);
            await CreateArtifact(emulator, gone);
            keptArn = await CreateArtifact(emulator, kept);

            var (status, body) = await Send(emulator.Http, HttpMethod.Post, "/_emulator/reset?account=" + gone);
            Assert.Equal(200, status);
            Assert.Equal(gone, body["account"]!.GetValue<string>());
            Assert.Equal(2, body["removed"]!["artifacts"]!.GetValue<int>());
            Assert.Equal(1, body["removed"]!["lineage-groups"]!.GetValue<int>());
            Assert.Equal(3, body["total"]!.GetValue<int>());
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(0, EntityKinds.Artifact.In(reopened.Store.Partition(gone, "us-east-1")).Count);
        Assert.True(EntityKinds.Artifact.In(reopened.Store.Partition(kept, "us-east-1")).Contains(keptArn));
    }

    [Fact]
    public async Task Reset_of_one_account_leaves_nothing_in_other_accounts_pointing_at_it()
    {
        using var fixture = new EmulatorFixture();
        var (gone, kept) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var (goneSm, keptSm) = (fixture.SageMaker(gone), fixture.SageMaker(kept));
        // Each shares its lineage with the other, and the kept account links its artifact to the gone one's.
        await Ram.RamHelpers.ShareAndAccept(goneSm, fixture.Ram(gone), fixture.Ram(kept));
        await Ram.RamHelpers.ShareAndAccept(keptSm, fixture.Ram(kept), fixture.Ram(gone));
        var goneArtifact = await Ram.RamHelpers.CreateArtifact(goneSm);
        var keptArtifact = await Ram.RamHelpers.CreateArtifact(keptSm);
        (await keptSm.Call("AddAssociation", new JsonObject { ["SourceArn"] = keptArtifact, ["DestinationArn"] = goneArtifact })).Ok();

        var (status, _) = await Send(fixture.Http, HttpMethod.Post, "/_emulator/reset?account=" + gone);

        Assert.Equal(200, status);
        var store = fixture.Store();
        Assert.Empty(StateInvariants.Check(store));
        Assert.Empty(store.Read(() => store.Index.Outgoing(keptArtifact).ToList()));
        Assert.Empty(store.Read(() => store.Index.SharesNamingAccount(gone).ToList()));
        Assert.Empty(store.Read(() => store.Index.InvitationsFor(gone).ToList()));
        // The kept account's own share and entities are still there.
        Assert.Single((await fixture.Ram(kept).Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]!.AsArray());
        (await keptSm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = keptArtifact })).Ok();
    }

    [Fact]
    public async Task Reset_of_everything_empties_the_store_and_a_bad_account_changes_nothing()
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        await CreateArtifact(emulator, EmulatorFixture.NewAccount());
        var before = StateExport.Of(emulator.Store);

        var (badStatus, bad) = await Send(emulator.Http, HttpMethod.Post, "/_emulator/reset?account=12345");
        Assert.Equal(400, badStatus);
        Assert.Contains("12-digit", bad["message"]!.GetValue<string>());
        Assert.Equal(before, StateExport.Of(emulator.Store));

        var (status, body) = await Send(emulator.Http, HttpMethod.Post, "/_emulator/reset");
        Assert.Equal(200, status);
        Assert.Equal(2, body["total"]!.GetValue<int>());
        Assert.Equal(0, (await Send(emulator.Http, HttpMethod.Get, "/_emulator/health")).Body["accounts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_then_import_into_another_emulator_reproduces_the_state_and_persists_it()
    {
        var source = new Store();
        StateFixture.Populate(source);
        var document = StateExport.Of(source);

        using var dir = new TempDir();
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var stale = await CreateArtifact(emulator, EmulatorFixture.NewAccount()); // import replaces, so this goes
            var (status, body) = await Send(emulator.Http, HttpMethod.Post, "/_emulator/state", document);
            Assert.Equal(200, status);
            Assert.Equal(1, body["imported"]!["artifacts"]!.GetValue<int>());
            Assert.Equal(2, body["imported"]!["lineage-groups"]!.GetValue<int>());

            var (exportStatus, exported) = await Send(emulator.Http, HttpMethod.Get, "/_emulator/state");
            Assert.Equal(200, exportStatus);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), exported));
            Assert.DoesNotContain(stale, exported.ToJsonString());
            // Imported rows are live: the wire sees them and the indexes were maintained.
            (await emulator.SageMaker(StateFixture.Owner).Call("DescribeArtifact",
                new JsonObject { ["ArtifactArn"] = StateFixture.ArtifactArn })).Ok();
            Assert.Empty(StateInvariants.Check(emulator.Store));
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(document, StateExport.Of(reopened.Store));
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "\"accounts\"")]
    [InlineData("{\"formatVersion\":2,\"accounts\":{}}", "formatVersion")]
    [InlineData("{\"accounts\":{\"12\":{}}}", "12-digit")]
    [InlineData("{\"accounts\":{\"111122223333\":{\"us-east-1\":{\"nope\":{}}}}}", "unknown table 'nope'")]
    [InlineData("{\"accounts\":{\"111122223333\":{\"us-east-1\":{\"artifacts\":{\"k\":{\"CreationTime\":\"yesterday\"}}}}}}", "111122223333/us-east-1/artifacts/k")]
    [InlineData("{\"accounts\":{\"111122223333\":{\"us-east-1\":{\"artifacts\":{\"k\":5}}}}}", "must be a JSON object")]
    [InlineData("not json", "invalid state document")]
    public async Task A_bad_import_is_400_and_changes_nothing(string document, string expected)
    {
        using var fixture = new EmulatorFixture();
        var account = EmulatorFixture.NewAccount();
        (await fixture.SageMaker(account).Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet",
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://b/x" },
        })).Ok();
        var (_, before) = await Send(fixture.Http, HttpMethod.Get, "/_emulator/state");

        var (status, body) = await Send(fixture.Http, HttpMethod.Post, "/_emulator/state", document);
        Assert.Equal(400, status);
        Assert.Contains(expected, body["message"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(before, (await Send(fixture.Http, HttpMethod.Get, "/_emulator/state")).Body));
    }

    [Fact]
    public async Task Operational_endpoints_are_not_reachable_through_the_aws_wire()
    {
        using var fixture = new EmulatorFixture();
        (await fixture.SageMaker(EmulatorFixture.NewAccount()).Call("_emulator/reset", "{}")).Error("UnknownOperationException");
        // A method the operational route does not take falls to the AWS side, which refuses it.
        var resp = await fixture.Http.PostAsync("/_emulator/health", null);
        Assert.Equal(HttpStatusCode.Forbidden, resp.StatusCode);
        Assert.DoesNotContain("uptimeSeconds", await resp.Content.ReadAsStringAsync());
    }
}
