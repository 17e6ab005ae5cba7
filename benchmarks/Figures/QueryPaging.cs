using System.Diagnostics;
using System.Text.Json;

namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// QueryLineage paged to the end against its first page: a binary tree of 1,023 artifacts (the start and 1,022
/// reached), Direction Both, IncludeEdges, MaxResults 50, so 21 pages. Paging should not walk the graph again.
/// Measured on the emulator's Native AOT binary in a process of its own, as issue 11 measured it: in this process
/// the JIT's tiers move under the figure (a first page ran 1 to 4 ms from one run to the next).
/// </summary>
public static class QueryPaging
{
    public const int Vertices = 1_023;

    public static async Task Run(Bench bench, Report report)
    {
        var aot = await AotServers.PublishAsync(bench.Options);
        await using var server = await ServerProcess.StartAsync(aot.Emulator);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(server.Url) };
        var account = bench.NewAccount();
        Task<string> Call(string operation, string body) => Bench.Call(http, account, operation, body);
        var arns = new string[Vertices];
        await bench.Fill(Vertices, async i => arns[i] = Bench.ArnOf(await Call("CreateArtifact",
            $$$"""{"ArtifactType":"Tree","Source":{"SourceUri":"s3://tree/{{{i}}}"}}"""), "ArtifactArn"));
        // Vertex i's children are 2i+1 and 2i+2: depth d holds 2^d vertices, the deepest (9) within MaxDepth 10.
        await bench.Fill(Vertices - 1, i => Call("AddAssociation",
            $$"""{"SourceArn":"{{arns[(i + 1 - 1) / 2]}}","DestinationArn":"{{arns[i + 1]}}"}"""));
        var query = $$"""{"StartArns":["{{arns[0]}}"],"Direction":"Both","IncludeEdges":true,"MaxResults":50""";

        // Every page, the first alone included, is read as a client reads it (its vertices counted, its token taken),
        // over one lean keep-alive connection, so both sides of the ratio do the same client work per call.
        using var lean = new LeanClient(server.Url);
        (int Vertices, string? Token) Page(string? token)
        {
            var body = token is null ? query + "}" : query + $$""","NextToken":{{JsonSerializer.Serialize(token)}}}""";
            var answer = lean.Call(account, "QueryLineage", body);
            var reader = new Utf8JsonReader(answer);
            int vertices = 0, depth = 0;
            var inVertices = false;
            string? next = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when depth == 1:
                        if (reader.ValueTextEquals("NextToken"u8))
                        {
                            reader.Read();
                            next = reader.GetString();
                        }
                        else inVertices = reader.ValueTextEquals("Vertices"u8);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        // A vertex is an object directly in the Vertices array.
                        if (reader.TokenType == JsonTokenType.StartObject && depth == 2 && inVertices) vertices++;
                        depth++;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                }
            }
            return (vertices, next);
        }
        var pages = 0;
        void ToTheEnd()
        {
            string? token = null;
            var vertices = 0;
            pages = 0;
            do
            {
                var (count, next) = Page(token);
                vertices += count;
                token = next;
                pages++;
            } while (token is not null);
            if (vertices != Vertices) throw new InvalidOperationException($"paged {vertices} vertices, expected {Vertices}");
        }
        // The two alternate, a first page then a whole paging, so both meet the same machine state.
        var first = new List<double>();
        var whole = new List<double>();
        var until = Stopwatch.GetTimestamp() + bench.Options.Seconds * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until)
        {
            var t = Stopwatch.GetTimestamp();
            Page(null);
            first.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            ToTheEnd();
            whole.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        // One later page on its own, by the first page's token: once the walk is kept, what a page costs is a call;
        // and what any call costs here, for scale.
        var secondPage = Page(null).Token;
        var later = Median(Repeat(() => Page(secondPage)));
        var describe = $$"""{"ArtifactArn":"{{arns[1]}}"}""";
        var call = Median(Repeat(() => lean.Call(account, "DescribeArtifact", describe).Length));
        var ratio = Median(whole) / Median(first);
        report.Add($"QueryLineage paged to the end ({Vertices:N0} vertices, {pages} pages of 50) vs first page, p50, Native AOT",
            $"{Median(whole):F1} ms vs {Median(first):F1} ms = {ratio:F1}× (a later page alone {later:F2} ms; a DescribeArtifact call {call:F2} ms)", "≤ 2×", ratio <= 2);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static List<double> Repeat<T>(Func<T> call)
    {
        var times = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var t = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return times;
    }
}
