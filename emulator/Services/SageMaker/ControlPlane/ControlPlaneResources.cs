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

    public static bool Exists(CallContext ctx, string arn) =>
        Arn.TryParse(arn, out var a) && ByType.TryGetValue(a.ResourceType, out var exists)
        && Lineage.PartitionOf(ctx, arn) is { } owner && exists(ctx, owner, arn);
}
