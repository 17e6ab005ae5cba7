using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateAction, DescribeAction, UpdateAction, DeleteAction, ListActions.</summary>
public static class Actions
{
    private static readonly EntityKind<ActionRecord> Kind = EntityKinds.Action;

    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateAction, Access.Write, OperationTable.NoResources, Create);
        // DescribeAction takes a name or an ARN; an ARN may name a shared action of another account.
        t.Add(SageMakerOperations.DescribeAction, Access.Read, r => [r.ActionName], Describe);
        t.Add(SageMakerOperations.UpdateAction, Access.Write, r => [r.ActionName], Update);
        t.Add(SageMakerOperations.DeleteAction, Access.Write, r => [r.ActionName], Delete);
        t.Add(SageMakerOperations.ListActions, Access.Read, OperationTable.NoResources, List);
    }

    internal static CreateActionResponse Create(CreateActionRequest r, CallContext ctx) => new()
    {
        ActionArn = NamedEntities.Create(ctx, Kind, r.ActionName!, r.Tags, (arn, who) => new ActionRecord(arn, r.ActionName!, r.Source!,
            SharedValues.Of(r.ActionType)!, r.Description, r.Status, r.Properties, r.MetadataProperties, ctx.Now, who, ctx.Now, who)),
    };

    private static DescribeActionResponse Describe(DescribeActionRequest r, CallContext ctx)
    {
        var a = NamedEntities.Find(ctx, Kind, r.ActionName!).Row;
        return new DescribeActionResponse
        {
            ActionName = a.Name,
            ActionArn = a.Arn,
            Source = a.Source,
            ActionType = a.ActionType,
            Description = a.Description,
            Status = a.Status,
            Properties = a.Properties,
            CreationTime = a.CreationTime,
            CreatedBy = a.CreatedBy,
            LastModifiedTime = a.LastModifiedTime,
            LastModifiedBy = a.LastModifiedBy,
            MetadataProperties = a.MetadataProperties,
            LineageGroupArn = Lineage.GroupOf(a.Arn),
        };
    }

    internal static UpdateActionResponse Update(UpdateActionRequest r, CallContext ctx)
    {
        var updated = NamedEntities.Update(ctx, Kind, r.ActionName!, (a, who) => a with
        {
            Description = r.Description ?? a.Description,
            Status = r.Status ?? a.Status,
            Properties = Lineage.UpdateProperties(a.Properties, r.Properties, r.PropertiesToRemove),
            LastModifiedTime = ctx.Now,
            LastModifiedBy = who,
        });
        return new UpdateActionResponse { ActionArn = updated.Arn };
    }

    private static DeleteActionResponse Delete(DeleteActionRequest r, CallContext ctx) =>
        new() { ActionArn = NamedEntities.Delete(ctx, Kind, r.ActionName!).Arn };

    private static ListActionsResponse List(ListActionsRequest r, CallContext ctx)
    {
        // "created on or after" / "on or before": both bounds are inclusive.
        var (page, next) = NamedEntities.List(ctx, Kind, new(r.SourceUri, r.ActionType, r.CreatedAfter, r.CreatedBefore),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListActions", r.SourceUri, r.ActionType, r.CreatedAfter, r.CreatedBefore);
        return new ListActionsResponse
        {
            ActionSummaries = [.. page.Select(a => new ActionSummary
            {
                ActionArn = a.Arn,
                ActionName = a.Name,
                Source = a.Source,
                ActionType = a.ActionType,
                Status = a.Status,
                CreationTime = a.CreationTime,
                LastModifiedTime = a.LastModifiedTime,
            })],
            NextToken = next,
        };
    }
}
