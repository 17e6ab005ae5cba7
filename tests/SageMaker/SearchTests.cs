using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// Search over experiments, trials and trial components: every filter operator, nested filters, sub-expressions,
/// sorting by any property, paging, full records, and the lineage walk the SageMaker Python SDK makes with it.
/// </summary>
public sealed class SearchTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    /// <summary>Experiment E with trials T1 (components c1, c2) and T2 (c2, c3); c4 has no parent.</summary>
    private sealed record Fixture(string Experiment, string T1, string T2, string[] C, string[] CArn);

    private async Task<Fixture> Build()
    {
        var experiment = EmulatorFixture.Unique("exp");
        (await Sm.Call("CreateExperiment", new JsonObject { ["ExperimentName"] = experiment, ["Tags"] = TagList(("team", "vision")) })).Ok();
        var t1 = EmulatorFixture.Unique("t1");
        var t2 = EmulatorFixture.Unique("t2");
        foreach (var t in new[] { t1, t2 })
            (await Sm.Call("CreateTrial", new JsonObject { ["TrialName"] = t, ["ExperimentName"] = experiment })).Ok();
        var c = new string[4];
        var arns = new string[4];
        for (var i = 0; i < 4; i++)
        {
            c[i] = EmulatorFixture.Unique($"c{i + 1}");
            arns[i] = Str((await Sm.Call("CreateTrialComponent", new JsonObject
            {
                ["TrialComponentName"] = c[i],
                ["DisplayName"] = i == 3 ? "Evaluation" : "Training-" + (i + 1),
                ["Status"] = new JsonObject { ["PrimaryStatus"] = i == 1 ? "Failed" : "Completed" },
                ["Parameters"] = new JsonObject
                {
                    ["hp1"] = new JsonObject { ["NumberValue"] = (i + 1) * 5 },
                    ["optimizer"] = new JsonObject { ["StringValue"] = i % 2 == 0 ? "adam" : "sgd" },
                },
                ["InputArtifacts"] = new JsonObject { ["train"] = new JsonObject { ["Value"] = $"s3://bucket/train-{i + 1}.csv" } },
                ["Tags"] = i < 2 ? TagList(("stage", i == 0 ? "dev" : "prod")) : new JsonArray(),
            })).Ok()["TrialComponentArn"]);
        }
        foreach (var (comp, trial) in new[] { (c[0], t1), (c[1], t1), (c[1], t2), (c[2], t2) })
            (await Sm.Call("AssociateTrialComponent", new JsonObject { ["TrialComponentName"] = comp, ["TrialName"] = trial })).Ok();
        return new Fixture(experiment, t1, t2, c, arns);
    }

    private Task<WireResult> Search(JsonObject request) => Sm.Call("Search", request);

    private static JsonObject Filter(string name, string? op, string? value = null)
    {
        var f = new JsonObject { ["Name"] = name };
        if (op is not null) f["Operator"] = op;
        if (value is not null) f["Value"] = value;
        return f;
    }

    private static JsonObject Components(params JsonObject[] filters) => new()
    {
        ["Resource"] = "ExperimentTrialComponent",
        ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray([.. filters.Select(f => f.DeepClone())]) },
        ["MaxResults"] = 100,
    };

    private async Task<List<string>> Names(JsonObject request) =>
        [.. (await Search(request)).Ok()["Results"]!.AsArray().Select(r => Str(r!["TrialComponent"]!["TrialComponentName"])).Order(StringComparer.Ordinal)];

    private static List<string> Pick(Fixture f, params int[] indexes) => [.. indexes.Select(i => f.C[i]).Order(StringComparer.Ordinal)];

    // Operators and their meanings from the Filter shape's documentation; "Parameters.hp1" with
    // GreaterThanOrEqualTo is how the SDK's ExperimentAnalytics integration test filters (it ran on AWS);
    // timestamps take "YYYY-mm-dd'T'HH:MM:SS"; a Value without an Operator means Equals.
    [Fact]
    public async Task Every_operator_filters_as_documented()
    {
        var f = await Build();
        var created = (await Sm.Call("DescribeTrialComponent", new JsonObject { ["TrialComponentName"] = f.C[1] })).Ok()["CreationTime"]!.GetValue<double>();
        var iso = DateTimeOffset.FromUnixTimeMilliseconds((long)(created * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss");
        var scope = Filter("Parents.ExperimentName", "Equals", f.Experiment);
        var cases = new (JsonObject Filter, List<string> Expected)[]
        {
            (Filter("Parameters.hp1", "Equals", "10"), Pick(f, 1)),
            (Filter("Parameters.hp1.NumberValue", null, "10"), Pick(f, 1)),
            (Filter("Parameters.optimizer", "NotEquals", "adam"), Pick(f, 1)),
            (Filter("Parameters.hp1", "GreaterThan", "10"), Pick(f, 2)),
            (Filter("Parameters.hp1", "GreaterThanOrEqualTo", "10"), Pick(f, 1, 2)),
            (Filter("Parameters.hp1", "LessThan", "10"), Pick(f, 0)),
            (Filter("Parameters.hp1", "LessThanOrEqualTo", "10.0"), Pick(f, 0, 1)),
            (Filter("DisplayName", "Contains", "ning-3"), Pick(f, 2)),
            (Filter("Tags.stage", "Exists"), Pick(f, 0, 1)),
            (Filter("Tags.stage", "NotExists"), Pick(f, 2)),
            (Filter("Status.PrimaryStatus", "In", "Failed, Stopped"), Pick(f, 1)),
            (Filter("TrialComponent.Parents.TrialName", "Equals", f.T2), Pick(f, 1, 2)),
            (Filter("InputArtifacts.train.Value", "Equals", "s3://bucket/train-1.csv"), Pick(f, 0)),
            (Filter("CreationTime", "GreaterThanOrEqualTo", iso), Pick(f, 1, 2)),
        };
        foreach (var (filter, expected) in cases)
            Assert.True(expected.SequenceEqual(await Names(Components(scope, filter))), $"{filter.ToJsonString()} matched {string.Join(",", await Names(Components(scope, filter)))}");
    }

    // Parents: "A parent is a trial the component is associated with and the experiment the trial is part of";
    // the record carries them because the SDK reads Results[].TrialComponent.Parents (DisassociateTrialComponent's
    // documentation points to Search for exactly that).
    [Fact]
    public async Task Records_carry_the_whole_component_with_parents_tags_and_parameters()
    {
        var f = await Build();
        var result = (await Search(Components(Filter("TrialComponentName", "Equals", f.C[1])))).Ok();
        Assert.Equal(1, result["TotalHits"]!["Value"]!.GetValue<long>());
        Assert.Equal("EqualTo", Str(result["TotalHits"]!["Relation"]));
        var tc = Assert.Single(result["Results"]!.AsArray())!["TrialComponent"]!;
        Assert.Equal(f.CArn[1], Str(tc["TrialComponentArn"]));
        Assert.Equal("Training-2", Str(tc["DisplayName"]));
        Assert.Equal("Failed", Str(tc["Status"]!["PrimaryStatus"]));
        Assert.Equal("""{"hp1":{"NumberValue":10},"optimizer":{"StringValue":"sgd"}}""", tc["Parameters"]!.ToJsonString());
        Assert.Equal("prod", Str(Assert.Single(tc["Tags"]!.AsArray())!["Value"]));
        var parents = tc["Parents"]!.AsArray().Select(p => (Str(p!["TrialName"]), Str(p["ExperimentName"]))).Order().ToList();
        Assert.Equal(new[] { (f.T1, f.Experiment), (f.T2, f.Experiment) }.Order(), parents);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:lineage-group/sagemaker-default-lineage-group", Str(tc["LineageGroupArn"]));
        Assert.NotNull(tc["CreatedBy"]!["IamIdentity"]);
        Assert.Null(tc["Source"]);
    }

    // NestedFilters: "satisfied if a single object in the list satisfies all Boolean expressions"; Operator:
    // And by default, Or when "only a single conditional statement needs to be true".
    [Fact]
    public async Task Nested_filters_sub_expressions_and_or()
    {
        var f = await Build();
        var nested = new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent",
            ["SearchExpression"] = new JsonObject
            {
                ["NestedFilters"] = new JsonArray(new JsonObject
                {
                    ["NestedPropertyName"] = "Parents",
                    ["Filters"] = new JsonArray(Filter("Parents.TrialName", "Equals", f.T1), Filter("Parents.ExperimentName", "Equals", f.Experiment)),
                }),
            },
        };
        Assert.Equal(Pick(f, 0, 1), await Names(nested));
        // Per-element: no single parent is both trial T1 and experiment "other".
        nested["SearchExpression"]!["NestedFilters"]![0]!["Filters"]![1]!["Value"] = "other";
        Assert.Empty(await Names(nested));

        var either = new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent",
            ["SearchExpression"] = new JsonObject
            {
                ["Filters"] = new JsonArray(Filter("Parents.ExperimentName", "Equals", f.Experiment)),
                ["SubExpressions"] = new JsonArray(
                    new JsonObject
                    {
                        ["Operator"] = "Or",
                        ["Filters"] = new JsonArray(Filter("Parameters.hp1", "Equals", "5"), Filter("Parameters.hp1", "Equals", "15")),
                    }),
            },
        };
        Assert.Equal(Pick(f, 0, 2), await Names(either));
        either["SearchExpression"]!["Operator"] = "Or";
        Assert.Equal(Pick(f, 0, 1, 2), await Names(either));
    }

    // SortBy: "any resource property", default LastModifiedTime, SortOrder default Descending; NextToken continues.
    [Fact]
    public async Task Sorts_by_any_property_and_pages_with_totals()
    {
        var f = await Build();
        var request = Components(Filter("Parents.ExperimentName", "Equals", f.Experiment));
        request["SortBy"] = "Parameters.hp1";
        request["SortOrder"] = "Ascending";
        request["MaxResults"] = 2;
        var first = (await Search(request)).Ok();
        Assert.Equal([f.C[0], f.C[1]], first["Results"]!.AsArray().Select(r => Str(r!["TrialComponent"]!["TrialComponentName"])));
        Assert.Equal(3, first["TotalHits"]!["Value"]!.GetValue<long>());
        request["NextToken"] = first["NextToken"]!.DeepClone();
        var second = (await Search(request)).Ok();
        Assert.Equal([f.C[2]], second["Results"]!.AsArray().Select(r => Str(r!["TrialComponent"]!["TrialComponentName"])));
        Assert.Null(second["NextToken"]);

        // A token belongs to its query.
        request["SortOrder"] = "Descending";
        (await Search(request)).Error("ValidationException");

        // Default: last modified first. Updating c1 makes it the most recent.
        (await Sm.Call("UpdateTrialComponent", new JsonObject { ["TrialComponentName"] = f.C[0], ["DisplayName"] = "Touched" })).Ok();
        var all = Components(Filter("Parents.ExperimentName", "Equals", f.Experiment));
        Assert.Equal(f.C[0], Str((await Search(all)).Ok()["Results"]![0]!["TrialComponent"]!["TrialComponentName"]));
        all["SortBy"] = "DisplayName";
        all["SortOrder"] = "Ascending";
        Assert.Equal(["Touched", "Training-2", "Training-3"],
            (await Search(all)).Ok()["Results"]!.AsArray().Select(r => Str(r!["TrialComponent"]!["DisplayName"])));
    }

    // Experiment and ExperimentTrial are Search resources (ResourceType enum); tags are searchable
    // ("You can use Search API to search on the tags", CreateExperiment/CreateTrial).
    [Fact]
    public async Task Experiments_and_trials_are_searchable_with_their_components()
    {
        var f = await Build();
        var experiments = (await Search(new JsonObject
        {
            ["Resource"] = "Experiment",
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray(Filter("Tags.team", "Equals", "vision")) },
        })).Ok()["Results"]!.AsArray();
        var e = Assert.Single(experiments)!["Experiment"]!;
        Assert.Equal(f.Experiment, Str(e["ExperimentName"]));
        Assert.Equal("vision", Str(e["Tags"]![0]!["Value"]));

        var trials = (await Search(new JsonObject
        {
            ["Resource"] = "ExperimentTrial",
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray(Filter("TrialName", "Equals", f.T1)) },
        })).Ok()["Results"]!.AsArray();
        var t = Assert.Single(trials)!["Trial"]!;
        Assert.Equal(f.Experiment, Str(t["ExperimentName"]));
        Assert.Equal(new[] { f.C[0], f.C[1] }.Order(StringComparer.Ordinal),
            t["TrialComponentSummaries"]!.AsArray().Select(s => Str(s!["TrialComponentName"])).Order(StringComparer.Ordinal));

        var byComponent = (await Search(new JsonObject
        {
            ["Resource"] = "ExperimentTrial",
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray(Filter("TrialComponentSummaries.TrialComponentName", "Equals", f.C[2])) },
        })).Ok()["Results"]!.AsArray();
        Assert.Equal(f.T2, Str(Assert.Single(byComponent)!["Trial"]!["TrialName"]));
    }

    // Search lists the caller's own resources; CrossAccount covers only "resources made discoverable to you
    // from other accounts" (Feature Store catalogs), and a type the account holds none of answers empty.
    [Fact]
    public async Task Only_the_callers_own_resources_and_empty_answers_for_other_types()
    {
        var f = await Build();
        var other = OtherAccount();
        var request = Components(Filter("TrialComponentName", "Equals", f.C[0]));
        Assert.Empty((await other.Call("Search", request)).Ok()["Results"]!.AsArray());
        Assert.Empty((await other.Call("Search", new JsonObject { ["Resource"] = "ExperimentTrialComponent" })).Ok()["Results"]!.AsArray());
        request["CrossAccountFilterOption"] = "CrossAccount";
        Assert.Empty((await Search(request)).Ok()["Results"]!.AsArray());
        request["CrossAccountFilterOption"] = "SameAccount";
        Assert.Single((await Search(request)).Ok()["Results"]!.AsArray());

        foreach (var type in new[] { "TrainingJob", "Endpoint", "ModelPackage", "Pipeline" })
        {
            var body = (await Search(new JsonObject { ["Resource"] = type })).Ok();
            Assert.Empty(body["Results"]!.AsArray());
            Assert.Equal(0, body["TotalHits"]!["Value"]!.GetValue<long>());
        }
    }

    // Contains: at most one per expression outside the listed properties, or "'CONTAINS' operator usage limit
    // of 1 exceeded."; ordering operators are "not supported for text properties" and need a number or
    // timestamp; "You must provide at least one subexpression, filter, or nested filter"; the model's own
    // constraints (Resource enum, SubExpressions at most 20) answer in Coral wording.
    [Fact]
    public async Task Bad_expressions_are_ValidationExceptions()
    {
        var r = (await Search(Components(Filter("Status.PrimaryStatus", "Contains", "a"), Filter("Status.Message", "Contains", "b")))).Error("ValidationException");
        Assert.Equal("'CONTAINS' operator usage limit of 1 exceeded.", r.Message);
        (await Search(Components(Filter("DisplayName", "Contains", "a"), Filter("TrialComponent.Tags", "Contains", "b")))).Ok();

        r = (await Search(Components(Filter("Parameters.hp1", "GreaterThan", "many")))).Error("ValidationException");
        Assert.Contains("must be a number or a timestamp", r.Message);
        (await Search(Components(Filter("Parameters.hp1", "Equals")))).Error("ValidationException");
        (await Search(new JsonObject { ["Resource"] = "ExperimentTrialComponent", ["SearchExpression"] = new JsonObject() })).Error("ValidationException");

        r = (await Search(new JsonObject { ["Resource"] = "Artifact" })).Error("ValidationException");
        Assert.StartsWith("1 validation error detected: Value 'Artifact' at 'resource' failed to satisfy constraint: Member must satisfy enum value set: [TrainingJob, Experiment", r.Message);
        var many = new JsonArray([.. Enumerable.Range(0, 21).Select(_ => (JsonNode)new JsonObject { ["Filters"] = new JsonArray(Filter("DisplayName", "Exists")) })]);
        r = (await Search(new JsonObject { ["Resource"] = "Experiment", ["SearchExpression"] = new JsonObject { ["SubExpressions"] = many } })).Error("ValidationException");
        Assert.Contains("at 'searchExpression.subExpressions' failed to satisfy constraint: Member must have length less than or equal to 20", r.Message);
        var deep = new JsonObject { ["Filters"] = new JsonArray([.. Enumerable.Range(0, 20).Select(_ => (JsonNode)Filter("DisplayName", "Exists"))]) };
        var wide = new JsonArray([.. Enumerable.Range(0, 3).Select(_ => deep.DeepClone())]);
        r = (await Search(new JsonObject { ["Resource"] = "Experiment", ["SearchExpression"] = new JsonObject { ["SubExpressions"] = wide } })).Error("ValidationException");
        Assert.Contains("more than 50", r.Message);
        (await Search(new JsonObject { ["Resource"] = "Experiment", ["NextToken"] = "garbage" })).Error("ValidationException");
    }

    // Artifact.downstream_trials_v2() (sagemaker-python-sdk src/sagemaker/lineage/artifact.py): QueryLineage from
    // the artifact for TrialComponent vertices, then Search on ExperimentTrialComponent with TrialComponentArn
    // Equals filters joined by Or, then each result's Parents' TrialName. The SDK's integration test
    // (tests/integ/sagemaker/lineage/test_artifact.py) expects exactly the one trial the component was added to.
    [Fact]
    public async Task The_sdks_downstream_trials_walk_finds_the_trial()
    {
        var f = await Build();
        var artifact = await Sm.Artifact("DataSet");
        await Sm.Associate(artifact, f.CArn[0], "ContributedTo");

        var vertices = (await Sm.Call("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(artifact), ["Direction"] = "Descendants", ["IncludeEdges"] = false,
            ["Filters"] = new JsonObject { ["LineageTypes"] = new JsonArray("TrialComponent") }, ["MaxDepth"] = 10,
        })).Ok()["Vertices"]!.AsArray();
        var arns = vertices.Select(v => Str(v!["Arn"])).ToList();
        Assert.Equal([f.CArn[0]], arns);

        var search = new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent",
            ["SearchExpression"] = new JsonObject
            {
                ["Filters"] = new JsonArray([.. arns.Select(a => (JsonNode)Filter("TrialComponentArn", "Equals", a))]),
                ["Operator"] = "Or",
            },
        };
        var trials = (await Search(search)).Ok()["Results"]!.AsArray()
            .SelectMany(r => r!["TrialComponent"]!["Parents"]!.AsArray().Select(p => Str(p!["TrialName"]))).Distinct().ToList();
        Assert.Equal([f.T1], trials);
    }
}
