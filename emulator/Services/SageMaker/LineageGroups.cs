using LineageEmulator.Authorization;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// ListLineageGroups, DescribeLineageGroup, GetLineageGroupPolicy. An account's only lineage group is the
/// default one, which SageMaker creates with the account's first lineage entity; until then there is none.
/// </summary>
public static class LineageGroups
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.ListLineageGroups, Access.Read, OperationTable.NoResources, List);
        // Neither is a shared lineage action: another account's group ARN is denied by the authorizer.
        t.Add(SageMakerOperations.DescribeLineageGroup, Access.Read, r => [r.LineageGroupName], Describe);
        t.Add(SageMakerOperations.GetLineageGroupPolicy, Access.Read, r => [r.LineageGroupName], GetPolicy);
    }

    /// <summary>The caller's own lineage groups (SageMaker lists the groups of the calling account).</summary>
    private static ListLineageGroupsResponse List(ListLineageGroupsRequest r, CallContext ctx)
    {
        var items = ctx.Home.LineageGroups.Values.Where(g =>
            NamedEntities.CreatedWithin(g.CreationTime, r.CreatedAfter, r.CreatedBefore, inclusive: false));
        // Unlike the entity listings, this one defaults to Ascending (model docs).
        var (page, next) = NamedEntities.Page(items, g => g.Name, g => g.CreationTime, g => g.Arn,
            r.SortBy, r.SortOrder, SortOrderValues.Ascending, r.MaxResults, r.NextToken,
            "ListLineageGroups", r.CreatedAfter, r.CreatedBefore);
        return new ListLineageGroupsResponse
        {
            LineageGroupSummaries = [.. page.Select(g => new LineageGroupSummary
            {
                LineageGroupArn = g.Arn,
                LineageGroupName = g.Name,
                DisplayName = g.DisplayName,
                CreationTime = g.CreationTime,
                LastModifiedTime = g.LastModifiedTime,
            })],
            NextToken = next,
        };
    }

    private static DescribeLineageGroupResponse Describe(DescribeLineageGroupRequest r, CallContext ctx)
    {
        var (_, g) = Find(ctx, r.LineageGroupName!);
        return new DescribeLineageGroupResponse
        {
            LineageGroupName = g.Name,
            LineageGroupArn = g.Arn,
            DisplayName = g.DisplayName,
            Description = g.Description,
            CreationTime = g.CreationTime,
            CreatedBy = g.CreatedBy,
            LastModifiedTime = g.LastModifiedTime,
            LastModifiedBy = g.LastModifiedBy,
        };
    }

    /// <summary>The policy RAM sharing put on the group; a group shared with no one has none.</summary>
    private static GetLineageGroupPolicyResponse GetPolicy(GetLineageGroupPolicyRequest r, CallContext ctx)
    {
        var (owner, g) = Find(ctx, r.LineageGroupName!);
        var policy = LineageGroupPolicy.Build(ctx.Authorizer, owner, ctx.Now)
            ?? throw new ResourceNotFound($"Lineage group '{g.Arn}' does not have a resource policy.");
        return new GetLineageGroupPolicyResponse { LineageGroupArn = g.Arn, ResourcePolicy = policy };
    }

    /// <summary>A group by name (in the caller's account and region) or by ARN (in the ARN's own account).</summary>
    private static (Partition Owner, LineageGroupRecord Group) Find(CallContext ctx, string nameOrArn)
    {
        var (owner, arn) = Arn.TryParse(nameOrArn, out var a)
            ? (ctx.Store.FindPartition(a.Account, a.Region), nameOrArn)
            : (ctx.Home, Arns.LineageGroup(ctx.Caller.Region, ctx.Caller.AccountId, nameOrArn));
        return owner?.LineageGroups.Get(arn) is { } group
            ? (owner, group)
            : throw new ResourceNotFound($"Lineage group '{arn}' does not exist.");
    }
}
