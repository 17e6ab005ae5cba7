using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.State.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>The state backends the in-process suite runs over.</summary>
public enum TestBackend { Memory, Sqlite }

/// <summary>
/// An in-process emulator (ASP.NET's TestServer). Each test class gets its own instance, and tests use
/// unique names and accounts, so no test depends on data another one made. The suite runs over every
/// backend, as Azurite runs one suite over each of its stores: LineageEmulator.Tests keeps state in memory,
/// and LineageEmulator.Tests.Sqlite compiles the same tests with STATE_SQLITE, so every fixture keeps its
/// state in SQLite in a temporary data directory.
/// </summary>
public class EmulatorFixture : IDisposable
{
#if STATE_SQLITE
    public const TestBackend SuiteBackend = TestBackend.Sqlite;
#else
    public const TestBackend SuiteBackend = TestBackend.Memory;
#endif

    private readonly WebApplicationFactory<Program> factory;
    private readonly string? dataDirectory;
    private static int accountSeed = Random.Shared.Next(100_000, 900_000);

    public EmulatorFixture() : this(SuiteBackend, null) { }

    internal EmulatorFixture(TestBackend backend) : this(backend, null) { }

    /// <summary>An emulator whose options a derived fixture adjusts (an organization, a data directory).</summary>
    protected EmulatorFixture(Action<EmulatorOptions>? configure) : this(SuiteBackend, configure) { }

    private EmulatorFixture(TestBackend backend, Action<EmulatorOptions>? configure)
    {
        Backend = backend;
        if (backend == TestBackend.Sqlite) dataDirectory = Directory.CreateTempSubdirectory("lineage-suite-").FullName;
        var options = new EmulatorOptions { RamAssociationDelay = TimeSpan.Zero, LogLevel = LogLevel.Warning, DataDirectory = dataDirectory };
        configure?.Invoke(options);
        // The per-call request log would bury test output; its own test turns it back on.
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton(options)));
        Http = factory.CreateClient();
    }

    public TestBackend Backend { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => factory.Services;

    /// <summary>A fresh 12-digit account id, so tests never share state.</summary>
    public static string NewAccount() => "1" + Interlocked.Increment(ref accountSeed).ToString("D11");

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public SageMakerClient SageMaker(string account, string region = "us-east-1") => new(Http, account, region);

    public RamClient Ram(string account, string region = "us-east-1") => new(Http, account, region);

    public void Dispose()
    {
        var state = factory.Services.GetRequiredService<StateHost>();
        Http.Dispose();
        factory.Dispose();
        // The host may finish disposing on its own thread; release the data directory before deleting it.
        state.Dispose();
        if (dataDirectory is not null) Directory.Delete(dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The result of one call: HTTP status, the error code if any, and the JSON body.</summary>
public sealed record WireResult(int Status, string? ErrorCode, string? Message, JsonNode? Body, HttpResponseMessage Response)
{
    public JsonNode Ok()
    {
        if (Status != 200) throw new Xunit.Sdk.XunitException($"expected 200, got {Status} {ErrorCode}: {Message}");
        return Body!;
    }

    public WireResult Error(string code, int status = 400)
    {
        Xunit.Assert.True(ErrorCode == code && Status == status, $"expected {status} {code}, got {Status} {ErrorCode}: {Message}");
        return this;
    }
}

public abstract class AwsClientBase(HttpClient http, string account, string region, string service)
{
    public string Account { get; } = account;
    public string Region { get; } = region;

    protected HttpRequestMessage Signed(HttpMethod method, string uri)
    {
        var req = new HttpRequestMessage(method, uri);
        req.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={Account}/20260101/{Region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123");
        req.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        return req;
    }

    protected async Task<WireResult> Send(HttpRequestMessage req)
    {
        var resp = await http.SendAsync(req);
        var text = await resp.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        string? code = null, message = null;
        if ((int)resp.StatusCode != 200)
        {
            code = body?["__type"]?.GetValue<string>();
            message = body?["message"]?.GetValue<string>();
            if (resp.Headers.TryGetValues("X-Amzn-ErrorType", out var header))
                Xunit.Assert.Equal(code, header.Single());
        }
        return new WireResult((int)resp.StatusCode, code, message, body, resp);
    }

    protected static StringContent Json(object body, string contentType)
    {
        var text = body is string s ? s : body is JsonNode n ? n.ToJsonString() : throw new ArgumentException("body must be JSON text or a JsonNode");
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}

/// <summary>A raw awsJson1.1 SageMaker client: what an SDK puts on the wire, without an SDK.</summary>
public sealed class SageMakerClient(HttpClient http, string account, string region) : AwsClientBase(http, account, region, "sagemaker")
{
    public Task<WireResult> Call(string operation, JsonNode body) => Call(operation, body.ToJsonString());

    public Task<WireResult> Call(string operation, string body)
    {
        var req = Signed(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        req.Content = Json(body, "application/x-amz-json-1.1");
        return Send(req);
    }
}

/// <summary>A raw restJson1 RAM client.</summary>
public sealed class RamClient(HttpClient http, string account, string region) : AwsClientBase(http, account, region, "ram")
{
    public Task<WireResult> Post(string path, JsonNode body)
    {
        var req = Signed(HttpMethod.Post, path);
        req.Content = Json(body, "application/json");
        return Send(req);
    }

    public Task<WireResult> Delete(string pathAndQuery) => Send(Signed(HttpMethod.Delete, pathAndQuery));
}
