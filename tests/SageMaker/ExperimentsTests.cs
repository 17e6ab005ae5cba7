using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>Experiments: names, ARNs, updates, listing, delete rules, and experiments as lineage association ends.</summary>
public sealed class ExperimentsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private Task<CreateExperimentResponse> CreateExperiment(string name, string? description = null, params (string Key, string Value)[] tags) =>
        Sm.CreateExperimentAsync(new()
        {
            ExperimentName = name,
            Description = description,
            Tags = tags.Length == 0 ? null : [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
        });

    private async Task<string> Experiment(string name, string? description = null, params (string Key, string Value)[] tags) =>
        (await CreateExperiment(name, description, tags)).ExperimentArn!;

    private Task<DescribeExperimentResponse> Describe(string name) => Sm.DescribeExperimentAsync(new() { ExperimentName = name });

    // ARN form from the model's ExperimentArn pattern (":experiment/"); names are unique per account "and not
    // case-sensitive" (CreateExperiment's documentation), so the ARN carries the name lowercased, as SageMaker's
    // other named lineage entities do.
    [Fact]
    public async Task Create_and_describe_round_trip_with_a_lowercased_arn_and_tags()
    {
        var name = "Exp-" + EmulatorFixture.Unique("Round");
        var arn = await Experiment(name, "compare optimizers", ("team", "ml"));
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{name.ToLowerInvariant()}", arn);

        foreach (var key in new[] { name, name.ToUpperInvariant() })
        {
            var d = await Describe(key);
            Assert.Equal(name, d.ExperimentName);
            Assert.Equal(arn, d.ExperimentArn);
            // "If you don't specify DisplayName, the value in ExperimentName is displayed."
            Assert.Equal(name, d.DisplayName);
            Assert.Equal("compare optimizers", d.Description);
            Assert.NotNull(d.CreatedBy!.IamIdentity!.Arn);
            Assert.Null(d.Source);
        }
        Assert.Equal("ml", Assert.Single((await Sm.ListTagsAsync(new() { ResourceArn = arn })).Tags!).Value);
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_ValidationException_and_changes_nothing()
    {
        var name = EmulatorFixture.Unique("dup");
        await Experiment(name);
        var r = await Rejected(() => CreateExperiment(name.ToUpperInvariant()), "ValidationException");
        Assert.Equal($"Experiment with name ({name.ToUpperInvariant()}) already exists.", r.Message);
    }

    [Fact]
    public async Task Update_changes_display_name_and_description_only()
    {
        var name = EmulatorFixture.Unique("upd");
        var arn = await Experiment(name, "before");
        var before = await Describe(name);
        var updated = await Sm.UpdateExperimentAsync(new() { ExperimentName = name, DisplayName = "Shown" });
        Assert.Equal(arn, updated.ExperimentArn);
        var d = await Describe(name);
        Assert.Equal("Shown", d.DisplayName);
        Assert.Equal("before", d.Description);
        Assert.True(d.LastModifiedTime > before.LastModifiedTime);
        Assert.Equal(before.CreationTime, d.CreationTime);
    }

    [Fact]
    public async Task Unknown_names_are_ResourceNotFound_and_arns_are_refused_by_the_name_pattern()
    {
        var name = EmulatorFixture.Unique("missing");
        var arn = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{name}";
        async Task Check<T>(Func<string, Task<T>> call)
        {
            var r = await Rejected(() => call(name), "ResourceNotFound");
            Assert.Equal($"Experiment '{arn}' does not exist.", r.Message);
            // ExperimentName is an ExperimentEntityName: a name, never an ARN.
            r = await Rejected(() => call(arn), "ValidationException");
            Assert.Contains("at 'experimentName' failed to satisfy constraint: Member must satisfy regular expression pattern", r.Message);
        }
        await Check(Describe);
        await Check(n => Sm.UpdateExperimentAsync(new() { ExperimentName = n }));
        await Check(n => Sm.DeleteExperimentAsync(new() { ExperimentName = n }));
    }

    // DeleteExperiment: "All trials associated with the experiment must be deleted first" (the API reference);
    // AWS refuses rather than cascades (aws/sagemaker-experiments#74, which added delete_all for that reason).
    [Fact]
    public async Task Delete_is_refused_while_the_experiment_has_trials_and_then_removes_tags_and_associations()
    {
        var name = EmulatorFixture.Unique("del");
        var arn = await Experiment(name, tags: ("k", "v"));
        var trial = EmulatorFixture.Unique("trial");
        await Sm.CreateTrialAsync(new() { TrialName = trial, ExperimentName = name });
        var artifact = await Sm.Artifact("DataSet");
        await Sm.Associate(artifact, arn, "ContributedTo");

        var r = await Rejected(() => Sm.DeleteExperimentAsync(new() { ExperimentName = name }), "ValidationException");
        Assert.Contains(arn, r.Message);

        await Sm.DeleteTrialAsync(new() { TrialName = trial });
        Assert.Equal(arn, (await Sm.DeleteExperimentAsync(new() { ExperimentName = name })).ExperimentArn);
        await Describe(name).Fails("ResourceNotFound");
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
        var times = new List<DateTimeOffset?>();
        foreach (var n in names)
        {
            await Experiment(n);
            times.Add((await Describe(n)).CreationTime);
        }
        async Task<List<string>> Names(ListExperimentsRequest q) => [.. (await Sm.ListExperimentsAsync(q)).ExperimentSummaries!.Select(s => s.ExperimentName!)];

        Assert.Equal(names.Reverse(), await Names(new()));
        Assert.Equal([prefix + "-a", prefix + "-b", prefix + "-c"], await Names(new() { SortBy = SortExperimentsByValues.Name, SortOrder = SortOrderValues.Ascending }));
        Assert.Equal([names[2]], await Names(new() { CreatedAfter = times[1] }));
        Assert.Equal([names[0]], await Names(new() { CreatedBefore = times[1] }));

        var first = await Sm.ListExperimentsAsync(new() { MaxResults = 2, SortBy = SortExperimentsByValues.Name });
        Assert.Equal([prefix + "-c", prefix + "-b"], first.ExperimentSummaries!.Select(s => s.ExperimentName));
        var rest = await Sm.ListExperimentsAsync(new() { MaxResults = 2, SortBy = SortExperimentsByValues.Name, NextToken = first.NextToken });
        Assert.Equal([prefix + "-a"], rest.ExperimentSummaries!.Select(s => s.ExperimentName));
        Assert.Null(rest.NextToken);
        var summary = (await Sm.ListExperimentsAsync(new() { MaxResults = 1 })).ExperimentSummaries![0];
        Assert.Equal(names[2], summary.DisplayName);
        Assert.NotNull(summary.LastModifiedTime);
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

        var result = await Sm.QueryLineageAsync(new() { StartArns = [data], Direction = DirectionValues.Descendants, IncludeEdges = true, MaxResults = 10 });
        var vertices = result.Vertices!;
        // The start is returned among the vertices (QueryLineageTests: the SDK's test_graph_visualize evidence).
        Assert.Equal([data, experiment, model], vertices.Select(v => v.Arn));
        // Undocumented (README, "Where the emulator chooses"): LineageType has no Experiment value.
        Assert.Equal("Experiment", vertices[1].Type);
        Assert.Equal(LineageTypeValues.Context, vertices[1].LineageType);
        Assert.Equal(2, result.Edges!.Count);

        var summaries = (await Sm.ListAssociationsAsync(new() { DestinationArn = experiment })).AssociationSummaries!;
        Assert.Equal("Experiment", Assert.Single(summaries).DestinationType);

        var tc = (await Sm.CreateTrialComponentAsync(new() { TrialComponentName = EmulatorFixture.Unique("tc") })).TrialComponentArn!;
        var r = await Rejected(() => Sm.Associate(experiment, tc, "ContributedTo"), "ValidationException");
        Assert.Contains("two experiment entities", r.Message);
        await Rejected(() => Sm.Associate(tc, experiment, "ContributedTo"), "ValidationException");
    }
}
