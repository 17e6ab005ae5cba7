using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>One searchable resource: its ARN (the tie-break), its document, and the record returned.</summary>
    private sealed record Hit(string Arn, JsonNode Document, SearchRecord Record);

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
            Results = [.. page.Select(h => h.Record)],
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
    private static bool Visible(Hit h, List<VisibilityConditions>? conditions, string member) =>
        conditions is null || conditions.All(c => c.Key is null
            || SearchExpressions.Resolve(h.Document, c.Key, member).Any(v => c.Value is null || (v is JsonValue s && s.TryGetValue<string>(out var text) && text == c.Value)));

    private static IEnumerable<Hit> Hits(CallContext ctx, string member)
    {
        var home = ctx.Home;
        List<Tag> TagsOf(string arn) => [.. home.Tags.Get(arn)?.Tags ?? []];
        switch (member)
        {
            case nameof(SearchRecord.Experiment):
                foreach (var e in EntityKinds.Experiment.In(home).Values)
                {
                    var shape = new Experiment
                    {
                        ExperimentName = e.Name,
                        ExperimentArn = e.Arn,
                        DisplayName = Experiments.DisplayName(e),
                        Source = e.Source,
                        Description = e.Description,
                        CreationTime = e.CreationTime,
                        CreatedBy = e.CreatedBy,
                        LastModifiedTime = e.LastModifiedTime,
                        LastModifiedBy = e.LastModifiedBy,
                        Tags = TagsOf(e.Arn),
                    };
                    yield return new Hit(e.Arn, JsonSerializer.SerializeToNode(shape, SageMakerJsonContext.Default.Experiment)!,
                        new SearchRecord { Experiment = shape });
                }
                break;
            case nameof(SearchRecord.Trial):
                foreach (var t in EntityKinds.Trial.In(home).Values)
                {
                    var shape = new Trial
                    {
                        TrialName = t.Name,
                        TrialArn = t.Arn,
                        DisplayName = Trials.DisplayName(t),
                        ExperimentName = t.ExperimentName,
                        Source = t.Source,
                        CreationTime = t.CreationTime,
                        CreatedBy = t.CreatedBy,
                        LastModifiedTime = t.LastModifiedTime,
                        LastModifiedBy = t.LastModifiedBy,
                        MetadataProperties = t.MetadataProperties,
                        Tags = TagsOf(t.Arn),
                        TrialComponentSummaries = [.. home.ComponentsOfTrial(t.Arn).Order(StringComparer.Ordinal)
                            .Select(arn => EntityKinds.TrialComponent.In(home).Get(arn)!)
                            .Select(c => new TrialComponentSimpleSummary
                            {
                                TrialComponentName = c.Name,
                                TrialComponentArn = c.Arn,
                                TrialComponentSource = c.Source,
                                CreationTime = c.CreationTime,
                                CreatedBy = c.CreatedBy,
                            })],
                    };
                    yield return new Hit(t.Arn, JsonSerializer.SerializeToNode(shape, SageMakerJsonContext.Default.Trial)!,
                        new SearchRecord { Trial = shape });
                }
                break;
            default:
                foreach (var c in EntityKinds.TrialComponent.In(home).Values)
                {
                    var shape = new TrialComponent
                    {
                        TrialComponentName = c.Name,
                        DisplayName = TrialComponents.DisplayName(c),
                        TrialComponentArn = c.Arn,
                        Source = c.Source,
                        Status = c.Status,
                        StartTime = c.StartTime,
                        EndTime = c.EndTime,
                        CreationTime = c.CreationTime,
                        CreatedBy = c.CreatedBy,
                        LastModifiedTime = c.LastModifiedTime,
                        LastModifiedBy = c.LastModifiedBy,
                        Parameters = c.Parameters,
                        InputArtifacts = c.InputArtifacts,
                        OutputArtifacts = c.OutputArtifacts,
                        Metrics = [],
                        MetadataProperties = c.MetadataProperties,
                        SourceDetail = c.Source is { } source ? new TrialComponentSourceDetail { SourceArn = source.SourceArn } : null,
                        LineageGroupArn = Lineage.GroupOf(c.Arn),
                        Tags = TagsOf(c.Arn),
                        // The SDK's downstream_trials() reads each component's parents' TrialName.
                        Parents = Trials.ParentsOf(home, c.Arn),
                    };
                    yield return new Hit(c.Arn, JsonSerializer.SerializeToNode(shape, SageMakerJsonContext.Default.TrialComponent)!,
                        new SearchRecord { TrialComponent = shape });
                }
                break;
        }
    }

    private static string? Json(SearchExpression? e) => e is null ? null : JsonSerializer.Serialize(e, SageMakerJsonContext.Default.SearchExpression);
}
