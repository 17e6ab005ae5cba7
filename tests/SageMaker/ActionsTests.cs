using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

public sealed class ActionsTests(EmulatorFixture emulator) : NamedEntityTests(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Entity => "Action";
    protected override string Label => "Action";
    protected override string ArnType => "action";
    protected override string SummariesMember => "ActionSummaries";
    protected override bool InclusiveTimeFilters => true;

    protected override JsonObject Minimal(string name) =>
        JsonSerializer.SerializeToNode(NewAction(name), SageMakerJsonContext.Default.CreateActionRequest)!.AsObject();

    private static CreateActionRequest NewAction(string name, string sourceUri = "s3://bucket/deploy", string actionType = "ModelDeployment",
        string? status = null, string? description = null, Dictionary<string, string>? properties = null) => new()
    {
        ActionName = name,
        Source = new ActionSource { SourceUri = sourceUri },
        ActionType = actionType,
        Status = status,
        Description = description,
        Properties = properties,
    };

    private Task<DescribeActionResponse> DescribeAction(string name) => Sm.DescribeActionAsync(new() { ActionName = name });

    [Fact]
    public async Task Create_with_every_member_round_trips_through_describe_and_list()
    {
        var name = EmulatorFixture.Unique("full");
        var arn = (await Sm.CreateActionAsync(new()
        {
            ActionName = name,
            Source = new ActionSource { SourceUri = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e", SourceType = "Endpoint", SourceId = "id-1" },
            ActionType = "ModelDeployment",
            Description = "deploys the model",
            Status = ActionStatusValues.InProgress,
            Properties = new Dictionary<string, string> { ["stage"] = "prod" },
            MetadataProperties = new MetadataProperties { CommitId = "c1", Repository = "r", GeneratedBy = "g", ProjectId = "p" },
            Tags = [new Tag { Key = "team", Value = "ml" }],
        })).ActionArn!;

        var d = await DescribeAction(name);
        Assert.Equal(name, d.ActionName);
        Assert.Equal(arn, d.ActionArn);
        Assert.Equal("Endpoint", d.Source!.SourceType);
        Assert.Equal("id-1", d.Source.SourceId);
        Assert.Equal("ModelDeployment", d.ActionType);
        Assert.Equal("deploys the model", d.Description);
        Assert.Equal(ActionStatusValues.InProgress, d.Status);
        Assert.Equal("prod", d.Properties!["stage"]);
        Assert.Equal("c1", d.MetadataProperties!.CommitId);
        Assert.Equal("p", d.MetadataProperties.ProjectId);
        Assert.NotNull(d.CreatedBy!.IamIdentity!.Arn);
        Assert.Equal(d.CreatedBy.IamIdentity.Arn, d.LastModifiedBy!.IamIdentity!.Arn);
        Assert.Equal(d.CreationTime, d.LastModifiedTime);

        Assert.Equal("ml", Assert.Single((await Sm.ListTagsAsync(new() { ResourceArn = arn })).Tags!).Value);

        var summary = Assert.Single((await Sm.ListActionsAsync(new())).ActionSummaries!);
        Assert.Equal(arn, summary.ActionArn);
        Assert.Equal(ActionStatusValues.InProgress, summary.Status);
        Assert.Equal("id-1", summary.Source!.SourceId);
        Assert.Equal("ModelDeployment", summary.ActionType);
        Assert.NotNull(summary.CreationTime);
        Assert.NotNull(summary.LastModifiedTime);
    }

    [Fact]
    public async Task Update_changes_every_updatable_member_and_the_modification_stamp()
    {
        var name = EmulatorFixture.Unique("upd");
        await Sm.CreateActionAsync(NewAction(name, status: ActionStatusValues.InProgress, description: "old",
            properties: new() { ["a"] = "1", ["b"] = "2", ["c"] = "3" }));
        var before = await DescribeAction(name);

        var updated = await Sm.UpdateActionAsync(new()
        {
            ActionName = name.ToUpperInvariant(),
            Description = "new",
            Status = ActionStatusValues.Completed,
            Properties = new Dictionary<string, string> { ["b"] = "20", ["d"] = "4" },
            PropertiesToRemove = ["c"],
        });
        Assert.Equal(before.ActionArn, updated.ActionArn);

        var after = await DescribeAction(name);
        Assert.Equal("new", after.Description);
        Assert.Equal(ActionStatusValues.Completed, after.Status);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["d"] = "4" }, after.Properties);
        Assert.Equal(before.CreationTime, after.CreationTime);
        Assert.True(after.LastModifiedTime > before.LastModifiedTime);
        Assert.Equal((before.Source!.SourceUri, before.Source.SourceType, before.Source.SourceId),
            (after.Source!.SourceUri, after.Source.SourceType, after.Source.SourceId));

        // Members left out keep their values; removing alone works.
        await Sm.UpdateActionAsync(new() { ActionName = name, PropertiesToRemove = ["a", "zz"] });
        after = await DescribeAction(name);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "20", ["d"] = "4" }, after.Properties);
        Assert.Equal("new", after.Description);
        Assert.Equal(ActionStatusValues.Completed, after.Status);
    }

    [Fact]
    public async Task Bad_status_and_missing_members_are_coral_ValidationExceptions_that_change_nothing()
    {
        var name = EmulatorFixture.Unique("bad");
        await Sm.CreateActionAsync(NewAction(name));

        var r = await Rejected(() => Sm.UpdateActionAsync(new() { ActionName = name, Status = "Done", Description = "x" }), "ValidationException");
        Assert.Equal("1 validation error detected: Value 'Done' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Unknown, InProgress, Completed, Failed, Stopping, Stopped]", r.Message);

        r = await Rejected(() => Sm.CreateActionAsync(new() { ActionName = EmulatorFixture.Unique("n") }), "ValidationException");
        Assert.Equal("2 validation errors detected: Value null at 'source' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'actionType' failed to satisfy constraint: Member must not be null", r.Message);

        r = await Rejected(() => Sm.CreateActionAsync(NewAction(EmulatorFixture.Unique("n"), status: "Sleeping")), "ValidationException");
        Assert.Contains("Value 'Sleeping' at 'status' failed to satisfy constraint: Member must satisfy enum value set", r.Message);

        r = await Rejected(() => Sm.CreateActionAsync(new()
        {
            ActionName = EmulatorFixture.Unique("n"),
            Source = new ActionSource { SourceType = "x" },
            ActionType = "ModelDeployment",
        }), "ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'source.sourceUri' failed to satisfy constraint: Member must not be null", r.Message);
    }

    [Fact]
    public async Task ListActions_filters_by_source_uri_and_action_type()
    {
        string a = EmulatorFixture.Unique("a"), b = EmulatorFixture.Unique("b"), c = EmulatorFixture.Unique("c");
        await Sm.CreateActionAsync(NewAction(a));
        await Sm.CreateActionAsync(NewAction(b, sourceUri: "s3://bucket/other"));
        await Sm.CreateActionAsync(NewAction(c, actionType: "Training"));
        async Task<List<string>> Names(ListActionsRequest query) => [.. (await Sm.ListActionsAsync(query)).ActionSummaries!.Select(s => s.ActionName!)];

        Assert.Equal([c, a], await Names(new() { SourceUri = "s3://bucket/deploy" }));
        Assert.Equal([b], await Names(new() { SourceUri = "s3://bucket/other" }));
        Assert.Equal([c], await Names(new() { ActionType = "Training" }));
        Assert.Equal([a], await Names(new() { ActionType = "ModelDeployment", SourceUri = "s3://bucket/deploy" }));
        Assert.Empty(await Names(new() { ActionType = "Nothing" }));
    }
}
