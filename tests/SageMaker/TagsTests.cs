using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

public sealed class TagsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    /// <summary>Creates a taggable resource of the given kind in the caller's account and returns its ARN.</summary>
    private async Task<string> Resource(string kind, SageMakerClient? caller = null)
    {
        var sm = caller ?? Sm;
        var name = EmulatorFixture.Unique("t");
        return kind switch
        {
            "Artifact" => Str((await sm.Call("CreateArtifact", new JsonObject { ["Source"] = Source("s3://b/" + name), ["ArtifactType"] = "DataSet" })).Ok()["ArtifactArn"]),
            "Action" => Str((await sm.Call("CreateAction", new JsonObject { ["ActionName"] = name, ["Source"] = Source("s3://x"), ["ActionType"] = "T" })).Ok()["ActionArn"]),
            "Context" => Str((await sm.Call("CreateContext", new JsonObject { ["ContextName"] = name, ["Source"] = Source("s3://x"), ["ContextType"] = "T" })).Ok()["ContextArn"]),
            "TrialComponent" => Str((await sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = name })).Ok()["TrialComponentArn"]),
            "LineageGroup" => await LineageGroup(sm),
            _ => throw new ArgumentException(kind),
        };
    }

    private static async Task<string> LineageGroup(SageMakerClient sm)
    {
        (await sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = EmulatorFixture.Unique("g") })).Ok();
        return $"arn:aws:sagemaker:us-east-1:{sm.Account}:lineage-group/sagemaker-default-lineage-group";
    }

    private Task<WireResult> AddTags(string arn, JsonArray tags, SageMakerClient? caller = null) =>
        (caller ?? Sm).Call("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = tags });

    private Task<WireResult> ListTags(string arn, SageMakerClient? caller = null, int? max = null, string? token = null)
    {
        var body = new JsonObject { ["ResourceArn"] = arn };
        if (max is not null) body["MaxResults"] = max;
        if (token is not null) body["NextToken"] = token;
        return (caller ?? Sm).Call("ListTags", body);
    }

    private Task<WireResult> DeleteTags(string arn, params string[] keys) =>
        Sm.Call("DeleteTags", new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });

    private async Task<string> Tags(string arn) =>
        string.Join(",", (await ListTags(arn)).Ok()["Tags"]!.AsArray().Select(t => Str(t!["Key"]) + "=" + Str(t["Value"])));

    [Theory]
    [InlineData("Artifact")]
    [InlineData("Action")]
    [InlineData("Context")]
    [InlineData("TrialComponent")]
    [InlineData("LineageGroup")]
    public async Task Tags_are_added_overwritten_listed_and_deleted_on_every_lineage_resource(string kind)
    {
        var arn = await Resource(kind);
        Assert.Equal("", await Tags(arn));

        var added = (await AddTags(arn, TagList(("team", "ml"), ("env", "dev")))).Ok();
        Assert.Equal("""[{"Key":"team","Value":"ml"},{"Key":"env","Value":"dev"}]""", added["Tags"]!.ToJsonString());
        (await AddTags(arn, TagList(("env", "prod"), ("cost", "")))).Ok();
        Assert.Equal("cost=,env=prod,team=ml", await Tags(arn));

        // Unknown keys are ignored.
        (await DeleteTags(arn, "env", "nope")).Ok();
        Assert.Equal("cost=,team=ml", await Tags(arn));
        (await DeleteTags(arn, "cost", "team")).Ok();
        Assert.Equal("", await Tags(arn));
        (await DeleteTags(arn, "team")).Ok();
    }

    [Fact]
    public async Task ListTags_pages_by_key_so_tags_added_between_pages_neither_shift_nor_repeat()
    {
        var arn = await Resource("Context");
        (await AddTags(arn, [.. Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i:D2}", ["Value"] = "v" })])).Ok();
        (await AddTags(arn, [.. Enumerable.Range(50, 10).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i:D2}", ["Value"] = "v" })])).Ok();

        var first = (await ListTags(arn)).Ok();
        Assert.Equal([.. Enumerable.Range(0, 50).Select(i => $"k{i:D2}")], Strings(first["Tags"], "Key"));
        (await AddTags(arn, TagList(("a-early", "v"), ("z-late", "v")))).Ok();

        var second = (await ListTags(arn, token: Str(first["NextToken"]))).Ok();
        Assert.Equal([.. Enumerable.Range(50, 10).Select(i => $"k{i:D2}"), "z-late"], Strings(second["Tags"], "Key"));
        Assert.Null(second["NextToken"]);

        var all = (await ListTags(arn, max: 100)).Ok();
        Assert.Equal(62, all["Tags"]!.AsArray().Count);
        Assert.Null(all["NextToken"]);
    }

    [Fact]
    public async Task ListTags_rejects_small_pages_garbage_tokens_and_tokens_of_another_resource()
    {
        var arn = await Resource("Action");
        var other = await Resource("Action");
        (await AddTags(arn, [.. Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i:D2}", ["Value"] = "v" })])).Ok();
        (await AddTags(arn, TagList(("z", "v")))).Ok();
        var token = Str((await ListTags(arn)).Ok()["NextToken"]);

        var r = (await ListTags(arn, max: 49)).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value '49' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50", r.Message);
        r = (await ListTags(arn, token: "garbage")).Error("ValidationException");
        Assert.Equal("Invalid pagination token: garbage", r.Message);
        (await ListTags(other, token: token)).Error("ValidationException");
        Assert.Equal("z", Str((await ListTags(arn, token: token)).Ok()["Tags"]![0]!["Key"]));
    }

    [Fact]
    public async Task Tagging_a_resource_that_does_not_exist_is_ValidationException_and_changes_nothing()
    {
        await Resource("Action");
        var arn = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:action/ghost";
        var r = await Rejected(() => AddTags(arn, TagList(("a", "b"))), "ValidationException");
        Assert.Equal($"Resource '{arn}' does not exist.", r.Message);
        await Rejected(() => ListTags(arn), "ValidationException");
        await Rejected(() => DeleteTags(arn, "a"), "ValidationException");
        // A lineage group exists only once the account has a lineage entity.
        var fresh = OtherAccount();
        (await fresh.Call("ListTags", new JsonObject { ["ResourceArn"] = $"arn:aws:sagemaker:us-east-1:{fresh.Account}:lineage-group/sagemaker-default-lineage-group" }))
            .Error("ValidationException");
        // So is a SageMaker resource of a kind the emulator does not keep.
        (await ListTags($"arn:aws:sagemaker:us-east-1:{Sm.Account}:training-job/job")).Error("ValidationException");
    }

    [Fact]
    public async Task Another_accounts_resources_cannot_be_tagged_listed_or_untagged()
    {
        var owner = OtherAccount();
        var arn = await Resource("Action", owner);
        (await AddTags(arn, TagList(("mine", "yes")), owner)).Ok();

        var r = await Rejected(() => AddTags(arn, TagList(("a", "b"))), "AccessDeniedException", owner.Account);
        Assert.Contains($"is not authorized to perform: sagemaker:AddTags on resource: {arn}", r.Message);
        await Rejected(() => ListTags(arn), "AccessDeniedException", owner.Account);
        await Rejected(() => DeleteTags(arn, "mine"), "AccessDeniedException", owner.Account);
        var group = await LineageGroup(owner);
        await Rejected(() => ListTags(group), "AccessDeniedException", owner.Account);
        Assert.Equal("mine=yes", string.Join(",", (await ListTags(arn, owner)).Ok()["Tags"]!.AsArray().Select(t => Str(t!["Key"]) + "=" + Str(t["Value"]))));
    }

    [Fact]
    public async Task Invalid_tag_requests_use_coral_wording_and_change_nothing()
    {
        var arn = await Resource("Action");
        var r = await Rejected(() => Sm.Call("AddTags", new JsonObject { ["ResourceArn"] = arn }), "ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null", r.Message);

        r = await Rejected(() => AddTags(arn, TagList((new string('k', 129), "v"))), "ValidationException");
        Assert.Equal($"1 validation error detected: Value '{new string('k', 129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128", r.Message);

        r = await Rejected(() => AddTags(arn, [.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["Key"] = "k" + i, ["Value"] = "v" })]), "ValidationException");
        Assert.Contains("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50", r.Message);

        r = await Rejected(() => DeleteTags(arn), "ValidationException");
        Assert.Equal("1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1", r.Message);

        r = await Rejected(() => AddTags("arn:aws:s3:::bucket", TagList(("a", "b"))), "ValidationException");
        Assert.StartsWith("1 validation error detected: Value 'arn:aws:s3:::bucket' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ", r.Message);
    }
}
