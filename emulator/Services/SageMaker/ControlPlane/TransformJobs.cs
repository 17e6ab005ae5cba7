using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateTransformJob, DescribeTransformJob, ListTransformJobs, StopTransformJob, and the lineage a transform job gets.</summary>
public static class TransformJobs
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateTransformJob, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeTransformJob, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.ListTransformJobs, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.StopTransformJob, Access.Write, OperationTable.NoResources, Stop);
    }

    private static CreateTransformJobResponse Create(CreateTransformJobRequest r, CallContext ctx)
    {
        var model = Models.Find(ctx, r.ModelName!);
        var job = Jobs.Create(ctx, Jobs.Transform, r.TransformJobName!, r, r.Tags, SageMakerJsonContext.Default.CreateTransformJobRequest);
        WriteLineage(ctx, job, r, model);
        return new CreateTransformJobResponse { TransformJobArn = job.Arn };
    }

    /// <summary>
    /// "Amazon SageMaker AI–Created Tracking Entities", transform job: the input data source (S3Uri) and the
    /// model's image, model data and model package contribute to the job's trial component, which produced
    /// the results (S3OutputPath; none for a job made to fail).
    /// </summary>
    private static void WriteLineage(CallContext ctx, JobRecord job, CreateTransformJobRequest r, SpecRecord model)
    {
        var input = r.TransformInput!.DataSource!.S3DataSource!.S3Uri!;
        var output = job.FailureReason is null ? r.TransformOutput!.S3OutputPath! : null;
        var parameters = new Dictionary<string, TrialComponentParameterValue> { ["SageMaker.ModelName"] = new() { StringValue = model.Name } };
        if (r.TransformResources?.InstanceType is { } type) parameters["SageMaker.InstanceType"] = new() { StringValue = type };
        var tc = Jobs.TrialComponent(ctx, Jobs.Transform, job, parameters,
            new Dictionary<string, TrialComponentArtifact> { ["SageMaker.InputData"] = Jobs.Uri(input) },
            output is null ? null : new Dictionary<string, TrialComponentArtifact> { ["SageMaker.OutputData"] = Jobs.Uri(output) });

        var sources = new List<string> { CreatedLineage.Artifact(ctx, input, CreatedLineage.DataSet) };
        foreach (var served in Models.Served(ctx, model))
        {
            if (served.ModelDataUrl is { } data) sources.Add(CreatedLineage.Artifact(ctx, data, CreatedLineage.Model));
            if (served.Image is { } image) sources.Add(CreatedLineage.Artifact(ctx, image, CreatedLineage.Image));
            if (served.ModelPackageArn is { } package) sources.Add(CreatedLineage.Artifact(ctx, package, CreatedLineage.Model));
        }
        foreach (var source in sources.Distinct()) CreatedLineage.Associate(ctx, source, tc, AssociationEdgeTypeValues.ContributedTo);
        if (output is not null)
            CreatedLineage.Associate(ctx, tc, CreatedLineage.Artifact(ctx, output, CreatedLineage.DataSet), AssociationEdgeTypeValues.Produced);
    }

    private static DescribeTransformJobResponse Describe(DescribeTransformJobRequest r, CallContext ctx)
    {
        var job = Jobs.Find(ctx, Jobs.Transform, r.TransformJobName!);
        var phase = Jobs.Phase(ctx, job);
        return Jobs.Echo(job.Spec, SageMakerJsonContext.Default.DescribeTransformJobResponse, new DescribeTransformJobResponse
        {
            TransformJobArn = job.Arn,
            TransformJobStatus = phase.Status,
            FailureReason = Jobs.FailureReason(job, phase),
            CreationTime = job.CreationTime,
            TransformStartTime = job.CreationTime,
            TransformEndTime = phase.EndTime,
        });
    }

    private static ListTransformJobsResponse List(ListTransformJobsRequest r, CallContext ctx)
    {
        var (page, next) = Jobs.List(ctx, Jobs.Transform, "ListTransformJobs", r, SortOrderValues.Descending);
        return new ListTransformJobsResponse
        {
            TransformJobSummaries = [.. page.Select(x => new TransformJobSummary
            {
                TransformJobName = x.Job.Name,
                TransformJobArn = x.Job.Arn,
                CreationTime = x.Job.CreationTime,
                TransformEndTime = x.Phase.EndTime,
                LastModifiedTime = Jobs.LastModified(x.Job, x.Phase),
                TransformJobStatus = x.Phase.Status,
                FailureReason = Jobs.FailureReason(x.Job, x.Phase),
            })],
            NextToken = next,
        };
    }

    private static NoOutput Stop(StopTransformJobRequest r, CallContext ctx)
    {
        Jobs.Stop(ctx, Jobs.Transform, r.TransformJobName!);
        return new NoOutput();
    }
}
