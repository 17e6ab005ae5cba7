using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// AddAssociation, DeleteAssociation, ListAssociations. An association is a directed edge stored in the
/// partition of the account that created it; its ends may belong to other accounts that shared their
/// lineage group with the creator (the authorizer checks both ends before a handler runs).
/// </summary>
public static class Associations
{
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.AddAssociation, Access.Write, r => [r.SourceArn, r.DestinationArn], Add);
        t.Add(SageMakerOperations.DeleteAssociation, Access.Write, r => [r.SourceArn, r.DestinationArn], Delete);
        // The filters are not declared: ListAssociations is not one of the shared actions, and a filter on
        // another account's ARN only narrows the caller's own view (see Visible).
        t.Add(SageMakerOperations.ListAssociations, Access.Read, OperationTable.NoResources, List);
    }

    internal static AddAssociationResponse Add(AddAssociationRequest r, CallContext ctx)
    {
        var source = FindEnd(ctx, r.SourceArn!);
        var destination = FindEnd(ctx, r.DestinationArn!);
        // Experiment entities relate to each other through trials, not associations: "calling AddAssociation
        // with both source and destination in the set [Experiment|Trial|TrialComponent] is invalid"
        // (SageMaker Experiments team, aws/sagemaker-experiments#157).
        if (IsExperimentEntity(source.Arn) && IsExperimentEntity(destination.Arn))
            throw new ValidationException("An association cannot be created between two experiment entities " +
                $"('{source.Arn}' and '{destination.Arn}').");
        // An edge is unique per (source, destination) whoever made it: adding it again succeeds and keeps
        // the first one (its type, creator and time), as a retried AddAssociation must not fail.
        if (ctx.Store.Index.Edge(source.Arn, destination.Arn) is null)
        {
            var edge = new AssociationRecord(source.Arn, destination.Arn, SharedValues.Of(r.AssociationType), SharedValues.Of(ctx.Caller.AccountId)!, ctx.Now,
                Lineage.CallerContext(ctx));
            ctx.Tx.Put(ctx.Home.Associations, edge.Key, edge);
        }
        return new AddAssociationResponse { SourceArn = source.Arn, DestinationArn = destination.Arn };
    }

    /// <summary>
    /// Anyone the authorizer lets perform DeleteAssociation on both ends may delete the edge, whoever created
    /// it: SageMaker grants association rights per lineage group (entity), not per association, so the
    /// creator, the owners of the ends and any account they shared both ends with are all allowed.
    /// </summary>
    private static DeleteAssociationResponse Delete(DeleteAssociationRequest r, CallContext ctx)
    {
        var edge = ctx.Store.Index.Edge(r.SourceArn!, r.DestinationArn!)
            ?? throw new ResourceNotFound($"Association with source '{r.SourceArn}' and destination '{r.DestinationArn}' does not exist.");
        ctx.Tx.Delete(ctx.Store.AssociationsHolding(edge), edge.Key);
        return new DeleteAssociationResponse { SourceArn = edge.SourceArn, DestinationArn = edge.DestinationArn };
    }

    private static ListAssociationsResponse List(ListAssociationsRequest r, CallContext ctx)
    {
        var fingerprint = Paging.Fingerprint("ListAssociations", r.SourceArn, r.DestinationArn, r.SourceType, r.DestinationType,
            r.AssociationType, r.CreatedAfter, r.CreatedBefore, r.SortBy, r.SortOrder);
        // Documented defaults: SortBy CreationTime, SortOrder Descending.
        var descending = r.SortOrder != SortOrderValues.Ascending;
        var after = Paging.After(r.NextToken, fingerprint, SageMakerService.InvalidNextToken);
        var size = Lineage.PageSize(r.MaxResults);

        IEnumerable<AssociationSummary> Shown(IEnumerable<AssociationRecord> edges) => edges
            .Where(e => Visible(ctx, e))
            .Where(e => (r.AssociationType is null || e.AssociationType == r.AssociationType)
                // "created on or after" / "on or before": both bounds are inclusive.
                && (r.CreatedAfter is null || e.CreationTime >= r.CreatedAfter)
                && (r.CreatedBefore is null || e.CreationTime <= r.CreatedBefore))
            .Select(e => Summarize(ctx, e))
            .Where(s => (r.SourceType is null || s.SourceType == r.SourceType)
                && (r.DestinationType is null || s.DestinationType == r.DestinationType));

        // Without an end filter, the caller's listing is kept in creation-time, source and destination order, split by
        // association type, source type and destination type: a page reads the parts that pass those filters, merged,
        // from the token's position (and a time bound), so it costs what it returns plus what readability skips. A time
        // bound with another order reads the window from the creation-time order and sorts it when it is small (see
        // Paging.FewEnough), and reads that order otherwise. An end filter reads that end's adjacency, which holds
        // only its edges. Type orders, whose values depend on what the caller may read at the time, sort the parts (or
        // the window) that pass the filters.
        var index = ctx.Store.Index;
        var (caller, region) = (ctx.Caller.AccountId, ctx.Caller.Region);
        IReadOnlyList<SortedChunks<AssociationRecord>> Parts(GlobalIndex.ListingOrder order) =>
            index.Listing(caller, region, order, r.AssociationType, r.SourceType, r.DestinationType);
        IEnumerable<AssociationRecord> InTimeOrder(Paging.Key? from, bool backwards) => Paging.InTimeOrder(Parts(GlobalIndex.ListingOrder.ByTime),
            GlobalIndex.ListingOrder.ByTime, e => new Paging.Key(Paging.TimeKey(e.CreationTime), e.Key), e => e.CreationTime, from,
            r.CreatedAfter, r.CreatedBefore, backwards);
        Func<AssociationSummary, Paging.Key> key = s => SortKey(s, r.SortBy);
        (List<AssociationSummary>, string?) Sorted(IEnumerable<AssociationRecord> edges) =>
            Paging.Page(Shown(edges), key, descending, size, r.NextToken, fingerprint, SageMakerService.InvalidNextToken);
        var byTime = r.SortBy is null or SortAssociationsByValues.CreationTime;
        var window = byTime || (r.CreatedAfter is null && r.CreatedBefore is null) || r.SourceArn is not null || r.DestinationArn is not null ? null
            : Paging.FewEnough(InTimeOrder(null, backwards: false), Parts(GlobalIndex.ListingOrder.ByTime).Sum(p => p.Count), size);
        var (page, next) = (r.SourceArn ?? r.DestinationArn, r.SortBy) switch
        {
            (not null, _) => Sorted(AtEnds(r, index)),
            _ when byTime => Paging.PageInOrder(Shown(InTimeOrder(after, descending)), key, size, fingerprint),
            _ when window is not null => Sorted(window),
            (_, SortAssociationsByValues.SourceArn) => Paging.PageInOrder(Shown(Paging.InOrder(
                Parts(GlobalIndex.ListingOrder.BySource), GlobalIndex.ListingOrder.BySource, e => new Paging.Key(e.SourceArn, e.Key), after, descending)),
                key, size, fingerprint),
            (_, SortAssociationsByValues.DestinationArn) => Paging.PageInOrder(Shown(Paging.InOrder(
                Parts(GlobalIndex.ListingOrder.ByDestination), GlobalIndex.ListingOrder.ByDestination, e => new Paging.Key(e.DestinationArn, e.Key),
                after, descending)), key, size, fingerprint),
            _ => Sorted(InTimeOrder(null, backwards: false)),
        };
        return new ListAssociationsResponse { AssociationSummaries = page, NextToken = next };
    }

    /// <summary>The edges at the ends a request names, from the adjacency index: a vertex's edges, not the listing.</summary>
    private static IReadOnlyCollection<AssociationRecord> AtEnds(ListAssociationsRequest r, GlobalIndex index)
    {
        if (r.SourceArn is not null && r.DestinationArn is not null)
            return index.Edge(r.SourceArn, r.DestinationArn) is { } edge ? [edge] : [];
        return r.SourceArn is not null ? index.Outgoing(r.SourceArn) : index.Incoming(r.DestinationArn!);
    }

    /// <summary>
    /// Which edges ListAssociations shows ("the associations in your account"): those the caller created,
    /// and those anyone created whose two ends the caller owns. An edge another account created between
    /// its entity and the caller's is not listed to the caller (it lives in the creator's account); the
    /// caller still sees it through QueryLineage while it may read the other end.
    /// </summary>
    private static bool Visible(CallContext ctx, AssociationRecord e)
    {
        if (!Arn.TryParse(e.SourceArn, out var src) || src.Region != ctx.Caller.Region) return false;
        if (e.OwnerAccountId == ctx.Caller.AccountId) return true;
        return src.Account == ctx.Caller.AccountId
            && Arn.TryParse(e.DestinationArn, out var dst) && dst.Account == ctx.Caller.AccountId;
    }

    private static AssociationSummary Summarize(CallContext ctx, AssociationRecord e)
    {
        // Names and types of another account's entity are shown only while the caller may still read it:
        // an edge outlives the share that allowed it, its ARNs are the caller's own data, the names are not.
        var source = Readable(ctx, e.SourceArn);
        var destination = Readable(ctx, e.DestinationArn);
        return new AssociationSummary
        {
            SourceArn = e.SourceArn,
            DestinationArn = e.DestinationArn,
            SourceType = source is null ? null : TypeOf(source),
            DestinationType = destination is null ? null : TypeOf(destination),
            AssociationType = e.AssociationType,
            SourceName = source?.Name,
            DestinationName = destination?.Name,
            CreationTime = e.CreationTime,
            CreatedBy = e.CreatedBy,
        };
    }

    private static Paging.Key SortKey(AssociationSummary s, string? sortBy)
    {
        var id = AssociationRecord.AssociationKey(s.SourceArn!, s.DestinationArn!);
        return sortBy switch
        {
            SortAssociationsByValues.SourceArn => new(s.SourceArn!, id),
            SortAssociationsByValues.DestinationArn => new(s.DestinationArn!, id),
            SortAssociationsByValues.SourceType => new(s.SourceType ?? "", id),
            SortAssociationsByValues.DestinationType => new(s.DestinationType ?? "", id),
            _ => new(Paging.TimeKey(s.CreationTime!.Value), id),
        };
    }

    /// <inheritdoc cref="ILineageEntity.ListedType"/>
    public static string TypeOf(ILineageEntity e) => e.ListedType;

    /// <summary>
    /// The type QueryLineage gives a vertex. It differs from <see cref="TypeOf"/> only for a job's trial
    /// component: ListAssociations reports its source type ("SageMakerTrainingJob") while QueryLineage's
    /// Types filter matches the job kind ("TrainingJob"). Both are what the SageMaker Python SDK's
    /// integration tests (tests/integ/sagemaker/lineage/conftest.py) send to real AWS.
    /// </summary>
    public static string VertexTypeOf(ILineageEntity e) =>
        e is TrialComponentRecord { Source.SourceType: { } source } && source.StartsWith(Jobs.SourceTypePrefix, StringComparison.Ordinal)
            ? source[Jobs.SourceTypePrefix.Length..]
            : TypeOf(e);

    /// <summary>The entity, if it exists in the caller's region and the caller may read its lineage.</summary>
    public static ILineageEntity? Readable(CallContext ctx, string arn) =>
        Arn.TryParse(arn, out var a) && a.Region == ctx.Caller.Region
        && ctx.Authorizer.IsAllowed(ctx.Caller.AccountId, "sagemaker:QueryLineage", arn, ctx.Now)
            ? Lineage.FindEntity(ctx, arn)
            : null;

    /// <summary>An association end: an existing entity of the caller's region (lineage does not cross regions).</summary>
    private static ILineageEntity FindEnd(CallContext ctx, string arn) =>
        Arn.TryParse(arn, out var a) && a.Region == ctx.Caller.Region && Lineage.FindEntity(ctx, arn) is { } entity
            ? entity
            : throw new ResourceNotFound($"{KindOf(arn)} '{arn}' does not exist.");

    private static bool IsExperimentEntity(string arn) =>
        Arn.TryParse(arn, out var a) && a.ResourceType is "experiment" or "experiment-trial" or "experiment-trial-component";

    public static string KindOf(string arn) => (Arn.TryParse(arn, out var a) ? a.ResourceType : "") switch
    {
        var type when EntityKinds.Of(type) is { } kind => kind.Label,
        "lineage-group" => "Lineage group",
        _ => "Entity",
    };
}
