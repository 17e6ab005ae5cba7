using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>Experiments: names, ARNs, updates, listing, delete rules, and experiments as lineage association ends.</summary>
public sealed class ExperimentsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private async Task<string> Experiment(string name, JsonObject? extra = null)
    {
        var body = new JsonObject { ["ExperimentName"] = name };
        foreach (var (k, v) in extra ?? []) body[k] = v?.DeepClone();
        return Str((await Sm.Call("CreateExperiment", body)).Ok()["ExperimentArn"]);
    }

    // ARN form from the model's ExperimentArn pattern (":experiment/"); names are unique per account "and not
    // case-sensitive" (CreateExperiment's documentation), so the ARN carries the name lowercased, as SageMaker's
    // other named lineage entities do.
    [Fact]
    public async Task Create_and_describe_round_trip_with_a_lowercased_arn_and_tags()
    {
        var name = "Exp-" + EmulatorFixture.Unique("Round");
        var arn = await Experiment(name, new JsonObject { ["Description"] = "compare optimizers", ["Tags"] = TagList(("team", "ml")) });
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{name.ToLowerInvariant()}", arn);

        foreach (var key in new[] { name, name.ToUpperInvariant() })
        {
            var d = (await Sm.Call("DescribeExperiment", new JsonObject { ["ExperimentName"] = key })).Ok();
            Assert.Equal(name, Str(d["ExperimentName"]));
            Assert.Equal(arn, Str(d["ExperimentArn"]));
            // "If you don't specify DisplayName, the value in ExperimentName is displayed."
            Assert.Equal(name, Str(d["DisplayName"]));
            Assert.Equal("compare optimizers", Str(d["Description"]));
            Assert.NotNull(d["CreatedBy"]!["IamIdentity"]!["Arn"]);
            Assert.Null(d["Source"]);
        }
        var tags = (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.AsArray();
        Assert.Equal("ml", Str(Assert.Single(tags)!["Value"]));
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_ValidationException_and_changes_nothing()
    {
        var name = EmulatorFixture.Unique("dup");
        await Experiment(name);
        var r = await Rejected(() => Sm.Call("CreateExperiment", new JsonObject { ["ExperimentName"] = name.ToUpperInvariant() }), "ValidationException");
        Assert.Equal($"Experiment with name ({name.ToUpperInvariant()}) already exists.", r.Message);
    }

    [Fact]
    public async Task Update_changes_display_name_and_description_only()
    {
        var name = EmulatorFixture.Unique("upd");
        var arn = await Experiment(name, new JsonObject { ["Description"] = "before" });
        var before = (await Sm.Call("DescribeExperiment", new JsonObject { ["ExperimentName"] = name })).Ok();
        var updated = (await Sm.Call("UpdateExperiment", new JsonObject { ["ExperimentName"] = name, ["DisplayName"] = "Shown" })).Ok();
        Assert.Equal(arn, Str(updated["ExperimentArn"]));
        var d = (await Sm.Call("DescribeExperiment", new JsonObject { ["ExperimentName"] = name })).Ok();
        Assert.Equal("Shown", Str(d["DisplayName"]));
        Assert.Equal("before", Str(d["Description"]));
        Assert.True(d["LastModifiedTime"]!.GetValue<decimal>() > before["LastModifiedTime"]!.GetValue<decimal>());
        Assert.Equal(before["CreationTime"]!.GetValue<decimal>(), d["CreationTime"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Unknown_names_are_ResourceNotFound_and_arns_are_refused_by_the_name_pattern()
    {
        var name = EmulatorFixture.Unique("missing");
        var arn = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{name}";
        foreach (var op in new[] { "DescribeExperiment", "UpdateExperiment", "DeleteExperiment" })
        {
            var r = await Rejected(() => Sm.Call(op, new JsonObject { ["ExperimentName"] = name }), "ResourceNotFound");
            Assert.Equal($"Experiment '{arn}' does not exist.", r.Message);
            // ExperimentName is an ExperimentEntityName: a name, never an ARN.
            r = await Rejected(() => Sm.Call(op, new JsonObject { ["ExperimentName"] = arn }), "ValidationException");
            Assert.Contains("at 'experimentName' failed to satisfy constraint: Member must satisfy regular expression pattern", r.Message);
        }
    }

    // DeleteExperiment: "All trials associated with the experiment must be deleted first" (the API reference);
    // AWS refuses rather than cascades (aws/sagemaker-experiments#74, which added delete_all for that reason).
    [Fact]
    public async Task Delete_is_refused_while_the_experiment_has_trials_and_then_removes_tags_and_associations()
    {
        var name = EmulatorFixture.Unique("del");
        var arn = await Experiment(name, new JsonObject { ["Tags"] = TagList(("k", "v")) });
        var trial = EmulatorFixture.Unique("trial");
        (await Sm.Call("CreateTrial", new JsonObject { ["TrialName"] = trial, ["ExperimentName"] = name })).Ok();
        var artifact = await Sm.Artifact("DataSet");
        await Sm.Associate(artifact, arn, "ContributedTo");

        var r = await Rejected(() => Sm.Call("DeleteExperiment", new JsonObject { ["ExperimentName"] = name }), "ValidationException");
        Assert.Contains(arn, r.Message);

        (await Sm.Call("DeleteTrial", new JsonObject { ["TrialName"] = trial })).Ok();
        Assert.Equal(arn, Str((await Sm.Call("DeleteExperiment", new JsonObject { ["ExperimentName"] = name })).Ok()["ExperimentArn"]));
        (await Sm.Call("DescribeExperiment", new JsonObject { ["ExperimentName"] = name })).Error("ResourceNotFound");
        Assert.Empty(Store.Index.Outgoing(artifact));
        Assert.Null(Store.Partition(Sm.Account, "us-east-1").Tags.Get(arn));
        // The name is free again.
        Assert.Equal(arn, await Experiment(name));
    }

    // ListExperiments: "created after/before the specified time", default sort CreationTime Descending,
    // default page 10 (the model's documentation).
    [Fact]
    public async Task List_sorts_filters_by_time_and_pages()
    {
        var prefix = EmulatorFixture.Unique("lst");
        var names = new[] { prefix + "-b", prefix + "-c", prefix + "-a" };
        var times = new List<JsonNode>();
        foreach (var n in names)
        {
            await Experiment(n);
            times.Add((await Sm.Call("DescribeExperiment", new JsonObject { ["ExperimentName"] = n })).Ok()["CreationTime"]!.DeepClone());
        }
        async Task<List<string>> Names(JsonObject q) => Strings((await Sm.Call("ListExperiments", q)).Ok()["ExperimentSummaries"], "ExperimentName");

        Assert.Equal(names.Reverse(), await Names([]));
        Assert.Equal([prefix + "-a", prefix + "-b", prefix + "-c"], await Names(new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending" }));
        Assert.Equal([names[2]], await Names(new JsonObject { ["CreatedAfter"] = times[1].DeepClone() }));
        Assert.Equal([names[0]], await Names(new JsonObject { ["CreatedBefore"] = times[1].DeepClone() }));

        var first = (await Sm.Call("ListExperiments", new JsonObject { ["MaxResults"] = 2, ["SortBy"] = "Name" })).Ok();
        Assert.Equal([prefix + "-c", prefix + "-b"], Strings(first["ExperimentSummaries"], "ExperimentName"));
        var rest = (await Sm.Call("ListExperiments", new JsonObject { ["MaxResults"] = 2, ["SortBy"] = "Name", ["NextToken"] = first["NextToken"]!.DeepClone() })).Ok();
        Assert.Equal([prefix + "-a"], Strings(rest["ExperimentSummaries"], "ExperimentName"));
        Assert.Null(rest["NextToken"]);
        var summary = (await Sm.Call("ListExperiments", new JsonObject { ["MaxResults"] = 1 })).Ok()["ExperimentSummaries"]![0]!;
        Assert.Equal(names[2], Str(summary["DisplayName"]));
        Assert.NotNull(summary["LastModifiedTime"]);
    }

    // AssociationEntityArn (the model) allows "experiment" as either end. Experiment-to-component is refused:
    // "calling the AddAssociation API with both source and destination in the set [Experiment|Trial|TrialComponent]
    // is invalid" (aws/sagemaker-experiments#157, SageMaker Experiments team).
    [Fact]
    public async Task An_experiment_is_an_association_end_that_QueryLineage_walks_through()
    {
        var experiment = await Experiment(EmulatorFixture.Unique("lin"));
        var data = await Sm.Artifact("DataSet");
        var model = await Sm.Artifact("Model");
        await Sm.Associate(data, experiment, "ContributedTo");
        await Sm.Associate(experiment, model, "Produced");

        var result = (await Sm.Call("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(data), ["Direction"] = "Descendants", ["IncludeEdges"] = true, ["MaxResults"] = 10,
        })).Ok();
        var vertices = result["Vertices"]!.AsArray();
        // The start is returned among the vertices (QueryLineageTests: the SDK's test_graph_visualize evidence).
        Assert.Equal([data, experiment, model], vertices.Select(v => Str(v!["Arn"])));
        // Undocumented (README, "Where the emulator chooses"): LineageType has no Experiment value.
        Assert.Equal("Experiment", Str(vertices[1]!["Type"]));
        Assert.Equal("Context", Str(vertices[1]!["LineageType"]));
        Assert.Equal(2, result["Edges"]!.AsArray().Count);

        var summaries = (await Sm.Call("ListAssociations", new JsonObject { ["DestinationArn"] = experiment })).Ok()["AssociationSummaries"]!.AsArray();
        Assert.Equal("Experiment", Str(Assert.Single(summaries)!["DestinationType"]));

        var tc = Str((await Sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = EmulatorFixture.Unique("tc") })).Ok()["TrialComponentArn"]);
        var r = await Rejected(() => Sm.Associate(experiment, tc, "ContributedTo"), "ValidationException");
        Assert.Contains("two experiment entities", r.Message);
        await Rejected(() => Sm.Associate(tc, experiment, "ContributedTo"), "ValidationException");
    }
}
