using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

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
            "Artifact" => (await sm.CreateArtifactAsync(new() { Source = new() { SourceUri = "s3://b/" + name }, ArtifactType = "DataSet" })).ArtifactArn!,
            "Action" => (await sm.CreateActionAsync(new() { ActionName = name, Source = new() { SourceUri = "s3://x" }, ActionType = "T" })).ActionArn!,
            "Context" => (await sm.CreateContextAsync(new() { ContextName = name, Source = new() { SourceUri = "s3://x" }, ContextType = "T" })).ContextArn!,
            "TrialComponent" => (await sm.CreateTrialComponentAsync(new() { TrialComponentName = name })).TrialComponentArn!,
            "LineageGroup" => await LineageGroup(sm),
            _ => throw new ArgumentException(kind),
        };
    }

    private static async Task<string> LineageGroup(SageMakerClient sm)
    {
        await sm.CreateTrialComponentAsync(new() { TrialComponentName = EmulatorFixture.Unique("g") });
        return GroupArn(sm.Account);
    }

    private static List<Tag> TagsOf(params (string Key, string Value)[] tags) => [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })];

    private static List<Tag> Numbered(int from, int count, string prefix = "k", string format = "D2") =>
        [.. Enumerable.Range(from, count).Select(i => new Tag { Key = prefix + i.ToString(format), Value = "v" })];

    private Task<AddTagsOutput> AddTags(string arn, IReadOnlyList<Tag>? tags, SageMakerClient? caller = null) =>
        (caller ?? Sm).AddTagsAsync(new() { ResourceArn = arn, Tags = tags });

    private Task<ListTagsOutput> ListTags(string arn, SageMakerClient? caller = null, int? max = null, string? token = null) =>
        (caller ?? Sm).ListTagsAsync(new() { ResourceArn = arn, MaxResults = max, NextToken = token });

    private Task<DeleteTagsOutput> DeleteTags(string arn, params string[] keys) => Sm.DeleteTagsAsync(new() { ResourceArn = arn, TagKeys = keys });

    private static string Text(IEnumerable<Tag> tags) => string.Join(",", tags.Select(t => t.Key + "=" + t.Value));

    private async Task<string> Tags(string arn, SageMakerClient? caller = null) => Text((await ListTags(arn, caller)).Tags!);

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

        // AddTags answers with the tags it was given, in their order.
        var added = await AddTags(arn, TagsOf(("team", "ml"), ("env", "dev")));
        Assert.Equal("team=ml,env=dev", Text(added.Tags!));
        await AddTags(arn, TagsOf(("env", "prod"), ("cost", "")));
        Assert.Equal("cost=,env=prod,team=ml", await Tags(arn));

        // Unknown keys are ignored.
        await DeleteTags(arn, "env", "nope");
        Assert.Equal("cost=,team=ml", await Tags(arn));
        await DeleteTags(arn, "cost", "team");
        Assert.Equal("", await Tags(arn));
        await DeleteTags(arn, "team");
    }

    [Fact]
    public async Task ListTags_pages_by_key_so_tags_added_between_pages_neither_shift_nor_repeat()
    {
        var arn = await Resource("Context");
        await AddTags(arn, Numbered(0, 50));
        await AddTags(arn, Numbered(50, 10));

        var first = await ListTags(arn);
        Assert.Equal([.. Enumerable.Range(0, 50).Select(i => $"k{i:D2}")], first.Tags!.Select(t => t.Key));
        await AddTags(arn, TagsOf(("a-early", "v"), ("z-late", "v")));

        var second = await ListTags(arn, token: first.NextToken);
        Assert.Equal([.. Enumerable.Range(50, 10).Select(i => $"k{i:D2}"), "z-late"], second.Tags!.Select(t => t.Key));
        Assert.Null(second.NextToken);

        var all = await ListTags(arn, max: 100);
        Assert.Equal(62, all.Tags!.Count);
        Assert.Null(all.NextToken);
    }

    [Fact]
    public async Task ListTags_rejects_small_pages_garbage_tokens_and_tokens_of_another_resource()
    {
        var arn = await Resource("Action");
        var other = await Resource("Action");
        await AddTags(arn, Numbered(0, 50));
        await AddTags(arn, TagsOf(("z", "v")));
        var token = (await ListTags(arn)).NextToken;

        var r = await ListTags(arn, max: 49).Fails("ValidationException");
        Assert.Equal("1 validation error detected: Value '49' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50", r.Message);
        r = await ListTags(arn, token: "garbage").Fails("ValidationException");
        Assert.Equal("Invalid pagination token: garbage", r.Message);
        await ListTags(other, token: token).Fails("ValidationException");
        Assert.Equal("z", (await ListTags(arn, token: token)).Tags![0].Key);
    }

    [Fact]
    public async Task Tagging_a_resource_that_does_not_exist_is_ValidationException_and_changes_nothing()
    {
        await Resource("Action");
        var arn = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:action/ghost";
        var r = await Rejected(() => AddTags(arn, TagsOf(("a", "b"))), "ValidationException");
        Assert.Equal($"Resource '{arn}' does not exist.", r.Message);
        await Rejected(() => ListTags(arn), "ValidationException");
        await Rejected(() => DeleteTags(arn, "a"), "ValidationException");
        // A lineage group exists only once the account has a lineage entity.
        var fresh = OtherAccount();
        await ListTags(GroupArn(fresh.Account), fresh).Fails("ValidationException");
        // So is a SageMaker resource of a kind the emulator does not keep.
        await ListTags($"arn:aws:sagemaker:us-east-1:{Sm.Account}:notebook-instance/nb").Fails("ValidationException");
    }

    [Fact]
    public async Task Another_accounts_resources_cannot_be_tagged_listed_or_untagged()
    {
        var owner = OtherAccount();
        var arn = await Resource("Action", owner);
        await AddTags(arn, TagsOf(("mine", "yes")), owner);

        var r = await Rejected(() => AddTags(arn, TagsOf(("a", "b"))), "AccessDeniedException", owner.Account);
        Assert.Contains($"is not authorized to perform: sagemaker:AddTags on resource: {arn}", r.Message);
        await Rejected(() => ListTags(arn), "AccessDeniedException", owner.Account);
        await Rejected(() => DeleteTags(arn, "mine"), "AccessDeniedException", owner.Account);
        var group = await LineageGroup(owner);
        await Rejected(() => ListTags(group), "AccessDeniedException", owner.Account);
        Assert.Equal("mine=yes", await Tags(arn, owner));
    }

    [Fact]
    public async Task Invalid_tag_requests_use_coral_wording_and_change_nothing()
    {
        var arn = await Resource("Action");
        var r = await Rejected(() => AddTags(arn, null), "ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null", r.Message);

        r = await Rejected(() => AddTags(arn, TagsOf((new string('k', 129), "v"))), "ValidationException");
        Assert.Equal($"1 validation error detected: Value '{new string('k', 129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128", r.Message);

        r = await Rejected(() => AddTags(arn, Numbered(0, 51, format: "D")), "ValidationException");
        Assert.Contains("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50", r.Message);

        r = await Rejected(() => DeleteTags(arn), "ValidationException");
        Assert.Equal("1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1", r.Message);

        r = await Rejected(() => AddTags("arn:aws:s3:::bucket", TagsOf(("a", "b"))), "ValidationException");
        Assert.StartsWith("1 validation error detected: Value 'arn:aws:s3:::bucket' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ", r.Message);
    }
}
