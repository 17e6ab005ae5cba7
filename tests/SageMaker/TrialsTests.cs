using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>Trials and trial membership: parents, listings by parent, delete rules, tags.</summary>
public sealed class TrialsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private async Task<string> Experiment(string? name = null)
    {
        name ??= EmulatorFixture.Unique("exp");
        (await Sm.Call("CreateExperiment", new JsonObject { ["ExperimentName"] = name })).Ok();
        return name;
    }

    private async Task<string> Trial(string name, string experiment, JsonArray? tags = null)
    {
        var body = new JsonObject { ["TrialName"] = name, ["ExperimentName"] = experiment };
        if (tags is not null) body["Tags"] = tags;
        return Str((await Sm.Call("CreateTrial", body)).Ok()["TrialArn"]);
    }

    private async Task<string> Component(string name) =>
        Str((await Sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = name })).Ok()["TrialComponentArn"]);

    private Task<WireResult> Associate(string component, string trial) =>
        Sm.Call("AssociateTrialComponent", new JsonObject { ["TrialComponentName"] = component, ["TrialName"] = trial });

    private Task<WireResult> Disassociate(string component, string trial) =>
        Sm.Call("DisassociateTrialComponent", new JsonObject { ["TrialComponentName"] = component, ["TrialName"] = trial });

    private async Task<List<string>> ComponentNames(JsonObject query) =>
        Strings((await Sm.Call("ListTrialComponents", query)).Ok()["TrialComponentSummaries"], "TrialComponentName");

    private async Task<List<string>> TrialNames(JsonObject query) =>
        Strings((await Sm.Call("ListTrials", query)).Ok()["TrialSummaries"], "TrialName");

    // TrialArn pattern (the model): ":experiment-trial/"; "A trial is part of a single SageMaker experiment"
    // (CreateTrial's documentation), and naming a missing experiment is the ResourceNotFound it models.
    [Fact]
    public async Task Create_needs_an_existing_experiment_and_describes_with_its_experiment()
    {
        var experiment = await Experiment();
        var name = "Trial-" + EmulatorFixture.Unique("Made");
        var arn = await Trial(name, experiment.ToUpperInvariant(), TagList(("k", "v")));
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/{name.ToLowerInvariant()}", arn);

        var d = (await Sm.Call("DescribeTrial", new JsonObject { ["TrialName"] = name.ToLowerInvariant() })).Ok();
        Assert.Equal(name, Str(d["TrialName"]));
        Assert.Equal(arn, Str(d["TrialArn"]));
        Assert.Equal(experiment, Str(d["ExperimentName"]));
        Assert.Equal(name, Str(d["DisplayName"]));
        Assert.NotNull(d["CreatedBy"]!["IamIdentity"]);
        Assert.Equal("v", Str((await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]![0]!["Value"]));
        (await Sm.Call("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = TagList(("x", "y")) })).Ok();
        (await Sm.Call("DeleteTags", new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray("k") })).Ok();
        Assert.Equal("""[{"Key":"x","Value":"y"}]""", (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!.ToJsonString());

        (await Sm.Call("UpdateTrial", new JsonObject { ["TrialName"] = name, ["DisplayName"] = "Shown" })).Ok();
        Assert.Equal("Shown", Str((await Sm.Call("DescribeTrial", new JsonObject { ["TrialName"] = name })).Ok()["DisplayName"]));

        var missing = EmulatorFixture.Unique("nope");
        var r = await Rejected(() => Sm.Call("CreateTrial", new JsonObject { ["TrialName"] = EmulatorFixture.Unique("t"), ["ExperimentName"] = missing }), "ResourceNotFound");
        Assert.Equal($"Experiment 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment/{missing}' does not exist.", r.Message);
        r = await Rejected(() => Sm.Call("CreateTrial", new JsonObject { ["TrialName"] = name.ToUpperInvariant(), ["ExperimentName"] = experiment }), "ValidationException");
        Assert.Equal($"Trial with name ({name.ToUpperInvariant()}) already exists.", r.Message);
        r = await Rejected(() => Sm.Call("DescribeTrial", new JsonObject { ["TrialName"] = missing }), "ResourceNotFound");
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

        var associated = (await Associate(a, t1)).Ok();
        Assert.Equal(aArn, Str(associated["TrialComponentArn"]));
        Assert.Equal(t1Arn, Str(associated["TrialArn"]));
        (await Associate(a, t1)).Ok(); // again: no change, no error
        (await Associate(a, t3)).Ok();
        (await Associate(b, t2)).Ok();

        var asc = new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending" };
        Assert.Equal([a], await ComponentNames(With(asc, "TrialName", t1)));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), await ComponentNames(With(asc, "ExperimentName", experiment)));
        Assert.Equal([a], await ComponentNames(With(asc, "ExperimentName", other)));
        Assert.Equal(new[] { t1, t3 }.Order(StringComparer.Ordinal), await TrialNames(With(asc, "TrialComponentName", a)));
        Assert.Equal(new[] { t1, t2 }.Order(StringComparer.Ordinal), await TrialNames(With(asc, "ExperimentName", experiment)));
        Assert.Equal([t1], await TrialNames(With(With(asc, "ExperimentName", experiment), "TrialComponentName", a)));

        (await Disassociate(a, t1)).Ok();
        Assert.Empty(await ComponentNames(With(asc, "TrialName", t1)));
        Assert.Equal([a], await ComponentNames(With(asc, "TrialName", t3)));
        var r = await Rejected(() => Disassociate(a, t1), "ResourceNotFound");
        Assert.Contains(aArn, r.Message);

        r = (await Sm.Call("ListTrialComponents", new JsonObject { ["TrialName"] = t1, ["ExperimentName"] = experiment })).Error("ValidationException");
        Assert.Equal("Only one of ExperimentName, TrialName or SourceArn can be specified.", r.Message);
        var missing = EmulatorFixture.Unique("gone");
        r = (await Sm.Call("ListTrialComponents", new JsonObject { ["TrialName"] = missing })).Error("ResourceNotFound");
        Assert.Equal($"Trial 'arn:aws:sagemaker:us-east-1:{Sm.Account}:experiment-trial/{missing}' does not exist.", r.Message);
        (await Sm.Call("ListTrialComponents", new JsonObject { ["ExperimentName"] = missing })).Error("ResourceNotFound");
        (await Sm.Call("ListTrials", new JsonObject { ["ExperimentName"] = missing })).Error("ResourceNotFound");
        (await Sm.Call("ListTrials", new JsonObject { ["TrialComponentName"] = missing })).Error("ResourceNotFound");
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
        var trialArn = await Trial(trial, experiment, TagList(("k", "v")));
        var component = EmulatorFixture.Unique("c");
        var componentArn = await Component(component);
        (await Associate(component, trial)).Ok();

        var r = await Rejected(() => Sm.Call("DeleteTrial", new JsonObject { ["TrialName"] = trial }), "ValidationException");
        Assert.Contains(trialArn, r.Message);
        r = await Rejected(() => Sm.Call("DeleteTrialComponent", new JsonObject { ["TrialComponentName"] = component }), "ValidationException");
        Assert.Contains(componentArn, r.Message);

        (await Disassociate(component, trial)).Ok();
        Assert.Equal(trialArn, Str((await Sm.Call("DeleteTrial", new JsonObject { ["TrialName"] = trial })).Ok()["TrialArn"]));
        (await Sm.Call("DeleteTrialComponent", new JsonObject { ["TrialComponentName"] = component })).Ok();
        Assert.Null(Store.Partition(Sm.Account, "us-east-1").Tags.Get(trialArn));
        (await Sm.Call("ListTags", new JsonObject { ["ResourceArn"] = trialArn })).Error("ValidationException");
        (await Sm.Call("DeleteExperiment", new JsonObject { ["ExperimentName"] = experiment })).Ok();
    }

    // ListTrials: "created after/before the specified time" (strict), default sort CreationTime Descending.
    [Fact]
    public async Task List_trials_sorts_filters_by_time_and_pages()
    {
        var experiment = await Experiment();
        var prefix = EmulatorFixture.Unique("lt");
        var names = new[] { prefix + "-2", prefix + "-3", prefix + "-1" };
        var times = new List<JsonNode>();
        foreach (var n in names)
        {
            await Trial(n, experiment);
            times.Add((await Sm.Call("DescribeTrial", new JsonObject { ["TrialName"] = n })).Ok()["CreationTime"]!.DeepClone());
        }
        Assert.Equal(names.Reverse(), await TrialNames([]));
        Assert.Equal([names[2]], await TrialNames(new JsonObject { ["CreatedAfter"] = times[1].DeepClone() }));
        Assert.Equal([names[0]], await TrialNames(new JsonObject { ["CreatedBefore"] = times[1].DeepClone() }));
        var first = (await Sm.Call("ListTrials", new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2 })).Ok();
        Assert.Equal([prefix + "-1", prefix + "-2"], Strings(first["TrialSummaries"], "TrialName"));
        var rest = (await Sm.Call("ListTrials", new JsonObject { ["SortBy"] = "Name", ["SortOrder"] = "Ascending", ["MaxResults"] = 2, ["NextToken"] = first["NextToken"]!.DeepClone() })).Ok();
        Assert.Equal([prefix + "-3"], Strings(rest["TrialSummaries"], "TrialName"));
        (await Sm.Call("ListTrials", new JsonObject { ["NextToken"] = first["NextToken"]!.DeepClone() })).Error("ValidationException");
    }

    private static JsonObject With(JsonObject query, string member, string value)
    {
        var copy = query.DeepClone().AsObject();
        copy[member] = value;
        return copy;
    }
}
