using System.Diagnostics;
using System.Text.Json;

namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// QueryLineage paged to the end against its first page: a binary tree of 1,023 artifacts (the start and 1,022
/// reached), Direction Both, IncludeEdges, MaxResults 50, so 21 pages. Paging should not walk the graph again.
/// </summary>
public static class QueryPaging
{
    public const int Vertices = 1_023;

    public static async Task Run(Bench bench, Report report)
    {
        var account = bench.NewAccount();
        var arns = new string[Vertices];
        await bench.Fill(Vertices, async i => arns[i] = Bench.ArnOf(await bench.Call(account, "CreateArtifact",
            $$$"""{"ArtifactType":"Tree","Source":{"SourceUri":"s3://tree/{{{i}}}"}}"""), "ArtifactArn"));
        // Vertex i's children are 2i+1 and 2i+2: depth d holds 2^d vertices, the deepest (9) within MaxDepth 10.
        await bench.Fill(Vertices - 1, i => bench.Call(account, "AddAssociation",
            $$"""{"SourceArn":"{{arns[(i + 1 - 1) / 2]}}","DestinationArn":"{{arns[i + 1]}}"}"""));
        var query = $$"""{"StartArns":["{{arns[0]}}"],"Direction":"Both","IncludeEdges":true,"MaxResults":50""";

        var first = await bench.Load(1, (_, _) => bench.Call(account, "QueryLineage", query + "}"));
        var pages = 0;
        var whole = await bench.Load(1, async (_, _) =>
        {
            string? token = null;
            var vertices = 0;
            pages = 0;
            do
            {
                var body = token is null ? query + "}" : query + $$""","NextToken":{{JsonSerializer.Serialize(token)}}}""";
                using var doc = JsonDocument.Parse(await bench.Call(account, "QueryLineage", body));
                vertices += doc.RootElement.GetProperty("Vertices").GetArrayLength();
                token = doc.RootElement.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
                pages++;
            } while (token is not null);
            if (vertices != Vertices) throw new InvalidOperationException($"paged {vertices} vertices, expected {Vertices}");
        });
        // One later page on its own, by the first page's token: once the walk is kept, what a page costs is a call.
        string secondPage;
        using (var doc = JsonDocument.Parse(await bench.Call(account, "QueryLineage", query + "}")))
            secondPage = query + $$""","NextToken":{{JsonSerializer.Serialize(doc.RootElement.GetProperty("NextToken").GetString())}}}""";
        var later = await bench.Load(1, (_, _) => bench.Call(account, "QueryLineage", secondPage));
        var ratio = whole.P(50) / first.P(50);
        report.Add($"QueryLineage paged to the end ({Vertices:N0} vertices, {pages} pages of 50) vs first page, p50",
            $"{whole.P(50):F1} ms vs {first.P(50):F1} ms = {ratio:F1}× (a later page alone {later.P(50):F2} ms)", "≤ 2×", ratio <= 2);
    }
}
