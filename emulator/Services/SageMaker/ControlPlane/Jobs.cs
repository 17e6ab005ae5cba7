using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// One kind of SageMaker job: its ARN resource type, its table, the source type and name suffix of the
/// trial component SageMaker creates for it, and the error SageMaker gives for a name it does not know.
/// </summary>
public sealed record JobKind(
    string Label,
    string ArnType,
    string SourceType,
    string TrialComponentSuffix,
    Func<Partition, Table<JobRecord>> Table,
    Func<string, Exception> NotFound);

/// <summary>What training, processing and transform jobs share: creation, lookup, status, stop, listing.</summary>
public static class Jobs
{
    /// <summary>Source types of job trial components all start so; QueryLineage drops it (see Associations.VertexTypeOf).</summary>
    public const string SourceTypePrefix = "SageMaker";

    /// <summary>
    /// Tag that makes a job fail, for testing failure paths: its value (or a default, if empty) becomes the
    /// FailureReason once the job has run. The emulator's own convention; AWS has no such tag.
    /// </summary>
    public const string FailTag = "lineage-emulator:fail";

    private const string DefaultFailureReason = "AlgorithmError: the job was made to fail by its lineage-emulator:fail tag";

    // SageMaker answers a Describe of an unknown job with a ValidationException (boto3's
    // *_completed_or_stopped waiters treat it as a failure), not the modelled ResourceNotFound.
    public static readonly JobKind Training = new("training job", "training-job", "SageMakerTrainingJob", "-aws-training-job",
        p => p.TrainingJobs, _ => new ValidationException("Requested resource not found."));
    public static readonly JobKind Processing = new("processing job", "processing-job", "SageMakerProcessingJob", "-aws-processing-job",
        p => p.ProcessingJobs, name => new ValidationException($"Could not find requested job with name {name}"));
    public static readonly JobKind Transform = new("transform job", "transform-job", "SageMakerTransformJob", "-aws-transform-job",
        p => p.TransformJobs, name => new ValidationException($"Could not find requested job with name {name}"));

    public static readonly IReadOnlyList<JobKind> All = [Training, Processing, Transform];

