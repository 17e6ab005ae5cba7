// Prints figures about the emulator: request throughput over loopback HTTP, and QueryLineage latency on a
// fixed small graph as the rest of the store grows (it should stay flat: traversal reads the adjacency
// index, never the tables). Not a test: nothing here asserts a time.
//   dotnet run --project benchmarks -c Release [-- --seconds 3 --clients 4 --data-dir DIR]
using System.Diagnostics;
using System.Text;
using LineageEmulator.Benchmarks.Figures;
using LineageEmulator.Hosting;

var seconds = Arg("--seconds", 3);
var clients = Arg("--clients", 4);

var builder = WebApplication.CreateSlimBuilder();
// The per-call request log would cost more than the calls being measured.
builder.Configuration["log-level"] = "Warning";
// With a data directory every write is fsynced before it is acknowledged: that cost shows in the figures.
if (Array.IndexOf(args, "--data-dir") is var d and >= 0 && d + 1 < args.Length) builder.Configuration["data-dir"] = args[d + 1];
builder.WebHost.UseUrls("http://127.0.0.1:0");
EmulatorHost.ConfigureServices(builder.Services, builder.Configuration);
await using var app = builder.Build();
EmulatorHost.MapRoutes(app);
await app.StartAsync();
var url = app.Urls.First();
using var http = new HttpClient { BaseAddress = new Uri(url) };

Console.WriteLine($"emulator at {url}; {Environment.ProcessorCount} cores; {clients} clients; {seconds} s per figure; " +
    $"state {(builder.Configuration["data-dir"] is { } dir ? "in SQLite at " + dir : "in memory")}");

// 1. Write throughput: CreateArtifact from several clients at once.
var created = await Load(clients, seconds, (c, i) => Call("100000000001", "CreateArtifact",
    $$$"""{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/{{{c}}}/{{{i}}}"}}"""));
Console.WriteLine($"CreateArtifact: {created.Count / (double)seconds:F0} req/s, p50 {created.P(50):F2} ms, p99 {created.P(99):F2} ms");

// 2. Read throughput: DescribeArtifact of one artifact.
var arn = ArnOf(await Call("100000000002", "CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/one"}}"""));
var described = await Load(clients, seconds, (_, _) => Call("100000000002", "DescribeArtifact", $$"""{"ArtifactArn":"{{arn}}"}"""));
Console.WriteLine($"DescribeArtifact: {described.Count / (double)seconds:F0} req/s, p50 {described.P(50):F2} ms, p99 {described.P(99):F2} ms");

// 3. QueryLineage on a 10-vertex chain while unrelated entities pile up in the same account.
const string account = "100000000003";
var chain = new List<string>();
for (var i = 0; i < 10; i++)
{
    chain.Add(ArnOf(await Call(account, "CreateArtifact", $$$"""{"ArtifactType":"Step{{{i}}}","Source":{"SourceUri":"s3://chain/{{{i}}}"}}""")));
    if (i > 0) await Call(account, "AddAssociation", $$"""{"SourceArn":"{{chain[i - 1]}}","DestinationArn":"{{chain[i]}}"}""");
}
var query = $$"""{"StartArns":["{{chain[0]}}"],"Direction":"Both","IncludeEdges":true,"MaxResults":50}""";
var filled = 0;
foreach (var size in new[] { 0, 10_000, 50_000 })
{
    for (; filled < size; filled++)
        await Call(account, "CreateArtifact", $$$"""{"ArtifactType":"Noise","Source":{"SourceUri":"s3://noise/{{{filled}}}"}}""");
    var q = await Load(1, seconds, (_, _) => Call(account, "QueryLineage", query));
    Console.WriteLine($"QueryLineage (10-vertex chain, {size,6} other entities): p50 {q.P(50):F2} ms, p99 {q.P(99):F2} ms");
}

await app.StopAsync();

// Issue 11's figures, each beside its target; each starts the emulators it compares (a durable one, an in-memory one).
var report = new LineageEmulator.Benchmarks.Report();
var options = LineageEmulator.Benchmarks.BenchOptions.Parse(args);
await using (var bench = await LineageEmulator.Benchmarks.Bench.StartAsync(options))
{
    if (options.Runs(nameof(DurableWrites))) await DurableWrites.Run(bench, report);
    if (options.Runs(nameof(WriterWait))) await WriterWait.Run(bench, report);
}
report.Print();

async Task<string> Call(string acct, string op, string body)
{
    using var req = new HttpRequestMessage(HttpMethod.Post, "/");
    req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + op);
    req.Headers.TryAddWithoutValidation("Authorization",
        $"AWS4-HMAC-SHA256 Credential={acct}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0");
    req.Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1");
    using var resp = await http.SendAsync(req);
    var text = await resp.Content.ReadAsStringAsync();
    if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"{op}: {(int)resp.StatusCode} {text}");
    return text;
}

static string ArnOf(string json)
{
    using var doc = System.Text.Json.JsonDocument.Parse(json);
    return doc.RootElement.GetProperty("ArtifactArn").GetString()!;
}

static async Task<Latencies> Load(int clients, int seconds, Func<int, int, Task> call)
{
    var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
    var all = new Latencies();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await call(c, i);
            all.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })));
    return all;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

sealed class Latencies
{
    private readonly List<double> ms = [];
    public int Count { get { lock (ms) return ms.Count; } }
    public void Add(double v) { lock (ms) ms.Add(v); }
    public double P(int percentile)
    {
        lock (ms)
        {
            var sorted = ms.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
        }
    }
}
