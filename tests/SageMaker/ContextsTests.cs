using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

public sealed class ContextsTests(EmulatorFixture emulator) : NamedEntityTests(emulator), IClassFixture<EmulatorFixture>
{
    private const string EndpointUri = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e";

    protected override string Entity => "Context";
    protected override string Label => "Context";
    protected override string ArnType => "context";
    protected override string SummariesMember => "ContextSummaries";
    protected override bool InclusiveTimeFilters => true;

    protected override JsonObject Minimal(string name) =>
        JsonSerializer.SerializeToNode(NewContext(name), SageMakerJsonContext.Default.CreateContextRequest)!.AsObject();

    private static CreateContextRequest NewContext(string name, string sourceUri = EndpointUri, string contextType = "Endpoint",
        string? description = null, Dictionary<string, string>? properties = null) => new()
    {
        ContextName = name,
        Source = new ContextSource { SourceUri = sourceUri },
        ContextType = contextType,
        Description = description,
        Properties = properties,
    };

    private Task<DescribeContextResponse> DescribeContext(string nameOrArn) => Sm.DescribeContextAsync(new() { ContextName = nameOrArn });

    [Fact]
    public async Task Create_with_every_member_round_trips_through_describe_and_list()
    {
        // Context names, unlike the other entities', may contain underscores.
        var name = EmulatorFixture.Unique("full") + "_ctx";
        var arn = (await Sm.CreateContextAsync(new()
        {
            ContextName = name,
            Source = new ContextSource { SourceUri = "s3://b/k", SourceType = "S3", SourceId = "v1" },
            ContextType = "ModelPackage",
            Description = "a package",
            Properties = new Dictionary<string, string> { ["p"] = "q" },
            Tags = [new Tag { Key = "a", Value = "1" }, new Tag { Key = "b", Value = "2" }],
        })).ContextArn!;
        Assert.Equal(ArnOf(Sm.Account, name), arn);

        var d = await DescribeContext(arn);
        Assert.Equal(name, d.ContextName);
        Assert.Equal("s3://b/k", d.Source!.SourceUri);
        Assert.Equal("S3", d.Source.SourceType);
        Assert.Equal("v1", d.Source.SourceId);
        Assert.Equal("ModelPackage", d.ContextType);
        Assert.Equal("a package", d.Description);
        Assert.Equal(new Dictionary<string, string> { ["p"] = "q" }, d.Properties);
        Assert.NotNull(d.CreatedBy!.IamIdentity!.Arn);
        Assert.NotNull(d.LastModifiedBy!.IamIdentity!.Arn);
        Assert.NotNull(d.CreationTime);

        Assert.Equal(["a", "b"], (await Sm.ListTagsAsync(new() { ResourceArn = arn })).Tags!.Select(t => t.Key));

        var summary = Assert.Single((await Sm.ListContextsAsync(new())).ContextSummaries!);
        Assert.Equal(arn, summary.ContextArn);
        Assert.Equal(name, summary.ContextName);
        Assert.Equal("ModelPackage", summary.ContextType);
        Assert.Equal("S3", summary.Source!.SourceType);
        Assert.Equal(d.LastModifiedTime, summary.LastModifiedTime);
    }

    [Fact]
    public async Task Update_changes_description_and_properties_and_the_modification_stamp()
    {
        var name = EmulatorFixture.Unique("upd");
        await Sm.CreateContextAsync(NewContext(name, description: "old", properties: new() { ["keep"] = "1", ["change"] = "2", ["drop"] = "3" }));
        var before = await DescribeContext(name);

        await Sm.UpdateContextAsync(new()
        {
            ContextName = name,
            Description = "new",
            Properties = new Dictionary<string, string> { ["change"] = "20", ["add"] = "4" },
            PropertiesToRemove = ["drop"],
        });
        var after = await DescribeContext(name);
        Assert.Equal("new", after.Description);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["change"] = "20", ["add"] = "4" }, after.Properties);
        Assert.Equal(before.CreationTime, after.CreationTime);
        Assert.True(after.LastModifiedTime > before.LastModifiedTime);

        await Sm.UpdateContextAsync(new() { ContextName = name, Description = "" });
        after = await DescribeContext(name);
        Assert.Equal("", after.Description);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["change"] = "20", ["add"] = "4" }, after.Properties);
    }

    [Fact]
    public async Task Invalid_members_are_coral_ValidationExceptions_that_change_nothing()
    {
        var name = EmulatorFixture.Unique("bad");
        await Sm.CreateContextAsync(NewContext(name));

        var tooMany = Enumerable.Range(0, 31).ToDictionary(i => "k" + i, _ => "v");
        var r = await Rejected(() => Sm.UpdateContextAsync(new() { ContextName = name, Properties = tooMany }), "ValidationException");
        Assert.Contains("at 'properties' failed to satisfy constraint: Member must have length less than or equal to 30", r.Message);

        r = await Rejected(() => Sm.CreateContextAsync(new() { ContextName = "bad name" }), "ValidationException");
        Assert.Equal("3 validation errors detected: Value 'bad name' at 'contextName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,119}; " +
            "Value null at 'source' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'contextType' failed to satisfy constraint: Member must not be null", r.Message);
    }

    [Fact]
    public async Task ListContexts_filters_by_source_uri_and_context_type()
    {
        string a = EmulatorFixture.Unique("a"), b = EmulatorFixture.Unique("b"), c = EmulatorFixture.Unique("c");
        await Sm.CreateContextAsync(NewContext(a));
        await Sm.CreateContextAsync(NewContext(b, sourceUri: "s3://elsewhere"));
        await Sm.CreateContextAsync(NewContext(c, contextType: "ModelPackageGroup"));
        async Task<List<string>> Names(ListContextsRequest query) => [.. (await Sm.ListContextsAsync(query)).ContextSummaries!.Select(s => s.ContextName!)];

        Assert.Equal([b], await Names(new() { SourceUri = "s3://elsewhere" }));
        Assert.Equal([c, a], await Names(new() { SourceUri = EndpointUri }));
        Assert.Equal([c], await Names(new() { ContextType = "ModelPackageGroup" }));
        Assert.Equal([b, a], await Names(new() { ContextType = "Endpoint" }));
    }
}