    /// <summary>Stores a new job (its request without tags as Spec) and its tags.</summary>
    public static JobRecord Create<TRequest>(CallContext ctx, JobKind kind, string name, TRequest request, IReadOnlyList<Tag>? tags,
        JsonTypeInfo<TRequest> json)
    {
        var arn = Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, kind.ArnType, name);
        if (kind.Table(ctx.Home).Contains(arn))
            throw new ResourceInUse($"{char.ToUpperInvariant(kind.Label[0])}{kind.Label[1..]} names must be unique within an AWS account and region, and a {kind.Label} with this name already exists ({arn})");
        var failure = tags?.FirstOrDefault(t => t.Key == FailTag) is { } tag
            ? tag.Value is { Length: > 0 } reason ? reason : DefaultFailureReason
            : null;
        var job = new JobRecord(arn, name, SpecOf(request, json), ctx.Now, ctx.Now, failure, null);
        ctx.Tx.Put(kind.Table(ctx.Home), arn, job);
        Lineage.PutInitialTags(ctx, arn, tags);
        return job;
    }

    public static JobRecord Find(CallContext ctx, JobKind kind, string name) =>
        kind.Table(ctx.Home).Get(Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, kind.ArnType, name))
        ?? throw kind.NotFound(name);

    public static JobPhase Phase(CallContext ctx, JobRecord job) => job.PhaseAt(ctx.Now, ctx.Options.JobDuration);

    /// <summary>When the job last changed status: its end, else its stop request, else its creation.</summary>
    public static DateTimeOffset LastModified(JobRecord job, JobPhase phase) => phase.EndTime ?? phase.StoppingSince ?? job.CreationTime;

    /// <summary>The failure reason, shown once the job has failed.</summary>
    public static string? FailureReason(JobRecord job, JobPhase phase) =>
        phase.Status == TrainingJobStatusValues.Failed ? job.FailureReason : null;

    /// <summary>Describe echoes what Create was given: the Describe output shares the request's member names and shapes.</summary>
    public static TResponse Echo<TResponse>(JsonElement spec, JsonTypeInfo<TResponse> json) where TResponse : new() =>
        spec.Deserialize(json) ?? new TResponse();

    /// <summary>
    /// Echo with the members the emulator owns (ARN, status, times) laid over the stored request: shapes are
    /// immutable, so the overlay's set members replace the spec's before it is read.
    /// </summary>
    public static TResponse Echo<TResponse>(JsonElement spec, JsonTypeInfo<TResponse> json, TResponse overlay) where TResponse : new()
    {
        var merged = JsonNode.Parse(spec.GetRawText()) as JsonObject ?? [];
        foreach (var (key, value) in JsonSerializer.SerializeToNode(overlay, json)!.AsObject()) merged[key] = value?.DeepClone();
        return merged.Deserialize(json) ?? new TResponse();
    }

    /// <summary>A Create request as stored: its tags live in the tag table, not in the spec.</summary>
    public static JsonElement SpecOf<TRequest>(TRequest request, JsonTypeInfo<TRequest> json)
    {
        var node = JsonSerializer.SerializeToNode(request, json)!.AsObject();
        node.Remove("Tags");
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return doc.RootElement.Clone();
    }

    /// <summary>Only a running job can be stopped; SageMaker names the status it found.</summary>
    public static void Stop(CallContext ctx, JobKind kind, string name)
    {
        var job = Find(ctx, kind, name);
        var phase = Phase(ctx, job);
        if (!phase.IsRunning)
            throw new ValidationException($"The request was rejected because the {kind.Label} is in status {phase.Status}.");
        ctx.Tx.Put(kind.Table(ctx.Home), job.Arn, job with { StopRequestedTime = ctx.Now, LastModifiedTime = ctx.Now });
    }

    /// <summary>
    /// The trial component SageMaker creates for a job ("SageMaker AI creates a trial component for and
    /// associated with each SageMaker AI job"): named "&lt;job&gt;-aws-&lt;kind&gt;-job", the job as its source.
    /// </summary>
    public static string TrialComponent(CallContext ctx, JobKind kind, JobRecord job,
        Dictionary<string, TrialComponentParameterValue>? parameters,
        Dictionary<string, TrialComponentArtifact>? inputs, Dictionary<string, TrialComponentArtifact>? outputs) =>
        TrialComponents.Create(ctx, new CreateTrialComponentRequest
        {
            TrialComponentName = job.Name + kind.TrialComponentSuffix,
            DisplayName = job.Name + kind.TrialComponentSuffix,
            StartTime = job.CreationTime,
            Parameters = parameters,
            InputArtifacts = inputs,
            OutputArtifacts = outputs,
        }, new TrialComponentSource { SourceArn = job.Arn, SourceType = kind.SourceType });

    /// <summary>A job's trial component as read now: its status and end time are its job's.</summary>
    public static TrialComponentRecord WithJobStatus(CallContext ctx, TrialComponentRecord c)
    {
        if (c.Source?.SourceArn is not { } arn || !Arn.TryParse(arn, out var parsed)) return c;
        var kind = All.FirstOrDefault(k => k.ArnType == parsed.ResourceType);
        if (kind is null || Lineage.PartitionOf(ctx, arn) is not { } owner || kind.Table(owner).Get(arn) is not { } job) return c;
        var phase = Phase(ctx, job);
        return c with
        {
            Status = new TrialComponentStatus { PrimaryStatus = phase.Status, Message = FailureReason(job, phase) },
            EndTime = phase.EndTime,
        };
    }

    /// <summary>
    /// One page of ListTrainingJobs, ListProcessingJobs or ListTransformJobs: the kind's jobs with their status
    /// now, filtered and sorted as the request asks. Each operation maps them to its own summary shape.
    /// </summary>
    public static (List<(JobRecord Job, JobPhase Phase)> Page, string? NextToken) List(CallContext ctx, JobKind kind, string operation,
        IListRequestWithStatus r, string defaultOrder)
    {
        var (page, next) = Listing.Page(kind.Table(ctx.Home).Values, j => Listed(ctx, j), ListQuery.Of(operation, r), defaultOrder);
        return ([.. page.Select(j => (j, Phase(ctx, j)))], next);
    }

    public static ListedItem Listed(CallContext ctx, JobRecord job)
    {
        var phase = Phase(ctx, job);
        return new ListedItem(job.Name, job.Arn, job.CreationTime, LastModified(job, phase), phase.Status);
    }

    /// <summary>An artifact input of a trial component, as SageMaker lists a job's inputs and outputs.</summary>
    public static TrialComponentArtifact Uri(string uri) => new() { Value = uri };
}
