using System.Diagnostics;
using System.Globalization;
using System.Text;
using LineageEmulator.Hosting;

namespace LineageEmulator.Benchmarks;

/// <summary>The command line of the benchmark program.</summary>
public sealed record BenchOptions(int Seconds, int Clients, string? DataDir, int? MemoryContexts, string? EmulatorBinary,
    IReadOnlyList<string>? Only)
{
    /// <summary>Whether this run measures the figure (all of them unless --only names some).</summary>
    public bool Runs(string figure) => Only is null || Only.Contains(figure, StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int? Number(string name) => Value(name) is { } v && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : null;
        // --memory takes an optional count of contexts (each with two associations); 1,000,000 is the figure.
        var memoryAt = Array.IndexOf(args, "--memory");
        int? memory = memoryAt < 0 ? null : Number("--memory") ?? 1_000_000;
        return new(Number("--seconds") ?? 3, Number("--clients") ?? 16, Value("--data-dir"), memory, Value("--emulator-binary"),
            Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

/// <summary>
/// The emulator in this process over loopback HTTP, with the plumbing every figure shares: signed-looking calls
/// (signatures are not verified by default), closed-loop load from several clients, and latency percentiles.
/// </summary>
public sealed class Bench : IAsyncDisposable
{
    private readonly WebApplication app;
    private int accounts;

    public BenchOptions Options { get; }
    public HttpClient Http { get; }
    public string Url { get; }

    private Bench(BenchOptions options, WebApplication app, string url)
    {
        Options = options;
        this.app = app;
        Url = url;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url) };
    }

    public static async Task<Bench> StartAsync(BenchOptions options, string? dataDir = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The per-call request log would cost more than the calls being measured.
        builder.Configuration["log-level"] = "Warning";
        // With a data directory every write is fsynced before it is acknowledged: that cost shows in the figures.
        if (dataDir is not null) builder.Configuration["data-dir"] = dataDir;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        EmulatorHost.ConfigureServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        EmulatorHost.MapRoutes(app);
        await app.StartAsync();
        return new Bench(options, app, app.Urls.First());
    }

    /// <summary>A fresh account for a figure, so no figure reads another's data.</summary>
    public string NewAccount() => (200_000_000_000L + Interlocked.Increment(ref accounts)).ToString(CultureInfo.InvariantCulture);

    public Task<string> Call(string account, string operation, string body) => Call(Http, account, operation, body);

    /// <summary>A SageMaker call as <paramref name="account"/> to whatever server <paramref name="http"/> addresses.</summary>
    public static async Task<string> Call(HttpClient http, string account, string operation, string body)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        req.Headers.TryAddWithoutValidation("Authorization", AuthorizationFor(account));
        req.Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1");
        using var resp = await http.SendAsync(req);
        var text = await resp.Content.ReadAsStringAsync();
        if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"{operation}: {(int)resp.StatusCode} {text}");
        return text;
    }

    /// <summary>The account's credential, SigV4-shaped; the access key id is the account id.</summary>
    public static string AuthorizationFor(string account) =>
        $"AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0";

    /// <summary>Runs <paramref name="count"/> calls over the figure's clients, as fast as they go (for filling a store).</summary>
    public async Task Fill(int count, Func<int, Task> call)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Options.Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) await call(i);
        })));
    }

    /// <summary>Closed-loop load: each client calls again as soon as its call returns, for the figure's seconds.</summary>
    public async Task<Latencies> Load(int clients, Func<int, int, Task> call, double? seconds = null)
    {
        var until = Stopwatch.GetTimestamp() + (long)((seconds ?? Options.Seconds) * Stopwatch.Frequency);
        var all = new Latencies(seconds ?? Options.Seconds);
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

    public static string ArnOf(string json, string member)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement.GetProperty(member).GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed class Latencies(double seconds)
{
    private readonly List<double> ms = [];
    public int Count { get { lock (ms) return ms.Count; } }
    public double Rate => Count / seconds;
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

/// <summary>The figures of one run, each beside its target, printed as a table at the end.</summary>
public sealed class Report
{
    private readonly List<(string Figure, string Measured, string Target, bool? Met)> rows = [];

    public void Add(string figure, string measured, string target, bool? met = null)
    {
        rows.Add((figure, measured, target, met));
        Console.WriteLine($"  {figure}: {measured} (target {target}){(met is { } m ? m ? "  ok" : "  MISSED" : "")}");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| Figure | Measured | Target | |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (figure, measured, target, met) in rows)
            Console.WriteLine($"| {figure} | {measured} | {target} | {(met is { } m ? m ? "met" : "missed" : "")} |");
    }
}

/// <summary>Resident memory of a process, read the way the kernel reports it.</summary>
public static class Rss
{
    public static long Bytes(int pid = 0)
    {
        var path = pid == 0 ? "/proc/self/status" : $"/proc/{pid}/status";
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("no VmRSS in " + path);
    }

    /// <summary>Collects, compacts and returns freed memory to the system, so RSS shows what is live.</summary>
    public static long Settled()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Bytes();
    }
}
