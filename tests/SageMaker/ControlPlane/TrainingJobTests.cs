using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.SageMaker.ControlPlane;

/// <summary>Training jobs: their status lifecycle, computed from stored times, and the lineage SageMaker writes for them.</summary>
public sealed class TrainingJobTests(EmulatorFixture emulator) : ControlPlaneTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private readonly string name = EmulatorFixture.Unique("train");
    private readonly string train = Bucket + "/" + EmulatorFixture.Unique("data") + "/train.csv";
    private readonly string validation = Bucket + "/" + EmulatorFixture.Unique("data") + "/validation.csv";
    private readonly string output = Bucket + "/" + EmulatorFixture.Unique("output") + "/";

    private async Task<JsonNode> DescribeJob() => await Describe(Sm, "DescribeTrainingJob", "TrainingJobName", name);

    // Statuses and output paths as the API reference describes DescribeTrainingJob; boto3's
    // training_job_completed_or_stopped waiter (botocore sagemaker waiters-2.json) succeeds on Completed or Stopped.
    [Fact]
    public async Task A_job_runs_through_its_secondary_statuses_and_completes_after_the_job_duration()
    {
        var arn = await TrainingJob(Sm, name, train, output);
        Assert.Equal(ArnOf(Sm, "training-job", name), arn);

        var started = await DescribeJob();
        Assert.Equal("InProgress", Str(started["TrainingJobStatus"]));
        Assert.Equal("Starting", Str(started["SecondaryStatus"]));
        // ModelArtifacts.S3ModelArtifacts: <S3OutputPath>/<job-name>/output/model.tar.gz, known from the start.
        Assert.Equal($"{output}{name}/output/model.tar.gz", Str(started["ModelArtifacts"]!["S3ModelArtifacts"]));
        Assert.Equal("5", Str(started["HyperParameters"]!["max_depth"]));
        Assert.Equal(train, Str(started["InputDataConfig"]![0]!["DataSource"]!["S3DataSource"]!["S3Uri"]));
        Assert.Null(started["TrainingEndTime"]);

        Clock.Advance(Duration * 0.6);
        Assert.Equal("Training", Str((await DescribeJob())["SecondaryStatus"]));

        Clock.Advance(Duration * 0.5);
        var done = await DescribeJob();
        Assert.Equal("Completed", Str(done["TrainingJobStatus"]));
        Assert.Equal("Completed", Str(done["SecondaryStatus"]));
        Assert.Equal(["Starting", "Downloading", "Training", "Uploading", "Completed"],
            done["SecondaryStatusTransitions"]!.AsArray().Select(t => Str(t!["Status"])).ToList());
        Assert.Equal(600, done["TrainingTimeInSeconds"]!.GetValue<int>());
        Assert.Equal(done["CreationTime"]!.GetValue<double>() + 600, done["TrainingEndTime"]!.GetValue<double>());
    }

    [Fact]
    public async Task Stop_makes_a_running_job_Stopping_then_Stopped_and_a_finished_one_cannot_be_stopped()
    {
        await TrainingJob(Sm, name, train, output);
        Clock.Advance(Duration / 5);
        (await Sm.Call("StopTrainingJob", Obj(("TrainingJobName", name)))).Ok();
        Assert.Equal("Stopping", Str((await DescribeJob())["TrainingJobStatus"]));

        Clock.Advance(Duration);
        var stopped = await DescribeJob();
        Assert.Equal("Stopped", Str(stopped["TrainingJobStatus"]));
        Assert.Equal("Stopped", Str(stopped["SecondaryStatus"]));

        var rejected = (await Sm.Call("StopTrainingJob", Obj(("TrainingJobName", name)))).Error("ValidationException");
        Assert.Equal("The request was rejected because the training job is in status Stopped.", rejected.Message);
    }

    [Fact]
    public async Task The_fail_tag_makes_the_job_fail_with_its_reason_and_produce_no_model()
    {
        await TrainingJob(Sm, name, train, output, Tags(("lineage-emulator:fail", "AlgorithmError: out of memory")));
        Assert.Equal("InProgress", Str((await DescribeJob())["TrainingJobStatus"]));

        Clock.Advance(Duration);
        var failed = await DescribeJob();
        Assert.Equal("Failed", Str(failed["TrainingJobStatus"]));
        Assert.Equal("AlgorithmError: out of memory", Str(failed["FailureReason"]));

        var tc = Str((await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", name + "-aws-training-job"))["TrialComponentArn"]);
        var component = await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", tc);
        Assert.Equal("Failed", Str(component["Status"]!["PrimaryStatus"]));
        Assert.Empty(await Edges(Sm, tc, incoming: false));
        Assert.Empty(await ArtifactsOf(Sm, $"{output}{name}/output/model.tar.gz"));
        Assert.Equal(2, (await Edges(Sm, tc, incoming: true)).Count);
    }

    // "Amazon SageMaker AI–Created Tracking Entities" (developer guide, lineage-tracking-auto-creation):
    // a trial component for the job; artifacts for the TrainingImage, each channel's S3Uri, the model
    // location and the managed spot checkpoint S3Uri. Inputs ContributedTo the trial component and it
    // Produced the output, as the guide's "Manually Track a Workflow" tutorial links them. Types: Image,
    // DataSet, Model (the guide's "Introduction to entities"), Checkpoint (the SDK's LineageSourceEnum);
    // the trial component's source type SageMakerTrainingJob is what the SDK's integration tests filter
    // ListAssociations on (tests/integ/sagemaker/lineage/conftest.py, static_dataset_artifact).
    [Fact]
    public async Task A_training_job_writes_its_trial_component_artifacts_and_associations()
    {
        var checkpoint = Bucket + "/" + EmulatorFixture.Unique("checkpoints");
        var arn = Str((await Sm.Call("CreateTrainingJob", TrainingJobRequest(name, [("train", train), ("validation", validation)], output,
            checkpoint))).Ok()["TrainingJobArn"]);

        var tc = await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", name + "-aws-training-job");
        var tcArn = Str(tc["TrialComponentArn"]);
        Assert.Equal(ArnOf(Sm, "experiment-trial-component", name + "-aws-training-job"), tcArn);
        Assert.Equal(arn, Str(tc["Source"]!["SourceArn"]));
        Assert.Equal("SageMakerTrainingJob", Str(tc["Source"]!["SourceType"]));
        Assert.Equal("InProgress", Str(tc["Status"]!["PrimaryStatus"]));
        Assert.Equal("5", Str(tc["Parameters"]!["max_depth"]!["StringValue"]));
        Assert.Equal(train, Str(tc["InputArtifacts"]!["train"]!["Value"]));

        var model = $"{output}{name}/output/model.tar.gz";
        var expected = new (string Uri, string Type)[] { (TrainingImage, "Image"), (train, "DataSet"), (validation, "DataSet"), (checkpoint, "Checkpoint"), (model, "Model") };
        var artifacts = new Dictionary<string, string>();
        foreach (var (uri, type) in expected)
        {
            var summary = (await ArtifactsOf(Sm, uri)).Single();
            Assert.Equal(type, Str(summary["ArtifactType"]));
            artifacts[uri] = Str(summary["ArtifactArn"]);
        }

        Assert.Equal(
            new[] { TrainingImage, train, validation, checkpoint }
                .Select(u => (artifacts[u], tcArn, (string?)"ContributedTo", (string?)(u == TrainingImage ? "Image" : u == checkpoint ? "Checkpoint" : "DataSet"), (string?)"SageMakerTrainingJob"))
                .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList(),
            await Edges(Sm, tcArn, incoming: true));
        Assert.Equal([(tcArn, artifacts[model], "Produced", "SageMakerTrainingJob", "Model")], await Edges(Sm, tcArn, incoming: false));

        Clock.Advance(Duration);
        var done = await Describe(Sm, "DescribeTrialComponent", "TrialComponentName", tcArn);
        Assert.Equal("Completed", Str(done["Status"]!["PrimaryStatus"]));
        Assert.NotNull(done["EndTime"]);
        var listed = (await Sm.Call("ListTrialComponents", Obj(("SourceArn", arn)))).Ok()["TrialComponentSummaries"]!.AsArray();
        Assert.Equal(tcArn, Str(Assert.Single(listed)!["TrialComponentArn"]));
        Assert.Equal("Completed", Str(listed[0]!["Status"]!["PrimaryStatus"]));
    }

    // "SageMaker AI reuses any existing entities rather than creating new ones. For example, there can be
    // only one artifact with a unique SourceUri" (developer guide, Lineage Tracking Entities).
    [Fact]
    public async Task An_uri_the_account_already_tracks_is_reused_not_tracked_twice()
    {
        var handMade = Str((await Sm.Call("CreateArtifact", Obj(("ArtifactType", "MyData"), ("Source", Obj(("SourceUri", train)))))).Ok()["ArtifactArn"]);
        await TrainingJob(Sm, name, train, output);
        await TrainingJob(Sm, name + "-again", train, output);

        Assert.Equal(handMade, Str((await ArtifactsOf(Sm, train)).Single()["ArtifactArn"]));
        Assert.Single(await ArtifactsOf(Sm, TrainingImage));
        var consumers = (await Edges(Sm, handMade, incoming: false)).Select(e => e.Destination).ToList();
        Assert.Equal([ArnOf(Sm, "experiment-trial-component", name + "-again-aws-training-job"), ArnOf(Sm, "experiment-trial-component", name + "-aws-training-job")],
            consumers.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Names_are_unique_and_unknown_jobs_are_a_ValidationException()
    {
        var arn = await TrainingJob(Sm, name, train, output);
        var dup = (await Sm.Call("CreateTrainingJob", TrainingJobRequest(name.ToUpperInvariant(), [("train", train)], output))).Error("ResourceInUse");
        Assert.Contains(arn, dup.Message);
        // boto3's waiter treats a ValidationException as the job's failure (waiters-2.json).
        var missing = (await Sm.Call("DescribeTrainingJob", Obj(("TrainingJobName", name + "-nope")))).Error("ValidationException");
        Assert.Equal("Requested resource not found.", missing.Message);
        (await Sm.Call("StopTrainingJob", Obj(("TrainingJobName", name + "-nope")))).Error("ValidationException");
    }

    [Fact]
    public async Task Listing_filters_by_computed_status_and_pages()
    {
        await TrainingJob(Sm, name + "-a", train, output);
        Clock.Advance(Duration);
        await TrainingJob(Sm, name + "-b", train, output);
        await TrainingJob(Sm, name + "-c", train, output);

        var completed = (await Sm.Call("ListTrainingJobs", Obj(("StatusEquals", "Completed")))).Ok()["TrainingJobSummaries"]!.AsArray();
        Assert.Equal([name + "-a"], completed.Select(j => Str(j!["TrainingJobName"])).ToList());

        var first = (await Sm.Call("ListTrainingJobs", Obj(("MaxResults", 2), ("SortBy", "Name")))).Ok();
        var second = (await Sm.Call("ListTrainingJobs", Obj(("MaxResults", 2), ("SortBy", "Name"), ("NextToken", first["NextToken"]!.DeepClone())))).Ok();
        Assert.Equal([name + "-a", name + "-b", name + "-c"],
            first["TrainingJobSummaries"]!.AsArray().Concat(second["TrainingJobSummaries"]!.AsArray()).Select(j => Str(j!["TrainingJobName"])).ToList());
        Assert.Null(second["NextToken"]);
    }

    // The SageMaker Python SDK's ModelArtifact.pipeline_execution_arn() calls ListTags on the training job ARN.
    [Fact]
    public async Task Tags_given_at_creation_are_listed_on_the_job_arn()
    {
        var arn = await TrainingJob(Sm, name, train, output, Tags(("sagemaker:pipeline-execution-arn", "arn:aws:sagemaker:us-east-1:111111111111:pipeline/p/execution/e")));
        var tags = (await Sm.Call("ListTags", Obj(("ResourceArn", arn)))).Ok()["Tags"]!.AsArray();
        Assert.Equal("sagemaker:pipeline-execution-arn", Str(Assert.Single(tags)!["Key"]));
        (await Sm.Call("AddTags", Obj(("ResourceArn", arn), ("Tags", Tags(("team", "ml")))))).Ok();
        Assert.Equal(2, (await Sm.Call("ListTags", Obj(("ResourceArn", arn)))).Ok()["Tags"]!.AsArray().Count);
        (await Sm.Call("ListTags", Obj(("ResourceArn", arn + "-nope")))).Error("ValidationException");
    }
}
