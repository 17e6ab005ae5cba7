using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker.ControlPlane;

/// <summary>
/// Processing and transform jobs, the model registry and endpoints: the statuses AWS reports and the
/// lineage SageMaker writes for each, down to the exact entities, types and associations.
/// </summary>
public sealed class DeploymentLineageTests(EmulatorFixture emulator) : ControlPlaneTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private const string InferenceImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1-inference";
    private readonly string id = EmulatorFixture.Unique("p");

    private string S3(string path) => $"{Bucket}/{id}/{path}";

    // "Amazon SageMaker AI–Created Tracking Entities", processing job: the container (ImageUri) and the
    // data location of each processing input and output (S3Uri). The SDK's integration tests reach the
    // processing trial component from its output data set walking Ascendants (conftest.py,
    // static_processing_job_trial_component), so the job Produced its outputs.
    [Fact]
    public async Task A_processing_job_writes_its_image_inputs_and_outputs()
    {
        var name = id + "-prep";
        var raw = S3("raw/data.csv");
        var prepared = S3("prepared/train");
        var arn = Str((await Sm.Call("CreateProcessingJob", Obj(
            ("ProcessingJobName", name),
            ("RoleArn", "arn:aws:iam::111111111111:role/SageMakerRole"),
            ("AppSpecification", Obj(("ImageUri", TrainingImage))),
            ("ProcessingResources", Obj(("ClusterConfig", Obj(("InstanceCount", 1), ("InstanceType", "ml.m5.xlarge"), ("VolumeSizeInGB", 30))))),
            ("ProcessingInputs", Arr(Obj(("InputName", "raw"), ("S3Input", Obj(("S3Uri", raw), ("LocalPath", "/opt/ml/processing/input"),
                ("S3DataType", "S3Prefix"), ("S3InputMode", "File")))))),
            ("ProcessingOutputConfig", Obj(("Outputs", Arr(Obj(("OutputName", "train"), ("S3Output", Obj(("S3Uri", prepared),
                ("LocalPath", "/opt/ml/processing/train"), ("S3UploadMode", "EndOfJob"))))))))))).Ok()["ProcessingJobArn"]);
        Assert.Equal(ArnOf(Sm, "processing-job", name), arn);

        var tc = ArnOf(Sm, "experiment-trial-component", name + "-aws-processing-job");
        var described = await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", tc);
        Assert.Equal("SageMakerProcessingJob", Str(described["Source"]!["SourceType"]));
        Assert.Equal(arn, Str(described["Source"]!["SourceArn"]));

        var (image, input, output) = (await ArtifactOf(Sm, TrainingImage), await ArtifactOf(Sm, raw), await ArtifactOf(Sm, prepared));
        Assert.Equal("DataSet", Str((await ArtifactsOf(Sm, prepared))[0]["ArtifactType"]));
        Assert.Equal(
            new[] { (image, tc, (string?)"ContributedTo", (string?)"Image", (string?)"SageMakerProcessingJob"), (input, tc, "ContributedTo", "DataSet", "SageMakerProcessingJob") }
                .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList(),
            await Edges(Sm, tc, incoming: true));
        Assert.Equal([(tc, output, "Produced", "SageMakerProcessingJob", "DataSet")], await Edges(Sm, tc, incoming: false));

        Assert.Equal("InProgress", Str((await Describe(Sm, "DescribeProcessingJob", "ProcessingJobName", name))["ProcessingJobStatus"]));
        Clock.Advance(Duration);
        var done = await Describe(Sm, "DescribeProcessingJob", "ProcessingJobName", name);
        Assert.Equal("Completed", Str(done["ProcessingJobStatus"]));
        Assert.Equal(raw, Str(done["ProcessingInputs"]![0]!["S3Input"]!["S3Uri"]));
    }

    // "Amazon SageMaker AI–Created Tracking Entities", transform job: the input data source (S3Uri) and
    // the results (S3OutputPath); the model the job runs contributes too, as the SDK's integration tests
    // reach the transform trial component walking Descendants from the processing job upstream of the
    // model (conftest.py, static_transform_job_trial_component).
    [Fact]
    public async Task A_transform_job_writes_its_input_model_and_results()
    {
        var modelData = S3("model/model.tar.gz");
        var model = id + "-model";
        await Model(Sm, model, Obj(("Image", InferenceImage), ("ModelDataUrl", modelData)));
        var name = id + "-batch";
        var input = S3("batch/input");
        var results = S3("batch/output");
        (await Sm.Call("CreateTransformJob", Obj(
            ("TransformJobName", name),
            ("ModelName", model),
            ("TransformInput", Obj(("DataSource", Obj(("S3DataSource", Obj(("S3DataType", "S3Prefix"), ("S3Uri", input))))))),
            ("TransformOutput", Obj(("S3OutputPath", results))),
            ("TransformResources", Obj(("InstanceType", "ml.m5.large"), ("InstanceCount", 1)))))).Ok();

        var tc = ArnOf(Sm, "experiment-trial-component", name + "-aws-transform-job");
        var expectedIn = new[]
        {
            (await ArtifactOf(Sm, input), "DataSet"), (await ArtifactOf(Sm, modelData), "Model"), (await ArtifactOf(Sm, InferenceImage), "Image"),
        };
        Assert.Equal(expectedIn.Select(a => (a.Item1, tc, (string?)"ContributedTo", (string?)a.Item2, (string?)"SageMakerTransformJob"))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList(), await Edges(Sm, tc, incoming: true));
        Assert.Equal([(tc, await ArtifactOf(Sm, results), "Produced", "SageMakerTransformJob", "DataSet")], await Edges(Sm, tc, incoming: false));

        (await Sm.Call("StopTransformJob", Obj(("TransformJobName", name)))).Ok();
        Clock.Advance(Duration);
        Assert.Equal("Stopped", Str((await Describe(Sm, "DescribeTransformJob", "TransformJobName", name))["TransformJobStatus"]));
        (await Sm.Call("CreateTransformJob", Obj(("TransformJobName", name + "-x"), ("ModelName", model + "-nope"),
            ("TransformInput", Obj(("DataSource", Obj(("S3DataSource", Obj(("S3DataType", "S3Prefix"), ("S3Uri", input))))))),
            ("TransformOutput", Obj(("S3OutputPath", results))),
            ("TransformResources", Obj(("InstanceType", "ml.m5.large"), ("InstanceCount", 1)))))).Error("ValidationException");
    }

    private async Task<(string Group, string Package)> RegisterPackage(string modelData)
    {
        var group = id + "-group";
        var groupArn = Str((await Sm.Call("CreateModelPackageGroup", Obj(("ModelPackageGroupName", group)))).Ok()["ModelPackageGroupArn"]);
        var package = Str((await Sm.Call("CreateModelPackage", Obj(
            ("ModelPackageGroupName", group),
            ("InferenceSpecification", Obj(("Containers", Arr(Obj(("Image", InferenceImage), ("ModelDataUrl", modelData)))),
                ("SupportedContentTypes", Arr("text/csv")), ("SupportedResponseMIMETypes", Arr("text/csv")))),
            ("ModelApprovalStatus", "PendingManualApproval")))).Ok()["ModelPackageArn"]);
        return (groupArn, package);
    }

    // "Amazon SageMaker AI–Created Tracking Entities", model packages: a context for each group (the SDK's
    // integration tests expect exactly one from ListContexts(SourceUri=group ARN)); an artifact for each
    // package (exactly one from ListArtifacts(SourceUri=package ARN), read as a ModelArtifact); artifacts
    // for each inference container's image and model data associated with the package; the package
    // associated with its group's context; and the action for its registration and approval, which the
    // SDK finds with the "Approval" type walking Ascendants from the endpoint context (conftest.py,
    // static_approval_action, LineageSourceEnum.APPROVAL).
    [Fact]
    public async Task A_model_package_writes_its_artifact_containers_group_context_and_approval_action()
    {
        var modelData = S3("model/model.tar.gz");
        var (groupArn, package) = await RegisterPackage(modelData);
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{Sm.Account}:model-package/{(id + "-group").ToLowerInvariant()}/1", package);

        var contexts = (await Sm.Call("ListContexts", Obj(("SourceUri", groupArn)))).Ok()["ContextSummaries"]!.AsArray();
        var groupContext = Assert.Single(contexts)!;
        Assert.Equal("ModelGroup", Str(groupContext["ContextType"]));
        var packageArtifact = Assert.Single(await ArtifactsOf(Sm, package));
        Assert.Equal("Model", Str(packageArtifact["ArtifactType"]));
        var artifact = Str(packageArtifact["ArtifactArn"]);

        var action = Assert.Single((await Sm.Call("ListActions", Obj(("SourceUri", package)))).Ok()["ActionSummaries"]!.AsArray())!;
        Assert.Equal("Approval", Str(action["ActionType"]));
        Assert.Equal(
            new[] { (await ArtifactOf(Sm, InferenceImage), "Image"), (await ArtifactOf(Sm, modelData), "Model"), (Str(action["ActionArn"]), "Approval") }
                .Select(a => (a.Item1, artifact, (string?)"ContributedTo", (string?)a.Item2, (string?)"Model"))
                .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList(),
            await Edges(Sm, artifact, incoming: true));
        Assert.Equal([(artifact, Str(groupContext["ContextArn"]), "AssociatedWith", "Model", "ModelGroup")], await Edges(Sm, artifact, incoming: false));

        // Approval is recorded on the package and on its action.
        (await Sm.Call("UpdateModelPackage", Obj(("ModelPackageArn", package), ("ModelApprovalStatus", "Approved"), ("ApprovalDescription", "ok")))).Ok();
        var described = await Describe(Sm, "DescribeModelPackage", "ModelPackageName", package);
        Assert.Equal("Approved", Str(described["ModelApprovalStatus"]));
        Assert.Equal(1, described["ModelPackageVersion"]!.GetValue<int>());
        Assert.Equal(modelData, Str(described["InferenceSpecification"]!["Containers"]![0]!["ModelDataUrl"]));
        var approval = await Describe(Sm, "DescribeAction", "ActionName", Str(action["ActionArn"]));
        Assert.Equal("Approved", Str(approval["Properties"]!["ModelApprovalStatus"]));
        var listed = (await Sm.Call("ListModelPackages", Obj(("ModelPackageGroupName", id + "-group"), ("ModelApprovalStatus", "Approved")))).Ok();
        Assert.Equal(package, Str(Assert.Single(listed["ModelPackageSummaryList"]!.AsArray())!["ModelPackageArn"]));

        // A group with versions cannot be deleted; deleting the package leaves its lineage in place.
        (await Sm.Call("DeleteModelPackageGroup", Obj(("ModelPackageGroupName", id + "-group")))).Error("ConflictException");
        (await Sm.Call("DeleteModelPackage", Obj(("ModelPackageName", package)))).Ok();
        (await Sm.Call("DescribeModelPackage", Obj(("ModelPackageName", package)))).Error("ValidationException");
        Assert.Single(await ArtifactsOf(Sm, package));
        Assert.Equal(3, (await Edges(Sm, artifact, incoming: true)).Count);
    }

    // "Amazon SageMaker AI–Created Tracking Entities", endpoints: a context for the endpoint, an action for
    // the model deployment, artifacts for each model, image and model package deployed, associated with the
    // action. Directions and types are those the SDK's ModelArtifact.endpoints() walks (model artifact ->
    // Action -> Context) and that its lineage visualizer test builds as SageMaker does (model ContributedTo
    // deployment, deployment AssociatedWith endpoint). The endpoint's ARN is its context's SourceUri
    // (conftest.py, static_endpoint_context: exactly one context per endpoint ARN).
    [Fact]
    public async Task An_endpoint_writes_its_context_and_a_deployment_per_configuration_and_its_lineage_outlives_it()
    {
        var modelData = S3("model/model.tar.gz");
        var (_, package) = await RegisterPackage(modelData);
        await Model(Sm, id + "-m1", Obj(("ModelPackageName", package)));
        await EndpointConfig(Sm, id + "-c1", id + "-m1");
        var name = id + "-ep";
        var endpointArn = Str((await Sm.Call("CreateEndpoint", Obj(("EndpointName", name), ("EndpointConfigName", id + "-c1")))).Ok()["EndpointArn"]);
        Assert.Equal("Creating", Str((await Describe(Sm, "DescribeEndpoint", "EndpointName", name))["EndpointStatus"]));

        var context = Assert.Single((await Sm.Call("ListContexts", Obj(("SourceUri", endpointArn)))).Ok()["ContextSummaries"]!.AsArray())!;
        Assert.Equal("Endpoint", Str(context["ContextType"]));
        var contextArn = Str(context["ContextArn"]);
        var deployments = await Edges(Sm, contextArn, incoming: true);
        var (first, _, firstType, firstSourceType, _) = Assert.Single(deployments);
        Assert.Equal(("AssociatedWith", "ModelDeployment"), (firstType, firstSourceType));
        var expected = new[] { (await ArtifactOf(Sm, InferenceImage), "Image"), (await ArtifactOf(Sm, modelData), "Model"), (await ArtifactOf(Sm, package), "Model") };
        Assert.Equal(expected.Select(a => (a.Item1, first, (string?)"ContributedTo", (string?)a.Item2, (string?)"ModelDeployment"))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList(), await Edges(Sm, first, incoming: true));

        Clock.Advance(Duration);
        Assert.Equal("InService", Str((await Describe(Sm, "DescribeEndpoint", "EndpointName", name))["EndpointStatus"]));

        // UpdateEndpoint: Updating while the new configuration deploys, then InService; a second deployment
        // of the new model joins the same context.
        var newData = S3("model-v2/model.tar.gz");
        await Model(Sm, id + "-m2", Obj(("Image", InferenceImage), ("ModelDataUrl", newData)));
        await EndpointConfig(Sm, id + "-c2", id + "-m2");
        (await Sm.Call("UpdateEndpoint", Obj(("EndpointName", name), ("EndpointConfigName", id + "-c2")))).Ok();
        Assert.Equal("Updating", Str((await Describe(Sm, "DescribeEndpoint", "EndpointName", name))["EndpointStatus"]));
        Clock.Advance(Duration);
        var updated = await Describe(Sm, "DescribeEndpoint", "EndpointName", name);
        Assert.Equal(("InService", id + "-c2"), (Str(updated["EndpointStatus"]), Str(updated["EndpointConfigName"])));
        var both = await Edges(Sm, contextArn, incoming: true);
        Assert.Equal(2, both.Count);
        var second = both.Single(e => e.Source != first).Source;
        Assert.Contains(await ArtifactOf(Sm, newData), (await Edges(Sm, second, incoming: true)).Select(e => e.Source));

        // Deleting: the endpoint reads Deleting, then is gone (ValidationException, what boto3's
        // endpoint_deleted waiter waits for); its context and deployments stay.
        (await Sm.Call("DeleteEndpoint", Obj(("EndpointName", name)))).Ok();
        Assert.Equal("Deleting", Str((await Describe(Sm, "DescribeEndpoint", "EndpointName", name))["EndpointStatus"]));
        Clock.Advance(Duration);
        var gone = (await Sm.Call("DescribeEndpoint", Obj(("EndpointName", name)))).Error("ValidationException");
        Assert.Equal($"Could not find endpoint \"{endpointArn}\".", gone.Message);
        Assert.Equal(2, (await Edges(Sm, contextArn, incoming: true)).Count);
        (await Sm.Call("DeleteModel", Obj(("ModelName", id + "-m1")))).Ok();
        (await Sm.Call("DeleteEndpointConfig", Obj(("EndpointConfigName", id + "-c1")))).Ok();
        Assert.Equal(3, (await Edges(Sm, first, incoming: true)).Count);
    }

    // The SageMaker Python SDK's EndpointContext.dataset_artifacts() and ModelArtifact.dataset_artifacts()
    // are QueryLineage Ascendants with Types [DataSet]; training_job_arns() filters Types [TrainingJob]
    // (src/sagemaker/lineage/artifact.py, context.py, query.py).
    [Fact]
    public async Task From_an_endpoint_QueryLineage_walks_back_to_the_training_data()
    {
        var train = S3("train/train.csv");
        var output = S3("output");
        var job = await TrainingJob(Sm, id + "-job", train, output);
        var modelData = (await Describe(Sm, "DescribeTrainingJob", "TrainingJobName", id + "-job"))["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>();
        var (_, package) = await RegisterPackage(modelData);
        await Model(Sm, id + "-m", Obj(("ModelPackageName", package)));
        await EndpointConfig(Sm, id + "-c", id + "-m");
        var endpoint = Str((await Sm.Call("CreateEndpoint", Obj(("EndpointName", id + "-ep"), ("EndpointConfigName", id + "-c")))).Ok()["EndpointArn"]);
        var context = Str((await Sm.Call("ListContexts", Obj(("SourceUri", endpoint)))).Ok()["ContextSummaries"]![0]!["ContextArn"]);

        async Task<List<string>> Ascendants(string type) => [.. (await Sm.Call("QueryLineage", Obj(("StartArns", Arr(context)),
            ("Direction", "Ascendants"), ("Filters", Obj(("Types", Arr(type)))), ("MaxResults", 50)))).Ok()["Vertices"]!.AsArray()
            .Select(v => Str(v!["Arn"]))];
        Assert.Equal([await ArtifactOf(Sm, train)], await Ascendants("DataSet"));
        var trainingTc = Assert.Single(await Ascendants("TrainingJob"));
        Assert.Equal(job, Str((await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", trainingTc))["Source"]!["SourceArn"]));
        Assert.Single(await Ascendants("Approval"));
    }
}
