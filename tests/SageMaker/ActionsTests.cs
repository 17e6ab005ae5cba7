using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

public sealed class ActionsTests(EmulatorFixture emulator) : NamedEntityTests(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Entity => "Action";
    protected override string Label => "Action";
    protected override string ArnType => "action";
    protected override string SummariesMember => "ActionSummaries";
    protected override bool InclusiveTimeFilters => true;

    protected override JsonObject Minimal(string name) => new()
    {
        ["ActionName"] = name,
        ["Source"] = Source("s3://bucket/deploy"),
        ["ActionType"] = "ModelDeployment",
    };

    [Fact]
    public async Task Create_with_every_member_round_trips_through_describe_and_list()
    {
        var name = EmulatorFixture.Unique("full");
        var arn = Str((await Sm.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = name,
            ["Source"] = new JsonObject { ["SourceUri"] = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e", ["SourceType"] = "Endpoint", ["SourceId"] = "id-1" },
            ["ActionType"] = "ModelDeployment",
            ["Description"] = "deploys the model",
            ["Status"] = "InProgress",
            ["Properties"] = new JsonObject { ["stage"] = "prod" },
            ["MetadataProperties"] = new JsonObject { ["CommitId"] = "c1", ["Repository"] = "r", ["GeneratedBy"] = "g", ["ProjectId"] = "p" },
            ["Tags"] = TagList(("team", "ml")),
        })).Ok()["ActionArn"]);

        var d = (await Sm.Call("DescribeAction", new JsonObject { ["ActionName"] = name })).Ok();
        Assert.Equal(name, Str(d["ActionName"]));
        Assert.Equal(arn, Str(d["ActionArn"]));
        Assert.Equal("Endpoint", Str(d["Source"]!["SourceType"]));
        Assert.Equal("id-1", Str(d["Source"]!["SourceId"]));
        Assert.Equal("ModelDeployment", Str(d["ActionType"]));
        Assert.Equal("deploys the model", Str(d["Description"]));
        Assert.Equal("InProgress", Str(d["Status"]));
        Assert.Equal("prod", Str(d["Properties"]!["stage"]));
        Assert.Equal("c1", Str(d["MetadataProperties"]!["CommitId"]));
        Assert.Equal("p", Str(d["MetadataProperties"]!["ProjectId"]));
        Assert.NotNull(d["CreatedBy"]!["IamIdentity"]!["Arn"]);
        Assert.Equal(d["CreatedBy"]!.ToJsonString(), d["LastModifiedBy"]!.ToJsonString());
        Assert.Equal(d["CreationTime"]!.GetValue<decimal>(), d["LastModifiedTime"]!.GetValue<decimal>());

        var tags = (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.AsArray();
        Assert.Equal("ml", Str(Assert.Single(tags)!["Value"]));

        var summary = Assert.Single((await Sm.Call("ListActions", "{}")).Ok()["ActionSummaries"]!.AsArray())!;
        Assert.Equal(arn, Str(summary["ActionArn"]));
        Assert.Equal("InProgress", Str(summary["Status"]));
        Assert.Equal("id-1", Str(summary["Source"]!["SourceId"]));
        Assert.Equal("ModelDeployment", Str(summary["ActionType"]));
        Assert.NotNull(summary["CreationTime"]);
        Assert.NotNull(summary["LastModifiedTime"]);
    }

    [Fact]
    public async Task Update_changes_every_updatable_member_and_the_modification_stamp()
    {
        var name = EmulatorFixture.Unique("upd");
        var create = Minimal(name);
        create["Description"] = "old";
        create["Status"] = "InProgress";
        create["Properties"] = new JsonObject { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        (await Sm.Call("CreateAction", create)).Ok();
        var before = (await Sm.Call("DescribeAction", new JsonObject { ["ActionName"] = name })).Ok();

        var updated = (await Sm.Call("UpdateAction", new JsonObject
        {
            ["ActionName"] = name.ToUpperInvariant(),
            ["Description"] = "new",
            ["Status"] = "Completed",
            ["Properties"] = new JsonObject { ["b"] = "20", ["d"] = "4" },
            ["PropertiesToRemove"] = new JsonArray("c"),
        })).Ok();
        Assert.Equal(Str(before["ActionArn"]), Str(updated["ActionArn"]));

        var after = (await Sm.Call("DescribeAction", new JsonObject { ["ActionName"] = name })).Ok();
        Assert.Equal("new", Str(after["Description"]));
        Assert.Equal("Completed", Str(after["Status"]));
        Assert.Equal("""{"a":"1","b":"20","d":"4"}""", after["Properties"]!.ToJsonString());
        Assert.Equal(before["CreationTime"]!.GetValue<decimal>(), after["CreationTime"]!.GetValue<decimal>());
        Assert.True(after["LastModifiedTime"]!.GetValue<decimal>() > before["LastModifiedTime"]!.GetValue<decimal>());
        Assert.Equal(before["Source"]!.ToJsonString(), after["Source"]!.ToJsonString());

        // Members left out keep their values; removing alone works.
        (await Sm.Call("UpdateAction", new JsonObject { ["ActionName"] = name, ["PropertiesToRemove"] = new JsonArray("a", "zz") })).Ok();
        after = (await Sm.Call("DescribeAction", new JsonObject { ["ActionName"] = name })).Ok();
        Assert.Equal("""{"b":"20","d":"4"}""", after["Properties"]!.ToJsonString());
        Assert.Equal("new", Str(after["Description"]));
        Assert.Equal("Completed", Str(after["Status"]));
    }

    [Fact]
    public async Task Bad_status_and_missing_members_are_coral_ValidationExceptions_that_change_nothing()
    {
        var name = EmulatorFixture.Unique("bad");
        (await Sm.Call("CreateAction", Minimal(name))).Ok();

        var r = await Rejected(() => Sm.Call("UpdateAction", new JsonObject { ["ActionName"] = name, ["Status"] = "Done", ["Description"] = "x" }), "ValidationException");
        Assert.Equal("1 validation error detected: Value 'Done' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Unknown, InProgress, Completed, Failed, Stopping, Stopped]", r.Message);

        r = await Rejected(() => Sm.Call("CreateAction", new JsonObject { ["ActionName"] = EmulatorFixture.Unique("n") }), "ValidationException");
        Assert.Equal("2 validation errors detected: Value null at 'source' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'actionType' failed to satisfy constraint: Member must not be null", r.Message);

        var create = Minimal(EmulatorFixture.Unique("n"));
        create["Status"] = "Sleeping";
        r = await Rejected(() => Sm.Call("CreateAction", create), "ValidationException");
        Assert.Contains("Value 'Sleeping' at 'status' failed to satisfy constraint: Member must satisfy enum value set", r.Message);

        create = Minimal(EmulatorFixture.Unique("n"));
        create["Source"] = new JsonObject { ["SourceType"] = "x" };
        r = await Rejected(() => Sm.Call("CreateAction", create), "ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'source.sourceUri' failed to satisfy constraint: Member must not be null", r.Message);
    }

    [Fact]
    public async Task ListActions_filters_by_source_uri_and_action_type()
    {
        var a = Minimal(EmulatorFixture.Unique("a"));
        var b = Minimal(EmulatorFixture.Unique("b"));
        b["Source"] = Source("s3://bucket/other");
        var c = Minimal(EmulatorFixture.Unique("c"));
        c["ActionType"] = "Training";
        foreach (var body in new[] { a, b, c }) (await Sm.Call("CreateAction", body)).Ok();

        Assert.Equal([Str(c["ActionName"]), Str(a["ActionName"])], await ListNames(new JsonObject { ["SourceUri"] = "s3://bucket/deploy" }));
        Assert.Equal([Str(b["ActionName"])], await ListNames(new JsonObject { ["SourceUri"] = "s3://bucket/other" }));
        Assert.Equal([Str(c["ActionName"])], await ListNames(new JsonObject { ["ActionType"] = "Training" }));
        Assert.Equal([Str(a["ActionName"])], await ListNames(new JsonObject { ["ActionType"] = "ModelDeployment", ["SourceUri"] = "s3://bucket/deploy" }));
        Assert.Empty(await ListNames(new JsonObject { ["ActionType"] = "Nothing" }));
    }
}
