using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// QueryLineage over one known graph: a chain v0 -> v1 -> ... -> v11 of mixed entity kinds, plus a side
/// branch a -> v3. v4 is an action, v6 a context and v8 a trial component (seeded, created in 2020);
/// the rest are artifacts made through the API, v5 and v9 of type Model.
/// </summary>
public sealed class QueryLineageTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private sealed record Graph(string Account, string[] V, string A);

    private async Task<Graph> BuildGraph()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account);
        var v = new string[12];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = i switch
            {
                4 => emulator.PutAction(account, "ModelDeployment", new() { ["stage"] = "deploy" }),
                6 => emulator.PutContext(account, "Endpoint"),
                8 => emulator.PutTrialComponent(account),
                5 or 9 => await sm.Artifact("Model"),
                2 => await sm.Artifact("DataSet", new() { ["stage"] = "raw" }),
                7 => await sm.Artifact("DataSet", new() { ["stage"] = "clean", ["owner"] = "x" }),
                _ => await sm.Artifact("DataSet"),
            };
        }
        var a = await sm.Artifact("Image");
        for (var i = 0; i + 1 < v.Length; i++) (await sm.Associate(v[i], v[i + 1], "ContributedTo")).Ok();
        (await sm.Associate(a, v[3], "AssociatedWith")).Ok();
        return new Graph(account, v, a);
    }

    private Task<WireResult> Query(string account, JsonObject request) => emulator.SageMaker(account).Call("QueryLineage", request);

    private static JsonObject Request(string start, string? direction = null, int? depth = null, bool? edges = null, int maxResults = 50)
    {
        var r = new JsonObject { ["StartArns"] = new JsonArray(start), ["MaxResults"] = maxResults };
        if (direction is not null) r["Direction"] = direction;
        if (depth is not null) r["MaxDepth"] = depth;
        if (edges is not null) r["IncludeEdges"] = edges;
        return r;
    }

    private static SortedSet<string> Arns(JsonNode body) =>
        new(body["Vertices"]!.AsArray().Select(x => x!["Arn"]!.GetValue<string>()), StringComparer.Ordinal);

    private static SortedSet<string> Set(IEnumerable<string> arns) => new(arns, StringComparer.Ordinal);

    private static SortedSet<string> EdgeSet(JsonNode body) =>
        Set(body["Edges"]!.AsArray().Select(e => e!["SourceArn"]!.GetValue<string>() + " -> " + e["DestinationArn"]!.GetValue<string>()));

    [Fact]
    public async Task Descendants_at_each_depth_are_exactly_the_chain_prefix()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var body = (await Query(g.Account, Request(g.V[0], "Descendants", depth))).Ok();
            Assert.Equal(Set(g.V[1..(depth + 1)]), Arns(body));
        }
        // The depth is capped at 10: v11 is eleven hops away.
        Assert.DoesNotContain(g.V[11], Arns((await Query(g.Account, Request(g.V[0], "Descendants"))).Ok()));
    }

    [Fact]
    public async Task Ascendants_at_each_depth_walk_back_including_the_side_branch()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var expected = Set(g.V[(11 - depth)..11]);
            if (depth >= 9) expected.Add(g.A); // v11 -> ... -> v3 is eight hops, a is the ninth.
            var body = (await Query(g.Account, Request(g.V[11], "Ascendants", depth))).Ok();
            Assert.Equal(expected, Arns(body));
        }
    }

    [Fact]
    public async Task Both_expands_every_visited_vertex_in_both_directions_and_is_the_default()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var expected = Set(g.V[1..(depth + 1)]);
            if (depth >= 4) expected.Add(g.A); // v0 -> v3 is three hops down, a is one hop up from there.
            Assert.Equal(expected, Arns((await Query(g.Account, Request(g.V[0], "Both", depth))).Ok()));
        }
        // From the middle, Both reaches up and down; the defaults are Both and depth 10.
        var all = Set(g.V.Where(x => x != g.V[6]).Append(g.A));
        Assert.Equal(all, Arns((await Query(g.Account, Request(g.V[6]))).Ok()));
        // Descendants from a reach v3..v11 (v11 is nine hops away) but never climb back up to v0..v2.
        Assert.Equal(Set(g.V[3..]), Arns((await Query(g.Account, Request(g.A, "Descendants"))).Ok()));
    }

    [Fact]
    public async Task Vertices_carry_the_entity_type_and_lineage_type()
    {
        var g = await BuildGraph();
        var body = (await Query(g.Account, Request(g.V[3], "Descendants", 5))).Ok();
        var byArn = body["Vertices"]!.AsArray().ToDictionary(x => x!["Arn"]!.GetValue<string>(),
            x => (x!["Type"]!.GetValue<string>(), x["LineageType"]!.GetValue<string>()));
        Assert.Equal(("ModelDeployment", "Action"), byArn[g.V[4]]);
        Assert.Equal(("Model", "Artifact"), byArn[g.V[5]]);
        Assert.Equal(("Endpoint", "Context"), byArn[g.V[6]]);
        Assert.Equal(("DataSet", "Artifact"), byArn[g.V[7]]);
        Assert.Equal(("TrialComponent", "TrialComponent"), byArn[g.V[8]]);
        Assert.Equal(5, byArn.Count);
    }

    [Fact]
    public async Task Filters_choose_the_vertices_returned_while_traversal_goes_through_the_rest()
    {
        var g = await BuildGraph();
        async Task<SortedSet<string>> With(JsonObject filters)
        {
            var r = Request(g.V[0], "Descendants");
            r["Filters"] = filters;
            return Arns((await Query(g.Account, r)).Ok());
        }

        Assert.Equal(Set([g.V[5], g.V[9]]), await With(new JsonObject { ["Types"] = new JsonArray("Model") }));
        Assert.Equal(Set([g.V[4], g.V[5], g.V[9]]), await With(new JsonObject { ["Types"] = new JsonArray("Model", "ModelDeployment") }));
        Assert.Equal(Set([g.V[6], g.V[8]]), await With(new JsonObject { ["LineageTypes"] = new JsonArray("Context", "TrialComponent") }));
        var seeded = Set([g.V[4], g.V[6], g.V[8]]);
        var artifacts = Set(g.V[1..11].Except(seeded));
        Assert.Equal(seeded, await With(new JsonObject { ["CreatedBefore"] = 1600000000 }));
        Assert.Equal(artifacts, await With(new JsonObject { ["CreatedAfter"] = 1600000000 }));
        // Seeded entities were modified on 2021-01-01 (1609459200).
        Assert.Equal(seeded, await With(new JsonObject { ["ModifiedAfter"] = 1590000000, ["ModifiedBefore"] = 1609459201 }));
        Assert.Empty(await With(new JsonObject { ["ModifiedAfter"] = 1609459200, ["ModifiedBefore"] = 1609459201 }));
        // Any one matching property pair is enough.
        Assert.Equal(Set([g.V[2], g.V[7]]), await With(new JsonObject { ["Properties"] = new JsonObject { ["stage"] = "raw", ["owner"] = "x" } }));
        Assert.Equal(Set([g.V[4]]), await With(new JsonObject { ["Properties"] = new JsonObject { ["stage"] = "deploy" } }));
        Assert.Empty(await With(new JsonObject { ["Properties"] = new JsonObject { ["stage"] = "nope" } }));
        // Filters combine: Model artifacts created after 2020.
        Assert.Equal(Set([g.V[5], g.V[9]]), await With(new JsonObject { ["Types"] = new JsonArray("Model"), ["CreatedAfter"] = 1600000000 }));
    }

    [Fact]
    public async Task Modified_filters_see_updates()
    {
        var g = await BuildGraph();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m;
        await Task.Delay(20);
        (await emulator.SageMaker(g.Account).Call("UpdateArtifact", new JsonObject { ["ArtifactArn"] = g.V[2], ["ArtifactName"] = "renamed" })).Ok();
        var r = Request(g.V[0], "Descendants");
        r["Filters"] = new JsonObject { ["ModifiedAfter"] = before };
        Assert.Equal(Set([g.V[2]]), Arns((await Query(g.Account, r)).Ok()));
    }

    [Fact]
    public async Task Include_edges_returns_the_edges_walked_and_only_then()
    {
        var g = await BuildGraph();
        var without = (await Query(g.Account, Request(g.V[0], "Both", 4))).Ok();
        Assert.Empty(without["Edges"]!.AsArray());

        var with = (await Query(g.Account, Request(g.V[0], "Both", 4, edges: true))).Ok();
        var chain = Enumerable.Range(0, 4).Select(i => g.V[i] + " -> " + g.V[i + 1]);
        Assert.Equal(Set(chain.Append(g.A + " -> " + g.V[3])), EdgeSet(with));
        var edge = with["Edges"]!.AsArray().First(e => e!["SourceArn"]!.GetValue<string>() == g.A)!;
        Assert.Equal("AssociatedWith", edge["AssociationType"]!.GetValue<string>());

        // Edges to vertices a filter leaves out are still the path, so they are returned.
        var filtered = Request(g.V[0], "Descendants", 2, edges: true);
        filtered["Filters"] = new JsonObject { ["Types"] = new JsonArray("Nothing") };
        var body = (await Query(g.Account, filtered)).Ok();
        Assert.Empty(body["Vertices"]!.AsArray());
        Assert.Equal(Set([g.V[0] + " -> " + g.V[1], g.V[1] + " -> " + g.V[2]]), EdgeSet(body));
    }

    [Fact]
    public async Task Pages_of_vertices_carry_each_edge_once()
    {
        var g = await BuildGraph();
        var request = Request(g.V[0], "Both", 10, edges: true, maxResults: 4);
        var vertices = new List<string>();
        var edges = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var r = (JsonObject)request.DeepClone();
            if (token is not null) r["NextToken"] = token;
            var body = (await Query(g.Account, r)).Ok();
            var page = body["Vertices"]!.AsArray().Select(x => x!["Arn"]!.GetValue<string>()).ToList();
            Assert.True(page.Count <= 4);
            vertices.AddRange(page);
            edges.AddRange(EdgeSet(body));
            token = body["NextToken"]?.GetValue<string>();
            pages++;
        } while (token is not null);

        Assert.Equal(3, pages); // 11 vertices: 4 + 4 + 3
        Assert.Equal(vertices.Count, vertices.Distinct().Count());
        Assert.Equal(Set(g.V[1..11].Append(g.A)), Set(vertices));
        Assert.Equal(edges.Count, edges.Distinct().Count());
        var expectedEdges = Enumerable.Range(0, 10).Select(i => g.V[i] + " -> " + g.V[i + 1]).Append(g.A + " -> " + g.V[3]);
        Assert.Equal(Set(expectedEdges), Set(edges));

        // Nearer vertices come first.
        var first = (await Query(g.Account, Request(g.V[0], "Descendants", 10, maxResults: 3))).Ok();
        Assert.Equal(g.V[1..4], first["Vertices"]!.AsArray().Select(x => x!["Arn"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Tokens_belong_to_their_query()
    {
        var g = await BuildGraph();
        var token = (await Query(g.Account, Request(g.V[0], "Descendants", maxResults: 2))).Ok()["NextToken"]!.GetValue<string>();
        var other = Request(g.V[0], "Ascendants", maxResults: 2);
        other["NextToken"] = token;
        (await Query(g.Account, other)).Error("ValidationException");
        var garbage = Request(g.V[0]);
        garbage["NextToken"] = "not-a-token";
        Assert.Equal("Invalid pagination token: not-a-token", (await Query(g.Account, garbage)).Error("ValidationException").Message);
        var same = Request(g.V[0], "Descendants", maxResults: 2);
        same["NextToken"] = token;
        Assert.Equal(g.V[3..5], (await Query(g.Account, same)).Ok()["Vertices"]!.AsArray().Select(x => x!["Arn"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Vertices_and_edges_are_present_when_empty()
    {
        var g = await BuildGraph();
        foreach (var request in new[] { Request(g.V[0], "Ascendants"), Request(g.V[5], "Both", 0, edges: true) })
        {
            var body = (await Query(g.Account, request)).Ok();
            Assert.Empty(Assert.IsType<JsonArray>(body["Vertices"]));
            Assert.Empty(Assert.IsType<JsonArray>(body["Edges"]));
            Assert.Null(body["NextToken"]);
        }
    }

    [Fact]
    public async Task Bad_requests_are_rejected()
    {
        var account = EmulatorFixture.NewAccount();
        var start = await emulator.SageMaker(account).Artifact("DataSet");
        (await Query(account, new JsonObject())).Error("ValidationException");
        (await Query(account, new JsonObject { ["StartArns"] = new JsonArray() })).Error("ValidationException");
        (await Query(account, new JsonObject { ["StartArns"] = new JsonArray(start, start) })).Error("ValidationException");
        (await Query(account, Request(start, "Sideways"))).Error("ValidationException");
        Assert.Contains("Member must have value less than or equal to 10", (await Query(account, Request(start, depth: 11))).Error("ValidationException").Message);
        Assert.Contains("Member must have value greater than or equal to 0", (await Query(account, Request(start, depth: -1))).Error("ValidationException").Message);
        (await Query(account, Request(start, maxResults: 51))).Error("ValidationException");
        Assert.Contains("at 'maxResults'", (await Query(account, Request(start, maxResults: 0))).Error("ValidationException").Message);
        var bad = Request(start);
        bad["Filters"] = new JsonObject { ["LineageTypes"] = new JsonArray("Dataset") };
        (await Query(account, bad)).Error("ValidationException");

        var ghost = $"arn:aws:sagemaker:us-east-1:{account}:artifact/{Guid.NewGuid():N}";
        Assert.Equal($"Lineage entity '{ghost}' does not exist.", (await Query(account, Request(ghost))).Error("ResourceNotFound").Message);
    }

    /// <summary>
    /// Three accounts: the owner's chain o1 -> o2 -> t1 ends in a third account's artifact (the third shared
    /// with the owner, not with the consumer), and the consumer's c1 -> o1 enters the owner's graph.
    /// </summary>
    [Fact]
    public async Task Traversal_crosses_into_shared_accounts_and_stops_at_unshared_ones()
    {
        string owner = EmulatorFixture.NewAccount(), consumer = EmulatorFixture.NewAccount(), third = EmulatorFixture.NewAccount();
        string outsider = EmulatorFixture.NewAccount();
        var ownerSm = emulator.SageMaker(owner);
        var consumerSm = emulator.SageMaker(consumer);
        var o1 = await ownerSm.Artifact("DataSet");
        var o2 = await ownerSm.Artifact("Model");
        var t1 = await emulator.SageMaker(third).Artifact("Endpoint");
        var c1 = await consumerSm.Artifact("DataSet");
        await ShareAndAccept(emulator.Ram(third), emulator.Ram(owner));
        (await ownerSm.Associate(o1, o2)).Ok();
        (await ownerSm.Associate(o2, t1)).Ok();

        // Before the owner shares, the consumer may neither query from nor associate with the owner's entities.
        var denied = (await Query(consumer, Request(o1))).Error("AccessDeniedException");
        Assert.Equal($"User: arn:aws:iam::{consumer}:root is not authorized to perform: sagemaker:QueryLineage on resource: {o1} " +
            "because no resource-based policy allows the sagemaker:QueryLineage action", denied.Message);
        await ShareAndAccept(emulator.Ram(owner), emulator.Ram(consumer));
        (await consumerSm.Associate(c1, o1)).Ok();

        var fromMine = (await Query(consumer, Request(c1, edges: true))).Ok();
        Assert.Equal(Set([o1, o2]), Arns(fromMine));
        Assert.Equal(Set([c1 + " -> " + o1, o1 + " -> " + o2]), EdgeSet(fromMine));

        var fromShared = (await Query(consumer, Request(o1, edges: true))).Ok();
        Assert.Equal(Set([c1, o2]), Arns(fromShared));
        Assert.DoesNotContain(fromShared["Edges"]!.AsArray(), e => e!["DestinationArn"]!.GetValue<string>() == t1);

        // The owner reads the third account but not the consumer's.
        var ownerView = (await Query(owner, Request(o1, edges: true))).Ok();
        Assert.Equal(Set([o2, t1]), Arns(ownerView));
        Assert.Equal(Set([o1 + " -> " + o2, o2 + " -> " + t1]), EdgeSet(ownerView));

        // An account nobody shared with is still denied.
        (await Query(outsider, Request(o1))).Error("AccessDeniedException");
    }
}
