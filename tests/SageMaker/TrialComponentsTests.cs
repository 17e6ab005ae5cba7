using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

public sealed class TrialComponentsTests(EmulatorFixture emulator) : NamedEntityTests(emulator), IClassFixture<EmulatorFixture>
{
    protected override string Entity => "TrialComponent";
    protected override string Label => "Trial Component";
    protected override string ArnType => "experiment-trial-component";
    protected override string SummariesMember => "TrialComponentSummaries";
    protected override bool InclusiveTimeFilters => false;

    protected override JsonObject Minimal(string name) => new() { ["TrialComponentName"] = name };

    private async Task<JsonNode> DescribeOk(string name) => (await Describe(name)).Ok();

    [Fact]
    public async Task Create_with_every_member_round_trips_through_describe_and_list()
    {
        var name = EmulatorFixture.Unique("full");
        var arn = Str((await Sm.Call("CreateTrialComponent", new JsonObject
        {
            ["TrialComponentName"] = name,
            ["DisplayName"] = "Training",
            ["Status"] = new JsonObject { ["PrimaryStatus"] = "InProgress", ["Message"] = "running" },
            ["StartTime"] = 1767225600,
            ["EndTime"] = 1767229200.5,
            ["Parameters"] = new JsonObject
            {
                ["lr"] = new JsonObject { ["NumberValue"] = 0.1 },
                ["optimizer"] = new JsonObject { ["StringValue"] = "adam" },
            },
            ["InputArtifacts"] = new JsonObject { ["train"] = new JsonObject { ["MediaType"] = "text/csv", ["Value"] = "s3://b/train.csv" } },
            ["OutputArtifacts"] = new JsonObject { ["model"] = new JsonObject { ["Value"] = "s3://b/model.tar.gz" } },
            ["MetadataProperties"] = new JsonObject { ["GeneratedBy"] = "notebook" },
            ["Tags"] = TagList(("stage", "dev")),
        })).Ok()["TrialComponentArn"]);

        var d = await DescribeOk(arn);
        Assert.Equal(name, Str(d["TrialComponentName"]));
        Assert.Equal(arn, Str(d["TrialComponentArn"]));
        Assert.Equal("Training", Str(d["DisplayName"]));
        Assert.Equal("""{"PrimaryStatus":"InProgress","Message":"running"}""", d["Status"]!.ToJsonString());
        Assert.Equal(1767225600m, d["StartTime"]!.GetValue<decimal>());
        Assert.Equal(1767229200.5m, d["EndTime"]!.GetValue<decimal>());
        Assert.Equal("""{"lr":{"NumberValue":0.1},"optimizer":{"StringValue":"adam"}}""", d["Parameters"]!.ToJsonString());
        Assert.Equal("""{"train":{"MediaType":"text/csv","Value":"s3://b/train.csv"}}""", d["InputArtifacts"]!.ToJsonString());
        Assert.Equal("""{"model":{"Value":"s3://b/model.tar.gz"}}""", d["OutputArtifacts"]!.ToJsonString());
        Assert.Equal("notebook", Str(d["MetadataProperties"]!["GeneratedBy"]));
        Assert.Empty(d["Metrics"]!.AsArray());
        // Only SageMaker jobs make sourced trial components.
        Assert.Null(d["Source"]);
        Assert.NotNull(d["CreatedBy"]!["IamIdentity"]!["Arn"]);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:lineage-group/sagemaker-default-lineage-group", Str(d["LineageGroupArn"]));

        var tags = (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.AsArray();
        Assert.Equal("dev", Str(Assert.Single(tags)!["Value"]));

        var s = Assert.Single((await Sm.Call("ListTrialComponents", "{}")).Ok()["TrialComponentSummaries"]!.AsArray())!;
        Assert.Equal(arn, Str(s["TrialComponentArn"]));
        Assert.Equal("Training", Str(s["DisplayName"]));
        Assert.Equal("InProgress", Str(s["Status"]!["PrimaryStatus"]));
        Assert.Equal(1767225600m, s["StartTime"]!.GetValue<decimal>());
        Assert.Equal(1767229200.5m, s["EndTime"]!.GetValue<decimal>());
        Assert.NotNull(s["CreatedBy"]!["IamIdentity"]);
        Assert.NotNull(s["LastModifiedBy"]!["IamIdentity"]);
        Assert.NotNull(s["CreationTime"]);
        Assert.NotNull(s["LastModifiedTime"]);
    }

    [Fact]
    public async Task Display_name_defaults_to_the_trial_component_name()
    {
        var name = EmulatorFixture.Unique("plain");
        (await Sm.Call("CreateTrialComponent", Minimal(name))).Ok();
        Assert.Equal(name, Str((await DescribeOk(name))["DisplayName"]));
        Assert.Equal(name, Str((await Sm.Call("ListTrialComponents", "{}")).Ok()["TrialComponentSummaries"]![0]!["DisplayName"]));
    }

    [Fact]
    public async Task Update_changes_every_updatable_member_including_the_removals()
    {
        var name = EmulatorFixture.Unique("upd");
        (await Sm.Call("CreateTrialComponent", new JsonObject
        {
            ["TrialComponentName"] = name,
            ["Status"] = new JsonObject { ["PrimaryStatus"] = "InProgress" },
            ["StartTime"] = 1000,
            ["Parameters"] = new JsonObject { ["keep"] = new JsonObject { ["NumberValue"] = 1 }, ["drop"] = new JsonObject { ["NumberValue"] = 2 } },
            ["InputArtifacts"] = new JsonObject { ["in1"] = Artifact("s3://a"), ["in2"] = Artifact("s3://b") },
            ["OutputArtifacts"] = new JsonObject { ["out1"] = Artifact("s3://c"), ["out2"] = Artifact("s3://d") },
        })).Ok();
        var before = await DescribeOk(name);

        var r = (await Sm.Call("UpdateTrialComponent", new JsonObject
        {
            ["TrialComponentName"] = name,
            ["DisplayName"] = "Shown",
            ["Status"] = new JsonObject { ["PrimaryStatus"] = "Failed", ["Message"] = "out of memory" },
            ["StartTime"] = 2000,
            ["EndTime"] = 3000,
            ["Parameters"] = new JsonObject { ["keep"] = new JsonObject { ["StringValue"] = "one" }, ["new"] = new JsonObject { ["NumberValue"] = 3 } },
            ["ParametersToRemove"] = new JsonArray("drop"),
            ["InputArtifacts"] = new JsonObject { ["in3"] = Artifact("s3://e") },
            ["InputArtifactsToRemove"] = new JsonArray("in1"),
            ["OutputArtifacts"] = new JsonObject { ["out1"] = Artifact("s3://f") },
            ["OutputArtifactsToRemove"] = new JsonArray("out2"),
        })).Ok();
        Assert.Equal(Str(before["TrialComponentArn"]), Str(r["TrialComponentArn"]));

        var d = await DescribeOk(name);
        Assert.Equal("Shown", Str(d["DisplayName"]));
        Assert.Equal("""{"PrimaryStatus":"Failed","Message":"out of memory"}""", d["Status"]!.ToJsonString());
        Assert.Equal(2000m, d["StartTime"]!.GetValue<decimal>());
        Assert.Equal(3000m, d["EndTime"]!.GetValue<decimal>());
        Assert.Equal("""{"keep":{"StringValue":"one"},"new":{"NumberValue":3}}""", d["Parameters"]!.ToJsonString());
        Assert.Equal("""{"in2":{"Value":"s3://b"},"in3":{"Value":"s3://e"}}""", d["InputArtifacts"]!.ToJsonString());
        Assert.Equal("""{"out1":{"Value":"s3://f"}}""", d["OutputArtifacts"]!.ToJsonString());
        Assert.Equal(before["CreationTime"]!.GetValue<decimal>(), d["CreationTime"]!.GetValue<decimal>());
        Assert.True(d["LastModifiedTime"]!.GetValue<decimal>() > before["LastModifiedTime"]!.GetValue<decimal>());

        // An update naming nothing else still stamps the modification, and keeps every member.
        (await Sm.Call("UpdateTrialComponent", Minimal(name))).Ok();
        var again = await DescribeOk(name);
        Assert.True(again["LastModifiedTime"]!.GetValue<decimal>() > d["LastModifiedTime"]!.GetValue<decimal>());
        Assert.Equal(d["Parameters"]!.ToJsonString(), again["Parameters"]!.ToJsonString());
        Assert.Equal("Shown", Str(again["DisplayName"]));
    }

    [Theory]
    [InlineData("""{"StringValue":"a","NumberValue":1}""")]
    [InlineData("{}")]
    public async Task A_parameter_needs_exactly_one_of_string_and_number(string value)
    {
        var name = EmulatorFixture.Unique("param");
        var create = Minimal(name);
        create["Parameters"] = new JsonObject { ["p"] = JsonNode.Parse(value) };
        var r = await Rejected(() => Sm.Call("CreateTrialComponent", create), "ValidationException");
        Assert.Equal("Parameter 'p' must have exactly one of StringValue or NumberValue.", r.Message);

        (await Sm.Call("CreateTrialComponent", Minimal(name))).Ok();
        var update = Minimal(name);
        update["Parameters"] = new JsonObject { ["p"] = JsonNode.Parse(value) };
        await Rejected(() => Sm.Call("UpdateTrialComponent", update), "ValidationException");
    }

    [Fact]
    public async Task Invalid_members_are_coral_ValidationExceptions_that_change_nothing()
    {
        var create = Minimal(EmulatorFixture.Unique("bad"));
        create["Status"] = new JsonObject { ["PrimaryStatus"] = "Sleeping" };
        create["InputArtifacts"] = new JsonObject { ["x"] = new JsonObject { ["MediaType"] = "csv" } };
        var r = await Rejected(() => Sm.Call("CreateTrialComponent", create), "ValidationException");
        Assert.StartsWith("3 validation errors detected: ", r.Message);
        Assert.Contains("Value 'Sleeping' at 'status.primaryStatus' failed to satisfy constraint: Member must satisfy enum value set: [InProgress, Completed, Failed, Stopping, Stopped]", r.Message);
        Assert.Contains("Value 'csv' at 'inputArtifacts.x.value.mediaType' failed to satisfy constraint: Member must satisfy regular expression pattern: ", r.Message);
        Assert.Contains("Value null at 'inputArtifacts.x.value.value' failed to satisfy constraint: Member must not be null", r.Message);

        create = Minimal(EmulatorFixture.Unique("bad"));
        create["DisplayName"] = "not valid!";
        r = await Rejected(() => Sm.Call("CreateTrialComponent", create), "ValidationException");
        Assert.Equal("1 validation error detected: Value 'not valid!' at 'displayName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}", r.Message);
    }

    [Fact]
    public async Task Experiment_and_trial_filters_name_parents_that_do_not_exist()
    {
        await Create(EmulatorFixture.Unique("tc"));
        var r = (await List(new JsonObject { ["ExperimentName"] = "My-Experiment" })).Error("ResourceNotFound");
        Assert.Equal($"Experiment 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/my-experiment' does not exist.", r.Message);
        r = (await List(new JsonObject { ["TrialName"] = "trial-1" })).Error("ResourceNotFound");
        Assert.Equal($"Trial 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/trial-1' does not exist.", r.Message);

        r = (await List(new JsonObject { ["ExperimentName"] = "e", ["SourceArn"] = "arn:aws:sagemaker:us-east-1:123456789012:training-job/j" })).Error("ValidationException");
        Assert.Equal("Only one of ExperimentName, TrialName or SourceArn can be specified.", r.Message);
        (await List(new JsonObject { ["ExperimentName"] = "e", ["TrialName"] = "t" })).Error("ValidationException");
    }

    [Fact]
    public async Task Source_arn_filter_matches_nothing_since_no_component_here_has_a_source()
    {
        await Create(EmulatorFixture.Unique("tc"));
        Assert.Single(await ListNames([]));
        Assert.Empty(await ListNames(new JsonObject { ["SourceArn"] = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:training-job/job" }));
    }

    private static JsonObject Artifact(string value) => new() { ["Value"] = value };
}
