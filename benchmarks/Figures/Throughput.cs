namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Request throughput over loopback HTTP. CreateArtifact on the in-process emulator, for reference; then issue
/// 11's read figure as the issue measured it: DescribeArtifact on the emulator's Native AOT binary beside the
/// bare AOT minimal API that only reads the body and answers a constant (the ceiling of the stack), each in its
/// own process, driven by the same wrk command (16 keep-alive connections by default) in the same run.
/// </summary>
public static class Throughput
{
    public static async Task Run(Bench bench, Report report)
    {
        var clients = bench.Options.Clients;
        var writer = bench.NewAccount();
        var created = await bench.Load(clients, (c, i) => bench.Call(writer, "CreateArtifact",
            $$$"""{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/{{{c}}}/{{{i}}}"}}"""));
        report.Add($"CreateArtifact, {clients} clients, in memory, in process", $"{created.Rate:F0}/s, p50 {created.P(50):F2} ms, p99 {created.P(99):F2} ms", "(reference)");

        var aot = await AotServers.PublishAsync(bench.Options);
        await using var emulator = await ServerProcess.StartAsync(aot.Emulator);
        await using var bare = await ServerProcess.StartAsync(aot.Bare);
        var reader = bench.NewAccount();
        using var http = new HttpClient { BaseAddress = new Uri(emulator.Url) };
        var arn = Bench.ArnOf(await Bench.Call(http, reader, "CreateArtifact",
            """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/one"}}"""), "ArtifactArn");
        var describe = new Request("DescribeArtifact", reader, $$"""{"ArtifactArn":"{{arn}}"}""");
        // One call first, so a wrong request fails here with the emulator's answer instead of as a rate of
        // errors (each wrk run's count of non-2xx answers is checked as well).
        await Bench.Call(http, reader, describe.Operation, describe.Body);

        var wrk = Wrk.Find();
        // Rounds alternate, and each server's best round counts: other work on this shared machine only ever
        // slows a round down, so the best is the nearest to what the server can do, for both alike.
        double emulatorRate = 0, bareRate = 0;
        for (var round = 0; round < Rounds; round++)
        {
            emulatorRate = Math.Max(emulatorRate, await Rate(bench, wrk, emulator.Url, describe));
            bareRate = Math.Max(bareRate, await Rate(bench, wrk, bare.Url, describe));
        }
        var generator = wrk is null ? ".NET HttpClient in this process (install wrk for the issue's measurement)" : "wrk";
        report.Add($"DescribeArtifact vs bare Kestrel constant, both Native AOT, {clients} connections, {generator}, best of {Rounds} rounds",
            $"{emulatorRate:F0}/s vs {bareRate:F0}/s = {emulatorRate / bareRate:F2}", "≥ 0.90", emulatorRate / bareRate >= 0.9);
    }

    private const int Rounds = 3;

    /// <summary>A SageMaker call as every figure signs it (signatures are not verified by default).</summary>
    private sealed record Request(string Operation, string Account, string Body)
    {
        public string Target => "SageMaker." + Operation;
        public string Authorization => Bench.AuthorizationFor(Account);
    }

    private static async Task<double> Rate(Bench bench, string? wrk, string url, Request request)
    {
        var seconds = Math.Max(1, bench.Options.Seconds / 2);
        if (wrk is not null)
            return await Wrk.Run(wrk, url, $"{Wrk.SageMakerHeaders(request.Account, request.Operation)}\nwrk.body = [[{request.Body}]]\n", bench.Options.Clients, seconds);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url) };
        var load = await bench.Load(bench.Options.Clients, (_, _) => Bench.Call(http, request.Account, request.Operation, request.Body), seconds);
        return load.Rate;
    }
}
