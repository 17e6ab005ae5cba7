namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Durable writes against in-memory ones: CreateContext from the run's clients (16 by default, as issue 11 asks)
/// on an emulator with a data directory (every write fsynced before its 200, many writes sharing one fsync by
/// group commit) and on one in memory, both started here and loaded alternately, so a burst of other work on
/// the machine does not land on one of them only. Target: the durable rate is at least half the in-memory one.
/// </summary>
public static class DurableWrites
{
    public static async Task Run(Bench bench, Report report)
    {
        var clients = bench.Options.Clients;
        var dir = Directory.CreateTempSubdirectory("lineage-bench-durable-");
        try
        {
            await using var durable = await Bench.StartAsync(bench.Options, dir.FullName);
            await using var memory = await Bench.StartAsync(bench.Options);
            // One round of each first, not counted: in this process the first second of a path measures the JIT's
            // tiers and SQLite's cold pages, not the store.
            await CreateContexts(memory, clients, -1);
            await CreateContexts(durable, clients, -1);
            double durableRate = 0, memoryRate = 0;
            Latencies? lastDurable = null;
            const int rounds = 2;
            for (var round = 0; round < rounds; round++)
            {
                memoryRate += (await CreateContexts(memory, clients, round)).Rate / rounds;
                lastDurable = await CreateContexts(durable, clients, round);
                durableRate += lastDurable.Rate / rounds;
            }
            var ratio = durableRate / memoryRate;
            // A write is answered after the fsync that covers it, and each client has one write in flight, so no
            // durable rate can pass clients / (one fsync): printed beside the figure, from the data directory's disk.
            var fsync = FlushMillis(dir.FullName);
            report.Add($"Durable CreateContext (--data-dir) / in-memory, {clients} clients",
                $"{durableRate:F0}/s vs {memoryRate:F0}/s = {ratio:F2} (durable p99 {lastDurable!.P(99):F1} ms; an fsync here takes {fsync:F2} ms, " +
                $"so {clients} clients can reach at most {clients * 1000 / fsync:F0}/s)", "≥ 0.5", ratio >= 0.5);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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

    private static Task<Latencies> CreateContexts(Bench target, int clients, int round)
    {
        var account = target.NewAccount();
        return target.Load(clients, (c, i) => target.Call(account, "CreateContext",
            $$$"""{"ContextName":"bench-{{{round}}}-{{{c}}}-{{{i}}}","ContextType":"Endpoint","Source":{"SourceUri":"s3://bench/{{{c}}}/{{{i}}}"}}"""),
            target.Options.Seconds / 2.0);
    }
}
