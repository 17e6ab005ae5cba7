using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>GetResourcePolicies: the policies RAM maintains on the lineage groups the caller shares.</summary>
public static class ResourcePolicies
{
    public static void Register(OperationTable t) =>
        t.Add(RamOperations.GetResourcePolicies, Access.Read, OperationTable.NoResources, Policies);

    /// <summary>
    /// The resource policy RAM maintains on each named lineage group the caller owns: the same document
    /// SageMaker's GetLineageGroupPolicy returns. A group nobody has accepted yet has no policy.
    /// </summary>
    private static GetResourcePoliciesResponse Policies(GetResourcePoliciesRequest r, CallContext ctx)
    {
        var principal = r.Principal is null ? null : RamCommon.PrincipalEntity(r.Principal);
        var home = ctx.Store.FindPartition(ctx.Caller.AccountId, ctx.Caller.Region);
        var policies = new List<(string Arn, string Policy)>();
        foreach (var value in r.ResourceArns!.Distinct(StringComparer.Ordinal))
        {
            RamCommon.ParseResourceArn(value);
            if (home is null || !home.LineageGroups.Contains(value))
                throw new ResourceArnNotFoundException($"The specified resource ARN {value} was not found. Verify the ARN and try again.");
            // A principal filter keeps a policy that grants it: the account, role or user, or through the organization or OU it names.
            if (principal is not null && !ctx.Authorizer.Grants.Grants(home, ctx.Now).Any(g =>
                    g.Source == principal || g.PrincipalArn == principal || g.PrincipalArn == Arns.AccountRoot(principal))) continue;
            if (LineageGroupPolicy.Build(ctx.Authorizer, home, ctx.Now) is { } policy) policies.Add((value, policy));
        }
        var (page, next) = RamCommon.Page(policies, p => new Paging.Key(p.Arn, p.Arn), r.MaxResults, r.NextToken,
            Paging.Fingerprint("GetResourcePolicies", r.ResourceArns, principal));
        return new GetResourcePoliciesResponse { Policies = [.. page.Select(p => p.Policy)], NextToken = next };
    }
}
