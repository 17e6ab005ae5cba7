using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>Name rules, creation, lookups, updates and listing shared by the named entities: actions, contexts, trial components, experiments and trials.</summary>
public static class NamedEntities
{
    /// <summary>
    /// Rejects a name already used in the caller's account and region. SageMaker answers with a
    /// ValidationException containing "already exists"; the SageMaker Python SDK relies on that wording.
    /// </summary>
    public static string NewArn(CallContext ctx, EntityKind kind, string name)
    {
        if (ctx.Home.ArnByName(kind, name) is not null)
            throw new ValidationException($"{kind.Label} with name ({name}) already exists.");
        return kind.ArnOf(ctx.Caller.Region, ctx.Caller.AccountId, name);
    }

    /// <summary>
    /// Creates a named entity in the caller's account: the name must be free there, the account's default
    /// lineage group comes into being with its first entity, the caller is creator and last modifier, and the
    /// request's tags go on the new ARN. Returns the ARN.
    /// </summary>
    public static string Create<T>(CallContext ctx, EntityKind<T> kind, string name, IReadOnlyList<Tag>? tags,
        Func<string, UserContext, T> row) where T : class, ILineageEntity
    {
        var arn = NewArn(ctx, kind, name);
        Lineage.EnsureDefaultGroup(ctx);
        ctx.Tx.Put(kind.In(ctx.Home), arn, row(arn, Lineage.CallerContext(ctx)));
        Lineage.PutInitialTags(ctx, arn, tags);
        return arn;
    }

    /// <summary>
    /// Resolves a name or an ARN to the entity and the table that holds it. An ARN is looked up in its own
    /// account (the authorizer has already allowed the caller to reach it); a plain name names an entity of
    /// the caller's own account and region. The message always names the full ARN that was looked for.
    /// </summary>
    public static Located<T> Find<T>(CallContext ctx, EntityKind<T> kind, string nameOrArn) where T : class, ILineageEntity
    {
        string arn;
        Partition? partition;
        if (Arn.TryParse(nameOrArn, out var parsed))
        {
            arn = nameOrArn;
            partition = ctx.Store.FindPartition(parsed.Account, parsed.Region);
        }
        else
        {
            partition = ctx.Home;
            arn = partition.ArnByName(kind, nameOrArn) ?? kind.ArnOf(ctx.Caller.Region, ctx.Caller.AccountId, nameOrArn);
        }
        return (partition is null ? null : kind.In(partition).Locate(arn))
            ?? throw new ResourceNotFound($"{kind.Label} '{arn}' does not exist.");
    }

    /// <summary>
    /// Updates a named entity (by name or ARN) in the table that holds it. The change gets the row and the
    /// caller, whom it stamps as last modifier with the time; returns the row as it was.
    /// </summary>
    public static T Update<T>(CallContext ctx, EntityKind<T> kind, string nameOrArn, Func<T, UserContext, T> change)
        where T : class, ILineageEntity
    {
        var found = Find(ctx, kind, nameOrArn);
        ctx.Tx.Put(found, change(found.Row, Lineage.CallerContext(ctx)));
        return found.Row;
    }

    /// <summary>
    /// Deletes an entity with everything that hangs off it: associations and tags. Experiments, trials and trial
    /// components refuse instead while they still have members (AWS documents "delete them first", never a
    /// cascade): <paramref name="stillHolds"/> says why, or null when the entity may go.
    /// </summary>
    public static T Delete<T>(CallContext ctx, EntityKind<T> kind, string name, Func<T, string?>? stillHolds = null)
        where T : class, ILineageEntity
    {
        var entity = Find(ctx, kind, name);
        if (stillHolds?.Invoke(entity.Row) is { } refusal) throw new ValidationException(refusal);
        Lineage.Delete(ctx, entity);
        return entity.Row;
    }

    /// <summary>
    /// What an entity List operation filters by: the kind's <see cref="EntityKind.ListedSource"/>, its
    /// <see cref="ILineageEntity.EntityType"/>, creation-time bounds (inclusive or strict, see <see cref="CreatedWithin"/>),
    /// a set of ARNs a parent filter names (a trial's components), and any further test.
    /// </summary>
    public sealed record ListFilter<T>(
        string? Source = null, string? Type = null, DateTimeOffset? After = null, DateTimeOffset? Before = null, bool Inclusive = true,
        IEnumerable<string>? Members = null, Func<T, bool>? Where = null);

