using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// QueryLineage over one known graph: a chain v0 -> v1 -> ... -> v11 of mixed entity kinds, plus a side
/// branch a -> v3. v4 is an action, v6 a context and v8 a trial component (seeded, created in 2020);
/// the rest are artifacts made through the API, v5 and v9 of type Model.
/// </summary>
public sealed class QueryLineageTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture emulator;

    // Every request gets its own, later time, so modification filters are exact without waiting.
    public QueryLineageTests(EmulatorFixture emulator) => this.emulator = TickingClock.InstallOn(emulator);

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
        for (var i = 0; i + 1 < v.Length; i++) await sm.Associate(v[i], v[i + 1], "ContributedTo");
        await sm.Associate(a, v[3], "AssociatedWith");
        return new Graph(account, v, a);
    }

    private Task<QueryLineageResponse> Query(string account, QueryLineageRequest request) => emulator.SageMaker(account).QueryLineageAsync(request);

    private static QueryLineageRequest Request(string start, string? direction = null, int? depth = null, bool? edges = null, int? maxResults = 50,
        QueryFilters? filters = null, string? token = null) => new()
    {
        StartArns = [start],
        Direction = direction,
        MaxDepth = depth,
        IncludeEdges = edges,
        MaxResults = maxResults,
        Filters = filters,
        NextToken = token,
    };

    private static DateTimeOffset Epoch(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static List<string> Arns(QueryLineageResponse body) => [.. body.Vertices!.Select(x => x.Arn!)];

    private static SortedSet<string> ArnSet(QueryLineageResponse body) => Set(Arns(body));

    private static SortedSet<string> Set(IEnumerable<string> arns) => new(arns, StringComparer.Ordinal);

    private static SortedSet<string> EdgeSet(QueryLineageResponse body) => Set(body.Edges!.Select(e => e.SourceArn + " -> " + e.DestinationArn));

    [Fact]
    public async Task Descendants_at_each_depth_are_exactly_the_chain_prefix()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var body = await Query(g.Account, Request(g.V[0], "Descendants", depth));
            Assert.Equal(Set(g.V[..(depth + 1)]), ArnSet(body));
        }
        // The depth is capped at 10: v11 is eleven hops away.
        Assert.DoesNotContain(g.V[11], ArnSet(await Query(g.Account, Request(g.V[0], "Descendants"))));
    }

    [Fact]
    public async Task Ascendants_at_each_depth_walk_back_including_the_side_branch()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var expected = Set(g.V[(11 - depth)..]);
            if (depth >= 9) expected.Add(g.A); // v11 -> ... -> v3 is eight hops, a is the ninth.
            var body = await Query(g.Account, Request(g.V[11], "Ascendants", depth));
            Assert.Equal(expected, ArnSet(body));
        }
    }

    [Fact]
    public async Task Both_expands_every_visited_vertex_in_both_directions_and_is_the_default()
    {
        var g = await BuildGraph();
        for (var depth = 1; depth <= 10; depth++)
        {
            var expected = Set(g.V[..(depth + 1)]);
            if (depth >= 4) expected.Add(g.A); // v0 -> v3 is three hops down, a is one hop up from there.
            Assert.Equal(expected, ArnSet(await Query(g.Account, Request(g.V[0], "Both", depth))));
        }
        // From the middle, Both reaches up and down; the defaults are Both and depth 10.
        var all = Set(g.V.Append(g.A));
        Assert.Equal(all, ArnSet(await Query(g.Account, Request(g.V[6]))));
        // Descendants from a reach v3..v11 (v11 is nine hops away) but never climb back up to v0..v2.
        Assert.Equal(Set(g.V[3..].Append(g.A)), ArnSet(await Query(g.Account, Request(g.A, "Descendants"))));
    }

    [Fact]
    public async Task Vertices_carry_the_entity_type_and_lineage_type()
    {
        var g = await BuildGraph();
        var body = await Query(g.Account, Request(g.V[3], "Descendants", 5));
        var byArn = body.Vertices!.ToDictionary(x => x.Arn!, x => (x.Type, x.LineageType));
        Assert.Equal(("DataSet", "Artifact"), byArn[g.V[3]]);
        Assert.Equal(("ModelDeployment", "Action"), byArn[g.V[4]]);
        Assert.Equal(("Model", "Artifact"), byArn[g.V[5]]);
        Assert.Equal(("Endpoint", "Context"), byArn[g.V[6]]);
        Assert.Equal(("DataSet", "Artifact"), byArn[g.V[7]]);
        Assert.Equal(("TrialComponent", "TrialComponent"), byArn[g.V[8]]);
        Assert.Equal(6, byArn.Count);
    }

    [Fact]
    public async Task Filters_choose_the_vertices_returned_while_traversal_goes_through_the_rest()
    {
        var g = await BuildGraph();
        async Task<SortedSet<string>> With(QueryFilters filters) => ArnSet(await Query(g.Account, Request(g.V[0], "Descendants", filters: filters)));

        Assert.Equal(Set([g.V[5], g.V[9]]), await With(new() { Types = ["Model"] }));
        Assert.Equal(Set([g.V[4], g.V[5], g.V[9]]), await With(new() { Types = ["Model", "ModelDeployment"] }));
        Assert.Equal(Set([g.V[6], g.V[8]]), await With(new() { LineageTypes = [LineageTypeValues.Context, LineageTypeValues.TrialComponent] }));
        var seeded = Set([g.V[4], g.V[6], g.V[8]]);
        // The start (v0, a DataSet artifact made through the API) is filtered like every other vertex.
        var artifacts = Set(g.V[..11].Except(seeded));
        Assert.Equal(seeded, await With(new() { CreatedBefore = Epoch(1600000000) }));
        Assert.Equal(artifacts, await With(new() { CreatedAfter = Epoch(1600000000) }));
        // Seeded entities were modified on 2021-01-01 (1609459200).
        Assert.Equal(seeded, await With(new() { ModifiedAfter = Epoch(1590000000), ModifiedBefore = Epoch(1609459201) }));
        Assert.Empty(await With(new() { ModifiedAfter = Epoch(1609459200), ModifiedBefore = Epoch(1609459201) }));
        // Any one matching property pair is enough.
        Assert.Equal(Set([g.V[2], g.V[7]]), await With(new() { Properties = new Dictionary<string, string> { ["stage"] = "raw", ["owner"] = "x" } }));
        Assert.Equal(Set([g.V[4]]), await With(new() { Properties = new Dictionary<string, string> { ["stage"] = "deploy" } }));
        Assert.Empty(await With(new() { Properties = new Dictionary<string, string> { ["stage"] = "nope" } }));
        // Filters combine: Model artifacts created after 2020.
        Assert.Equal(Set([g.V[5], g.V[9]]), await With(new() { Types = ["Model"], CreatedAfter = Epoch(1600000000) }));
    }

    [Fact]
    public async Task Modified_filters_see_updates()
    {
        var g = await BuildGraph();
        var before = emulator.Services.GetRequiredService<EmulatorOptions>().Clock.GetUtcNow();
        await emulator.SageMaker(g.Account).UpdateArtifactAsync(new() { ArtifactArn = g.V[2], ArtifactName = "renamed" });
        Assert.Equal(Set([g.V[2]]), ArnSet(await Query(g.Account, Request(g.V[0], "Descendants", filters: new() { ModifiedAfter = before }))));
    }

    [Fact]
    public async Task Include_edges_returns_the_edges_walked_and_only_then()
    {
        var g = await BuildGraph();
        var without = await Query(g.Account, Request(g.V[0], "Both", 4));
        Assert.Empty(without.Edges!);

        var with = await Query(g.Account, Request(g.V[0], "Both", 4, edges: true));
        var chain = Enumerable.Range(0, 4).Select(i => g.V[i] + " -> " + g.V[i + 1]);
        Assert.Equal(Set(chain.Append(g.A + " -> " + g.V[3])), EdgeSet(with));
        Assert.Equal(AssociationEdgeTypeValues.AssociatedWith, with.Edges!.First(e => e.SourceArn == g.A).AssociationType);
    }

    /// <summary>
    /// The API reference: IncludeEdges "retrieves not only the entities of interest but also the
    /// Associations and lineage entities on the path", and Edges "connect vertices in the response". So a
    /// filter chooses the entities of interest, and with edges the path to them comes along.
    /// </summary>
    [Fact]
    public async Task Include_edges_with_a_filter_returns_the_entities_on_the_path_to_each_match()
    {
        var g = await BuildGraph();
        var contexts = new QueryFilters { LineageTypes = [LineageTypeValues.Context] };
        var body = await Query(g.Account, Request(g.V[0], "Descendants", edges: true, filters: contexts));
        Assert.Equal(Set(g.V[..7]), ArnSet(body)); // the context v6 and v0..v5 on the way to it
        Assert.Equal(Set(Enumerable.Range(0, 6).Select(i => g.V[i] + " -> " + g.V[i + 1])), EdgeSet(body));
        AssertEdgesConnectVertices(body);

        // Without edges only the entities of interest are returned.
        Assert.Equal(Set([g.V[6]]), ArnSet(await Query(g.Account, Request(g.V[0], "Descendants", edges: false, filters: contexts))));

        // A filter nothing matches leaves no path, so no edge either.
        var none = await Query(g.Account, Request(g.V[0], "Descendants", edges: true, filters: new() { Types = ["Nothing"] }));
        Assert.Empty(none.Vertices!);
        Assert.Empty(none.Edges!);
    }

    private static void AssertEdgesConnectVertices(QueryLineageResponse body)
    {
        var vertices = ArnSet(body);
        foreach (var e in body.Edges!)
        {
            Assert.Contains(e.SourceArn!, vertices);
            Assert.Contains(e.DestinationArn!, vertices);
        }
    }

    [Fact]
    public async Task Pages_of_vertices_carry_each_edge_once()
    {
        var g = await BuildGraph();
        var vertices = new List<string>();
        var edges = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = await Query(g.Account, Request(g.V[0], "Both", 10, edges: true, maxResults: 4, token: token));
            var page = Arns(body);
            Assert.True(page.Count <= 4);
            vertices.AddRange(page);
            edges.AddRange(EdgeSet(body));
            token = body.NextToken;
            pages++;
        } while (token is not null);

        Assert.Equal(3, pages); // 12 vertices (v0..v10 and a): 4 + 4 + 4
        Assert.Equal(vertices.Count, vertices.Distinct().Count());
        Assert.Equal(Set(g.V[..11].Append(g.A)), Set(vertices));
        Assert.Equal(edges.Count, edges.Distinct().Count());
        var expectedEdges = Enumerable.Range(0, 10).Select(i => g.V[i] + " -> " + g.V[i + 1]).Append(g.A + " -> " + g.V[3]);
        Assert.Equal(Set(expectedEdges), Set(edges));

        // Nearer vertices come first.
        var first = await Query(g.Account, Request(g.V[0], "Descendants", 10, maxResults: 3));
        Assert.Equal(g.V[..3], Arns(first));
    }

    [Fact]
    public async Task Tokens_belong_to_their_query()
    {
        var g = await BuildGraph();
        var token = (await Query(g.Account, Request(g.V[0], "Descendants", maxResults: 2))).NextToken;
        await Query(g.Account, Request(g.V[0], "Ascendants", maxResults: 2, token: token)).Fails("ValidationException");
        var garbage = Request(g.V[0], token: "not-a-token");
        Assert.Equal("Invalid pagination token: not-a-token", (await Query(g.Account, garbage).Fails("ValidationException")).Message);
        Assert.Equal(g.V[2..4], Arns(await Query(g.Account, Request(g.V[0], "Descendants", maxResults: 2, token: token))));
    }

    [Fact]
    public async Task Vertices_and_edges_are_present_when_empty()
    {
        var g = await BuildGraph();
        // Present as empty arrays rather than left out is a fact of the wire, so this reads the raw JSON.
        var nothing = new JsonObject { ["Types"] = new JsonArray("Nothing") };
        var sm = emulator.SageMaker(g.Account);
        foreach (var request in new[]
        {
            new JsonObject { ["StartArns"] = new JsonArray(g.V[0]), ["Direction"] = "Ascendants" },
            new JsonObject { ["StartArns"] = new JsonArray(g.V[5]), ["Direction"] = "Both", ["MaxDepth"] = 0, ["IncludeEdges"] = true },
        })
        {
            request["Filters"] = nothing.DeepClone();
            var body = (await sm.Call("QueryLineage", request)).Ok();
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
        await Query(account, new()).Fails("ValidationException");
        await Query(account, new() { StartArns = [] }).Fails("ValidationException");
        await Query(account, new() { StartArns = [start, start] }).Fails("ValidationException");
        await Query(account, Request(start, "Sideways")).Fails("ValidationException");
        Assert.Contains("Member must have value less than or equal to 10", (await Query(account, Request(start, depth: 11)).Fails("ValidationException")).Message);
        Assert.Contains("Member must have value greater than or equal to 0", (await Query(account, Request(start, depth: -1)).Fails("ValidationException")).Message);
        await Query(account, Request(start, maxResults: 51)).Fails("ValidationException");
        Assert.Contains("at 'maxResults'", (await Query(account, Request(start, maxResults: 0)).Fails("ValidationException")).Message);
        await Query(account, Request(start, filters: new() { LineageTypes = ["Dataset"] })).Fails("ValidationException");

        var ghost = $"arn:aws:sagemaker:us-east-1:{account}:artifact/{Guid.NewGuid():N}";
        Assert.Equal($"Lineage entity '{ghost}' does not exist.", (await Query(account, Request(ghost)).Fails("ResourceNotFound")).Message);
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
        await ownerSm.Associate(o1, o2);
        await ownerSm.Associate(o2, t1);

        // Before the owner shares, the consumer may neither query from nor associate with the owner's entities.
        var denied = await Query(consumer, Request(o1)).Fails("AccessDeniedException");
        Assert.Equal($"User: arn:aws:iam::{consumer}:root is not authorized to perform: sagemaker:QueryLineage on resource: {o1} " +
            "because no resource-based policy allows the sagemaker:QueryLineage action", denied.Message);
        await ShareAndAccept(emulator.Ram(owner), emulator.Ram(consumer));
        await consumerSm.Associate(c1, o1);

        var fromMine = await Query(consumer, Request(c1, edges: true));
        Assert.Equal(Set([c1, o1, o2]), ArnSet(fromMine));
        Assert.Equal(Set([c1 + " -> " + o1, o1 + " -> " + o2]), EdgeSet(fromMine));

        var fromShared = await Query(consumer, Request(o1, edges: true));
        Assert.Equal(Set([o1, c1, o2]), ArnSet(fromShared));
        Assert.DoesNotContain(fromShared.Edges!, e => e.DestinationArn == t1);

        // The owner reads the third account but not the consumer's.
        var ownerView = await Query(owner, Request(o1, edges: true));
        Assert.Equal(Set([o1, o2, t1]), ArnSet(ownerView));
        Assert.Equal(Set([o1 + " -> " + o2, o2 + " -> " + t1]), EdgeSet(ownerView));

        // An account nobody shared with is still denied.
        await Query(outsider, Request(o1)).Fails("AccessDeniedException");
    }

    /// <summary>
    /// The start vertex is returned. The SageMaker Python SDK's integration test
    /// tests/integ/sagemaker/lineage/test_lineage_visualize.py::test_graph_visualize, run on real SageMaker
    /// with one start ARN, Both and no filter, counts five nodes including the start (drawn as a star); the
    /// developer guide (Querying Lineage Entities) says of Both that "the start_arn and both the endpoints
    /// appear in the query result", and its visualizer sample renders an Ascendants query with IncludeEdges
    /// through pyvis, which refuses an edge to a node not in Vertices. A filter applies to it as to any vertex.
    /// </summary>
    [Fact]
    public async Task Start_vertex_is_returned_in_every_direction_and_obeys_the_filters()
    {
        var g = await BuildGraph();
        foreach (var direction in new[] { "Both", "Ascendants", "Descendants" })
        {
            Assert.Contains(g.V[5], ArnSet(await Query(g.Account, Request(g.V[5], direction))));
            Assert.Equal(Set([g.V[5]]), ArnSet(await Query(g.Account, Request(g.V[5], direction, depth: 0))));
        }
        // v5 is a Model: a Model filter keeps it, a DataSet filter leaves it out.
        Assert.Equal(Set([g.V[5], g.V[9]]), ArnSet(await Query(g.Account, Request(g.V[5], "Both", filters: new() { Types = ["Model"] }))));
        Assert.Equal(Set([g.V[7]]), ArnSet(await Query(g.Account, Request(g.V[5], "Descendants", 2, filters: new() { Types = ["DataSet"] }))));
    }

    /// <summary>
    /// The graph of the SDK's test_graph_visualize: image -> model (start) <- dataset, model -> deploy
    /// action -> endpoint context, queried as LineageQuery.query does by default (Both, IncludeEdges, no
    /// filter, MaxDepth 10, no MaxResults). The SDK test expects 5 nodes and 4 edges, and pyvis needs every
    /// edge's ends among the nodes.
    /// </summary>
    [Fact]
    public async Task Visualizer_shaped_query_returns_every_edge_with_both_ends_in_vertices()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account);
        var model = await sm.Artifact("Model");
        var image = await sm.Artifact("Image");
        var dataset = await sm.Artifact("DataSet");
        var deploy = emulator.PutAction(account, "ModelDeploy");
        var endpoint = emulator.PutContext(account, "Endpoint");
        await sm.Associate(image, model, "ContributedTo");
        await sm.Associate(dataset, model, "AssociatedWith");
        await sm.Associate(model, deploy, "ContributedTo");
        await sm.Associate(deploy, endpoint, "AssociatedWith");

        var body = await Query(account, Request(model, DirectionValues.Both, 10, edges: true, maxResults: null, filters: new()));
        Assert.Equal(Set([model, image, dataset, deploy, endpoint]), ArnSet(body));
        Assert.Equal(Set([image + " -> " + model, dataset + " -> " + model, model + " -> " + deploy, deploy + " -> " + endpoint]), EdgeSet(body));
        AssertEdgesConnectVertices(body);
        Assert.Null(body.NextToken);
    }

    /// <summary>
    /// The SageMaker Python SDK's LineageQuery.query sends no MaxResults and reads no NextToken, so a
    /// default page must hold a 12-child fan-out whole. AWS documents no default; the emulator uses the
    /// model's maximum, 50 (README, "Where the emulator chooses"), and pages past it.
    /// </summary>
    [Fact]
    public async Task Fan_out_of_12_is_read_whole_without_MaxResults_and_the_default_page_is_50()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account);
        var root = await sm.Artifact("DataSet");
        var children = new List<string>();
        for (var i = 0; i < 55; i++)
        {
            children.Add(await sm.Artifact("Model"));
            await sm.Associate(root, children[^1]);
            if (i != 11) continue;
            var twelve = await Query(account, Request(root, edges: true, maxResults: null));
            Assert.Equal(Set(children.Append(root)), ArnSet(twelve));
            Assert.Equal(12, twelve.Edges!.Count);
            Assert.Null(twelve.NextToken);
        }
        var first = await Query(account, Request(root, maxResults: null));
        Assert.Equal(50, first.Vertices!.Count);
        var rest = await Query(account, Request(root, maxResults: null, token: first.NextToken));
        Assert.Equal(6, rest.Vertices!.Count);
        Assert.Equal(Set(children.Append(root)), Set(ArnSet(first).Concat(ArnSet(rest))));
    }

    private static List<string> VertexArns(JsonNode body) => [.. body["Vertices"]!.AsArray().Select(x => x!["Arn"]!.GetValue<string>())];

    // These tests compare pages as sent on the wire, so they speak JSON.
    private Task<WireResult> RawQuery(string account, JsonObject request) => emulator.SageMaker(account).Call("QueryLineage", request);

    private static JsonObject RawRequest(string start, string direction, int depth, bool edges, int maxResults) => new()
    {
        ["StartArns"] = new JsonArray(start), ["Direction"] = direction, ["MaxDepth"] = depth, ["IncludeEdges"] = edges, ["MaxResults"] = maxResults,
    };

    /// <summary>Every page of a query, as sent on the wire, with <paramref name="between"/> run before each next page.</summary>
    private async Task<List<string>> PageThrough(string account, JsonObject request, Func<Task>? between = null, string? token = null)
    {
        var pages = new List<string>();
        do
        {
            var r = (JsonObject)request.DeepClone();
            if (token is not null)
            {
                if (between is not null) await between();
                r["NextToken"] = token;
            }
            var body = (await RawQuery(account, r)).Ok();
            pages.Add(body.ToJsonString());
            token = body["NextToken"]?.GetValue<string>();
        } while (token is not null);
        return pages;
    }

    /// <summary>
    /// A query's next pages are cut from the walk its first page kept. A write anywhere makes the next page walk
    /// again (the store's version moved), which is how every page was answered before walks were kept, so the
    /// same query paged with an unrelated write before each page is the unoptimised reference: page by page,
    /// vertices, edges and tokens must be the same.
    /// </summary>
    [Theory]
    [InlineData("Both", true, null)]
    [InlineData("Descendants", false, null)]
    [InlineData("Both", true, "DataSet")]
    [InlineData("Ascendants", true, null)]
    public async Task Pages_cut_from_a_kept_walk_are_the_pages_a_fresh_walk_gives(string direction, bool edges, string? type)
    {
        var g = await BuildGraph();
        var request = RawRequest(direction == "Ascendants" ? g.V[11] : g.V[0], direction, 10, edges, maxResults: 3);
        if (type is not null) request["Filters"] = new JsonObject { ["Types"] = new JsonArray(type) };
        var elsewhere = emulator.SageMaker(EmulatorFixture.NewAccount());

        var kept = await PageThrough(g.Account, request);
        var fresh = await PageThrough(g.Account, request, between: () => elsewhere.Artifact("Unrelated"));

        Assert.True(kept.Count >= 3);
        Assert.Equal(fresh, kept);
    }

    /// <summary>
    /// AWS documents NextToken only as "Use the NextToken in a response to retrieve the next page of results"
    /// (API reference, QueryLineage) and says nothing of writes between pages. The emulator's token names a position
    /// in the walk's order, so it stays valid across writes: the next page walks again and continues after that
    /// position, showing what the writes added and dropping what they removed (README, "Where the emulator chooses").
    /// </summary>
    [Fact]
    public async Task A_token_stays_valid_across_writes_and_the_next_pages_see_them()
    {
        var g = await BuildGraph();
        var sm = emulator.SageMaker(g.Account);
        var request = RawRequest(g.V[0], "Descendants", 10, false, maxResults: 4);
        var first = (await RawQuery(g.Account, request)).Ok();
        Assert.Equal(g.V[..4], VertexArns(first));

        var added = await sm.Artifact("Model");
        await sm.Associate(g.V[5], added);
        (await sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = g.V[9] })).Ok();

        var rest = (await PageThrough(g.Account, request, token: first["NextToken"]!.GetValue<string>()))
            .SelectMany(p => VertexArns(JsonNode.Parse(p)!)).ToList();
        Assert.Equal(Set(g.V[4..9].Append(added)), Set(rest));
        Assert.Equal(rest.Count, rest.Distinct().Count());
    }

    /// <summary>
    /// The emulator keeps a bounded number of walks; a token whose walk was pushed out by other queries still
    /// continues its query, by walking again.
    /// </summary>
    [Fact]
    public async Task A_token_outlives_the_walk_kept_for_it()
    {
        var g = await BuildGraph();
        var request = RawRequest(g.V[0], "Both", 10, true, maxResults: 5);
        var expected = await PageThrough(g.Account, request);
        var first = (await RawQuery(g.Account, request)).Ok();

        // 13 starts x 3 directions x with and without edges: more distinct queries than the 64 walks kept.
        foreach (var start in g.V.Append(g.A))
            foreach (var direction in new[] { "Both", "Ascendants", "Descendants" })
                foreach (var edges in new[] { true, false })
                    await Query(g.Account, Request(start, direction, 9, edges, maxResults: 1));

        var rest = await PageThrough(g.Account, request, token: first["NextToken"]!.GetValue<string>());
        Assert.Equal(expected, [first.ToJsonString(), .. rest]);
    }
}
