namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Request throughput over loopback HTTP: CreateArtifact, and DescribeArtifact beside a bare Kestrel minimal API
/// in this process that only reads the body and answers a constant (the ceiling of the stack: issue 11 asks
/// reads to stay at ≥ 90% of it). Both are loaded by the same clients in the same run.
/// </summary>
public static class Throughput
{
    public static async Task Run(Bench bench, Report report)
    {
        var clients = bench.Options.Clients;
        var writer = bench.NewAccount();
        var created = await bench.Load(clients, (c, i) => bench.Call(writer, "CreateArtifact",
            $$$"""{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/{{{c}}}/{{{i}}}"}}"""));
        report.Add($"CreateArtifact, {clients} clients, in memory", $"{created.Rate:F0}/s, p50 {created.P(50):F2} ms, p99 {created.P(99):F2} ms", "(reference)");

        var reader = bench.NewAccount();
        var arn = Bench.ArnOf(await bench.Call(reader, "CreateArtifact",
            """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://bench/one"}}"""), "ArtifactArn");
        var describe = $$"""{"ArtifactArn":"{{arn}}"}""";

        await using var bare = await BareKestrel.StartAsync();
        using var bareHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(bare.Url) };
        // Alternate the two so a burst of other work on the machine does not land on one of them only.
        double emulatorRate = 0, bareRate = 0;
        for (var round = 0; round < 2; round++)
        {
            var described = await bench.Load(clients, (_, _) => bench.Call(reader, "DescribeArtifact", describe), bench.Options.Seconds / 2.0);
            var constant = await bench.Load(clients, async (_, _) =>
            {
                using var content = new StringContent(describe, System.Text.Encoding.UTF8, "application/x-amz-json-1.1");
                using var resp = await bareHttp.PostAsync("/", content);
                await resp.Content.ReadAsStringAsync();
            }, bench.Options.Seconds / 2.0);
            emulatorRate += described.Rate / 2;
            bareRate += constant.Rate / 2;
        }
        report.Add($"DescribeArtifact vs bare Kestrel constant, {clients} clients", $"{emulatorRate:F0}/s vs {bareRate:F0}/s = {emulatorRate / bareRate:F2}",
            "≥ 0.90", emulatorRate / bareRate >= 0.9);
    }
}

/// <summary>A minimal API that reads a POST body and answers a constant: the figure reads are compared with.</summary>
public sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication app;
    public string Url { get; }

    private BareKestrel(WebApplication app) => (this.app, Url) = (app, app.Urls.First());

    public static async Task<BareKestrel> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        Map(app);
        await app.StartAsync();
        return new BareKestrel(app);
    }

    /// <summary>The routes: a constant for any POST, and a health check for start-up timing.</summary>
    public static void Map(WebApplication app)
    {
        var constant = """{"ArtifactArn":"arn:aws:sagemaker:us-east-1:000000000000:artifact/0","ArtifactType":"DataSet"}"""u8.ToArray();
        app.MapPost("/", async (HttpContext http) =>
        {
            using var body = new StreamReader(http.Request.Body);
            await body.ReadToEndAsync();
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.Body.WriteAsync(constant);
        });
        app.MapGet("/_emulator/health", () => "ok");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
