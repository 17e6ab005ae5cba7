using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.Services.SageMaker;

/// <summary>What every control-plane List* filters and sorts on, for one item.</summary>
public readonly record struct ListedItem(string Name, string Arn, DateTimeOffset CreationTime, DateTimeOffset? LastModifiedTime, string? Status);

/// <summary>What every control-plane List* request has: the model gives them the same members.</summary>
public interface IListRequest
{
    string? NameContains { get; }
    DateTimeOffset? CreationTimeAfter { get; }
    DateTimeOffset? CreationTimeBefore { get; }
    string? SortBy { get; }
    string? SortOrder { get; }
    int? MaxResults { get; }
    string? NextToken { get; }
}

/// <summary>What the List* of resources with a status add: jobs and endpoints.</summary>
public interface IListRequestWithStatus : IListRequest
{
    DateTimeOffset? LastModifiedTimeAfter { get; }
    DateTimeOffset? LastModifiedTimeBefore { get; }
    string? StatusEquals { get; }
}

/// <summary>
/// The filters and sort of a control-plane List* call (ListTrainingJobs, ListModels, ListEndpoints, ...).
/// Members a call does not have stay null. Time bounds are strict ("created after", "before").
/// </summary>
public sealed record ListQuery(
    string Operation,
    string? NameContains = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    DateTimeOffset? ModifiedAfter = null,
    DateTimeOffset? ModifiedBefore = null,
    string? StatusEquals = null,
    string? SortBy = null,
    string? SortOrder = null,
    int? MaxResults = null,
    string? NextToken = null,
    string? Extra = null)
{
    /// <summary>A request's query; <paramref name="extra"/> holds the filters only that operation has (for the paging fingerprint).</summary>
    public static ListQuery Of(string operation, IListRequest r, string? extra = null)
    {
        var status = r as IListRequestWithStatus;
        return new(operation, r.NameContains, r.CreationTimeAfter, r.CreationTimeBefore, status?.LastModifiedTimeAfter,
            status?.LastModifiedTimeBefore, status?.StatusEquals, r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, extra);
    }
}

public static class Listing
{
    /// <summary>
    /// One page, sorted by CreationTime (the default), Name or Status, the ARN breaking ties. The default
    /// order differs per operation (ListTrainingJobs Ascending, ListEndpoints Descending, ...), as the API
    /// reference states for each.
    /// </summary>
    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, ListedItem> describe, ListQuery q,
        string defaultOrder)
    {
        var by = q.SortBy ?? "CreationTime";
        var order = q.SortOrder ?? defaultOrder;
        var rows = items.Select(i => (Item: i, Row: describe(i))).Where(x => Matches(x.Row, q)).ToList();
        var fingerprint = Paging.Fingerprint(q.Operation, q.NameContains, q.CreatedAfter, q.CreatedBefore, q.ModifiedAfter,
            q.ModifiedBefore, q.StatusEquals, q.Extra, by, order);
        var (page, next) = Paging.Page(rows, x => Key(x.Row, by), order == SortOrderValues.Descending, q.MaxResults ?? 10,
            q.NextToken, fingerprint, SageMakerService.InvalidNextToken);
        return ([.. page.Select(x => x.Item)], next);
    }

    private static Paging.Key Key(ListedItem row, string by) => by switch
    {
        "Name" => new(row.Name, row.Arn),
        "Status" => new(row.Status ?? "", row.Arn),
        _ => new(Paging.TimeKey(row.CreationTime), row.Arn),
    };

    private static bool Matches(ListedItem row, ListQuery q) =>
        (q.NameContains is null || row.Name.Contains(q.NameContains, StringComparison.OrdinalIgnoreCase))
        && (q.CreatedAfter is null || row.CreationTime > q.CreatedAfter)
        && (q.CreatedBefore is null || row.CreationTime < q.CreatedBefore)
        && (q.ModifiedAfter is null || row.LastModifiedTime > q.ModifiedAfter)
        && (q.ModifiedBefore is null || row.LastModifiedTime < q.ModifiedBefore)
        && (q.StatusEquals is null || row.Status == q.StatusEquals);
}
