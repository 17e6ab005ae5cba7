using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// Behaviour actions, contexts and trial components share: unique names, name-or-ARN lookups, cascading
/// deletes, listing with keyset paging and sorting. Each kind's test class runs all of these.
/// This suite speaks raw JSON on purpose: it is one suite over three kinds whose generated shapes share no
/// type, so it names members by the kind ("ActionName", "ContextArn"). Each kind's own tests use the typed client.
/// </summary>
public abstract class NamedEntityTests(EmulatorFixture emulator) : LineageTestBase(emulator)
{
    /// <summary>"Action", "Context" or "TrialComponent": the operation suffix and member prefix.</summary>
    protected abstract string Entity { get; }
    /// <summary>How messages name the kind.</summary>
    protected abstract string Label { get; }
    protected abstract string ArnType { get; }
    protected abstract string SummariesMember { get; }
    /// <summary>Whether the list's CreatedAfter/CreatedBefore include the bound (as the model documents).</summary>
    protected abstract bool InclusiveTimeFilters { get; }
    protected abstract JsonObject Minimal(string name);

    protected string NameMember => Entity + "Name";
    protected string ArnMember => Entity + "Arn";
    protected string ArnOf(string account, string name) => $"arn:aws:sagemaker:us-east-1:{account}:{ArnType}/{name.ToLowerInvariant()}";

    protected async Task<string> Create(string name, SageMakerClient? caller = null) =>
        Str((await (caller ?? Sm).Call("Create" + Entity, Minimal(name))).Ok()[ArnMember]);

    protected Task<WireResult> Describe(string nameOrArn, SageMakerClient? caller = null) =>
        (caller ?? Sm).Call("Describe" + Entity, new JsonObject { [NameMember] = nameOrArn });

    protected Task<WireResult> List(JsonObject query) => Sm.Call("List" + Entity + "s", query);

    protected async Task<List<string>> ListNames(JsonObject query) => Strings((await List(query)).Ok()[SummariesMember], NameMember);

    private Task<WireResult> Call(string verb, string nameOrArn, SageMakerClient? caller = null) =>
        (caller ?? Sm).Call(verb + Entity, new JsonObject { [NameMember] = nameOrArn });

