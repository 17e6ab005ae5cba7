using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// The control-plane resources by ARN resource type: whether one exists now (for tagging). An endpoint
/// whose delete has finished no longer exists.
/// </summary>
public static class ControlPlaneResources
{
    private static readonly Dictionary<string, Func<CallContext, Partition, string, bool>> ByType = new(StringComparer.Ordinal)
    {
        ["training-job"] = (_, p, arn) => p.TrainingJobs.Contains(arn),
        ["processing-job"] = (_, p, arn) => p.ProcessingJobs.Contains(arn),
        ["transform-job"] = (_, p, arn) => p.TransformJobs.Contains(arn),
        ["model"] = (_, p, arn) => p.Models.Contains(arn),
        ["endpoint-config"] = (_, p, arn) => p.EndpointConfigs.Contains(arn),
        ["endpoint"] = (ctx, p, arn) => p.Endpoints.Get(arn)?.ExistsAt(ctx.Now, ctx.Options.JobDuration) == true,
        ["model-package-group"] = (_, p, arn) => p.ModelPackageGroups.Contains(arn),
        ["model-package"] = (_, p, arn) => p.ModelPackages.Contains(arn),
    };

    /// <summary>
    /// Removes a resource of the caller's account and its tags. The lineage SageMaker wrote for it stays:
    /// lineage entities outlive the resources they track.
    /// </summary>
    public static void Delete<T>(CallContext ctx, Table<T> table, string arn) where T : class
    {
        ctx.Tx.Delete(table, arn);
        ctx.Tx.Delete(ctx.Home.Tags, arn);
    }

    /// <summary>Stores a model or endpoint configuration as its Create request (without tags) gave it, and its tags.</summary>
    public static SpecRecord PutSpec<TRequest>(CallContext ctx, Table<SpecRecord> table, string arn, string name, TRequest request,
        IReadOnlyList<Tag>? tags, JsonTypeInfo<TRequest> json)
    {
        var row = new SpecRecord(arn, name, Jobs.SpecOf(request, json), ctx.Now);
        ctx.Tx.Put(table, arn, row);
        Lineage.PutInitialTags(ctx, arn, tags);
        return row;
    }

    public static bool Exists(CallContext ctx, string arn) =>
        Arn.TryParse(arn, out var a) && ByType.TryGetValue(a.ResourceType, out var exists)
        && Lineage.PartitionOf(ctx, arn) is { } owner && exists(ctx, owner, arn);
}
