using System.Text.Json.Nodes;
using LineageEmulator.SdkConformance.DotNet;
using LineageEmulator.SdkConformance.Infrastructure;

namespace LineageEmulator.SdkConformance;

/// <summary>The .NET scenarios against the emulator as its own process (`dotnet LineageEmulator.dll`).</summary>
public sealed class DotNetTests(EmulatorProcess emulator) : DotNetScenarios(emulator), IClassFixture<EmulatorProcess>;

/// <summary>The same scenarios, same assertions, against the in-process host of the LineageEmulator.Hosting package.</summary>
public sealed class DotNetInProcessTests(InProcessEmulator emulator) : DotNetScenarios(emulator), IClassFixture<InProcessEmulator>;

/// <summary>The same scenarios with --verify-signatures: the .NET SDK's signer signs with the secrets of an accounts file.</summary>
public sealed class DotNetStrictTests(StrictEmulatorProcess emulator) : DotNetScenarios(emulator), IClassFixture<StrictEmulatorProcess>;

/// <summary>
/// The AWS SDK for .NET's wire path: AWSSDK.Core's request type and SigV4 signer, HttpClient, and the SDK's
/// rules for reading error codes and timestamps (see <see cref="SignedWireClient"/>).
/// </summary>
public abstract class DotNetScenarios(IConformanceEmulator emulator)
{
    [Fact]
    public async Task DotNet_SingleAccount()
    {
        var sm = Client("666666666666");
        var run = ScriptEnvironment.NewRunId();
        var since = Epoch(DateTime.UtcNow.AddSeconds(-2));
        var uri = $"s3://conformance-{run}/dotnet-single";

        // --- create two of each kind, then describe, update and list each kind page by page ---
        var made = new Dictionary<LineageKind, (string Arn, string Name)[]>();
        foreach (var kind in LineageKind.All)
        {
            var entities = new (string, string)[2];
            for (var i = 0; i < 2; i++)
            {
                var name = $"{kind.Name.ToLowerInvariant()}-{run}-{i}";
                var created = (await sm.SageMaker("Create" + kind.Name, kind.CreateMembers(name, $"{uri}/{kind.Name}{i}"))).Ok();
                entities[i] = (Str(created[kind.ArnMember]), name);
            }
            made[kind] = entities;
            var (arn, id) = entities[0];

            var described = (await sm.SageMaker("Describe" + kind.Name, kind.Identify(arn, id))).Ok();
            Assert.Equal(arn, Str(described[kind.ArnMember]));
            var createdAt = WireResponse.Time(described["CreationTime"], $"{kind.Name} CreationTime");

            var update = (JsonObject)kind.UpdateMembers.DeepClone();
            update[kind.IdMember] = kind.IdIsArn ? arn : id;
            Assert.Equal(arn, Str((await sm.SageMaker("Update" + kind.Name, update)).Ok()[kind.ArnMember]));
            described = (await sm.SageMaker("Describe" + kind.Name, kind.Identify(arn, id))).Ok();
            Assert.Equal(kind.ExpectedUpdatedView, kind.UpdatedView(described));
            Assert.True(WireResponse.Time(described["LastModifiedTime"], "LastModifiedTime") >= createdAt);

            var (items, pages) = await Pages(sm, "List" + kind.Name + "s", kind.ListSummaries,
                new JsonObject { ["MaxResults"] = 1, ["CreatedAfter"] = since });
            Assert.Equal(2, pages);
            Assert.Equal(entities.Select(e => e.Item1).Order(), items.Select(x => Str(x[kind.ArnMember])).Order());

            (await sm.SageMaker("AddTags", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = Tags(("env", "dev"), ("temp", "1")) })).Ok();
            (await sm.SageMaker("DeleteTags", new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray("temp") })).Ok();
            var tags = (await sm.SageMaker("ListTags", new JsonObject { ["ResourceArn"] = arn })).Ok()["Tags"]!;
            Assert.Equal("""[{"Key":"env","Value":"dev"}]""", tags.ToJsonString());
        }

        // --- associations: artifact0 -> action0 -> context0, artifact0 -> trial component0 ---
        string Arn(LineageKind k) => made[k][0].Arn;
        var edges = new[]
        {
            (Arn(LineageKind.Artifact), Arn(LineageKind.Action), "ContributedTo"),
            (Arn(LineageKind.Action), Arn(LineageKind.Context), "AssociatedWith"),
            (Arn(LineageKind.Artifact), Arn(LineageKind.TrialComponent), "ContributedTo"),
        };
        foreach (var (source, destination, type) in edges)
            (await sm.SageMaker("AddAssociation", Edge(source, destination, type))).Ok();
        var (associations, associationPages) = await Pages(sm, "ListAssociations", "AssociationSummaries",
            new JsonObject { ["SourceArn"] = Arn(LineageKind.Artifact), ["MaxResults"] = 1 });
        Assert.Equal(2, associationPages);
        Assert.Equal(new[] { Arn(LineageKind.Action), Arn(LineageKind.TrialComponent) }.Order(),
            associations.Select(a => Str(a["DestinationArn"])).Order());
        foreach (var a in associations) WireResponse.Time(a["CreationTime"], "association CreationTime");

        var query = (await sm.SageMaker("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(Arn(LineageKind.Artifact)), ["Direction"] = "Descendants", ["IncludeEdges"] = true,
        })).Ok();
        var vertices = query["Vertices"]!.AsArray().ToDictionary(v => Str(v!["Arn"]), v => Str(v!["LineageType"]));
        foreach (var kind in new[] { LineageKind.Action, LineageKind.Context, LineageKind.TrialComponent })
            Assert.Equal(kind.Name, vertices.GetValueOrDefault(Arn(kind)));
        var queriedEdges = query["Edges"]!.AsArray().Select(e => (Str(e!["SourceArn"]), Str(e["DestinationArn"]), Str(e["AssociationType"]))).ToList();
        Assert.All(edges, e => Assert.Contains(e, queriedEdges));

        (await sm.SageMaker("DeleteAssociation", Edge(Arn(LineageKind.Artifact), Arn(LineageKind.TrialComponent), null))).Ok();
        var remaining = (await sm.SageMaker("ListAssociations", new JsonObject { ["SourceArn"] = Arn(LineageKind.Artifact) })).Ok();
        Assert.Equal([Arn(LineageKind.Action)], remaining["AssociationSummaries"]!.AsArray().Select(a => Str(a!["DestinationArn"])));

        await VisualizerShapedQuery(sm, uri, run);
        await FanOutWithoutMaxResults(sm, uri);

        // --- delete everything; each is then ResourceNotFound ---
        foreach (var (kind, entities) in made)
        {
            foreach (var (arn, id) in entities)
                Assert.Equal(arn, Str((await sm.SageMaker("Delete" + kind.Name, kind.Identify(arn, id))).Ok()[kind.ArnMember]));
            (await sm.SageMaker("Describe" + kind.Name, kind.Identify(entities[0].Arn, entities[0].Name))).Error("ResourceNotFound");
        }
    }

    [Fact]
    public async Task DotNet_CrossAccount()
    {
        var owner = Client("111111111111");
        var receiver = Client("222222222222");
        var outsider = Client("333333333333");
        var run = ScriptEnvironment.NewRunId();
        var uri = $"s3://conformance-{run}/dotnet-cross/train.csv";

        var data = await CreateArtifact(owner, uri, $"data-{run}");
        var train = Str((await owner.SageMaker("CreateAction", LineageKind.Action.CreateMembers($"train-{run}", uri + "#job"))).Ok()["ActionArn"]);
        (await owner.SageMaker("AddAssociation", Edge(data, train, "ContributedTo"))).Ok();
        var mine = await CreateArtifact(receiver, uri + "#receiver", $"mine-{run}");
        await Denied(receiver, data);
        await Denied(outsider, data);

        var group = Str((await owner.SageMaker("ListLineageGroups", [])).Ok()["LineageGroupSummaries"]![0]!["LineageGroupArn"]);
        var clientToken = Guid.NewGuid().ToString();
        JsonObject ShareRequest() => new()
        {
            ["name"] = $"lineage-{run}", ["resourceArns"] = new JsonArray(group), ["principals"] = new JsonArray("222222222222"),
            ["allowExternalPrincipals"] = true, ["clientToken"] = clientToken,
        };
        var created = (await owner.RamPost("/createresourceshare", ShareRequest())).Ok();
        var share = Str(created["resourceShare"]!["resourceShareArn"]);
        WireResponse.Time(created["resourceShare"]!["creationTime"], "resource share creationTime");
        Assert.Equal(share, Str((await owner.RamPost("/createresourceshare", ShareRequest())).Ok()["resourceShare"]!["resourceShareArn"]));

        var invitation = await Poll("a PENDING invitation", async () =>
        {
            var found = (await receiver.RamPost("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = new JsonArray(share) })).Ok();
            return found["resourceShareInvitations"]!.AsArray().FirstOrDefault(i => Str(i!["status"]) == "PENDING") is { } i ? Str(i["resourceShareInvitationArn"]) : null;
        });
        await Denied(receiver, data);
        var accepted = (await receiver.RamPost("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = invitation, ["clientToken"] = Guid.NewGuid().ToString(),
        })).Ok();
        Assert.Equal("ACCEPTED", Str(accepted["resourceShareInvitation"]!["status"]));
        // The invitation is sent once the associations complete, so the receiver reads right after accepting.
        var described = (await receiver.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = data })).Ok();
        Assert.Equal($"data-{run}", Str(described["ArtifactName"]));
        var principals = (await owner.RamPost("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "PRINCIPAL", ["resourceShareArns"] = new JsonArray(share),
        })).Ok()["resourceShareAssociations"]!.AsArray();
        Assert.Equal(["ASSOCIATED"], principals.Where(a => Str(a!["associatedEntity"]) == "222222222222").Select(a => Str(a!["status"])));
        (await receiver.SageMaker("AddAssociation", Edge(mine, data, "ContributedTo"))).Ok();
        var query = (await receiver.SageMaker("QueryLineage", new JsonObject { ["StartArns"] = new JsonArray(data), ["Direction"] = "Both" })).Ok();
        var arns = query["Vertices"]!.AsArray().Select(v => Str(v!["Arn"])).ToList();
        Assert.Contains(train, arns);
        Assert.Contains(mine, arns);

        // Same data: the same artifact id in both accounts and SameAs both ways, which the SageMaker Python
        // SDK's LineageQuery needs to collapse the two into one vertex.
        var copy = await CreateArtifact(receiver, uri, $"copy-{run}");
        Assert.Equal(data.Split('/')[1], copy.Split('/')[1]);
        var sameAs = (await receiver.SageMaker("ListAssociations", new JsonObject { ["SourceArn"] = copy, ["AssociationType"] = "SameAs" })).Ok();
        Assert.Equal([data], sameAs["AssociationSummaries"]!.AsArray().Select(a => Str(a!["DestinationArn"])));
        var sameAsBack = (await receiver.SageMaker("ListAssociations", new JsonObject { ["DestinationArn"] = copy, ["AssociationType"] = "SameAs" })).Ok();
        Assert.Equal([data], sameAsBack["AssociationSummaries"]!.AsArray().Select(a => Str(a!["SourceArn"])));
        await Denied(outsider, data);

        // Revoke with RAM's DELETE: members in the query string, signed with UseQueryString.
        var deleteToken = Guid.NewGuid().ToString();
        var deleted = (await owner.RamDelete("/deleteresourceshare", new Dictionary<string, string>
        {
            ["resourceShareArn"] = share, ["clientToken"] = deleteToken,
        })).Ok();
        Assert.True(deleted["returnValue"]!.GetValue<bool>());
        Assert.Equal(deleteToken, Str(deleted["clientToken"]));
        await Poll("the receiver to be denied after DeleteResourceShare", async () =>
            (await receiver.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = data })).ErrorCode == "AccessDeniedException" ? "yes" : null);
        await Denied(receiver, data);
    }

    [Fact]
    public async Task DotNet_Errors()
    {
        var sm = Client("444444444444");
        var other = Client("555555555555");
        var run = ScriptEnvironment.NewRunId();

        var invalid = (await sm.SageMaker("CreateArtifact", new JsonObject { ["ArtifactType"] = "DataSet" })).Error("ValidationException");
        Assert.Contains("source", invalid.ErrorMessage);
        Assert.Empty((await sm.SageMaker("ListArtifacts", [])).Ok()["ArtifactSummaries"]!.AsArray());

        (await sm.SageMaker("DescribeArtifact", new JsonObject
        {
            ["ArtifactArn"] = $"arn:aws:sagemaker:us-east-1:444444444444:artifact/{Guid.NewGuid():N}",
        })).Error("ResourceNotFound");

        var data = await CreateArtifact(sm, $"s3://conformance-{run}/dotnet-errors", $"data-{run}");
        (await other.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = data })).Error("AccessDeniedException");

        (await sm.RamDelete("/deleteresourceshare", new Dictionary<string, string>
        {
            ["resourceShareArn"] = $"arn:aws:ram:us-east-1:444444444444:resource-share/{Guid.NewGuid()}",
            ["clientToken"] = Guid.NewGuid().ToString(),
        })).Error("UnknownResourceException");
        (await other.RamPost("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = "not-an-arn" }))
            .Error("MalformedArnException");
        (await sm.RamPost("/createresourceshare", new JsonObject { ["name"] = $"bad-{run}", ["resourceArns"] = new JsonArray("bad") }))
            .Error("MalformedArnException");

        var group = Str((await sm.SageMaker("ListLineageGroups", [])).Ok()["LineageGroupSummaries"]![0]!["LineageGroupArn"]);
        var share = Str((await sm.RamPost("/createresourceshare", new JsonObject
        {
            ["name"] = $"errors-{run}", ["resourceArns"] = new JsonArray(group), ["principals"] = new JsonArray("555555555555"),
            ["allowExternalPrincipals"] = true, ["clientToken"] = Guid.NewGuid().ToString(),
        })).Ok()["resourceShare"]!["resourceShareArn"]);
        var invitation = await Poll("the invitation", async () =>
            (await other.RamPost("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = new JsonArray(share) }))
                .Ok()["resourceShareInvitations"]!.AsArray().FirstOrDefault() is { } i ? Str(i["resourceShareInvitationArn"]) : null);
        var accept = new JsonObject { ["resourceShareInvitationArn"] = invitation };
        (await other.RamPost("/acceptresourceshareinvitation", accept)).Ok();
        (await other.RamPost("/acceptresourceshareinvitation", (JsonObject)accept.DeepClone()))
            .Error("ResourceShareInvitationAlreadyAcceptedException");
    }

    /// <summary>
    /// The pipeline scenario: A trains, registers, approves and deploys; A shares its lineage group with B; B
    /// finds A's endpoint context from a shared entity, walks back to the training data, and B's own training
    /// job on the same data gets its SameAs link. The .NET wire path has no waiter of its own here (waiters
    /// live in AWSSDK.SageMaker), so it polls Describe* as a waiter does, bounded.
    /// </summary>
    [Fact]
    public async Task DotNet_Pipeline()
    {
        var (a, b) = (Client("565656565656"), Client("343434343434"));
        var run = ScriptEnvironment.NewRunId();
        var data = $"s3://conformance-{run}/dotnet-pipeline/train.csv";
        var job = $"dotnet-train-{run}";
        const string image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
        JsonObject TrainingJob(string name, string output) => new()
        {
            ["TrainingJobName"] = name,
            ["AlgorithmSpecification"] = new JsonObject { ["TrainingImage"] = image, ["TrainingInputMode"] = "File" },
            ["RoleArn"] = "arn:aws:iam::565656565656:role/SageMakerRole",
            ["InputDataConfig"] = new JsonArray(new JsonObject
            {
                ["ChannelName"] = "train",
                ["DataSource"] = new JsonObject { ["S3DataSource"] = new JsonObject { ["S3DataType"] = "S3Prefix", ["S3Uri"] = data } },
            }),
            ["OutputDataConfig"] = new JsonObject { ["S3OutputPath"] = output },
            ["ResourceConfig"] = new JsonObject { ["InstanceType"] = "ml.m5.xlarge", ["InstanceCount"] = 1, ["VolumeSizeInGB"] = 10 },
            ["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 3600 },
        };
        async Task<string> ArtifactOf(SignedWireClient c, string uri) =>
            Str(Assert.Single((await c.SageMaker("ListArtifacts", new JsonObject { ["SourceUri"] = uri })).Ok()["ArtifactSummaries"]!.AsArray())!["ArtifactArn"]);
        async Task<List<string>> Query(SignedWireClient c, string start, string direction, string type) =>
            [.. (await c.SageMaker("QueryLineage", new JsonObject
            {
                ["StartArns"] = new JsonArray(start), ["Direction"] = direction,
                ["Filters"] = new JsonObject { ["Types"] = new JsonArray(type) }, ["MaxResults"] = 50,
            })).Ok()["Vertices"]!.AsArray().Select(v => Str(v!["Arn"]))];

        // --- A trains a model ---
        var jobArn = Str((await a.SageMaker("CreateTrainingJob", TrainingJob(job, $"s3://conformance-{run}/dotnet-pipeline/output"))).Ok()["TrainingJobArn"]);
        await Poll("the training job to complete", async () =>
            Str((await a.SageMaker("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = job })).Ok()["TrainingJobStatus"]) == "Completed" ? "done" : null);
        var modelData = Str((await a.SageMaker("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = job })).Ok()["ModelArtifacts"]!["S3ModelArtifacts"]);
        Assert.Equal($"s3://conformance-{run}/dotnet-pipeline/output/{job}/output/model.tar.gz", modelData);

        // --- A registers and approves the model, then deploys it ---
        var group = $"dotnet-models-{run}";
        (await a.SageMaker("CreateModelPackageGroup", new JsonObject { ["ModelPackageGroupName"] = group })).Ok();
        var package = Str((await a.SageMaker("CreateModelPackage", new JsonObject
        {
            ["ModelPackageGroupName"] = group,
            ["InferenceSpecification"] = new JsonObject
            {
                ["Containers"] = new JsonArray(new JsonObject { ["Image"] = image, ["ModelDataUrl"] = modelData }),
                ["SupportedContentTypes"] = new JsonArray("text/csv"), ["SupportedResponseMIMETypes"] = new JsonArray("text/csv"),
            },
        })).Ok()["ModelPackageArn"]);
        (await a.SageMaker("UpdateModelPackage", new JsonObject { ["ModelPackageArn"] = package, ["ModelApprovalStatus"] = "Approved" })).Ok();
        var (model, config, endpointName) = ($"dotnet-model-{run}", $"dotnet-config-{run}", $"dotnet-endpoint-{run}");
        (await a.SageMaker("CreateModel", new JsonObject
        {
            ["ModelName"] = model, ["ExecutionRoleArn"] = "arn:aws:iam::565656565656:role/SageMakerRole",
            ["PrimaryContainer"] = new JsonObject { ["ModelPackageName"] = package },
        })).Ok();
        (await a.SageMaker("CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = config,
            ["ProductionVariants"] = new JsonArray(new JsonObject
            {
                ["VariantName"] = "AllTraffic", ["ModelName"] = model, ["InitialInstanceCount"] = 1, ["InstanceType"] = "ml.m5.large",
            }),
        })).Ok();
        var endpoint = Str((await a.SageMaker("CreateEndpoint", new JsonObject { ["EndpointName"] = endpointName, ["EndpointConfigName"] = config })).Ok()["EndpointArn"]);
        await Poll("the endpoint to be InService", async () =>
            Str((await a.SageMaker("DescribeEndpoint", new JsonObject { ["EndpointName"] = endpointName })).Ok()["EndpointStatus"]) == "InService" ? "up" : null);
        var aData = await ArtifactOf(a, data);

        // --- A shares its lineage group with B, B accepts ---
        var lineageGroup = Str((await a.SageMaker("ListLineageGroups", [])).Ok()["LineageGroupSummaries"]![0]!["LineageGroupArn"]);
        var share = Str((await a.RamPost("/createresourceshare", new JsonObject
        {
            ["name"] = $"pipeline-{run}", ["resourceArns"] = new JsonArray(lineageGroup), ["principals"] = new JsonArray("343434343434"),
        })).Ok()["resourceShare"]!["resourceShareArn"]);
        var invitation = await Poll("B's invitation", async () =>
            (await b.RamPost("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = new JsonArray(share) })).Ok()
                ["resourceShareInvitations"]!.AsArray().FirstOrDefault() is { } i ? Str(i["resourceShareInvitationArn"]) : null);
        (await b.RamPost("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitation })).Ok();

        // --- B finds A's endpoint context from the shared training data artifact (A hands B its ARN) ---
        var context = await Poll("A's lineage to be readable by B", async () =>
        {
            var q = await b.SageMaker("QueryLineage", new JsonObject
            {
                ["StartArns"] = new JsonArray(aData), ["Direction"] = "Descendants",
                ["Filters"] = new JsonObject { ["Types"] = new JsonArray("Endpoint"), ["LineageTypes"] = new JsonArray("Context") },
            });
            // RAM's associations read ASSOCIATING for a moment after the accept; B is denied until ASSOCIATED.
            if (q.Status != 200) { q.Error("AccessDeniedException"); return null; }
            return Str(Assert.Single(q.Ok()["Vertices"]!.AsArray())!["Arn"]);
        });
        var described = (await b.SageMaker("DescribeContext", new JsonObject { ["ContextName"] = context })).Ok();
        Assert.Equal((endpoint, "Endpoint"), (Str(described["Source"]!["SourceUri"]), Str(described["ContextType"])));

        // --- B walks from A's endpoint back to the training data and the training job ---
        Assert.Equal([aData], await Query(b, context, "Ascendants", "DataSet"));
        var trainingTc = Assert.Single(await Query(b, context, "Ascendants", "TrainingJob"));
        Assert.Equal(jobArn, Str((await b.SageMaker("DescribeTrialComponent", new JsonObject { ["TrialComponentName"] = trainingTc })).Ok()["Source"]!["SourceArn"]));

        // --- B trains on the same S3 data: its data artifact is linked SameAs to A's ---
        (await b.SageMaker("CreateTrainingJob", TrainingJob($"dotnet-retrain-{run}", $"s3://conformance-{run}/dotnet-pipeline/b-output"))).Ok();
        var bData = await ArtifactOf(b, data);
        var same = (await b.SageMaker("ListAssociations", new JsonObject { ["SourceArn"] = bData, ["AssociationType"] = "SameAs" })).Ok()["AssociationSummaries"]!;
        Assert.Equal(aData, Str(Assert.Single(same.AsArray())!["DestinationArn"]));
        Assert.Contains(context, await Query(b, bData, "Descendants", "Endpoint"));
    }

    /// <summary>
    /// An experiment and a trial with trial components, Search by parent, parameter and tag, and the SageMaker
    /// Python SDK's Artifact.downstream_trials_v2() walk: QueryLineage for trial components, then Search on them
    /// and read their Parents.
    /// </summary>
    [Fact]
    public async Task DotNet_Experiments()
    {
        var sm = Client("121212121212");
        var run = ScriptEnvironment.NewRunId();
        var (experiment, trial, c1, c2) = ($"exp-{run}", $"trial-{run}", $"tc1-{run}", $"tc2-{run}");

        var arn = Str((await sm.SageMaker("CreateExperiment", new JsonObject { ["ExperimentName"] = experiment, ["Tags"] = Tags(("run", run)) })).Ok()["ExperimentArn"]);
        Assert.EndsWith($":experiment/{experiment.ToLowerInvariant()}", arn);
        (await sm.SageMaker("CreateTrial", new JsonObject { ["TrialName"] = trial, ["ExperimentName"] = experiment })).Ok();
        var components = new Dictionary<string, string>();
        foreach (var (name, hp1, tags) in new[] { (c1, 5, Tags(("stage", $"dev-{run}"))), (c2, 10, Tags()) })
        {
            components[name] = Str((await sm.SageMaker("CreateTrialComponent", new JsonObject
            {
                ["TrialComponentName"] = name, ["Parameters"] = new JsonObject { ["hp1"] = new JsonObject { ["NumberValue"] = hp1 } }, ["Tags"] = tags,
            })).Ok()["TrialComponentArn"]);
            (await sm.SageMaker("AssociateTrialComponent", new JsonObject { ["TrialComponentName"] = name, ["TrialName"] = trial })).Ok();
        }
        var (listed, listPages) = await Pages(sm, "ListTrialComponents", "TrialComponentSummaries", new JsonObject { ["TrialName"] = trial, ["MaxResults"] = 1 });
        Assert.Equal(2, listPages);
        Assert.Equal(new[] { c1, c2 }, listed.Select(x => Str(x["TrialComponentName"])).Order());

        async Task<List<string>> Search(params JsonObject[] filters)
        {
            var results = (await sm.SageMaker("Search", new JsonObject
            {
                ["Resource"] = "ExperimentTrialComponent",
                ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray([.. filters]) },
            })).Ok()["Results"]!.AsArray();
            foreach (var r in results) WireResponse.Time(r!["TrialComponent"]!["CreationTime"], "search record CreationTime");
            return [.. results.Select(r => Str(r!["TrialComponent"]!["TrialComponentName"])).Order()];
        }
        JsonObject Filter(string name, string op, string value) => new() { ["Name"] = name, ["Operator"] = op, ["Value"] = value };
        Assert.Equal(new[] { c1, c2 }, await Search(Filter("Parents.TrialName", "Equals", trial)));
        Assert.Equal(new[] { c2 }, await Search(Filter("Parents.ExperimentName", "Equals", experiment), Filter("Parameters.hp1", "GreaterThanOrEqualTo", "10")));
        Assert.Equal(new[] { c1 }, await Search(Filter("Tags.stage", "Equals", $"dev-{run}")));
        var (sorted, searchPages) = await Pages(sm, "Search", "Results", new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent", ["MaxResults"] = 1, ["SortBy"] = "Parameters.hp1", ["SortOrder"] = "Ascending",
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray(Filter("Parents.ExperimentName", "Equals", experiment)) },
        });
        Assert.Equal(2, searchPages);
        Assert.Equal(new[] { c1, c2 }, sorted.Select(r => Str(r["TrialComponent"]!["TrialComponentName"])));

        var artifact = await CreateArtifact(sm, $"s3://conformance-{run}/dotnet-exp", $"art-{run}");
        (await sm.SageMaker("AddAssociation", Edge(artifact, components[c1], "ContributedTo"))).Ok();
        var found = (await sm.SageMaker("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(artifact), ["Direction"] = "Descendants", ["IncludeEdges"] = false,
            ["Filters"] = new JsonObject { ["LineageTypes"] = new JsonArray("TrialComponent") },
        })).Ok()["Vertices"]!.AsArray().Select(v => Str(v!["Arn"])).ToList();
        Assert.Equal([components[c1]], found);
        var results = (await sm.SageMaker("Search", new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent",
            ["SearchExpression"] = new JsonObject
            {
                ["Filters"] = new JsonArray([.. found.Select(a => (JsonNode)Filter("TrialComponentArn", "Equals", a))]), ["Operator"] = "Or",
            },
        })).Ok()["Results"]!.AsArray();
        Assert.Equal([trial], results.SelectMany(r => r!["TrialComponent"]!["Parents"]!.AsArray().Select(p => Str(p!["TrialName"]))).Distinct());

        (await sm.SageMaker("DeleteExperiment", new JsonObject { ["ExperimentName"] = experiment })).Error("ValidationException");
        foreach (var name in new[] { c1, c2 })
        {
            (await sm.SageMaker("DisassociateTrialComponent", new JsonObject { ["TrialComponentName"] = name, ["TrialName"] = trial })).Ok();
            (await sm.SageMaker("DeleteTrialComponent", new JsonObject { ["TrialComponentName"] = name })).Ok();
        }
        (await sm.SageMaker("DeleteTrial", new JsonObject { ["TrialName"] = trial })).Ok();
        Assert.Equal(arn, Str((await sm.SageMaker("DeleteExperiment", new JsonObject { ["ExperimentName"] = experiment })).Ok()["ExperimentArn"]));
        (await sm.SageMaker("DescribeExperiment", new JsonObject { ["ExperimentName"] = experiment })).Error("ResourceNotFound");
    }

    /// <summary>
    /// Inside the organization the emulator process declares (EmulatorProcess.cs): the management account turns
    /// sharing on and shares with the organization; the member reads with no invitation, a non-member cannot.
    /// </summary>
    [Fact]
    public async Task DotNet_Organization()
    {
        var (management, member, outsider) = (Client("777777777777"), Client("888888888888"), Client("999999999999"));
        const string organization = "arn:aws:organizations::777777777777:organization/o-conformance1";
        var run = ScriptEnvironment.NewRunId();
        var data = await CreateArtifact(management, $"s3://conformance-{run}/dotnet-org/data.csv", $"org-{run}");
        var group = Str((await management.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = data })).Ok()["LineageGroupArn"]);
        await Denied(member, data);

        (await member.RamPost("/enablesharingwithawsorganization", [])).Error("OperationNotPermittedException");
        Assert.True((await management.RamPost("/enablesharingwithawsorganization", [])).Ok()["returnValue"]!.GetValue<bool>());
        var share = Str((await management.RamPost("/createresourceshare", new JsonObject
        {
            ["name"] = $"org-{run}", ["resourceArns"] = new JsonArray(group), ["principals"] = new JsonArray(organization),
            ["allowExternalPrincipals"] = false, ["clientToken"] = Guid.NewGuid().ToString(),
        })).Ok()["resourceShare"]!["resourceShareArn"]);

        await Poll("the member to read the shared artifact", async () =>
            (await member.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = data })).Status == 200 ? "yes" : null);
        var invitations = (await member.RamPost("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = new JsonArray(share) })).Ok();
        Assert.Empty(invitations["resourceShareInvitations"]!.AsArray());
        (await member.SageMaker("QueryLineage", new JsonObject { ["StartArns"] = new JsonArray(data), ["Direction"] = "Both" })).Ok();
        await Denied(outsider, data);
        (await management.RamPost("/associateresourceshare", new JsonObject
        {
            ["resourceShareArn"] = share, ["principals"] = new JsonArray("999999999999"),
        })).Error("InvalidParameterException");
    }

    private SignedWireClient Client(string account) => new(emulator.Endpoint, account);

    private static async Task<string> CreateArtifact(SignedWireClient client, string uri, string name) =>
        Str((await client.SageMaker("CreateArtifact", LineageKind.Artifact.CreateMembers(name, uri))).Ok()["ArtifactArn"]);

    private static async Task Denied(SignedWireClient client, string arn)
    {
        (await client.SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Error("AccessDeniedException");
        (await client.SageMaker("QueryLineage", new JsonObject { ["StartArns"] = new JsonArray(arn) })).Error("AccessDeniedException");
    }

    /// <summary>
    /// The SageMaker Python SDK's LineageQuery.query (Both, IncludeEdges, no filter, MaxDepth 10, no MaxResults)
    /// on the graph of its test_graph_visualize: the start is among the vertices and every edge's ends are too.
    /// </summary>
    private static async Task VisualizerShapedQuery(SignedWireClient sm, string uri, string run)
    {
        async Task<string> Artifact(string kind) => Str((await sm.SageMaker("CreateArtifact", new JsonObject
        {
            ["Source"] = new JsonObject { ["SourceUri"] = $"{uri}/viz-{kind}" }, ["ArtifactType"] = kind,
        })).Ok()["ArtifactArn"]);
        string model = await Artifact("Model"), image = await Artifact("Image"), dataset = await Artifact("DataSet");
        var deploy = Str((await sm.SageMaker("CreateAction", LineageKind.Action.CreateMembers($"viz-deploy-{run}", $"{uri}/viz-deploy"))).Ok()["ActionArn"]);
        var endpoint = Str((await sm.SageMaker("CreateContext", LineageKind.Context.CreateMembers($"viz-endpoint-{run}", $"{uri}/viz-endpoint"))).Ok()["ContextArn"]);
        foreach (var (source, destination) in new[] { (image, model), (dataset, model), (model, deploy), (deploy, endpoint) })
            (await sm.SageMaker("AddAssociation", Edge(source, destination, "ContributedTo"))).Ok();
        var q = (await sm.SageMaker("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(model), ["Direction"] = "Both", ["IncludeEdges"] = true, ["Filters"] = new JsonObject(), ["MaxDepth"] = 10,
        })).Ok();
        var vertices = q["Vertices"]!.AsArray().Select(v => Str(v!["Arn"])).ToHashSet();
        Assert.Equal(new[] { model, image, dataset, deploy, endpoint }.Order(), vertices.Order());
        Assert.Equal(4, q["Edges"]!.AsArray().Count);
        Assert.All(q["Edges"]!.AsArray(), e => Assert.True(vertices.Contains(Str(e!["SourceArn"])) && vertices.Contains(Str(e["DestinationArn"]))));
        Assert.Null(q["NextToken"]);
    }

    /// <summary>Twelve children of one artifact, read as the SDK reads them: no MaxResults, no NextToken followed.</summary>
    private static async Task FanOutWithoutMaxResults(SignedWireClient sm, string uri)
    {
        var root = await CreateArtifact(sm, $"{uri}/fan-root", "fan-root");
        var children = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            children.Add(await CreateArtifact(sm, $"{uri}/fan-{i}", $"fan-{i}"));
            (await sm.SageMaker("AddAssociation", Edge(root, children[^1], null))).Ok();
        }
        var q = (await sm.SageMaker("QueryLineage", new JsonObject
        {
            ["StartArns"] = new JsonArray(root), ["Direction"] = "Descendants", ["IncludeEdges"] = true,
        })).Ok();
        Assert.Equal(children.Append(root).Order(), q["Vertices"]!.AsArray().Select(v => Str(v!["Arn"])).Order());
        Assert.Equal(12, q["Edges"]!.AsArray().Count);
        Assert.Null(q["NextToken"]);
    }

    private static async Task<(List<JsonNode> Items, int Pages)> Pages(SignedWireClient client, string operation, string key, JsonObject request)
    {
        var items = new List<JsonNode>();
        for (var pages = 1; pages < 100; pages++)
        {
            var page = (await client.SageMaker(operation, (JsonObject)request.DeepClone())).Ok();
            items.AddRange(page[key]!.AsArray().Select(x => x!));
            if (page["NextToken"] is not { } next) return (items, pages);
            request["NextToken"] = Str(next);
        }
        throw new Xunit.Sdk.XunitException($"{operation}: paging does not end");
    }

    private static async Task<string> Poll(string what, Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } value) return value;
            Assert.True(DateTime.UtcNow < deadline, $"timed out after 10 s waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static JsonObject Edge(string source, string destination, string? type)
    {
        var edge = new JsonObject { ["SourceArn"] = source, ["DestinationArn"] = destination };
        if (type is not null) edge["AssociationType"] = type;
        return edge;
    }

    private static JsonArray Tags(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    /// <summary>Request timestamps as the .NET SDK's JSON marshaller writes them: epoch seconds with a fraction.</summary>
    private static double Epoch(DateTime utc) => (utc - DateTime.UnixEpoch).TotalMilliseconds / 1000.0;

    private static string Str(JsonNode? node) => node?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("expected a string, got nothing");
}
