namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// How long a write waits behind long reads: the p99 latency of CreateArtifact from one client while 8 others
/// run a dense QueryLineage without pause (2,000 artifacts, 20,000 associations, Direction Both, MaxDepth 10,
/// so each query walks the whole graph), beside the same writer's p99 with no readers, in the same run.
/// Target (issue 11): ≤ 10 ms while the readers run.
/// </summary>
public static class WriterWait
{
    public const int Vertices = 2_000, Edges = 20_000, Readers = 8;

    public static async Task Run(Bench bench, Report report)
    {
        var account = bench.NewAccount();
        var arns = new string[Vertices];
        await bench.Fill(Vertices, async i => arns[i] = Bench.ArnOf(await bench.Call(account, "CreateArtifact",
            $$$"""{"ArtifactType":"Dense","Source":{"SourceUri":"s3://dense/{{{i}}}"}}"""), "ArtifactArn"));
        // Ten edges out of each vertex, to the next vertices at fixed strides: no pair twice, no self-loop, and
        // every vertex reachable from the start within a few steps either way.
        int[] strides = [1, 3, 7, 13, 31, 61, 127, 251, 499, 997];
        await bench.Fill(Edges, i => bench.Call(account, "AddAssociation",
            $$"""{"SourceArn":"{{arns[i / strides.Length]}}","DestinationArn":"{{arns[(i / strides.Length + strides[i % strides.Length]) % Vertices]}}"}"""));
        var query = $$"""{"StartArns":["{{arns[0]}}"],"Direction":"Both","IncludeEdges":true,"MaxDepth":10,"MaxResults":50}""";

        var writer = bench.NewAccount();
        var seconds = bench.Options.Seconds;
        Task<string> Write(int c, int i) => bench.Call(writer, "CreateArtifact",
            $$$"""{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://writer/{{{c}}}/{{{i}}}"}}""");

        var alone = await bench.Load(1, (c, i) => Write(c, -i - 1));
        // Collections stop every thread, the writer's and the readers' alike: their share of the run is printed beside the figure.
        var gcPaused = GC.GetTotalPauseDuration();
        // The readers run a second longer than the writer, so it never writes without them.
        var readers = bench.Load(Readers, (_, _) => bench.Call(account, "QueryLineage", query), seconds + 1);
        var beside = await bench.Load(1, Write);
        var queries = await readers;
        var paused = GC.GetTotalPauseDuration() - gcPaused;
        report.Add($"CreateArtifact p99 while {Readers} clients run dense QueryLineage ({Vertices:N0} vertices, {Edges:N0} edges, Both, depth 10)",
            $"{beside.P(99):F1} ms (p50 {beside.P(50):F1} ms; {alone.P(99):F1} ms with no readers; query p50 {queries.P(50):F0} ms; the GC stopped the process {paused.TotalMilliseconds:F0} ms in {seconds + 1} s)",
            "≤ 10 ms", beside.P(99) <= 10);
    }
}
