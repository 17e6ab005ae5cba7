namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// One page of 100 of ListAssociations in an account holding many associations: the first page in the default
/// order, a filtered and re-sorted page, and a page far into the listing (by NextToken). Then sparse filters at
/// 20,000: one association in 1,000 of type DerivedFrom, one source context in 200 (its 100 edges) of type Rare, and a
/// creation-time window holding the newest 20 associations.
/// </summary>
public static class ListAssociationsPage
{
    public static async Task Run(Bench bench, Report report)
    {
        const int sources = 200, destinations = 100;
        var account = bench.NewAccount();
        var arns = new string[sources + destinations];
        await bench.Fill(arns.Length, async i => arns[i] = Bench.ArnOf(await bench.Call(account, "CreateContext",
            $$$"""{"ContextName":"c{{{i}}}","ContextType":"{{{(i == 0 ? "Rare" : i < sources ? "Source" : "Sink")}}}","Source":{"SourceUri":"s3://c/{{{i}}}"}}"""), "ContextArn"));
        await bench.Fill(sources * destinations, i => bench.Call(account, "AddAssociation",
            $$"""{"SourceArn":"{{arns[i / destinations]}}","DestinationArn":"{{arns[sources + i % destinations]}}","AssociationType":"{{(i % 1000 == 999 ? "DerivedFrom" : i % 2 == 0 ? "ContributedTo" : "Produced")}}"}"""));
        await Measure(bench, report, account, sources * destinations);

        async Task<double> P50(string body) => (await bench.Load(1, (_, _) => bench.Call(account, "ListAssociations", body))).P(50);
        var rareType = await P50("""{"MaxResults":100,"AssociationType":"DerivedFrom"}""");
        var rareTypeByDestination = await P50("""{"MaxResults":100,"AssociationType":"DerivedFrom","SortBy":"DestinationArn","SortOrder":"Ascending"}""");
        var rareSource = await P50("""{"MaxResults":100,"SourceType":"Rare"}""");
        var rareSourceBySource = await P50("""{"MaxResults":100,"SourceType":"Rare","SortBy":"SourceArn"}""");
        // A time window holding the newest 20 associations (1 in 1,000), sorted by source.
        using var newest = System.Text.Json.JsonDocument.Parse(await bench.Call(account, "ListAssociations", """{"MaxResults":20}"""));
        var times = newest.RootElement.GetProperty("AssociationSummaries").EnumerateArray().Select(x => x.GetProperty("CreationTime").GetRawText()).ToList();
        var window = await P50($$"""{"MaxResults":100,"CreatedAfter":{{times[^1]}},"CreatedBefore":{{times[0]}},"SortBy":"SourceArn"}""");
        report.Add($"ListAssociations, sparse filters, {sources * destinations:N0} associations in the account, p50 (HTTP round trip)",
            $"1 in 1,000 by AssociationType: newest first {rareType:F2} ms, by destination {rareTypeByDestination:F2} ms; " +
            $"1 in 200 by SourceType: newest first {rareSource:F2} ms, by source {rareSourceBySource:F2} ms; " +
            $"a time window of 20, by source {window:F2} ms", "≤ 1 ms",
            new[] { rareType, rareTypeByDestination, rareSource, rareSourceBySource, window }.Max() <= 1);
    }

    /// <summary>The page figures for an account already holding <paramref name="count"/> associations.</summary>
    public static async Task Measure(Bench bench, Report report, string account, int count)
    {
        async Task<double> P50(string body) => (await bench.Load(1, (_, _) => bench.Call(account, "ListAssociations", body))).P(50);

        var first = await P50("""{"MaxResults":100}""");
        var filtered = await P50("""{"MaxResults":100,"AssociationType":"Produced","SortBy":"SourceArn","SortOrder":"Ascending"}""");
        // A token from the middle of the listing: the page after it should cost what the first does.
        string? token = null;
        for (var i = 0; i < 10; i++)
        {
            var body = token is null ? """{"MaxResults":100}""" : $$"""{"MaxResults":100,"NextToken":{{System.Text.Json.JsonSerializer.Serialize(token)}}}""";
            using var doc = System.Text.Json.JsonDocument.Parse(await bench.Call(account, "ListAssociations", body));
            token = doc.RootElement.GetProperty("NextToken").GetString();
        }
        var deep = await P50($$"""{"MaxResults":100,"NextToken":{{System.Text.Json.JsonSerializer.Serialize(token)}}}""");
        report.Add($"ListAssociations, one page of 100, {count:N0} associations in the account, p50 (HTTP round trip)",
            $"first {first:F2} ms; by type, sorted by source {filtered:F2} ms; 11th page {deep:F2} ms", "≤ 1 ms",
            Math.Max(first, Math.Max(filtered, deep)) <= 1);
    }
}
