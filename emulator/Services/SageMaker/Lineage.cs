using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>What every lineage operation group shares: the default group, identities, lookups, cascades.</summary>
public static class Lineage
{
    /// <summary>
    /// Every account and region owns one lineage group, created with its first lineage entity; every
    /// entity belongs to it. Returns its ARN.
    /// </summary>
    public static string EnsureDefaultGroup(CallContext ctx)
    {
        var home = ctx.Home;
        var arn = home.DefaultLineageGroupArn;
        if (!home.LineageGroups.Contains(arn))
        {
            var who = CallerContext(ctx);
            ctx.Tx.Put(home.LineageGroups, arn, new LineageGroupRecord(
                arn, Arns.DefaultLineageGroupName, Arns.DefaultLineageGroupName, null, ctx.Now, who, ctx.Now, who));
        }
        return arn;
    }

    /// <summary>The lineage group an entity belongs to: its account's default group.</summary>
    public static string GroupOf(string entityArn) =>
        Arn.TryParse(entityArn, out var a) ? Arns.LineageGroup(a.Region, a.Account, Arns.DefaultLineageGroupName) : "";

    /// <summary>How SageMaker records who made a change when the caller is an IAM identity, not a Studio user.</summary>
    public static UserContext CallerContext(CallContext ctx) => SharedValues.Identity(ctx.Caller.PrincipalArn, ctx.Caller.AccountId);

    /// <summary>The partition an ARN lives in, if anything was ever stored there.</summary>
    public static Partition? PartitionOf(CallContext ctx, string arn) =>
        Arn.TryParse(arn, out var a) ? ctx.Store.FindPartition(a.Account, a.Region) : null;

    /// <summary>Finds any lineage entity by ARN, in whichever account owns it.</summary>
    public static ILineageEntity? FindEntity(CallContext ctx, string arn) =>
        PartitionOf(ctx, arn) is { } p ? EntityKinds.OfArn(arn)?.Find(p, arn) : null;

    /// <summary>
    /// Deletes an entity from the table that holds it, with everything that hangs off it: every association
    /// touching it (whoever created them) and its tags.
    /// </summary>
    public static void Delete<T>(CallContext ctx, Located<T> entity) where T : class, ILineageEntity
    {
        var arn = entity.Row.Arn;
        var edges = ctx.Store.Index.Outgoing(arn).Concat(ctx.Store.Index.Incoming(arn)).ToList();
        foreach (var edge in edges) ctx.Tx.Delete(ctx.Store.AssociationsHolding(edge), edge.Key);
        ctx.Tx.Delete(entity.Table.Partition.Tags, arn);
        ctx.Tx.Delete(entity);
    }

    /// <summary>Stores tags given at creation, as AddTags would.</summary>
    public static void PutInitialTags(CallContext ctx, string arn, IReadOnlyList<Tag>? tags)
    {
        if (tags is { Count: > 0 }) ctx.Tx.Put(ctx.Home.Tags, arn, new TagSetRecord(Tags.Merge([], tags)));
    }

    /// <summary>
    /// Applies Properties then PropertiesToRemove the way Update* does, without touching the old map. Also
    /// serves UpdateTrialComponent's Parameters/InputArtifacts/OutputArtifacts and their *ToRemove lists.
    /// </summary>
    public static IReadOnlyDictionary<string, TValue>? UpdateProperties<TValue>(
        IReadOnlyDictionary<string, TValue>? current, IReadOnlyDictionary<string, TValue>? set, IReadOnlyList<string>? remove)
    {
        if (set is null && remove is null) return current;
        var next = current is null ? new Dictionary<string, TValue>() : current.ToDictionary();
        if (set is not null) foreach (var (k, v) in set) next[k] = v;
        if (remove is not null) foreach (var k in remove) next.Remove(k);
        return next;
    }

    public static int PageSize(int? maxResults) => maxResults ?? 10;
}
