namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Durable writes against in-memory ones: CreateContext from the run's clients (16 by default, as issue 11 asks)
/// on the emulator's Native AOT binary with a data directory (every write fsynced before its 200, many writes
/// sharing one fsync by group commit) and on the same binary in memory, each in its own process, driven by wrk as
/// the read figure is (a .NET client in this process without it). Each server has a round first that is not
/// counted, then the two alternate, so a burst of other work on the machine does not land on one of them only.
/// Target: the durable rate is at least half the in-memory one.
/// </summary>
public static class DurableWrites
{
    private const int Rounds = 2;

    public static async Task Run(Bench bench, Report report)
    {
        var clients = bench.Options.Clients;
        var seconds = Math.Max(1, bench.Options.Seconds / 2);
        var aot = await AotServers.PublishAsync(bench.Options);
        var dir = Directory.CreateTempSubdirectory("lineage-bench-durable-");
        try
        {
            await using var durable = await ServerProcess.StartAsync(aot.Emulator, "--data-dir", dir.FullName);
            await using var memory = await ServerProcess.StartAsync(aot.Emulator);
            var wrk = Wrk.Find();
            var round = 0;
            Task<double> Rate(ServerProcess server) => CreateContexts(bench, wrk, server.Url, clients, seconds, round++);
            await Rate(memory);
            await Rate(durable);
            double durableRate = 0, memoryRate = 0;
            for (var i = 0; i < Rounds; i++)
            {
                memoryRate += await Rate(memory) / Rounds;
                durableRate += await Rate(durable) / Rounds;
            }
            var ratio = durableRate / memoryRate;
            // Each client has one write in flight and each write waits for the commit after it, so a client's
            // round trip grows by about one commit: printed beside the figure, with what an fsync costs on the disk.
            var fsync = FlushMillis(dir.FullName);
            var generator = wrk is null ? ".NET HttpClient in this process (install wrk for the issue's measurement)" : "wrk";
            report.Add($"Durable CreateContext (--data-dir) / in-memory, both Native AOT, {clients} connections, {generator}",
                $"{durableRate:F0}/s vs {memoryRate:F0}/s = {ratio:F2} (a client's round trip {clients * 1000 / durableRate:F2} ms vs " +
                $"{clients * 1000 / memoryRate:F2} ms; an fsync on this disk takes {fsync:F2} ms)", "≥ 0.5", ratio >= 0.5);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // Names unique to the round, the wrk thread and the request: CreateContext refuses a name taken.
    private static async Task<double> CreateContexts(Bench bench, string? wrk, string url, int clients, int seconds, int round)
    {
        var account = bench.NewAccount();
        if (wrk is not null)
            return await Wrk.Run(wrk, url, Wrk.SageMakerHeaders(account, "CreateContext") + $$$"""

                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("id", threads)
                end
                local made = 0
                function request()
                  made = made + 1
                  return wrk.format(nil, nil, nil, '{"ContextName":"bench-{{{round}}}-' .. id .. '-' .. made ..
                    '","ContextType":"Endpoint","Source":{"SourceUri":"s3://bench/' .. made .. '"}}')
                end
                """, clients, seconds);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url) };
        var load = await bench.Load(clients, (c, i) => Bench.Call(http, account, "CreateContext",
            $$$"""{"ContextName":"bench-{{{round}}}-{{{c}}}-{{{i}}}","ContextType":"Endpoint","Source":{"SourceUri":"s3://bench/{{{c}}}/{{{i}}}"}}"""), seconds);
        return load.Rate;
    }

    // The median time to write a page to a file in the directory and flush it to the disk.
    private static double FlushMillis(string directory)
    {
        var path = Path.Combine(directory, "fsync-probe");
        var page = new byte[4096];
        var times = new List<double>();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            for (var i = 0; i < 200; i++)
            {
                file.Write(page);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                file.Flush(flushToDisk: true);
                times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        File.Delete(path);
        return times.Order().ElementAt(times.Count / 2);
    }
}
