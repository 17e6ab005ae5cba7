namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// QueryLineage on a fixed 10-vertex chain while unrelated entities pile up in the same account: it should stay
/// flat, since the walk reads the adjacency index, never the tables.
/// </summary>
public static class QueryLineageFlat
{
    public static async Task Run(Bench bench, Report report)
    {
        var account = bench.NewAccount();
        var chain = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            chain.Add(Bench.ArnOf(await bench.Call(account, "CreateArtifact",
                $$$"""{"ArtifactType":"Step{{{i}}}","Source":{"SourceUri":"s3://chain/{{{i}}}"}}"""), "ArtifactArn"));
            if (i > 0) await bench.Call(account, "AddAssociation", $$"""{"SourceArn":"{{chain[i - 1]}}","DestinationArn":"{{chain[i]}}"}""");
        }
        var query = $$"""{"StartArns":["{{chain[0]}}"],"Direction":"Both","IncludeEdges":true,"MaxResults":50}""";
        var filled = 0;
        var p50s = new List<double>();
        foreach (var size in new[] { 0, 10_000, 50_000 })
        {
            var from = filled;
            await bench.Fill(size - from, i => bench.Call(account, "CreateArtifact",
                $$$"""{"ArtifactType":"Noise","Source":{"SourceUri":"s3://noise/{{{from + i}}}"}}"""));
            filled = size;
            var q = await bench.Load(1, (_, _) => bench.Call(account, "QueryLineage", query));
            p50s.Add(q.P(50));
        }
        report.Add("QueryLineage p50, 10-vertex chain, with 0 / 10,000 / 50,000 other entities",
            string.Join(" / ", p50s.Select(p => $"{p:F2} ms")), "flat");
    }
}
