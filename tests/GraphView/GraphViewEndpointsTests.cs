using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operational.GraphView;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.GraphView;

/// <summary>
/// The graph view's data endpoints, in process. Their answers are checked against the AWS operations they
/// stand for (QueryLineage, Describe*, RAM's listings) made by the same account, so the view can neither
/// show more than the API nor drift from it.
/// </summary>
public sealed class GraphViewEndpointsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private async Task<(int Status, JsonNode Body)> Get(string pathAndQuery)
    {
        var response = await emulator.Http.GetAsync("/_emulator/ui/api/" + pathAndQuery);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string As(string account) => $"account={account}&region=us-east-1";

    private async Task<JsonNode> Graph(string account, JsonObject query, int? limit = null)
    {
        var (status, body) = await Get($"graph?{As(account)}&query={Uri.EscapeDataString(query.ToJsonString())}"
            + (limit is null ? "" : $"&limit={limit}"));
        Assert.True(status == 200, body.ToJsonString());
        return body;
    }

    private static JsonObject Query(string start, string direction = "Both", int depth = 10, JsonObject? filters = null)
    {
        var q = new JsonObject { ["StartArns"] = new JsonArray(start), ["Direction"] = direction, ["MaxDepth"] = depth };
        if (filters is not null) q["Filters"] = filters;
        return q;
    }

    /// <summary>Every page of QueryLineage with edges, as the account: (vertices, edges).</summary>
    private async Task<(SortedSet<string> Vertices, SortedSet<string> Edges)> QueryLineage(string account, JsonObject query, bool includeEdges = true)
    {
        var vertices = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            var request = (JsonObject)query.DeepClone();
            request["IncludeEdges"] = includeEdges;
            request["MaxResults"] = 50;
            if (next is not null) request["NextToken"] = next;
            var page = (await emulator.SageMaker(account).Call("QueryLineage", request)).Ok();
            foreach (var v in page["Vertices"]!.AsArray()) vertices.Add(v!["Arn"]!.GetValue<string>());
            foreach (var e in page["Edges"]!.AsArray()) edges.Add(e!["SourceArn"]!.GetValue<string>() + "|" + e["DestinationArn"]!.GetValue<string>());
            next = page["NextToken"]?.GetValue<string>();
        } while (next is not null);
        return (vertices, edges);
    }

    private static SortedSet<string> Drawn(JsonNode graph, bool onlyMatches = false) => new(graph["vertices"]!.AsArray()
        .Where(v => !onlyMatches || v!["matches"]!.GetValue<bool>())
        .Select(v => v!["entity"]!["arn"]!.GetValue<string>()), StringComparer.Ordinal);

    private static SortedSet<string> Edges(JsonNode graph) => new(graph["edges"]!.AsArray()
        .Select(e => e!["source"]!.GetValue<string>() + "|" + e["destination"]!.GetValue<string>()), StringComparer.Ordinal);

    [Fact]
    public async Task The_graph_is_QueryLineages_answer_for_each_account_direction_and_filter()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        var cases = new List<(string Account, JsonObject Query)>();
        foreach (var (account, start) in new[] { (g.A, g.Data), (g.A, g.Model), (g.B, g.Copy), (g.B, g.Model), (g.B, g.Evaluation), (g.C, g.Outsider) })
            foreach (var direction in DirectionValues.All)
                foreach (var depth in new[] { 0, 1, 2, 10 })
                    cases.Add((account, Query(start, direction, depth)));
        cases.Add((g.B, Query(g.Copy, filters: new JsonObject { ["LineageTypes"] = new JsonArray("Artifact") })));
        cases.Add((g.B, Query(g.Copy, filters: new JsonObject { ["Types"] = new JsonArray("Model", "TrainingJob") })));

        foreach (var (account, query) in cases)
        {
            var graph = await Graph(account, query);
            var filtered = query["Filters"] is not null;
            // With a filter, QueryLineage's entities of interest (no edges) are the vertices the graph marks.
            var (vertices, edges) = await QueryLineage(account, query, includeEdges: !filtered);
            Assert.Equal(vertices, Drawn(graph, onlyMatches: filtered));
            if (!filtered) Assert.Equal(edges, Edges(graph));
            Assert.Equal(query["StartArns"]![0]!.GetValue<string>(), graph["vertices"]![0]!["entity"]!["arn"]!.GetValue<string>());
        }

        // The owner does not see the receiver's SameAs twin; the receiver sees the owner's entities marked with their account.
        var owner = await Graph(g.A, Query(g.Data));
        Assert.Equal(new SortedSet<string>([g.Data, g.Train, g.Model, g.Endpoint], StringComparer.Ordinal), Drawn(owner));
        var receiver = await Graph(g.B, Query(g.Copy));
        var model = receiver["vertices"]!.AsArray().Single(v => v!["entity"]!["arn"]!.GetValue<string>() == g.Model)!["entity"]!;
        Assert.Equal((g.A, "artifact", "Model", g.ModelName), (model["account"]!.GetValue<string>(), model["kind"]!.GetValue<string>(),
            model["type"]!.GetValue<string>(), model["name"]!.GetValue<string>()));
        var sameAs = receiver["edges"]!.AsArray().Single(e => e!["source"]!.GetValue<string>() == g.Copy && e["destination"]!.GetValue<string>() == g.Data)!;
        Assert.Equal("SameAs", sameAs["associationType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_start_the_account_may_not_read_gets_the_error_QueryLineage_gives()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        var denied = await emulator.SageMaker(g.C).Call("QueryLineage", Query(g.Model));
        var (status, body) = await Get($"graph?{As(g.C)}&query={Uri.EscapeDataString(Query(g.Model).ToJsonString())}");
        Assert.Equal((400, denied.ErrorCode, denied.Message), (status, body["code"]!.GetValue<string>(), body["message"]!.GetValue<string>()));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);

        var missing = g.Copy[..^4] + "0000";
        (status, body) = await Get($"graph?{As(g.B)}&query={Uri.EscapeDataString(Query(missing).ToJsonString())}");
        Assert.Equal((400, "ResourceNotFound"), (status, body["code"]!.GetValue<string>()));

        // After the share is deleted the receiver is refused the owner's lineage, as QueryLineage refuses it.
        await g.Revoke(emulator.Http);
        (status, body) = await Get($"graph?{As(g.B)}&query={Uri.EscapeDataString(Query(g.Model).ToJsonString())}");
        Assert.Equal((400, "AccessDeniedException"), (status, body["code"]!.GetValue<string>()));
        Assert.Equal(new SortedSet<string>([g.Copy, g.Evaluation], StringComparer.Ordinal), Drawn(await Graph(g.B, Query(g.Copy))));
    }

    [Theory]
    [InlineData("graph?account=12345&region=us-east-1&query={}", null, "12-digit")]
    [InlineData("graph?account=123456789012&region=US_EAST&query={}", null, "region")]
    [InlineData("graph?account=123456789012&region=us-east-1", null, "'query' is required")]
    [InlineData("graph?account=123456789012&region=us-east-1&query={\"StartArns\":", "SerializationException", null)]
    [InlineData("graph?account=123456789012&region=us-east-1&query={\"StartArns\":[\"arn:aws:sagemaker:us-east-1:123456789012:artifact/x\"],\"MaxDepth\":11}", "ValidationException", "maxDepth")]
    [InlineData("graph?account=123456789012&region=us-east-1&query={\"StartArns\":[\"arn:aws:sagemaker:us-east-1:123456789012:artifact/x\"],\"MaxDepth\":-1}", "ValidationException", "maxDepth")]
    [InlineData("graph?account=123456789012&region=us-east-1&query={\"StartArns\":[\"arn:aws:sagemaker:us-east-1:123456789012:artifact/x\"],\"Direction\":\"Sideways\"}", "ValidationException", "direction")]
    [InlineData("graph?account=123456789012&region=us-east-1&query={}", "ValidationException", "exactly one")]
    [InlineData("graph?account=123456789012&region=us-east-1&limit=0&query={}", null, "limit")]
    [InlineData("graph?account=123456789012&region=us-east-1&limit=2001&query={}", null, "limit")]
    [InlineData("entities?account=123456789012&region=us-east-1&limit=abc", null, "limit")]
    [InlineData("describe?account=123456789012&region=us-east-1&arn=not-an-arn", null, "not the ARN")]
    [InlineData("describe?account=123456789012&region=us-east-1&arn=arn:aws:sagemaker:us-east-1:123456789012:artifact/missing", "ResourceNotFound", null)]
    [InlineData("describe?account=123456789012&region=us-east-1", null, "'arn' is required")]
    [InlineData("ram?region=us-east-1", null, "'account' is required")]
    public async Task Bad_input_is_a_400_that_says_what_is_wrong(string pathAndQuery, string? code, string? message)
    {
        var (status, body) = await Get(pathAndQuery);
        Assert.Equal(400, status);
        Assert.Equal(code, body["code"]?.GetValue<string>());
        if (message is not null) Assert.Contains(message, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_drawing_is_capped_at_the_limit_and_says_how_much_the_walk_reached()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account);
        var center = await sm.Artifact("DataSet");
        var leaves = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            leaves.Add(await sm.Artifact("Model"));
            await sm.Associate(center, leaves[^1], "ContributedTo");
        }

        var graph = await Graph(account, Query(center), limit: 50);
        Assert.Equal(121, graph["totalVertices"]!.GetValue<int>());
        Assert.Equal(120, graph["totalEdges"]!.GetValue<int>());
        var vertices = graph["vertices"]!.AsArray();
        Assert.Equal(50, vertices.Count);
        Assert.Equal(center, vertices[0]!["entity"]!["arn"]!.GetValue<string>());
        Assert.Equal(49, graph["edges"]!.AsArray().Count);
        // The first part of the walk: QueryLineage's order (by depth, then ARN).
        Assert.Equal(leaves.Order(StringComparer.Ordinal).Take(49), vertices.Skip(1).Select(v => v!["entity"]!["arn"]!.GetValue<string>()));
        // Under the default limit the whole walk is drawn.
        Assert.True(GraphViewEndpoints.DefaultVertexLimit > 121);
        Assert.Equal(121, (await Graph(account, Query(center)))["vertices"]!.AsArray().Count);
    }

    [Fact]
    public async Task Entities_are_those_the_account_may_read_searchable_by_name_arn_type_and_source_uri()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        async Task<(int Total, List<string> Arns)> Entities(string account, string search = "", int? limit = null)
        {
            var (status, body) = await Get($"entities?{As(account)}&search={Uri.EscapeDataString(search)}" + (limit is null ? "" : $"&limit={limit}"));
            Assert.Equal(200, status);
            return (body["total"]!.GetValue<int>(), [.. body["entities"]!.AsArray().Select(e => e!["arn"]!.GetValue<string>())]);
        }

        var all = g.OwnerEntities.Concat(g.ReceiverEntities).Order().ToList();
        Assert.Equal(all, (await Entities(g.B)).Arns.Order());
        Assert.Equal(g.ReceiverEntities.Order(), (await Entities(g.B)).Arns.Take(2).Order()); // its own first
        Assert.Equal(g.OwnerEntities.Order(), (await Entities(g.A)).Arns.Order());
        Assert.Equal([g.Outsider], (await Entities(g.C)).Arns);

        Assert.Equal([g.Model], (await Entities(g.B, g.ModelName.ToUpperInvariant())).Arns); // name, ignoring case
        // ARN: the artifact id alone is shared with A's artifact of the same data, so the account is part of the search.
        Assert.Equal([g.Copy], (await Entities(g.B, $"{g.B}:artifact/")).Arns);
        Assert.Equal([g.Endpoint], (await Entities(g.B, "endpoint/prod")).Arns); // SourceUri
        Assert.Equal([g.Train], (await Entities(g.B, "trainingjob")).Arns); // type
        Assert.Equal(new[] { g.Data, g.Copy }.Order(), (await Entities(g.B, "raw.csv")).Arns.Order()); // the shared SourceUri

        var (total, first) = await Entities(g.B, limit: 2);
        Assert.Equal((6, 2), (total, first.Count));

        await g.Revoke(emulator.Http);
        Assert.Equal(g.ReceiverEntities.Order(), (await Entities(g.B)).Arns.Order());
    }

    [Fact]
    public async Task Describe_answers_what_each_kinds_describe_operation_answers_the_account()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        // One entity of every kind in the registry, each described as B (its own evaluation, A's others through the share).
        // Experiments and trials are described by name, so only as their own account (here a fresh one, D).
        var d = emulator.SageMaker(EmulatorFixture.NewAccount());
        var experimentName = EmulatorFixture.Unique("exp");
        var experiment = (await d.Call("CreateExperiment", new JsonObject { ["ExperimentName"] = experimentName })).Ok()["ExperimentArn"]!.GetValue<string>();
        var trial = (await d.Call("CreateTrial", new JsonObject { ["TrialName"] = EmulatorFixture.Unique("trial"), ["ExperimentName"] = experimentName }))
            .Ok()["TrialArn"]!.GetValue<string>();
        var samples = new[] { (g.B, g.Model), (g.B, g.Train), (g.B, g.Endpoint), (g.B, g.Evaluation), (d.Account, experiment), (d.Account, trial) };
        Assert.Equal(EntityKinds.All.Select(k => k.ResourceType).Order(), samples.Select(s => EntityKinds.OfArn(s.Item2)!.ResourceType).Order());
        foreach (var (viewer, arn) in samples)
        {
            var kind = EntityKinds.OfArn(arn)!;
            var expected = (await emulator.SageMaker(viewer).Call(kind.DescribeOperation, new JsonObject { [kind.DescribeMember] = kind.DescribeKey(arn) })).Ok();
            var (status, body) = await Get($"describe?{As(viewer)}&arn={Uri.EscapeDataString(arn)}");
            Assert.Equal(200, status);
            Assert.True(JsonNode.DeepEquals(expected, body), $"{kind.DescribeOperation}: {expected.ToJsonString()} vs {body.ToJsonString()}");
        }

        var (deniedStatus, denied) = await Get($"describe?{As(g.C)}&arn={Uri.EscapeDataString(g.Model)}");
        Assert.Equal((400, "AccessDeniedException"), (deniedStatus, denied["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_ram_picture_is_what_rams_operations_answer_and_the_authorizers_verdict()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        // C invites B without B answering: a pending invitation.
        var pending = await Ram.RamHelpers.CreateShare(emulator.Ram(g.C), Ram.RamHelpers.GroupArn(g.C), g.B);

        var (_, owner) = await Get($"ram?{As(g.A)}");
        var share = owner["owned"]!["resourceShares"]!.AsArray().Single()!;
        Assert.Equal((g.ShareArn, "ACTIVE"), (share["resourceShareArn"]!.GetValue<string>(), share["status"]!.GetValue<string>()));
        var principal = owner["ownedAssociations"]!["resourceShareAssociations"]!.AsArray().Single(a => a!["associationType"]!.GetValue<string>() == "PRINCIPAL")!;
        Assert.Equal((g.B, "ASSOCIATED"), (principal["associatedEntity"]!.GetValue<string>(), principal["status"]!.GetValue<string>()));
        Assert.Equal([g.B], owner["lineageReadBy"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Empty(owner["readsLineageOf"]!.AsArray());

        var (_, receiver) = await Get($"ram?{As(g.B)}");
        var expected = (await emulator.Ram(g.B).Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok();
        Assert.True(JsonNode.DeepEquals(expected["resourceShares"], receiver["received"]!["resourceShares"]));
        var invitations = receiver["invitations"]!["resourceShareInvitations"]!.AsArray();
        Assert.Equal("ACCEPTED", invitations.Single(i => i!["resourceShareArn"]!.GetValue<string>() == g.ShareArn)!["status"]!.GetValue<string>());
        Assert.Equal("PENDING", invitations.Single(i => i!["resourceShareArn"]!.GetValue<string>() == pending.ResourceShareArn)!["status"]!.GetValue<string>());
        Assert.Equal([g.A], receiver["readsLineageOf"]!.AsArray().Select(a => a!.GetValue<string>()));

        await g.Revoke(emulator.Http);
        (_, receiver) = await Get($"ram?{As(g.B)}");
        Assert.Empty(receiver["readsLineageOf"]!.AsArray());
    }

    [Fact]
    public async Task The_page_and_every_asset_it_names_are_served_from_the_assembly()
    {
        var page = await emulator.Http.GetAsync("/_emulator/ui");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/_emulator/ui/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, assets.Count);
        foreach (var asset in assets)
        {
            var response = await emulator.Http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, asset);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, asset);
        }
        // Nothing is loaded from anywhere else.
        Assert.DoesNotMatch("(?:src|href)=\"(?:https?:)?//", html);
        Assert.Equal(404, (int)(await emulator.Http.GetAsync("/_emulator/ui/assets/nothing.js")).StatusCode);
    }

    /// <summary>
    /// The view is served behind the request guard every route has (README, security model): a page on
    /// another origin, or a DNS-rebinding page under its own host name, gets neither the page nor its data;
    /// the page's own same-origin requests (what Chromium sends from /_emulator/ui) pass.
    /// </summary>
    [Theory]
    [InlineData("Origin", "http://evil.example", 403)]
    [InlineData("Sec-Fetch-Site", "cross-site", 403)]
    [InlineData("Host", "attacker.example", 403)]
    [InlineData("Sec-Fetch-Site", "same-origin", 200)]
    public async Task The_view_and_its_data_refuse_other_origins_and_hosts(string header, string value, int status)
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        foreach (var path in new[] { "/_emulator/ui", "/_emulator/ui/assets/graph-view.js",
            $"/_emulator/ui/api/graph?{As(g.B)}&query={Uri.EscapeDataString(Query(g.Copy).ToJsonString())}", $"/_emulator/ui/api/ram?{As(g.B)}" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (header == "Host") request.Headers.Host = value;
            else request.Headers.TryAddWithoutValidation(header, value);
            var response = await emulator.Http.SendAsync(request);
            Assert.True(status == (int)response.StatusCode, $"{path} with {header}: {value} answered {(int)response.StatusCode}");
            if (status == 403) Assert.DoesNotContain(g.Copy, await response.Content.ReadAsStringAsync());
        }
    }
}