    [Fact]
    public async Task Create_makes_a_lowercased_arn_that_describe_accepts_as_well_as_the_name()
    {
        var name = "Mixed-" + EmulatorFixture.Unique("Case");
        var arn = await Create(name);
        Assert.Equal(ArnOf(Sm.Account, name), arn);

        foreach (var key in new[] { name, name.ToUpperInvariant(), arn })
        {
            var body = (await Describe(key)).Ok();
            Assert.Equal(name, Str(body[NameMember]));
            Assert.Equal(arn, Str(body[ArnMember]));
            Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:lineage-group/sagemaker-default-lineage-group", Str(body["LineageGroupArn"]));
        }
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_ValidationException_already_exists_and_changes_nothing()
    {
        var name = EmulatorFixture.Unique("dup");
        await Create(name);
        var upper = name.ToUpperInvariant();
        var r = await Rejected(() => Sm.Call("Create" + Entity, Minimal(upper)), "ValidationException");
        Assert.Equal($"{Label} with name ({upper}) already exists.", r.Message);
    }

    [Fact]
    public async Task The_same_name_is_free_in_another_account()
    {
        var name = EmulatorFixture.Unique("shared-name");
        var other = OtherAccount();
        Assert.Equal(ArnOf(Sm.Account, name), await Create(name));
        Assert.Equal(ArnOf(other.Account, name), await Create(name, other));
    }

    [Theory]
    [InlineData("Describe")]
    [InlineData("Update")]
    [InlineData("Delete")]
    public async Task An_unknown_name_is_ResourceNotFound_naming_its_arn(string verb)
    {
        await Create(EmulatorFixture.Unique("present"));
        var name = EmulatorFixture.Unique("Missing");
        var r = await Rejected(() => Call(verb, name), "ResourceNotFound");
        Assert.Equal($"{Label} '{ArnOf(Sm.Account, name)}' does not exist.", r.Message);
    }

    [Fact]
    public async Task Describe_of_an_unknown_arn_is_ResourceNotFound()
    {
        var arn = ArnOf(Sm.Account, EmulatorFixture.Unique("gone"));
        var r = (await Describe(arn)).Error("ResourceNotFound");
        Assert.Equal($"{Label} '{arn}' does not exist.", r.Message);
    }

    [Fact]
    public async Task Another_accounts_entity_is_denied_by_arn_and_unknown_by_name()
    {
        var owner = OtherAccount();
        var name = EmulatorFixture.Unique("theirs");
        var arn = await Create(name, owner);

        var denied = (await Describe(arn)).Error("AccessDeniedException");
        Assert.Contains($"is not authorized to perform: sagemaker:Describe{Entity} on resource: {arn}", denied.Message);
        // A plain name always means the caller's own account.
        (await Describe(name)).Error("ResourceNotFound");
        // Update and Delete take a name only (the model's pattern), never an ARN.
        foreach (var verb in new[] { "Update", "Delete" })
        {
            var r = await Rejected(() => Call(verb, arn), "ValidationException", owner.Account);
            Assert.StartsWith("1 validation error detected: Value '" + arn + "' at '" + char.ToLowerInvariant(NameMember[0]) + NameMember[1..] + "'", r.Message);
            await Rejected(() => Call(verb, name), "ResourceNotFound", owner.Account);
        }
        (await Describe(arn, owner)).Ok();
    }

    [Fact]
    public async Task Delete_removes_the_entity_its_associations_and_its_tags_and_frees_the_name()
    {
        var name = EmulatorFixture.Unique("doomed");
        var arn = await Create(name);
        var neighbour = await Create(EmulatorFixture.Unique("neighbour"));
        var other = OtherAccount();
        (await Sm.Call("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = TagList(("k", "v")) })).Ok();
        PutAssociation(arn, neighbour, Sm.Account);
        PutAssociation(neighbour, arn, Sm.Account);
        // An edge another account created to this entity goes too.
        PutAssociation(ArnOf(other.Account, "x"), arn, other.Account);
        PutAssociation(neighbour, ArnOf(Sm.Account, "unrelated"), Sm.Account);

        var deleted = (await Call("Delete", name)).Ok();
        Assert.Equal(arn, Str(deleted[ArnMember]));

        (await Describe(name)).Error("ResourceNotFound");
        Assert.Empty(Store.Index.Outgoing(arn));
        Assert.Empty(Store.Index.Incoming(arn));
        Assert.Single(Store.Index.Outgoing(neighbour));
        Assert.Null(Store.Partition(Sm.Account, "us-east-1").Tags.Get(arn));
        (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Error("ValidationException");

        // The name is free again, and the new entity starts without the old one's tags.
        Assert.Equal(arn, await Create(name));
        Assert.Empty((await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.AsArray());
    }

    [Fact]
    public async Task The_first_entity_creates_the_accounts_default_lineage_group()
    {
        Assert.Empty((await Sm.Call("ListLineageGroups", "{}")).Ok()["LineageGroupSummaries"]!.AsArray());
        await Create(EmulatorFixture.Unique("first"));
        await Create(EmulatorFixture.Unique("second"));
        var groups = (await Sm.Call("ListLineageGroups", "{}")).Ok()["LineageGroupSummaries"]!.AsArray();
        Assert.Equal("sagemaker-default-lineage-group", Str(Assert.Single(groups)!["LineageGroupName"]));
    }

    [Fact]
    public async Task Missing_and_too_long_names_use_coral_wording_and_change_nothing()
    {
        var member = char.ToLowerInvariant(NameMember[0]) + NameMember[1..];
        var body = Minimal("x");
        body.Remove(NameMember);
        var r = await Rejected(() => Sm.Call("Create" + Entity, body), "ValidationException");
        Assert.Equal($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null", r.Message);

        var tooLong = new string('a', 121);
        r = await Rejected(() => Sm.Call("Create" + Entity, Minimal(tooLong)), "ValidationException");
        Assert.StartsWith($"2 validation errors detected: Value '{tooLong}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to 120; ", r.Message);

        r = await Rejected(() => Describe(""), "ValidationException");
        Assert.Contains($"Value '' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1", r.Message);
    }

    [Fact]
    public async Task Lists_page_by_keyset_so_items_added_between_pages_neither_shift_nor_repeat()
    {
        var prefix = EmulatorFixture.Unique("page");
        foreach (var suffix in new[] { "a", "b", "c", "d", "e" }) await Create(prefix + "-" + suffix);

        var query = new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2 };
        var first = (await List(query)).Ok();
        Assert.Equal([prefix + "-a", prefix + "-b"], Strings(first[SummariesMember], NameMember));

        await Create(prefix + "-aa"); // sorts into the page already read
        await Create(prefix + "-f");  // sorts after the pages still to come

        var second = (await List(With(query, Str(first["NextToken"])))).Ok();
        Assert.Equal([prefix + "-c", prefix + "-d"], Strings(second[SummariesMember], NameMember));
        var third = (await List(With(query, Str(second["NextToken"])))).Ok();
        Assert.Equal([prefix + "-e", prefix + "-f"], Strings(third[SummariesMember], NameMember));
        Assert.Null(third["NextToken"]);
    }

    [Fact]
    public async Task Lists_sort_by_creation_time_descending_by_default_and_by_name_on_request()
    {
        var prefix = EmulatorFixture.Unique("sort");
        string[] created = [prefix + "-b", prefix + "-c", prefix + "-a"];
        foreach (var name in created) await Create(name);

        Assert.Equal(created.Reverse(), await ListNames([]));
        Assert.Equal(created.Reverse(), await ListNames(new JsonObject { ["SortBy"] = "CreationTime" }));
        Assert.Equal(created, await ListNames(new JsonObject { ["SortBy"] = "CreationTime", ["SortOrder"] = "Ascending" }));
        Assert.Equal([prefix + "-c", prefix + "-b", prefix + "-a"], await ListNames(new JsonObject { ["SortBy"] = "Name" }));
        Assert.Equal([prefix + "-a", prefix + "-b", prefix + "-c"], await ListNames(new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending" }));
    }

    /// <summary>
    /// In CreationTime order a list is read from an index kept in that order, from the token's position; its pages
    /// must be exactly the pages of all the caller's entities sorted by creation time (then ARN) and cut by the
    /// time bounds (API reference: SortBy CreationTime and SortOrder Descending by default). Every entity is read
    /// first through the unindexed Name order.
    /// </summary>
    [Theory]
    [InlineData("Descending", false)]
    [InlineData("Ascending", false)]
    [InlineData("Descending", true)]
    [InlineData("Ascending", true)]
    public async Task Pages_in_time_order_are_the_pages_of_every_entity_sorted_by_creation(string order, bool bounded)
    {
        var prefix = EmulatorFixture.Unique("order");
        for (var i = 0; i < 13; i++) await Create($"{prefix}-{i:D2}");
        var all = (await List(new JsonObject { ["SortBy"] = "Name", ["MaxResults"] = 100 })).Ok()[SummariesMember]!.AsArray()
            .Select(x => x!).ToList();
        Assert.Equal(13, all.Count);

        static decimal Time(JsonNode x) => x["CreationTime"]!.GetValue<decimal>();
        var times = all.Select(Time).Order().ToList();
        var query = new JsonObject { ["SortOrder"] = order, ["MaxResults"] = 3 };
        if (bounded)
        {
            query["CreatedAfter"] = times[3];
            query["CreatedBefore"] = times[9];
        }
        var expected = all
            .Where(x => !bounded || (InclusiveTimeFilters ? Time(x) >= times[3] && Time(x) <= times[9] : Time(x) > times[3] && Time(x) < times[9]))
            .OrderBy(Time).ThenBy(x => Str(x[ArnMember]), StringComparer.Ordinal)
            .Select(x => Str(x[ArnMember]))
            .ToList();
        if (order == "Descending") expected.Reverse();

        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = (await List(token is null ? query : With(query, token))).Ok();
            pages.Add(Strings(page[SummariesMember], ArnMember));
            token = page["NextToken"]?.GetValue<string>();
        } while (token is not null);
        Assert.Equal(expected.Chunk(3).Select(c => c.ToList()), pages);
    }

    [Fact]
    public async Task Lists_default_to_ten_per_page_and_show_only_the_callers_entities()
    {
        var prefix = EmulatorFixture.Unique("ten");
        for (var i = 0; i < 11; i++) await Create($"{prefix}-{i:D2}");
        await Create(EmulatorFixture.Unique("elsewhere"), OtherAccount());

        var first = (await List([])).Ok();
        Assert.Equal(10, first[SummariesMember]!.AsArray().Count);
        var rest = (await List(new JsonObject { ["NextToken"] = Str(first["NextToken"]) })).Ok();
        Assert.Equal([prefix + "-00"], Strings(rest[SummariesMember], NameMember));
        Assert.Null(rest["NextToken"]);
    }

    [Fact]
    public async Task Created_after_and_before_filter_with_the_documented_bounds()
    {
        var prefix = EmulatorFixture.Unique("time");
        var names = new[] { prefix + "-1", prefix + "-2", prefix + "-3" };
        var times = new List<JsonNode>();
        foreach (var name in names)
        {
            await Create(name);
            times.Add((await Describe(name)).Ok()["CreationTime"]!.DeepClone());
        }
        var order = new JsonObject { ["SortOrder"] = "Ascending" };

        var after = await ListNames(With(order, createdAfter: times[1]));
        var before = await ListNames(With(order, createdBefore: times[1]));
        var between = await ListNames(With(order, createdAfter: times[0], createdBefore: times[2]));
        if (InclusiveTimeFilters)
        {
            Assert.Equal(names[1..], after);
            Assert.Equal(names[..2], before);
            Assert.Equal(names, between);
        }
        else
        {
            Assert.Equal(names[2..], after);
            Assert.Equal(names[..1], before);
            Assert.Equal(names[1..2], between);
        }
    }

    [Fact]
    public async Task A_garbage_token_or_one_from_another_query_is_ValidationException()
    {
        var prefix = EmulatorFixture.Unique("tok");
        for (var i = 0; i < 3; i++) await Create($"{prefix}-{i}");
        var token = Str((await List(new JsonObject { ["SortBy"] = "Name", ["MaxResults"] = 1 })).Ok()["NextToken"]);

        var r = (await List(new JsonObject { ["NextToken"] = "not-a-token" })).Error("ValidationException");
        Assert.Equal("Invalid pagination token: not-a-token", r.Message);
        (await List(new JsonObject { ["NextToken"] = token, ["MaxResults"] = 1 })).Error("ValidationException");
        (await List(new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["NextToken"] = token })).Error("ValidationException");
        (await List(new JsonObject { ["SortBy"] = "Name", ["CreatedAfter"] = 1, ["NextToken"] = token })).Error("ValidationException");
        // The same query with another page size continues fine; explicit defaults are the same query.
        (await List(new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Descending", ["MaxResults"] = 5, ["NextToken"] = token })).Ok();
    }

    [Fact]
    public async Task List_members_outside_the_model_are_coral_ValidationExceptions()
    {
        var r = (await List(new JsonObject { ["MaxResults"] = 0 })).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1", r.Message);
        r = (await List(new JsonObject { ["MaxResults"] = 101 })).Error("ValidationException");
        Assert.Contains("Member must have value less than or equal to 100", r.Message);
        r = (await List(new JsonObject { ["SortBy"] = "Size" })).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]", r.Message);
        r = (await List(new JsonObject { ["SortOrder"] = "Up" })).Error("ValidationException");
        Assert.Contains("Member must satisfy enum value set: [Ascending, Descending]", r.Message);
    }

    protected static JsonObject With(JsonObject query, string? nextToken = null, JsonNode? createdAfter = null, JsonNode? createdBefore = null)
    {
        var copy = query.DeepClone().AsObject();
        if (nextToken is not null) copy["NextToken"] = nextToken;
        if (createdAfter is not null) copy["CreatedAfter"] = createdAfter.DeepClone();
        if (createdBefore is not null) copy["CreatedBefore"] = createdBefore.DeepClone();
        return copy;
    }
}
