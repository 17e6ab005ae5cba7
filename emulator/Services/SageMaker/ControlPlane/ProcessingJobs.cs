using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs, StopProcessingJob, and the lineage a processing job gets.</summary>
public static class ProcessingJobs
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateProcessingJob, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeProcessingJob, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.ListProcessingJobs, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.StopProcessingJob, Access.Write, OperationTable.NoResources, Stop);
    }

    private static CreateProcessingJobResponse Create(CreateProcessingJobRequest r, CallContext ctx)
    {
        var job = Jobs.Create(ctx, Jobs.Processing, r.ProcessingJobName!, r, r.Tags, SageMakerJsonContext.Default.CreateProcessingJobRequest);
        WriteLineage(ctx, job, r);
        return new CreateProcessingJobResponse { ProcessingJobArn = job.Arn };
    }

    /// <summary>
    /// "Amazon SageMaker AI–Created Tracking Entities", processing job: the container image (ImageUri) and
    /// each processing input's S3Uri contribute to the job's trial component, which produced each
    /// processing output's S3Uri (none for a job made to fail).
    /// </summary>
    private static void WriteLineage(CallContext ctx, JobRecord job, CreateProcessingJobRequest r)
    {
        var inputs = (r.ProcessingInputs ?? []).Where(i => i.S3Input?.S3Uri is not null).ToDictionary(i => i.InputName!, i => i.S3Input!.S3Uri!);
        var outputs = job.FailureReason is not null ? [] : (r.ProcessingOutputConfig?.Outputs ?? [])
            .Where(o => o.S3Output?.S3Uri is not null).ToDictionary(o => o.OutputName!, o => o.S3Output!.S3Uri!);
        var image = r.AppSpecification!.ImageUri!;
        var parameters = new Dictionary<string, TrialComponentParameterValue> { ["SageMaker.ImageUri"] = new() { StringValue = image } };
        if (r.ProcessingResources?.ClusterConfig?.InstanceType is { } type) parameters["SageMaker.InstanceType"] = new() { StringValue = type };
        var tc = Jobs.TrialComponent(ctx, Jobs.Processing, job, parameters,
            inputs.ToDictionary(i => i.Key, i => Jobs.Uri(i.Value)), outputs.Count == 0 ? null : outputs.ToDictionary(o => o.Key, o => Jobs.Uri(o.Value)));

        CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, image, CreatedLineage.Image), tc, AssociationEdgeTypeValues.ContributedTo);
        foreach (var uri in inputs.Values.Distinct())
            CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, uri, CreatedLineage.DataSet), tc, AssociationEdgeTypeValues.ContributedTo);
        foreach (var uri in outputs.Values.Distinct())
            CreatedLineage.Associate(ctx, tc, CreatedLineage.Artifact(ctx, uri, CreatedLineage.DataSet), AssociationEdgeTypeValues.Produced);
    }

    private static DescribeProcessingJobResponse Describe(DescribeProcessingJobRequest r, CallContext ctx)
    {
        var job = Jobs.Find(ctx, Jobs.Processing, r.ProcessingJobName!);
        var phase = Jobs.Phase(ctx, job);
        return Jobs.Echo(job.Spec, SageMakerJsonContext.Default.DescribeProcessingJobResponse, new DescribeProcessingJobResponse
        {
            ProcessingJobArn = job.Arn,
            ProcessingJobStatus = phase.Status,
            FailureReason = Jobs.FailureReason(job, phase),
            CreationTime = job.CreationTime,
            ProcessingStartTime = job.CreationTime,
            ProcessingEndTime = phase.EndTime,
            LastModifiedTime = Jobs.LastModified(job, phase),
        });
    }

    private static ListProcessingJobsResponse List(ListProcessingJobsRequest r, CallContext ctx)
    {
        var (page, next) = Jobs.List(ctx, Jobs.Processing, "ListProcessingJobs", r, SortOrderValues.Ascending);
        return new ListProcessingJobsResponse
        {
            ProcessingJobSummaries = [.. page.Select(x => new ProcessingJobSummary
            {
                ProcessingJobName = x.Job.Name,
                ProcessingJobArn = x.Job.Arn,
                CreationTime = x.Job.CreationTime,
                ProcessingEndTime = x.Phase.EndTime,
                LastModifiedTime = Jobs.LastModified(x.Job, x.Phase),
                ProcessingJobStatus = x.Phase.Status,
                FailureReason = Jobs.FailureReason(x.Job, x.Phase),
            })],
            NextToken = next,
        };
    }

    private static NoOutput Stop(StopProcessingJobRequest r, CallContext ctx)
    {
        Jobs.Stop(ctx, Jobs.Processing, r.ProcessingJobName!);
        return new NoOutput();
    }
}
