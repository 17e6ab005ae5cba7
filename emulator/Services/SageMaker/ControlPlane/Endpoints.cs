using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, DeleteEndpointConfig, CreateEndpoint,
/// DescribeEndpoint, ListEndpoints, UpdateEndpoint, DeleteEndpoint, and the lineage of a deployment.
/// </summary>
public static class Endpoints
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateEndpointConfig, Access.Write, OperationTable.NoResources, CreateConfig);
        t.Add(SageMakerOperations.DescribeEndpointConfig, Access.Read, OperationTable.NoResources, DescribeConfig);
        t.Add(SageMakerOperations.ListEndpointConfigs, Access.Read, OperationTable.NoResources, ListConfigs);
        t.Add(SageMakerOperations.DeleteEndpointConfig, Access.Write, OperationTable.NoResources, DeleteConfig);
        t.Add(SageMakerOperations.CreateEndpoint, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeEndpoint, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.ListEndpoints, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.UpdateEndpoint, Access.Write, OperationTable.NoResources, Update);
        t.Add(SageMakerOperations.DeleteEndpoint, Access.Write, OperationTable.NoResources, Delete);
    }

    /// <summary>Context type of an endpoint, action type of a deployment (the SageMaker Python SDK's EndpointContext and LineageSourceEnum).</summary>
    public const string EndpointContextType = "Endpoint", DeploymentActionType = "ModelDeployment";

    // ---- endpoint configurations ----

    private static string ConfigArn(CallContext ctx, string name) => Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "endpoint-config", name);

    private static SpecRecord FindConfig(CallContext ctx, string name) =>
        ctx.Home.EndpointConfigs.Get(ConfigArn(ctx, name))
        ?? throw new ValidationException($"Could not find endpoint configuration \"{ConfigArn(ctx, name)}\".");

    private static CreateEndpointConfigOutput CreateConfig(CreateEndpointConfigInput r, CallContext ctx)
    {
        var arn = ConfigArn(ctx, r.EndpointConfigName!);
        if (ctx.Home.EndpointConfigs.Contains(arn)) throw new ValidationException($"Cannot create already existing endpoint configuration \"{arn}\".");
        foreach (var variant in r.ProductionVariants!)
            if (variant.ModelName is { } model) Models.Find(ctx, model);
        ControlPlaneResources.PutSpec(ctx, ctx.Home.EndpointConfigs, arn, r.EndpointConfigName!, r, r.Tags,
            SageMakerJsonContext.Default.CreateEndpointConfigInput);
        return new CreateEndpointConfigOutput { EndpointConfigArn = arn };
    }

    private static DescribeEndpointConfigOutput DescribeConfig(DescribeEndpointConfigInput r, CallContext ctx)
    {
        var config = FindConfig(ctx, r.EndpointConfigName!);
        return Jobs.Echo(config.Spec, SageMakerJsonContext.Default.DescribeEndpointConfigOutput, new DescribeEndpointConfigOutput
        {
            EndpointConfigArn = config.Arn,
            CreationTime = config.CreationTime,
        });
    }

    private static ListEndpointConfigsOutput ListConfigs(ListEndpointConfigsInput r, CallContext ctx)
    {
        var q = ListQuery.Of("ListEndpointConfigs", r);
        var (page, next) = Listing.Page(ctx.Home.EndpointConfigs.Values, c => new ListedItem(c.Name, c.Arn, c.CreationTime, null, null), q,
            SortOrderValues.Descending);
        return new ListEndpointConfigsOutput
        {
            EndpointConfigs = [.. page.Select(c => new EndpointConfigSummary { EndpointConfigName = c.Name, EndpointConfigArn = c.Arn, CreationTime = c.CreationTime })],
            NextToken = next,
        };
    }

    private static NoOutput DeleteConfig(DeleteEndpointConfigInput r, CallContext ctx)
    {
        var config = FindConfig(ctx, r.EndpointConfigName!);
        ControlPlaneResources.Delete(ctx, ctx.Home.EndpointConfigs, config.Arn);
        return new NoOutput();
    }

    // ---- endpoints ----

    private static string EndpointArn(CallContext ctx, string name) => Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "endpoint", name);

    /// <summary>The endpoint as of now; one whose delete has finished is gone.</summary>
    private static EndpointRecord? Current(CallContext ctx, string name) =>
        ctx.Home.Endpoints.Get(EndpointArn(ctx, name)) is { } e && e.ExistsAt(ctx.Now, ctx.Options.JobDuration) ? e : null;

    // SageMaker answers an unknown endpoint with a ValidationException; boto3's endpoint_deleted waiter
    // succeeds on it.
    private static EndpointRecord Find(CallContext ctx, string name) =>
        Current(ctx, name) ?? throw new ValidationException($"Could not find endpoint \"{EndpointArn(ctx, name)}\".");

    private static CreateEndpointOutput Create(CreateEndpointInput r, CallContext ctx)
    {
        var arn = EndpointArn(ctx, r.EndpointName!);
        if (Current(ctx, r.EndpointName!) is not null) throw new ValidationException($"Cannot create already existing endpoint \"{arn}\".");
        var config = FindConfig(ctx, r.EndpointConfigName!);
        ctx.Tx.Put(ctx.Home.Endpoints, arn, new EndpointRecord(arn, r.EndpointName!, config.Name, null, ctx.Now, ctx.Now, null));
        ctx.Tx.Delete(ctx.Home.Tags, arn);
        Lineage.PutInitialTags(ctx, arn, r.Tags);
        WriteDeployment(ctx, arn, r.EndpointName!, config);
        return new CreateEndpointOutput { EndpointArn = arn };
    }

    private static UpdateEndpointOutput Update(UpdateEndpointInput r, CallContext ctx)
    {
        var endpoint = Find(ctx, r.EndpointName!);
        var status = endpoint.StatusAt(ctx.Now, ctx.Options.JobDuration);
        if (status != EndpointStatusValues.InService)
            throw new ValidationException($"Cannot update in-progress endpoint \"{endpoint.Arn}\".");
        var config = FindConfig(ctx, r.EndpointConfigName!);
        ctx.Tx.Put(ctx.Home.Endpoints, endpoint.Arn, endpoint with
        {
            EndpointConfigName = config.Name,
            PreviousEndpointConfigName = endpoint.EndpointConfigName,
            TransitionTime = ctx.Now,
        });
        WriteDeployment(ctx, endpoint.Arn, endpoint.Name, config);
        return new UpdateEndpointOutput { EndpointArn = endpoint.Arn };
    }

    /// <summary>
    /// "Amazon SageMaker AI–Created Tracking Entities", endpoints: a context for the endpoint (its ARN as
    /// SourceUri; the SDK's integration tests expect exactly one from ListContexts(SourceUri=endpoint ARN)),
    /// an action for the model deployment, artifacts for each model, image and model package deployed,
    /// each contributing to the action, and the action associated with the context (the direction and
    /// types the SDK's ModelArtifact.endpoints() walks). An update adds the deployment of the new
    /// configuration to the same context.
    /// </summary>
    private static void WriteDeployment(CallContext ctx, string endpointArn, string endpointName, SpecRecord config)
    {
        var context = CreatedLineage.Context(ctx, endpointArn, endpointName, "-aws-endpoint", EndpointContextType);
        var action = CreatedLineage.Action(ctx, endpointName, "-aws-model-deployment", DeploymentActionType, config.Arn, null);
        var spec = Jobs.Echo(config.Spec, SageMakerJsonContext.Default.DescribeEndpointConfigOutput);
        var sources = new List<string>();
        foreach (var variant in spec.ProductionVariants ?? [])
        {
            if (variant.ModelName is null || ctx.Home.Models.Get(Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "model", variant.ModelName)) is not { } model)
                continue;
            foreach (var served in Models.Served(ctx, model))
            {
                if (served.ModelDataUrl is { } data) sources.Add(CreatedLineage.Artifact(ctx, data, CreatedLineage.Model));
                if (served.Image is { } image) sources.Add(CreatedLineage.Artifact(ctx, image, CreatedLineage.Image));
                if (served.ModelPackageArn is { } package) sources.Add(CreatedLineage.Artifact(ctx, package, CreatedLineage.Model));
            }
        }
        foreach (var source in sources.Distinct()) CreatedLineage.Associate(ctx, source, action, AssociationEdgeTypeValues.ContributedTo);
        CreatedLineage.Associate(ctx, action, context, AssociationEdgeTypeValues.AssociatedWith);
    }

    private static DescribeEndpointOutput Describe(DescribeEndpointInput r, CallContext ctx)
    {
        var e = Find(ctx, r.EndpointName!);
        var status = e.StatusAt(ctx.Now, ctx.Options.JobDuration)!;
        // While an update runs, the endpoint still serves its previous configuration.
        var serving = status == EndpointStatusValues.Updating ? e.PreviousEndpointConfigName! : e.EndpointConfigName;
        var variants = ctx.Home.EndpointConfigs.Get(ConfigArn(ctx, serving)) is { } config
            ? Jobs.Echo(config.Spec, SageMakerJsonContext.Default.DescribeEndpointConfigOutput).ProductionVariants ?? []
            : [];
        var running = status is EndpointStatusValues.InService or EndpointStatusValues.Updating;
        return new DescribeEndpointOutput
        {
            EndpointName = e.Name,
            EndpointArn = e.Arn,
            EndpointConfigName = e.EndpointConfigName,
            EndpointStatus = status,
            CreationTime = e.CreationTime,
            LastModifiedTime = e.TransitionTime,
            ProductionVariants = running
                ? [.. variants.Select(v => new ProductionVariantSummary
                {
                    VariantName = v.VariantName,
                    CurrentWeight = v.InitialVariantWeight ?? 1.0,
                    DesiredWeight = v.InitialVariantWeight ?? 1.0,
                    CurrentInstanceCount = v.InitialInstanceCount,
                    DesiredInstanceCount = v.InitialInstanceCount,
                })]
                : null,
        };
    }

    private static ListEndpointsOutput List(ListEndpointsInput r, CallContext ctx)
    {
        var q = ListQuery.Of("ListEndpoints", r);
        var live = ctx.Home.Endpoints.Values.Where(e => e.ExistsAt(ctx.Now, ctx.Options.JobDuration));
        var (page, next) = Listing.Page(live,
            e => new ListedItem(e.Name, e.Arn, e.CreationTime, e.TransitionTime, e.StatusAt(ctx.Now, ctx.Options.JobDuration)), q,
            SortOrderValues.Descending);
        return new ListEndpointsOutput
        {
            Endpoints = [.. page.Select(e => new EndpointSummary
            {
                EndpointName = e.Name,
                EndpointArn = e.Arn,
                CreationTime = e.CreationTime,
                LastModifiedTime = e.TransitionTime,
                EndpointStatus = e.StatusAt(ctx.Now, ctx.Options.JobDuration),
            })],
            NextToken = next,
        };
    }

    // The endpoint reads Deleting for one duration, then is gone; its lineage stays.
    private static NoOutput Delete(DeleteEndpointInput r, CallContext ctx)
    {
        var e = Find(ctx, r.EndpointName!);
        if (e.DeleteRequestedTime is null)
            ctx.Tx.Put(ctx.Home.Endpoints, e.Arn, e with { DeleteRequestedTime = ctx.Now, TransitionTime = ctx.Now });
        return new NoOutput();
    }
}
