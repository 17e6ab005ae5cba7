using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

public sealed class AssociationsTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture emulator;
    private readonly string account = EmulatorFixture.NewAccount();

    // Every request gets its own, later time, so creation-time sorts and filters are exact without waiting.
    public AssociationsTests(EmulatorFixture emulator) => this.emulator = TickingClock.InstallOn(emulator);

    private SageMakerClient Sm => emulator.SageMaker(account);

    private async Task<IReadOnlyList<AssociationSummary>> List(ListAssociationsRequest request) =>
        (await Sm.ListAssociationsAsync(request)).AssociationSummaries!;

    private static async Task<IReadOnlyList<AssociationSummary>> List(SageMakerClient sm) =>
        (await sm.ListAssociationsAsync(new())).AssociationSummaries!;

    private static List<(string Src, string Dst)> Pairs(IEnumerable<AssociationSummary> items) =>
        [.. items.Select(i => (i.SourceArn!, i.DestinationArn!))];

    private static ListAssociationsRequest Sorted(string by, string order) => new() { SortBy = by, SortOrder = order };

    private static DeleteAssociationRequest Edge(string source, string destination) => new() { SourceArn = source, DestinationArn = destination };

    [Fact]
    public async Task Add_association_then_list_fills_every_member()
    {
        var data = await Sm.Artifact("DataSet");
        var action = emulator.PutAction(account, "ModelDeployment");
        var added = await Sm.Associate(data, action, "ContributedTo");
        Assert.Equal(data, added.SourceArn);
        Assert.Equal(action, added.DestinationArn);

        var item = Assert.Single(await List(new ListAssociationsRequest { SourceArn = data }));
        Assert.Equal("DataSet", item.SourceType);
        Assert.Equal("ModelDeployment", item.DestinationType);
        Assert.Equal(AssociationEdgeTypeValues.ContributedTo, item.AssociationType);
        Assert.StartsWith("art-", item.SourceName);
        Assert.StartsWith("action-", item.DestinationName);
        Assert.NotNull(item.CreationTime);
        Assert.Equal($"arn:aws:iam::{account}:root", item.CreatedBy!.IamIdentity!.Arn);
        // The wire form of the time is the point here: epoch seconds as a JSON number, which JS v3 requires.
        var raw = (await Sm.Call("ListAssociations", new JsonObject { ["SourceArn"] = data })).Ok();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, raw["AssociationSummaries"]![0]!["CreationTime"]!.GetValueKind());
    }

    [Fact]
    public async Task Association_type_is_optional_and_absent_when_not_given()
    {
        var a = await Sm.Artifact("DataSet");
        var b = await Sm.Artifact("Model");
        await Sm.Associate(a, b);
        var item = Assert.Single(await List(new ListAssociationsRequest { SourceArn = a }));
        Assert.Null(item.AssociationType);
    }

    [Fact]
    public async Task Add_with_a_missing_end_is_ResourceNotFound_naming_it_and_creates_nothing()
    {
        var a = await Sm.Artifact("DataSet");
        var ghost = $"arn:aws:sagemaker:us-east-1:{account}:artifact/{Guid.NewGuid():N}";

        var r = await Sm.Associate(a, ghost).Fails("ResourceNotFound");
        Assert.Equal($"Artifact '{ghost}' does not exist.", r.Message);
        r = await Sm.Associate(ghost, a).Fails("ResourceNotFound");
        Assert.Contains(ghost, r.Message);
        var ghostContext = $"arn:aws:sagemaker:us-east-1:{account}:context/nope";
        Assert.Equal($"Context '{ghostContext}' does not exist.", (await Sm.Associate(a, ghostContext).Fails("ResourceNotFound")).Message);

        Assert.Empty(await List(Sm));
    }

    [Fact]
    public async Task An_end_in_another_region_is_not_found()
    {
        var here = await Sm.Artifact("DataSet");
        var there = await emulator.SageMaker(account, "us-west-2").Artifact("DataSet");
        await Sm.Associate(here, there).Fails("ResourceNotFound");
        Assert.Empty(await List(Sm));
    }

    [Fact]
    public async Task Adding_the_same_edge_twice_keeps_one_edge_with_its_first_type()
    {
        var a = await Sm.Artifact("DataSet");
        var b = await Sm.Artifact("Model");
        await Sm.Associate(a, b, "ContributedTo");
        var again = await Sm.Associate(a, b, "DerivedFrom");
        Assert.Equal(a, again.SourceArn);
        Assert.Equal(b, again.DestinationArn);

        var item = Assert.Single(await List(Sm));
        Assert.Equal(AssociationEdgeTypeValues.ContributedTo, item.AssociationType);
    }

    [Fact]
    public async Task Bad_input_is_ValidationException_and_creates_nothing()
    {
        var a = await Sm.Artifact("DataSet");
        var b = await Sm.Artifact("Model");
        var r = await Sm.Associate(a, b, "Bogus").Fails("ValidationException");
        Assert.Contains("Value 'Bogus' at 'associationType' failed to satisfy constraint: Member must satisfy enum value set: [ContributedTo, AssociatedWith, DerivedFrom, Produced, SameAs]", r.Message);
        r = await Sm.AddAssociationAsync(new AddAssociationRequest { SourceArn = a }).Fails("ValidationException");
        Assert.Contains("Value null at 'destinationArn' failed to satisfy constraint: Member must not be null", r.Message);
        await Sm.Associate(a, "arn:aws:sagemaker:us-east-1:" + account + ":lineage-group/x").Fails("ValidationException");
        Assert.Empty(await List(Sm));
    }

    [Fact]
    public async Task Delete_removes_the_edge_and_a_missing_edge_is_ResourceNotFound()
    {
        var a = await Sm.Artifact("DataSet");
        var b = await Sm.Artifact("Model");
        await Sm.Associate(a, b);
        var deleted = await Sm.DeleteAssociationAsync(Edge(a, b));
        Assert.Equal(a, deleted.SourceArn);
        Assert.Equal(b, deleted.DestinationArn);
        Assert.Empty(await List(Sm));

        var r = await Sm.DeleteAssociationAsync(Edge(a, b)).Fails("ResourceNotFound");
        Assert.Equal($"Association with source '{a}' and destination '{b}' does not exist.", r.Message);
        // The reverse direction is a different edge.
        await Sm.Associate(a, b);
        await Sm.DeleteAssociationAsync(Edge(b, a)).Fails("ResourceNotFound");
        Assert.Single(await List(Sm));
    }

    [Fact]
    public async Task Deleting_an_entity_removes_its_edges_in_both_directions()
    {
        var a = await Sm.Artifact("DataSet");
        var b = await Sm.Artifact("Model");
        var c = await Sm.Artifact("Endpoint");
        await Sm.Associate(a, b);
        await Sm.Associate(b, c);
        await Sm.Associate(a, c);
        await Sm.DeleteArtifactAsync(new DeleteArtifactRequest { ArtifactArn = b });

        Assert.Equal([(a, c)], Pairs(await List(Sm)));
        await Sm.DeleteAssociationAsync(Edge(a, b)).Fails("ResourceNotFound");
    }

    [Fact]
    public async Task Every_filter_narrows_the_list()
    {
        var data = await Sm.Artifact("DataSet");
        var model = await Sm.Artifact("Model");
        var endpoint = emulator.PutContext(account, "Endpoint");
        var tc = emulator.PutTrialComponent(account);
        await Sm.Associate(data, model, "ContributedTo");
        await Sm.Associate(model, endpoint, "AssociatedWith");
        await Sm.Associate(tc, model, "Produced");

        Assert.Equal([(data, model)], Pairs(await List(new ListAssociationsRequest { SourceArn = data })));
        Assert.Equal([(model, endpoint)], Pairs(await List(new ListAssociationsRequest { DestinationArn = endpoint })));
        Assert.Equal([(model, endpoint)], Pairs(await List(new ListAssociationsRequest { SourceArn = model, DestinationArn = endpoint })));
        Assert.Empty(await List(new ListAssociationsRequest { SourceArn = endpoint, DestinationArn = model }));
        Assert.Equal([(model, endpoint)], Pairs(await List(new ListAssociationsRequest { SourceType = "Model" })));
        Assert.Equal([(model, endpoint)], Pairs(await List(new ListAssociationsRequest { DestinationType = "Endpoint" })));
        Assert.Equal([(tc, model)], Pairs(await List(new ListAssociationsRequest { SourceType = "TrialComponent" })));
        Assert.Equal([(data, model)], Pairs(await List(new ListAssociationsRequest { AssociationType = AssociationEdgeTypeValues.ContributedTo })));

        // Both time bounds are inclusive ("on or after", "on or before").
        var all = await List(new ListAssociationsRequest { SortOrder = SortOrderValues.Ascending });
        var middle = all[1].CreationTime;
        Assert.Equal([(model, endpoint), (tc, model)], Pairs(await List(new ListAssociationsRequest { CreatedAfter = middle, SortOrder = SortOrderValues.Ascending })));
        Assert.Equal([(data, model), (model, endpoint)], Pairs(await List(new ListAssociationsRequest { CreatedBefore = middle, SortOrder = SortOrderValues.Ascending })));
        Assert.Equal([(model, endpoint)], Pairs(await List(new ListAssociationsRequest { CreatedAfter = middle, CreatedBefore = middle })));
    }

    [Fact]
    public async Task Sorts_by_each_key_in_both_orders_and_defaults_to_newest_first()
    {
        var x = await Sm.Artifact("B-type");
        var y = await Sm.Artifact("A-type");
        var z = await Sm.Artifact("C-type");
        await Sm.Associate(x, y);
        await Sm.Associate(y, z);
        await Sm.Associate(z, x);
        List<(string, string)> xy = [(x, y)], yz = [(y, z)], zx = [(z, x)];
        List<(string, string)> byTime = [.. xy, .. yz, .. zx];

        Assert.Equal(Enumerable.Reverse(byTime), Pairs(await List(Sm)));
        Assert.Equal(byTime, Pairs(await List(Sorted(SortAssociationsByValues.CreationTime, SortOrderValues.Ascending))));
        // SourceType: x is B-type, y A-type, z C-type.
        Assert.Equal([.. yz, .. xy, .. zx], Pairs(await List(Sorted(SortAssociationsByValues.SourceType, SortOrderValues.Ascending))));
        Assert.Equal([.. zx, .. xy, .. yz], Pairs(await List(Sorted(SortAssociationsByValues.SourceType, SortOrderValues.Descending))));
        // DestinationType: y (A) for xy, z (C) for yz, x (B) for zx.
        Assert.Equal([.. xy, .. zx, .. yz], Pairs(await List(Sorted(SortAssociationsByValues.DestinationType, SortOrderValues.Ascending))));
        var bySource = byTime.OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(bySource, Pairs(await List(Sorted(SortAssociationsByValues.SourceArn, SortOrderValues.Ascending))));
        var byDestination = byTime.OrderByDescending(p => p.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(byDestination, Pairs(await List(Sorted(SortAssociationsByValues.DestinationArn, SortOrderValues.Descending))));

        await Sm.ListAssociationsAsync(new ListAssociationsRequest { SortBy = "Name" }).Fails("ValidationException");
        await Sm.ListAssociationsAsync(new ListAssociationsRequest { MaxResults = 101 }).Fails("ValidationException");
    }

    [Fact]
    public async Task Pages_neither_repeat_nor_skip_when_edges_are_added_between_pages()
    {
        var hub = await Sm.Artifact("DataSet");
        var expected = new List<(string, string)>();
        for (var i = 0; i < 5; i++)
        {
            var leaf = await Sm.Artifact("Model");
            await Sm.Associate(hub, leaf);
            expected.Add((hub, leaf));
        }

        var seen = new List<(string, string)>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Sm.ListAssociationsAsync(new ListAssociationsRequest
            {
                SortBy = SortAssociationsByValues.DestinationArn,
                SortOrder = SortOrderValues.Ascending,
                MaxResults = 2,
                NextToken = token,
            });
            seen.AddRange(Pairs(page.AssociationSummaries!));
            token = page.NextToken;
            if (pages++ == 0)
            {
                // An edge whose destination sorts before everything already listed must not shift later pages.
                var early = seen.Min(p => p.Item2)!;
                var other = await Sm.Artifact("Model");
                await Sm.Associate(other, early);
            }
        } while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected.OrderBy(p => p.Item2, StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_garbage_or_foreign_token_is_ValidationException()
    {
        var a = await Sm.Artifact("DataSet");
        for (var i = 0; i < 3; i++) await Sm.Associate(a, await Sm.Artifact("Model"));
        var r = await Sm.ListAssociationsAsync(new ListAssociationsRequest { NextToken = "garbage" }).Fails("ValidationException");
        Assert.Equal("Invalid pagination token: garbage", r.Message);

        var token = (await Sm.ListAssociationsAsync(new ListAssociationsRequest { MaxResults = 1 })).NextToken;
        await Sm.ListAssociationsAsync(new ListAssociationsRequest { NextToken = token, SortBy = SortAssociationsByValues.SourceArn }).Fails("ValidationException");
        Assert.Single(await List(new ListAssociationsRequest { NextToken = token, MaxResults = 1 }));
    }

    [Fact]
    public async Task Cross_account_edges_need_access_to_both_ends_and_are_listed_to_their_creator()
    {
        string owner = EmulatorFixture.NewAccount(), consumer = EmulatorFixture.NewAccount(), stranger = EmulatorFixture.NewAccount();
        var ownerSm = emulator.SageMaker(owner);
        var consumerSm = emulator.SageMaker(consumer);
        var shared = await ownerSm.Artifact("Model");
        var mine = await consumerSm.Artifact("Endpoint");
        var foreign = await emulator.SageMaker(stranger).Artifact("DataSet");
        await ShareAndAccept(emulator.Ram(owner), emulator.Ram(consumer));

        // The consumer may reach the owner's entity but not the stranger's: both ends are checked.
        var denied = await consumerSm.Associate(foreign, mine).Fails("AccessDeniedException");
        Assert.Equal($"User: arn:aws:iam::{consumer}:root is not authorized to perform: sagemaker:AddAssociation on resource: {foreign} " +
            "because no resource-based policy allows the sagemaker:AddAssociation action", denied.Message);
        await consumerSm.Associate(shared, mine, "ContributedTo");

        var listed = Assert.Single(await List(consumerSm));
        Assert.Equal(shared, listed.SourceArn);
        Assert.Equal("Model", listed.SourceType);
        // The owner did not create the edge and owns only one end: not in its list.
        Assert.Empty(await List(ownerSm));

        // Someone with no access to either end cannot delete it; the consumer can.
        await emulator.SageMaker(stranger).DeleteAssociationAsync(Edge(shared, mine)).Fails("AccessDeniedException");
        await consumerSm.DeleteAssociationAsync(Edge(shared, mine));
        Assert.Empty(await List(consumerSm));
    }

    [Fact]
    public async Task An_edge_another_account_made_between_two_of_my_entities_is_listed_to_me()
    {
        string owner = EmulatorFixture.NewAccount(), consumer = EmulatorFixture.NewAccount();
        var ownerSm = emulator.SageMaker(owner);
        var a = await ownerSm.Artifact("DataSet");
        var b = await ownerSm.Artifact("Model");
        await ShareAndAccept(emulator.Ram(owner), emulator.Ram(consumer));
        await emulator.SageMaker(consumer).Associate(a, b);

        var item = Assert.Single(await List(ownerSm));
        Assert.Equal($"arn:aws:iam::{consumer}:root", item.CreatedBy!.IamIdentity!.Arn);
        // The owner may delete an edge between its own entities whoever made it.
        await ownerSm.DeleteAssociationAsync(Edge(a, b));
        Assert.Empty(await List(emulator.SageMaker(consumer)));
    }

    /// <summary>
    /// Pages in CreationTime, SourceArn and DestinationArn order are read from the account's listing indexes from the
    /// token's position; they must be exactly the pages of the whole listing sorted and filtered as ListAssociations
    /// documents it (SortBy CreationTime and SortOrder Descending by default, CreatedAfter/CreatedBefore inclusive,
    /// API reference), computed here from every association the account has (read through the unindexed
    /// SourceType order).
    /// </summary>
    [Theory]
    [InlineData(null, null, null, false, false)]
    [InlineData(null, "Ascending", null, false, false)]
    [InlineData("CreationTime", "Descending", "Produced", false, false)]
    [InlineData(null, "Ascending", null, true, true)]
    [InlineData(null, "Descending", null, true, true)]
    [InlineData(null, "Descending", "ContributedTo", true, false)]
    [InlineData("SourceArn", "Ascending", null, false, false)]
    [InlineData("SourceArn", "Descending", "Produced", true, true)]
    [InlineData("DestinationArn", "Ascending", "AssociatedWith", false, true)]
    [InlineData("DestinationArn", "Descending", null, false, false)]
    public async Task Pages_in_indexed_orders_are_the_pages_of_the_sorted_filtered_listing(string? sortBy, string? order, string? type, bool after, bool before)
    {
        var ends = new List<string>();
        for (var i = 0; i < 6; i++) ends.Add(await Sm.Artifact(i % 2 == 0 ? "DataSet" : "Model"));
        string[] types = ["ContributedTo", "Produced", "AssociatedWith"];
        var n = 0;
        foreach (var source in ends)
            foreach (var destination in ends.Where(d => d != source))
                await Sm.Associate(source, destination, types[n++ % 3]);

        var all = new List<JsonNode>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["SortBy"] = "SourceType", ["MaxResults"] = 100 };
            if (token is not null) request["NextToken"] = token;
            var body = (await Sm.Call("ListAssociations", request)).Ok();
            all.AddRange(body["AssociationSummaries"]!.AsArray().Select(x => x!));
            token = body["NextToken"]?.GetValue<string>();
        } while (token is not null);
        Assert.Equal(30, all.Count);

        static decimal Time(JsonNode x) => x["CreationTime"]!.GetValue<decimal>();
        static string Key(JsonNode x) => x["SourceArn"]!.GetValue<string>() + "|" + x["DestinationArn"]!.GetValue<string>();
        var times = all.Select(Time).Order().ToList();
        decimal? from = after ? times[8] : null, to = before ? times[21] : null;
        var expected = all
            .Where(x => (type is null || x["AssociationType"]?.GetValue<string>() == type)
                && (from is null || Time(x) >= from) && (to is null || Time(x) <= to))
            .OrderBy(x => sortBy switch
            {
                "SourceArn" => x["SourceArn"]!.GetValue<string>(),
                "DestinationArn" => x["DestinationArn"]!.GetValue<string>(),
                _ => Time(x).ToString("000000000000000.000", System.Globalization.CultureInfo.InvariantCulture),
            }, StringComparer.Ordinal).ThenBy(Key, StringComparer.Ordinal)
            .Select(x => x.ToJsonString())
            .ToList();
        if (order != "Ascending") expected.Reverse();

        var request0 = new JsonObject { ["MaxResults"] = 4 };
        if (order is not null) request0["SortOrder"] = order;
        if (sortBy is not null) request0["SortBy"] = sortBy;
        if (type is not null) request0["AssociationType"] = type;
        if (from is not null) request0["CreatedAfter"] = from;
        if (to is not null) request0["CreatedBefore"] = to;
        var pages = new List<List<string>>();
        do
        {
            var request = (JsonObject)request0.DeepClone();
            if (token is not null) request["NextToken"] = token;
            var body = (await Sm.Call("ListAssociations", request)).Ok();
            pages.Add([.. body["AssociationSummaries"]!.AsArray().Select(x => x!.ToJsonString())]);
            token = body["NextToken"]?.GetValue<string>();
        } while (token is not null);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Chunk(4).Select(c => c.ToList()), pages);
    }
}
