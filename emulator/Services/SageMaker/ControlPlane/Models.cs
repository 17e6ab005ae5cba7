using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>What a model serves: an image and model data, from its own container or from a model package.</summary>
public sealed record ServedContainer(string? Image, string? ModelDataUrl, string? ModelPackageArn);

/// <summary>
/// CreateModel, DescribeModel, ListModels, DeleteModel. A model writes no lineage of its own (the guide
/// lists jobs, model packages and endpoints); what it serves is tracked when a transform job or an endpoint
/// uses it.
/// </summary>
public static class Models
{
    public static void Register(OperationTable t)
    {
        // A container may name another account's model package by ARN.
        t.Add(SageMakerOperations.CreateModel, Access.Write,
            r => ContainersOf(r.PrimaryContainer, r.Containers).Select(c => c.ModelPackageName), Create);
        t.Add(SageMakerOperations.DescribeModel, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.ListModels, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.DeleteModel, Access.Write, OperationTable.NoResources, Delete);
    }

    private static IEnumerable<ContainerDefinition> ContainersOf(ContainerDefinition? primary, IReadOnlyList<ContainerDefinition>? containers) =>
        (primary is null ? [] : new[] { primary }).Concat(containers ?? []);

    private static string ArnOf(CallContext ctx, string name) => Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "model", name);

    private static CreateModelOutput Create(CreateModelInput r, CallContext ctx)
    {
        var arn = ArnOf(ctx, r.ModelName!);
        if (ctx.Home.Models.Contains(arn)) throw new ValidationException($"Cannot create already existing model \"{arn}\".");
        if (r.PrimaryContainer is null && r.Containers is not { Count: > 0 })
            throw new ValidationException("Either PrimaryContainer or Containers must be specified.");
        foreach (var c in ContainersOf(r.PrimaryContainer, r.Containers))
            if (c.ModelPackageName is { } package) ModelPackages.Find(ctx, package);
            else if (c.Image is null) throw new ValidationException("A container must specify an Image or a ModelPackageName.");
        ControlPlaneResources.PutSpec(ctx, ctx.Home.Models, arn, r.ModelName!, r, r.Tags, SageMakerJsonContext.Default.CreateModelInput);
        return new CreateModelOutput { ModelArn = arn };
    }

    public static SpecRecord Find(CallContext ctx, string name) =>
        ctx.Home.Models.Get(ArnOf(ctx, name)) ?? throw new ValidationException($"Could not find model \"{ArnOf(ctx, name)}\".");

    /// <summary>The images and model data a model serves, following containers that name a model package.</summary>
    public static IEnumerable<ServedContainer> Served(CallContext ctx, SpecRecord model)
    {
        var spec = Jobs.Echo(model.Spec, SageMakerJsonContext.Default.DescribeModelOutput);
        foreach (var c in ContainersOf(spec.PrimaryContainer, spec.Containers))
        {
            if (c.ModelPackageName is { } name && ModelPackages.TryFind(ctx, name) is { } package)
            {
                var inference = Jobs.Echo(package.Spec, SageMakerJsonContext.Default.DescribeModelPackageOutput).InferenceSpecification;
                foreach (var pc in inference?.Containers ?? []) yield return new ServedContainer(pc.Image, pc.ModelDataUrl, package.Arn);
            }
            else
            {
                yield return new ServedContainer(c.Image, c.ModelDataUrl, null);
            }
        }
    }

    private static DescribeModelOutput Describe(DescribeModelInput r, CallContext ctx)
    {
        var model = Find(ctx, r.ModelName!);
        return Jobs.Echo(model.Spec, SageMakerJsonContext.Default.DescribeModelOutput, new DescribeModelOutput
        {
            ModelArn = model.Arn,
            CreationTime = model.CreationTime,
        });
    }

    private static ListModelsOutput List(ListModelsInput r, CallContext ctx)
    {
        var q = ListQuery.Of("ListModels", r);
        var (page, next) = Listing.Page(ctx.Home.Models.Values, m => new ListedItem(m.Name, m.Arn, m.CreationTime, null, null), q,
            SortOrderValues.Descending);
        return new ListModelsOutput
        {
            Models = [.. page.Select(m => new ModelSummary { ModelName = m.Name, ModelArn = m.Arn, CreationTime = m.CreationTime })],
            NextToken = next,
        };
    }

    private static NoOutput Delete(DeleteModelInput r, CallContext ctx)
    {
        var model = Find(ctx, r.ModelName!);
        ControlPlaneResources.Delete(ctx, ctx.Home.Models, model.Arn);
        return new NoOutput();
    }
}