    /// <summary>
    /// One page of an entity List operation (ListArtifacts, ListActions, ListContexts, ListTrialComponents,
    /// ListExperiments, ListTrials): the caller's entities of the kind that pass the filter, sorted by CreationTime (the
    /// default) or Name, newest first unless asked otherwise. <paramref name="query"/> is what identifies the query in
    /// its tokens besides the sort. A page is read from the partition's orders from the token's position: in
    /// CreationTime order the source's run of the source order, or the type's part of the creation order (every part,
    /// merged, without a type); in Name order the name order. So it costs what it returns plus what a time bound skips.
    /// A parent's members, a source's run in Name order, and a type or time window in Name order that is small enough
    /// that sorting it costs less than skipping through the name order (Paging.FewEnough), are sorted instead.
    /// </summary>
    public static (List<T> Page, string? NextToken) List<T>(CallContext ctx, EntityKind<T> kind, ListFilter<T> f, string? sortBy,
        string? sortOrder, int? maxResults, string? nextToken, params object?[] query) where T : class, ILineageEntity
    {
        var by = sortBy ?? SortActionsByValues.CreationTime;
        var order = sortOrder ?? SortOrderValues.Descending;
        var descending = order == SortOrderValues.Descending;
        var fingerprint = Paging.Fingerprint([.. query, by, order]);
        var size = Lineage.PageSize(maxResults);
        var home = ctx.Home;
        bool Passes(T e) => (f.Type is null || e.EntityType == f.Type) && (f.Source is null || kind.ListedSource(e) == f.Source)
            && CreatedWithin(e.CreationTime, f.After, f.Before, f.Inclusive) && (f.Where?.Invoke(e) ?? true);
        var byName = by == SortActionsByValues.Name;
        Func<T, Paging.Key> key = byName ? NameKey : CreationKey;
        (List<T>, string?) InOrder(IEnumerable<ILineageEntity> ordered) => Paging.PageInOrder(ordered.OfType<T>().Where(Passes), key, size, fingerprint);
        Paging.Key? From() => Paging.After(nextToken, fingerprint, SageMakerService.InvalidNextToken);

        IReadOnlyList<SortedChunks<ILineageEntity>> sourced = home.InSourceOrder(kind) is { } s ? [s] : [];
        Func<ILineageEntity, int>? run = f.Source is { } source ? e => string.CompareOrdinal(kind.ListedSource(e), source) : null;
        // The entities of the type (or with the source), in CreationTime order, within the time bounds.
        IEnumerable<T> InTimeOrder(Paging.Key? from, bool backwards) => Paging.InTimeOrder(run is null ? home.InCreationOrder(kind, f.Type) : sourced,
            Partition.CreationOrder.Instance, CreationKey, e => e.CreationTime, from, f.After, f.Before, backwards, f.Inclusive, run).OfType<T>();
        (List<T>, string?) Sorted(IEnumerable<T> items) =>
            Paging.Page(items.Where(Passes), key, descending, size, nextToken, fingerprint, SageMakerService.InvalidNextToken);

        if (f.Members is not null) return Sorted(f.Members.Select(kind.In(home).Get).OfType<T>());
        if (!byName) return InOrder(InTimeOrder(From(), descending));
        if (run is null && home.InNameOrder(kind) is { } names)
        {
            // A type or a time bound: its entities sorted when few (a time bound is a window of the creation order), the
            // name order otherwise.
            var narrowed = f.Type is null && f.After is null && f.Before is null ? null : Paging.FewEnough(InTimeOrder(null, false), names.Count, size);
            return narrowed is not null ? Sorted(narrowed) : InOrder(Paging.InOrder([names], Partition.NameOrder.Instance, NameKey, From(), descending));
        }
        return Sorted(InTimeOrder(null, false));
    }

    private static Paging.Key NameKey(ILineageEntity e) => new(e.Name ?? "", e.Arn);

    private static Paging.Key CreationKey(ILineageEntity e) => new(Paging.TimeKey(e.CreationTime), e.Arn);

    /// <summary>
    /// Whether a creation time passes a CreatedAfter/CreatedBefore filter. ListActions and ListContexts
    /// document the bounds as inclusive ("on or after"), ListTrialComponents and ListLineageGroups as strict.
    /// </summary>
    public static bool CreatedWithin(DateTimeOffset created, DateTimeOffset? after, DateTimeOffset? before, bool inclusive) =>
        inclusive
            ? (after is null || created >= after) && (before is null || created <= before)
            : (after is null || created > after) && (before is null || created < before);

    /// <summary>
    /// One page of a list sorted by Name or CreationTime (the id breaks ties). The sort actually applied,
    /// defaults included, is part of the token's query, so a token only continues the listing that made it.
    /// </summary>
    public static (List<T> Page, string? NextToken) Page<T>(
        IEnumerable<T> items, Func<T, string> name, Func<T, DateTimeOffset> created, Func<T, string> id,
        string? sortBy, string? sortOrder, string defaultOrder, int? maxResults, string? nextToken, params object?[] query)
    {
        var by = sortBy ?? SortActionsByValues.CreationTime;
        var order = sortOrder ?? defaultOrder;
        var fingerprint = Paging.Fingerprint([.. query, by, order]);
        return Paging.Page(items,
            x => by == SortActionsByValues.Name ? new Paging.Key(name(x), id(x)) : new Paging.Key(Paging.TimeKey(created(x)), id(x)),
            order == SortOrderValues.Descending, Lineage.PageSize(maxResults), nextToken, fingerprint, SageMakerService.InvalidNextToken);
    }
}
