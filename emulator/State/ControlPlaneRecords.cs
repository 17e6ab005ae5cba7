using System.Text.Json;
using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.State;

// Rows of the control-plane tables (jobs, models, endpoints, model registry). No container ever runs:
// a row keeps what its Create call was given (Spec, the request as AWS's JSON, so Describe can echo it)
// and the times its status is computed from when read, with the options' clock; nothing changes a row
// on a timer.

/// <summary>A training, processing or transform job.</summary>
public sealed record JobRecord(
    string Arn,
    string Name,
    JsonElement Spec,
    DateTimeOffset CreationTime,
    DateTimeOffset LastModifiedTime,
    string? FailureReason,
    DateTimeOffset? StopRequestedTime)
{
    /// <summary>
    /// The job's status at a time (processing and transform jobs use the same values as training jobs): InProgress for one job duration from creation, then Completed (or
    /// Failed, when it was made to fail); a stop requested while it runs makes it Stopping for one duration,
    /// then Stopped.
    /// </summary>
    public JobPhase PhaseAt(DateTimeOffset now, TimeSpan duration)
    {
        var end = CreationTime + duration;
        if (StopRequestedTime is { } stop && stop < end)
            return now < stop + duration
                ? new JobPhase(TrainingJobStatusValues.Stopping, null, stop)
                : new JobPhase(TrainingJobStatusValues.Stopped, stop + duration, stop);
        if (now < end) return new JobPhase(TrainingJobStatusValues.InProgress, null, null);
        return new JobPhase(FailureReason is null ? TrainingJobStatusValues.Completed : TrainingJobStatusValues.Failed, end, null);
    }
}

/// <summary>A job's computed status, when it ended (if it has) and when a stop was asked for.</summary>
public readonly record struct JobPhase(string Status, DateTimeOffset? EndTime, DateTimeOffset? StoppingSince)
{
    public bool IsRunning => Status == TrainingJobStatusValues.InProgress;
}

/// <summary>A model, an endpoint configuration: kept as given, with its creation time.</summary>
public sealed record SpecRecord(string Arn, string Name, JsonElement Spec, DateTimeOffset CreationTime);

/// <summary>
/// An endpoint. Its status is computed from <see cref="TransitionTime"/> (the last Create or Update):
/// Creating or Updating for one duration, then InService; after a delete, Deleting for one duration,
/// after which the endpoint no longer exists.
/// </summary>
public sealed record EndpointRecord(
    string Arn,
    string Name,
    string EndpointConfigName,
    string? PreviousEndpointConfigName,
    DateTimeOffset CreationTime,
    DateTimeOffset TransitionTime,
    DateTimeOffset? DeleteRequestedTime)
{
    public string? StatusAt(DateTimeOffset now, TimeSpan duration)
    {
        if (DeleteRequestedTime is { } deleted) return now < deleted + duration ? EndpointStatusValues.Deleting : null;
        if (now >= TransitionTime + duration) return EndpointStatusValues.InService;
        return PreviousEndpointConfigName is null ? EndpointStatusValues.Creating : EndpointStatusValues.Updating;
    }

    /// <summary>Whether the endpoint exists at a time (a finished delete removes it).</summary>
    public bool ExistsAt(DateTimeOffset now, TimeSpan duration) => StatusAt(now, duration) is not null;
}

public sealed record ModelPackageGroupRecord(
    string Arn,
    string Name,
    string? Description,
    DateTimeOffset CreationTime,
    UserContext CreatedBy);

/// <summary>A model package: a version in a group (Versioned) or a standalone one (Unversioned).</summary>
public sealed record ModelPackageRecord(
    string Arn,
    string Name,
    string? GroupName,
    int? Version,
    JsonElement Spec,
    string? ApprovalStatus,
    string? ApprovalDescription,
    DateTimeOffset CreationTime,
    UserContext CreatedBy,
    DateTimeOffset LastModifiedTime,
    UserContext LastModifiedBy);
