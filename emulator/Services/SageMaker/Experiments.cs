using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateExperiment, DescribeExperiment, UpdateExperiment, DeleteExperiment, ListExperiments.</summary>
public static class Experiments
{
    private static readonly EntityKind<ExperimentRecord> Kind = EntityKinds.Experiment;

    // Every member naming an experiment takes a name (ExperimentEntityName), never an ARN: these operations
    // cannot reach another account's experiment, so they declare no resources.
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateExperiment, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeExperiment, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.UpdateExperiment, Access.Write, OperationTable.NoResources, Update);
        t.Add(SageMakerOperations.DeleteExperiment, Access.Write, OperationTable.NoResources, Delete);
        t.Add(SageMakerOperations.ListExperiments, Access.Read, OperationTable.NoResources, List);
    }

    private static CreateExperimentResponse Create(CreateExperimentRequest r, CallContext ctx) => new()
    {
        ExperimentArn = NamedEntities.Create(ctx, Kind, r.ExperimentName!, r.Tags, (arn, who) => new ExperimentRecord(arn, r.ExperimentName!,
            r.DisplayName, r.Description, null, ctx.Now, who, ctx.Now, who)),
    };

    private static DescribeExperimentResponse Describe(DescribeExperimentRequest r, CallContext ctx) =>
        View(Find(ctx, r.ExperimentName!));

    /// <summary>An experiment as the wire shows it; Search's record is this plus its tags.</summary>
    public static DescribeExperimentResponse View(ExperimentRecord e) =>
        new()
        {
            ExperimentName = e.Name,
            ExperimentArn = e.Arn,
            DisplayName = DisplayName(e),
            Source = e.Source,
            Description = e.Description,
            CreationTime = e.CreationTime,
            CreatedBy = e.CreatedBy,
            LastModifiedTime = e.LastModifiedTime,
            LastModifiedBy = e.LastModifiedBy,
        };

    private static UpdateExperimentResponse Update(UpdateExperimentRequest r, CallContext ctx)
    {
        var updated = NamedEntities.Update(ctx, Kind, r.ExperimentName!, (e, who) => e with
        {
            DisplayName = r.DisplayName ?? e.DisplayName,
            Description = r.Description ?? e.Description,
            LastModifiedTime = ctx.Now,
            LastModifiedBy = who,
        });
        return new UpdateExperimentResponse { ExperimentArn = updated.Arn };
    }

    /// <summary>
    /// "All trials associated with the experiment must be deleted first" (DeleteExperiment's documentation):
    /// SageMaker refuses rather than cascades, which is why the SDKs grew delete_all(action="--force")
    /// (aws/sagemaker-experiments#74).
    /// </summary>
    private static DeleteExperimentResponse Delete(DeleteExperimentRequest r, CallContext ctx)
    {
        var deleted = NamedEntities.Delete(ctx, Kind, r.ExperimentName!, e => ctx.Home.TrialsOfExperiment(e.Name).Count > 0
            ? $"Experiment '{e.Arn}' still has trials; delete them before deleting the experiment." : null);
        return new DeleteExperimentResponse { ExperimentArn = deleted.Arn };
    }

    private static ListExperimentsResponse List(ListExperimentsRequest r, CallContext ctx)
    {
        // "created after" / "created before": strict bounds, as ListTrialComponents documents them.
        var (page, next) = NamedEntities.List(ctx, Kind, new(After: r.CreatedAfter, Before: r.CreatedBefore, Inclusive: false),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListExperiments", r.CreatedAfter, r.CreatedBefore);
        return new ListExperimentsResponse
        {
            ExperimentSummaries = [.. page.Select(e => new ExperimentSummary
            {
                ExperimentArn = e.Arn,
                ExperimentName = e.Name,
                DisplayName = DisplayName(e),
                ExperimentSource = e.Source,
                CreationTime = e.CreationTime,
                LastModifiedTime = e.LastModifiedTime,
            })],
            NextToken = next,
        };
    }

    /// <summary>"If you don't specify DisplayName, the value in ExperimentName is displayed."</summary>
    public static string DisplayName(ExperimentRecord e) => e.DisplayName ?? e.Name;

    /// <summary>The caller's experiment of that name, or the ResourceNotFound AWS gives for a missing parent.</summary>
    public static ExperimentRecord Find(CallContext ctx, string name) => NamedEntities.Find(ctx, Kind, name).Row;
}
