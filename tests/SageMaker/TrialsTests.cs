using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>Trials and trial membership: parents, listings by parent, delete rules, tags.</summary>
public sealed class TrialsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private async Task<string> Experiment(string? name = null)
    {
        name ??= EmulatorFixture.Unique("exp");
        await Sm.CreateExperimentAsync(new() { ExperimentName = name });
        return name;
    }

    private Task<CreateTrialResponse> CreateTrial(string name, string experiment, params (string Key, string Value)[] tags) =>
        Sm.CreateTrialAsync(new()
        {
            TrialName = name,
            ExperimentName = experiment,
            Tags = tags.Length == 0 ? null : [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
        });

    private async Task<string> Trial(string name, string experiment, params (string Key, string Value)[] tags) =>
        (await CreateTrial(name, experiment, tags)).TrialArn!;

    private async Task<string> Component(string name) => (await Sm.CreateTrialComponentAsync(new() { TrialComponentName = name })).TrialComponentArn!;

    private Task<AssociateTrialComponentResponse> Associate(string component, string trial) =>
        Sm.AssociateTrialComponentAsync(new() { TrialComponentName = component, TrialName = trial });

    private Task<DisassociateTrialComponentResponse> Disassociate(string component, string trial) =>
        Sm.DisassociateTrialComponentAsync(new() { TrialComponentName = component, TrialName = trial });

    private Task<DescribeTrialResponse> DescribeTrial(string name) => Sm.DescribeTrialAsync(new() { TrialName = name });

    private async Task<List<string>> ComponentNames(ListTrialComponentsRequest query) =>
        [.. (await Sm.ListTrialComponentsAsync(query)).TrialComponentSummaries!.Select(s => s.TrialComponentName!)];

    private async Task<List<string>> TrialNames(ListTrialsRequest query) => [.. (await Sm.ListTrialsAsync(query)).TrialSummaries!.Select(s => s.TrialName!)];

    private async Task<List<string>> TagPairs(string arn) => [.. (await Sm.ListTagsAsync(new() { ResourceArn = arn })).Tags!.Select(t => t.Key + "=" + t.Value)];

    // TrialArn pattern (the model): ":experiment-trial/"; "A trial is part of a single SageMaker experiment"
    // (CreateTrial's documentation), and naming a missing experiment is the ResourceNotFound it models.
    [Fact]
    public async Task Create_needs_an_existing_experiment_and_describes_with_its_experiment()
    {
        var experiment = await Experiment();
        var name = "Trial-" + EmulatorFixture.Unique("Made");
        var arn = await Trial(name, experiment.ToUpperInvariant(), ("k", "v"));
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/{name.ToLowerInvariant()}", arn);

        var d = await DescribeTrial(name.ToLowerInvariant());
        Assert.Equal(name, d.TrialName);
        Assert.Equal(arn, d.TrialArn);
        Assert.Equal(experiment, d.ExperimentName);
        Assert.Equal(name, d.DisplayName);
        Assert.NotNull(d.CreatedBy!.IamIdentity);
        Assert.Equal(["k=v"], await TagPairs(arn));
        await Sm.AddTagsAsync(new() { ResourceArn = arn, Tags = [new Tag { Key = "x", Value = "y" }] });
        await Sm.DeleteTagsAsync(new() { ResourceArn = arn, TagKeys = ["k"] });
        Assert.Equal(["x=y"], await TagPairs(arn));

        await Sm.UpdateTrialAsync(new() { TrialName = name, DisplayName = "Shown" });
        Assert.Equal("Shown", (await DescribeTrial(name)).DisplayName);

        var missing = EmulatorFixture.Unique("nope");
        var r = await Rejected(() => CreateTrial(EmulatorFixture.Unique("t"), missing), "ResourceNotFound");
        Assert.Equal($"Experiment 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{missing}' does not exist.", r.Message);
        r = await Rejected(() => CreateTrial(name.ToUpperInvariant(), experiment), "ValidationException");
        Assert.Equal($"Trial with name ({name.ToUpperInvariant()}) already exists.", r.Message);
        r = await Rejected(() => DescribeTrial(missing), "ResourceNotFound");
        Assert.Equal($"Trial 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/{missing}' does not exist.", r.Message);
    }

    // "A trial component can be associated with multiple trials" (AssociateTrialComponent); Disassociate
    // "doesn't effect other trials the component is associated with"; ListTrialComponents' ExperimentName and
    // TrialName return "only components that are part of" them, and exclude each other and SourceArn.
    [Fact]
    public async Task Components_join_several_trials_and_lists_filter_by_parent()
    {
        var experiment = await Experiment();
        var other = await Experiment();
        var t1 = EmulatorFixture.Unique("t1");
        var t2 = EmulatorFixture.Unique("t2");
        var t3 = EmulatorFixture.Unique("t3");
        var t1Arn = await Trial(t1, experiment);
        await Trial(t2, experiment);
        await Trial(t3, other);
        var a = EmulatorFixture.Unique("a");
        var b = EmulatorFixture.Unique("b");
        var aArn = await Component(a);
        await Component(b);
        await Component(EmulatorFixture.Unique("loose"));

        var associated = await Associate(a, t1);
        Assert.Equal(aArn, associated.TrialComponentArn);
        Assert.Equal(t1Arn, associated.TrialArn);
        await Associate(a, t1); // again: no change, no error
        await Associate(a, t3);
        await Associate(b, t2);

        const string Name = SortTrialComponentsByValues.Name, Ascending = SortOrderValues.Ascending;
        Assert.Equal([a], await ComponentNames(new() { SortBy = Name, SortOrder = Ascending, TrialName = t1 }));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), await ComponentNames(new() { SortBy = Name, SortOrder = Ascending, ExperimentName = experiment }));
        Assert.Equal([a], await ComponentNames(new() { SortBy = Name, SortOrder = Ascending, ExperimentName = other }));
        Assert.Equal(new[] { t1, t3 }.Order(StringComparer.Ordinal), await TrialNames(new() { SortBy = Name, SortOrder = Ascending, TrialComponentName = a }));
        Assert.Equal(new[] { t1, t2 }.Order(StringComparer.Ordinal), await TrialNames(new() { SortBy = Name, SortOrder = Ascending, ExperimentName = experiment }));
        Assert.Equal([t1], await TrialNames(new() { SortBy = Name, SortOrder = Ascending, ExperimentName = experiment, TrialComponentName = a }));

        await Disassociate(a, t1);
        Assert.Empty(await ComponentNames(new() { TrialName = t1 }));
        Assert.Equal([a], await ComponentNames(new() { TrialName = t3 }));
        var r = await Rejected(() => Disassociate(a, t1), "ResourceNotFound");
        Assert.Contains(aArn, r.Message);

        r = await Sm.ListTrialComponentsAsync(new() { TrialName = t1, ExperimentName = experiment }).Fails("ValidationException");
        Assert.Equal("Only one of ExperimentName, TrialName or SourceArn can be specified.", r.Message);
        var missing = EmulatorFixture.Unique("gone");
        r = await Sm.ListTrialComponentsAsync(new() { TrialName = missing }).Fails("ResourceNotFound");
        Assert.Equal($"Trial 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/{missing}' does not exist.", r.Message);
        await Sm.ListTrialComponentsAsync(new() { ExperimentName = missing }).Fails("ResourceNotFound");
        await Sm.ListTrialsAsync(new() { ExperimentName = missing }).Fails("ResourceNotFound");
        await Sm.ListTrialsAsync(new() { TrialComponentName = missing }).Fails("ResourceNotFound");
        await Rejected(() => Associate(missing, t1), "ResourceNotFound");
        await Rejected(() => Associate(a, missing), "ResourceNotFound");
    }

    // DeleteTrial: "All trial components that make up the trial must be deleted first"; DeleteTrialComponent:
    // "A trial component must be disassociated from all trials before the trial component can be deleted."
    [Fact]
    public async Task A_trial_with_components_and_a_component_in_a_trial_cannot_be_deleted()
    {
        var experiment = await Experiment();
        var trial = EmulatorFixture.Unique("t");
        var trialArn = await Trial(trial, experiment, ("k", "v"));
        var component = EmulatorFixture.Unique("c");
        var componentArn = await Component(component);
        await Associate(component, trial);

        var r = await Rejected(() => Sm.DeleteTrialAsync(new() { TrialName = trial }), "ValidationException");
        Assert.Contains(trialArn, r.Message);
        r = await Rejected(() => Sm.DeleteTrialComponentAsync(new() { TrialComponentName = component }), "ValidationException");
        Assert.Contains(componentArn, r.Message);

        await Disassociate(component, trial);
        Assert.Equal(trialArn, (await Sm.DeleteTrialAsync(new() { TrialName = trial })).TrialArn);
        await Sm.DeleteTrialComponentAsync(new() { TrialComponentName = component });
        Assert.Null(Store.Partition(Sm.Account, "us-east-1").Tags.Get(trialArn));
        await Sm.ListTagsAsync(new() { ResourceArn = trialArn }).Fails("ValidationException");
        await Sm.DeleteExperimentAsync(new() { ExperimentName = experiment });
    }

    // ListTrials: "created after/before the specified time" (strict), default sort CreationTime Descending.
    [Fact]
    public async Task List_trials_sorts_filters_by_time_and_pages()
    {
        var experiment = await Experiment();
        var prefix = EmulatorFixture.Unique("lt");
        var names = new[] { prefix + "-2", prefix + "-3", prefix + "-1" };
        var times = new List<DateTimeOffset?>();
        foreach (var n in names)
        {
            await Trial(n, experiment);
            times.Add((await DescribeTrial(n)).CreationTime);
        }
        Assert.Equal(names.Reverse(), await TrialNames(new()));
        Assert.Equal([names[2]], await TrialNames(new() { CreatedAfter = times[1] }));
        Assert.Equal([names[0]], await TrialNames(new() { CreatedBefore = times[1] }));
        ListTrialsRequest ByName(string? token) => new() { SortBy = SortTrialsByValues.Name, SortOrder = SortOrderValues.Ascending, MaxResults = 2, NextToken = token };
        var first = await Sm.ListTrialsAsync(ByName(null));
        Assert.Equal([prefix + "-1", prefix + "-2"], first.TrialSummaries!.Select(s => s.TrialName));
        var rest = await Sm.ListTrialsAsync(ByName(first.NextToken));
        Assert.Equal([prefix + "-3"], rest.TrialSummaries!.Select(s => s.TrialName));
        await Sm.ListTrialsAsync(new() { NextToken = first.NextToken }).Fails("ValidationException");
    }
}
