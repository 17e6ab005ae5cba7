// Prints every figure of issue 11's table beside its target, measured in one run on this machine; a figure that
// compares with a baseline (a bare Kestrel app, a first page, the in-memory rate) measures that baseline in the
// same run. Not a test: nothing here asserts a time. Each figure is one static class in Figures/.
//   dotnet run --project benchmarks -c Release [-- --seconds 3 --clients 16 --data-dir DIR
//                                                  --emulator-binary out/LineageEmulator --memory [N] --only Figure,Figure]
// --only runs the named figures (class names in Figures/). --memory adds the memory figure (N contexts and 2N associations; the N is 1,000,000, minutes of filling).
using LineageEmulator.Benchmarks;
using LineageEmulator.Benchmarks.Figures;

var options = BenchOptions.Parse(args);
var report = new Report();
await using (var bench = await Bench.StartAsync(options, options.DataDir))
{
    Console.WriteLine($"emulator at {bench.Url}; {Environment.ProcessorCount} cores; {options.Clients} clients; {options.Seconds} s per figure; " +
        $"state {(options.DataDir is { } dir ? "in SQLite at " + dir : "in memory")}; load average {LoadAverage()}");
    if (options.Runs(nameof(Throughput))) await Throughput.Run(bench, report);
    // Issue 11 part A's figures start the emulators they compare (a durable one, an in-memory one) themselves.
    if (options.Runs(nameof(DurableWrites))) await DurableWrites.Run(bench, report);
    if (options.Runs(nameof(WriterWait))) await WriterWait.Run(bench, report);
    if (options.Runs(nameof(QueryLineageFlat))) await QueryLineageFlat.Run(bench, report);
    if (options.Runs(nameof(QueryPaging))) await QueryPaging.Run(bench, report);
    if (options.Runs(nameof(ListAssociationsPage))) await ListAssociationsPage.Run(bench, report);
    if (options.Runs(nameof(StartupAndIdle))) await StartupAndIdle.Run(bench, report);
}
if (options.MemoryContexts is { } contexts && options.Runs(nameof(EntityMemory)))
{
    // A store of its own, so the other figures' data is not counted.
    await using var bench = await Bench.StartAsync(options);
    await EntityMemory.Run(bench, report, contexts);
}
report.Print();

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
