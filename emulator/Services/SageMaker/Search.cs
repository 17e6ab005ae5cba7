using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// Search over the resources the emulator holds: Experiment, ExperimentTrial and ExperimentTrialComponent,
/// each returned whole in its SearchRecord (tags, a trial's components, a component's Parents). Every other
/// resource type answers an empty result, as AWS does for an account that has none of them.
/// </summary>
public static class Search
{
    // Search reads the caller's own account only: it is not one of the lineage group's shared actions.
    public static void Register(OperationTable t) =>
        t.Add(SageMakerOperations.Search, Access.Read, OperationTable.NoResources, Run);

    /// <summary>
    /// One searchable resource: its ARN (the tie-break), its document (what filters and sorting read), and its
    /// SearchRecord, made from the document only for the page returned.
    /// </summary>
    private sealed record Hit(string Arn, JsonObject Document, Func<JsonObject, SearchRecord> Record);

    private static SearchResponse Run(SearchRequest r, CallContext ctx)
    {
        var member = RecordMember(r.Resource!);
        if (r.SearchExpression is { } expression) SearchExpressions.Check(expression, member ?? r.Resource!);

        // CrossAccount returns only "resources made discoverable to you from other accounts", which are
        // Feature Store catalogs shared through RAM (the model's documentation): none of these resources.
        var hits = member is null || r.CrossAccountFilterOption == CrossAccountFilterOptionValues.CrossAccount
            ? []
            : Hits(ctx, member).Where(h => (r.SearchExpression is null || SearchExpressions.Matches(h.Document, r.SearchExpression, member))
                && Visible(h, r.VisibilityConditions, member)).ToList();

        // Documented defaults: SortBy LastModifiedTime, SortOrder Descending.
        var sortBy = r.SortBy ?? "LastModifiedTime";
        var descending = r.SortOrder != SearchSortOrderValues.Ascending;
        // A resource without the sort property comes last in either order.
        var missing = descending ? "0" : "~";
        var fingerprint = Paging.Fingerprint("Search", r.Resource, Json(r.SearchExpression), sortBy, descending, r.CrossAccountFilterOption,
            string.Join("\u001e", (r.VisibilityConditions ?? []).Select(v => v.Key + "=" + v.Value)));
        var (page, next) = Paging.Page(hits,
            h => new Paging.Key(SearchExpressions.SortValue(h.Document, sortBy, member!) is { } v ? "1" + v : missing, h.Arn),
            descending, Lineage.PageSize(r.MaxResults), r.NextToken, fingerprint, SageMakerService.InvalidNextToken);
        return new SearchResponse
        {
            Results = [.. page.Select(h => h.Record(h.Document))],
            NextToken = next,
            TotalHits = new TotalHits { Value = hits.Count, Relation = RelationValues.EqualTo },
        };
    }

    /// <summary>The SearchRecord member a resource type fills, or null for types the emulator holds none of.</summary>
    private static string? RecordMember(string resource) => resource switch
    {
        ResourceTypeValues.Experiment => nameof(SearchRecord.Experiment),
        ResourceTypeValues.ExperimentTrial => nameof(SearchRecord.Trial),
        ResourceTypeValues.ExperimentTrialComponent => nameof(SearchRecord.TrialComponent),
        _ => null,
    };

    /// <summary>"Limits the results ... to the resources that you can access": each condition is a Tags.&lt;key&gt; that must have its value.</summary>
    private static bool Visible(Hit h, IReadOnlyList<VisibilityConditions>? conditions, string member) =>
        conditions is null || conditions.All(c => c.Key is null
            || SearchExpressions.Resolve(h.Document, c.Key, member).Any(v => c.Value is null || (v is JsonValue s && s.TryGetValue<string>(out var text) && text == c.Value)));

    /// <summary>
    /// The caller's resources of one kind. A document is the resource's Describe view with what only Search
    /// shows added (tags; a trial's components; a component's parents and source detail), so the wire view of
    /// each kind is written once, in its operation group.
    /// </summary>
    private static IEnumerable<Hit> Hits(CallContext ctx, string member)
    {
        var home = ctx.Home;
        var context = SageMakerJsonContext.Default;
        // A search reads only the caller's partition, and it enumerates its tables: a change anywhere in it is a
        // change to what the search has used, by account and region (a write may make the partition it saw empty).
        var made = 0;
        bool Touches(Change change) => change.Table.Partition.AccountId == home.AccountId && change.Table.Partition.Region == home.Region;
        JsonObject Document<T>(T view, JsonTypeInfo<T> info, string arn)
        {
            if (++made % DocumentsBetweenPauses == 0) ctx.Store.LetWritersIn(Touches);
            var document = JsonSerializer.SerializeToNode(view, info)!.AsObject();
            document["Tags"] = JsonSerializer.SerializeToNode(home.Tags.Get(arn)?.Tags ?? [], context.IReadOnlyListTag);
            return document;
        }
        switch (member)
        {
            case nameof(SearchRecord.Experiment):
                foreach (var e in EntityKinds.Experiment.In(home).Values)
                    yield return new Hit(e.Arn, Document(Experiments.View(e), context.DescribeExperimentResponse, e.Arn),
                        d => new SearchRecord { Experiment = d.Deserialize(context.Experiment) });
                break;
            case nameof(SearchRecord.Trial):
                var components = EntityKinds.TrialComponent.In(home);
                foreach (var t in EntityKinds.Trial.In(home).Values)
                {
                    var document = Document(Trials.View(t), context.DescribeTrialResponse, t.Arn);
                    List<TrialComponentSimpleSummary> summaries = [.. home.ComponentsOfTrial(t.Arn).Order(StringComparer.Ordinal)
                        .Select(arn => components.Get(arn)!)
                        .Select(c => new TrialComponentSimpleSummary
                        {
                            TrialComponentName = c.Name,
                            TrialComponentArn = c.Arn,
                            TrialComponentSource = c.Source,
                            CreationTime = c.CreationTime,
                            CreatedBy = c.CreatedBy,
                        })];
                    document["TrialComponentSummaries"] = JsonSerializer.SerializeToNode(summaries, context.IReadOnlyListTrialComponentSimpleSummary);
                    yield return new Hit(t.Arn, document, d => new SearchRecord { Trial = d.Deserialize(context.Trial) });
                }
                break;
            default:
                foreach (var c in EntityKinds.TrialComponent.In(home).Values)
                {
                    // A job's component reads its status from the job, as Describe does.
                    var document = Document(TrialComponents.View(Jobs.WithJobStatus(ctx, c)), context.DescribeTrialComponentResponse, c.Arn);
                    // The SDK's downstream_trials() reads each component's parents' TrialName.
                    document["Parents"] = JsonSerializer.SerializeToNode(Trials.ParentsOf(home, c.Arn), context.IReadOnlyListParent);
                    if (c.Source is { } source)
                        document["SourceDetail"] = JsonSerializer.SerializeToNode(new TrialComponentSourceDetail { SourceArn = source.SourceArn },
                            context.TrialComponentSourceDetail);
                    yield return new Hit(c.Arn, document, d => new SearchRecord { TrialComponent = d.Deserialize(context.TrialComponent) });
                }
                break;
        }
    }

    // Each document costs tens of microseconds: a waiting writer waits about a millisecond for a search.
    private const int DocumentsBetweenPauses = 32;

    private static string? Json(SearchExpression? e) => e is null ? null : JsonSerializer.Serialize(e, SageMakerJsonContext.Default.SearchExpression);
}
