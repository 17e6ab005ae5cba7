using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

public sealed class ContextsTests(EmulatorFixture emulator) : NamedEntityTests(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Entity => "Context";
    protected override string Label => "Context";
    protected override string ArnType => "context";
    protected override string SummariesMember => "ContextSummaries";
    protected override bool InclusiveTimeFilters => true;

    protected override JsonObject Minimal(string name) => new()
    {
        ["ContextName"] = name,
        ["Source"] = Source("arn:aws:sagemaker:us-east-1:123456789012:endpoint/e"),
        ["ContextType"] = "Endpoint",
    };

    [Fact]
    public async Task Create_with_every_member_round_trips_through_describe_and_list()
    {
        // Context names, unlike the other entities', may contain underscores.
        var name = EmulatorFixture.Unique("full") + "_ctx";
        var arn = Str((await Sm.Call("CreateContext", new JsonObject
        {
            ["ContextName"] = name,
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://b/k", ["SourceType"] = "S3", ["SourceId"] = "v1" },
            ["ContextType"] = "ModelPackage",
            ["Description"] = "a package",
            ["Properties"] = new JsonObject { ["p"] = "q" },
            ["Tags"] = TagList(("a", "1"), ("b", "2")),
        })).Ok()["ContextArn"]);
        Assert.Equal(ArnOf(Sm.Account, name), arn);

        var d = (await Sm.Call("DescribeContext", new JsonObject { ["ContextName"] = arn })).Ok();
        Assert.Equal(name, Str(d["ContextName"]));
        Assert.Equal("s3://b/k", Str(d["Source"]!["SourceUri"]));
        Assert.Equal("S3", Str(d["Source"]!["SourceType"]));
        Assert.Equal("v1", Str(d["Source"]!["SourceId"]));
        Assert.Equal("ModelPackage", Str(d["ContextType"]));
        Assert.Equal("a package", Str(d["Description"]));
        Assert.Equal("""{"p":"q"}""", d["Properties"]!.ToJsonString());
        Assert.NotNull(d["CreatedBy"]!["IamIdentity"]!["Arn"]);
        Assert.NotNull(d["LastModifiedBy"]!["IamIdentity"]!["Arn"]);
        Assert.NotNull(d["CreationTime"]);

        var tags = (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.AsArray();
        Assert.Equal(["a", "b"], Strings(tags, "Key"));

        var summary = Assert.Single((await Sm.Call("ListContexts", "{}")).Ok()["ContextSummaries"]!.AsArray())!;
        Assert.Equal(arn, Str(summary["ContextArn"]));
        Assert.Equal(name, Str(summary["ContextName"]));
        Assert.Equal("ModelPackage", Str(summary["ContextType"]));
        Assert.Equal("S3", Str(summary["Source"]!["SourceType"]));
        Assert.Equal(d["LastModifiedTime"]!.GetValue<decimal>(), summary["LastModifiedTime"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Update_changes_description_and_properties_and_the_modification_stamp()
    {
        var name = EmulatorFixture.Unique("upd");
        var create = Minimal(name);
        create["Description"] = "old";
        create["Properties"] = new JsonObject { ["keep"] = "1", ["change"] = "2", ["drop"] = "3" };
        (await Sm.Call("CreateContext", create)).Ok();
        var before = (await Sm.Call("DescribeContext", new JsonObject { ["ContextName"] = name })).Ok();

        (await Sm.Call("UpdateContext", new JsonObject
        {
            ["ContextName"] = name,
            ["Description"] = "new",
            ["Properties"] = new JsonObject { ["change"] = "20", ["add"] = "4" },
            ["PropertiesToRemove"] = new JsonArray("drop"),
        })).Ok();
        var after = (await Sm.Call("DescribeContext", new JsonObject { ["ContextName"] = name })).Ok();
        Assert.Equal("new", Str(after["Description"]));
        Assert.Equal("""{"keep":"1","change":"20","add":"4"}""", after["Properties"]!.ToJsonString());
        Assert.Equal(before["CreationTime"]!.GetValue<decimal>(), after["CreationTime"]!.GetValue<decimal>());
        Assert.True(after["LastModifiedTime"]!.GetValue<decimal>() > before["LastModifiedTime"]!.GetValue<decimal>());

        (await Sm.Call("UpdateContext", new JsonObject { ["ContextName"] = name, ["Description"] = "" })).Ok();
        after = (await Sm.Call("DescribeContext", new JsonObject { ["ContextName"] = name })).Ok();
        Assert.Equal("", Str(after["Description"]));
        Assert.Equal("""{"keep":"1","change":"20","add":"4"}""", after["Properties"]!.ToJsonString());
    }

    [Fact]
    public async Task Invalid_members_are_coral_ValidationExceptions_that_change_nothing()
    {
        var name = EmulatorFixture.Unique("bad");
        (await Sm.Call("CreateContext", Minimal(name))).Ok();

        var tooMany = new JsonObject();
        for (var i = 0; i < 31; i++) tooMany["k" + i] = "v";
        var r = await Rejected(() => Sm.Call("UpdateContext", new JsonObject { ["ContextName"] = name, ["Properties"] = tooMany }), "ValidationException");
        Assert.Contains("at 'properties' failed to satisfy constraint: Member must have length less than or equal to 30", r.Message);

        r = await Rejected(() => Sm.Call("CreateContext", new JsonObject { ["ContextName"] = "bad name" }), "ValidationException");
        Assert.Equal("3 validation errors detected: Value 'bad name' at 'contextName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,119}; " +
            "Value null at 'source' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'contextType' failed to satisfy constraint: Member must not be null", r.Message);
    }

    [Fact]
    public async Task ListContexts_filters_by_source_uri_and_context_type()
    {
        var a = Minimal(EmulatorFixture.Unique("a"));
        var b = Minimal(EmulatorFixture.Unique("b"));
        b["Source"] = Source("s3://elsewhere");
        var c = Minimal(EmulatorFixture.Unique("c"));
        c["ContextType"] = "ModelPackageGroup";
        foreach (var body in new[] { a, b, c }) (await Sm.Call("CreateContext", body)).Ok();

        Assert.Equal([Str(b["ContextName"])], await ListNames(new JsonObject { ["SourceUri"] = "s3://elsewhere" }));
        Assert.Equal([Str(c["ContextName"]), Str(a["ContextName"])], await ListNames(new JsonObject { ["SourceUri"] = Str(a["Source"]!["SourceUri"]) }));
        Assert.Equal([Str(c["ContextName"])], await ListNames(new JsonObject { ["ContextType"] = "ModelPackageGroup" }));
        Assert.Equal([Str(b["ContextName"]), Str(a["ContextName"])], await ListNames(new JsonObject { ["ContextType"] = "Endpoint" }));
    }
}
