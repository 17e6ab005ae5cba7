using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob, and the lineage a training job gets.</summary>
public static class TrainingJobs
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateTrainingJob, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeTrainingJob, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.ListTrainingJobs, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.StopTrainingJob, Access.Write, OperationTable.NoResources, Stop);
    }

    // The secondary statuses a running job passes through, each for an equal share of the job's duration.
    private static readonly string[] RunningSteps =
        [SecondaryStatusValues.Starting, SecondaryStatusValues.Downloading, SecondaryStatusValues.Training, SecondaryStatusValues.Uploading];

    private static CreateTrainingJobResponse Create(CreateTrainingJobRequest r, CallContext ctx)
    {
        var job = Jobs.Create(ctx, Jobs.Training, r.TrainingJobName!, r, r.Tags, SageMakerJsonContext.Default.CreateTrainingJobRequest);
        WriteLineage(ctx, job, r);
        return new CreateTrainingJobResponse { TrainingJobArn = job.Arn };
    }

    /// <summary>
    /// "&lt;S3OutputPath&gt;/&lt;job-name&gt;/output/model.tar.gz" (API reference, ModelArtifacts.S3ModelArtifacts:
    /// "the path to the S3 location of the model artifacts"; SageMaker writes them there).
    /// </summary>
    public static string ModelArtifactsUri(string outputPath, string jobName) => $"{outputPath.TrimEnd('/')}/{jobName}/output/model.tar.gz";

    /// <summary>
    /// The trial component and artifacts of a training job ("Amazon SageMaker AI–Created Tracking
    /// Entities": the training image, each input channel's S3Uri, the model output, the managed spot
    /// checkpoint S3Uri). Inputs contribute to the trial component, which produced the model; a job made to
    /// fail produces no model.
    /// </summary>
    private static void WriteLineage(CallContext ctx, JobRecord job, CreateTrainingJobRequest r)
    {
        var channels = (r.InputDataConfig ?? [])
            .Where(c => c.DataSource?.S3DataSource?.S3Uri is not null)
            .ToDictionary(c => c.ChannelName!, c => c.DataSource!.S3DataSource!.S3Uri!);
        var image = r.AlgorithmSpecification?.TrainingImage;
        var model = job.FailureReason is null ? ModelArtifactsUri(r.OutputDataConfig!.S3OutputPath!, job.Name) : null;

        var parameters = (r.HyperParameters ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => new TrialComponentParameterValue { StringValue = p.Value });
        if (image is not null) parameters["SageMaker.ImageUri"] = new TrialComponentParameterValue { StringValue = image };
        if (r.ResourceConfig?.InstanceType is { } type) parameters["SageMaker.InstanceType"] = new TrialComponentParameterValue { StringValue = type };
        if (r.ResourceConfig?.InstanceCount is { } count) parameters["SageMaker.InstanceCount"] = new TrialComponentParameterValue { NumberValue = count };
        var inputs = channels.ToDictionary(c => c.Key, c => Jobs.Uri(c.Value));
        var outputs = model is null ? null : new Dictionary<string, TrialComponentArtifact> { ["SageMaker.ModelArtifact"] = Jobs.Uri(model) };
        var tc = Jobs.TrialComponent(ctx, Jobs.Training, job, parameters, inputs, outputs);

        if (image is not null) CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, image, CreatedLineage.Image), tc, AssociationEdgeTypeValues.ContributedTo);
        foreach (var uri in channels.Values.Distinct())
            CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, uri, CreatedLineage.DataSet), tc, AssociationEdgeTypeValues.ContributedTo);
        if (r.CheckpointConfig?.S3Uri is { } checkpoint)
            CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, checkpoint, CreatedLineage.Checkpoint), tc, AssociationEdgeTypeValues.ContributedTo);
        if (model is not null)
            CreatedLineage.Associate(ctx, tc, CreatedLineage.Artifact(ctx, model, CreatedLineage.Model), AssociationEdgeTypeValues.Produced);
    }

    private static DescribeTrainingJobResponse Describe(DescribeTrainingJobRequest r, CallContext ctx)
    {
        var job = Jobs.Find(ctx, Jobs.Training, r.TrainingJobName!);
        var phase = Jobs.Phase(ctx, job);
        var spec = Jobs.Echo(job.Spec, SageMakerJsonContext.Default.DescribeTrainingJobResponse);
        var transitions = Transitions(ctx, job, phase);
        int? seconds = phase.EndTime is { } end ? (int)Math.Ceiling((end - job.CreationTime).TotalSeconds) : null;
        return Jobs.Echo(job.Spec, SageMakerJsonContext.Default.DescribeTrainingJobResponse, new DescribeTrainingJobResponse
        {
            TrainingJobArn = job.Arn,
            TrainingJobStatus = phase.Status,
            SecondaryStatus = transitions[^1].Status,
            SecondaryStatusTransitions = transitions,
            FailureReason = Jobs.FailureReason(job, phase),
            ModelArtifacts = new ModelArtifacts { S3ModelArtifacts = ModelArtifactsUri(spec.OutputDataConfig!.S3OutputPath!, job.Name) },
            CreationTime = job.CreationTime,
            TrainingStartTime = job.CreationTime,
            TrainingEndTime = phase.EndTime,
            LastModifiedTime = Jobs.LastModified(job, phase),
            TrainingTimeInSeconds = seconds,
            BillableTimeInSeconds = seconds,
        });
    }

    /// <summary>
    /// The secondary status history up to now: the running steps the job has reached, then Stopping and
    /// Stopped, or Completed / Failed. The last one is the current SecondaryStatus and has no EndTime.
    /// </summary>
    private static List<SecondaryStatusTransition> Transitions(CallContext ctx, JobRecord job, JobPhase phase)
    {
        var step = ctx.Options.JobDuration / RunningSteps.Length;
        var runningUntil = phase.StoppingSince ?? phase.EndTime ?? ctx.Now;
        var list = new List<SecondaryStatusTransition>();
        for (var i = 0; i < RunningSteps.Length; i++)
        {
            var start = job.CreationTime + step * i;
            if (i > 0 && start >= runningUntil) break;
            list.Add(new SecondaryStatusTransition { Status = RunningSteps[i], StartTime = start });
        }
        void Then(string status, DateTimeOffset at, string? message = null)
        {
            list[^1] = Ended(list[^1], at);
            list.Add(new SecondaryStatusTransition { Status = status, StartTime = at, StatusMessage = message });
        }
        for (var i = 1; i < list.Count; i++) list[i - 1] = Ended(list[i - 1], list[i].StartTime);
        if (phase.StoppingSince is { } stop) Then(SecondaryStatusValues.Stopping, stop);
        if (phase.EndTime is { } end)
        {
            var final = phase.Status switch
            {
                TrainingJobStatusValues.Stopped => SecondaryStatusValues.Stopped,
                TrainingJobStatusValues.Failed => SecondaryStatusValues.Failed,
                _ => SecondaryStatusValues.Completed,
            };
            Then(final, end, Jobs.FailureReason(job, phase));
        }
        return list;
    }

    private static SecondaryStatusTransition Ended(SecondaryStatusTransition t, DateTimeOffset? at) =>
        new() { Status = t.Status, StartTime = t.StartTime, StatusMessage = t.StatusMessage, EndTime = at };

    private static ListTrainingJobsResponse List(ListTrainingJobsRequest r, CallContext ctx)
    {
        var (page, next) = Jobs.List(ctx, Jobs.Training, "ListTrainingJobs", r, SortOrderValues.Ascending);
        return new ListTrainingJobsResponse
        {
            TrainingJobSummaries = [.. page.Select(x => new TrainingJobSummary
            {
                TrainingJobName = x.Job.Name,
                TrainingJobArn = x.Job.Arn,
                CreationTime = x.Job.CreationTime,
                TrainingEndTime = x.Phase.EndTime,
                LastModifiedTime = Jobs.LastModified(x.Job, x.Phase),
                TrainingJobStatus = x.Phase.Status,
                SecondaryStatus = Transitions(ctx, x.Job, x.Phase)[^1].Status,
            })],
            NextToken = next,
        };
    }

    private static NoOutput Stop(StopTrainingJobRequest r, CallContext ctx)
    {
        Jobs.Stop(ctx, Jobs.Training, r.TrainingJobName!);
        return new NoOutput();
    }
}
