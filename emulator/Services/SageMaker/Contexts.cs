using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateContext, DescribeContext, UpdateContext, DeleteContext, ListContexts.</summary>
public static class Contexts
{
    private static readonly EntityKind<ContextRecord> Kind = EntityKinds.Context;

    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateContext, Access.Write, OperationTable.NoResources, Create);
        // DescribeContext takes a name or an ARN; an ARN may name a shared context of another account.
        t.Add(SageMakerOperations.DescribeContext, Access.Read, r => [r.ContextName], Describe);
        t.Add(SageMakerOperations.UpdateContext, Access.Write, r => [r.ContextName], Update);
        t.Add(SageMakerOperations.DeleteContext, Access.Write, r => [r.ContextName], Delete);
        t.Add(SageMakerOperations.ListContexts, Access.Read, OperationTable.NoResources, List);
    }

    internal static CreateContextResponse Create(CreateContextRequest r, CallContext ctx) => new()
    {
        ContextArn = NamedEntities.Create(ctx, Kind, r.ContextName!, r.Tags, (arn, who) => new ContextRecord(arn, r.ContextName!, r.Source!,
            SharedValues.Of(r.ContextType)!, r.Description, r.Properties, ctx.Now, who, ctx.Now, who)),
    };

    private static DescribeContextResponse Describe(DescribeContextRequest r, CallContext ctx)
    {
        var c = NamedEntities.Find(ctx, Kind, r.ContextName!).Row;
        return new DescribeContextResponse
        {
            ContextName = c.Name,
            ContextArn = c.Arn,
            Source = c.Source,
            ContextType = c.ContextType,
            Description = c.Description,
            Properties = c.Properties,
            CreationTime = c.CreationTime,
            CreatedBy = c.CreatedBy,
            LastModifiedTime = c.LastModifiedTime,
            LastModifiedBy = c.LastModifiedBy,
            LineageGroupArn = Lineage.GroupOf(c.Arn),
        };
    }

    private static UpdateContextResponse Update(UpdateContextRequest r, CallContext ctx)
    {
        var updated = NamedEntities.Update(ctx, Kind, r.ContextName!, (c, who) => c with
        {
            Description = r.Description ?? c.Description,
            Properties = Lineage.UpdateProperties(c.Properties, r.Properties, r.PropertiesToRemove),
            LastModifiedTime = ctx.Now,
            LastModifiedBy = who,
        });
        return new UpdateContextResponse { ContextArn = updated.Arn };
    }

    private static DeleteContextResponse Delete(DeleteContextRequest r, CallContext ctx) =>
        new() { ContextArn = NamedEntities.Delete(ctx, Kind, r.ContextName!).Arn };

    private static ListContextsResponse List(ListContextsRequest r, CallContext ctx)
    {
        // "created on or after" / "on or before": both bounds are inclusive.
        var (page, next) = NamedEntities.List(ctx, Kind, new(r.SourceUri, r.ContextType, r.CreatedAfter, r.CreatedBefore),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListContexts", r.SourceUri, r.ContextType, r.CreatedAfter, r.CreatedBefore);
        return new ListContextsResponse
        {
            ContextSummaries = [.. page.Select(c => new ContextSummary
            {
                ContextArn = c.Arn,
                ContextName = c.Name,
                Source = c.Source,
                ContextType = c.ContextType,
                CreationTime = c.CreationTime,
                LastModifiedTime = c.LastModifiedTime,
            })],
            NextToken = next,
        };
    }
}
