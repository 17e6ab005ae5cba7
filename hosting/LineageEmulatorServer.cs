using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace LineageEmulator.Hosting;

/// <summary>
/// The emulator inside this process: the same application the command line runs, on 127.0.0.1 and a free port
/// (unless <see cref="EmulatorOptions.Urls"/> says otherwise), with state of its own. Several can run side by
/// side; each is stopped by disposing it.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await LineageEmulatorServer.StartAsync(new EmulatorOptions { RamAssociationDelay = TimeSpan.Zero });
/// var config = new AmazonSageMakerConfig { ServiceURL = emulator.ServiceUrl, AuthenticationRegion = "us-east-1" };
/// </code>
/// </example>
public sealed class LineageEmulatorServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly WebApplication app;
    private readonly HttpClient http;

    private LineageEmulatorServer(WebApplication app, EmulatorOptions options)
    {
        this.app = app;
        Options = options;
        ServiceUrl = EmulatorHost.ServiceUrl(app);
        http = new HttpClient { BaseAddress = new Uri(ServiceUrl), Timeout = ReadyTimeout };
    }

    /// <summary>The endpoint to give the AWS SDKs (ServiceURL / endpoint_url / AWS_ENDPOINT_URL), e.g. http://127.0.0.1:41234.</summary>
    public string ServiceUrl { get; }

    /// <summary>The options this emulator runs with (the accounts file, if any, already read into them).</summary>
    public EmulatorOptions Options { get; }

    /// <summary>
    /// Starts an emulator and returns once it answers. Options are checked as the command line checks them:
    /// a bad value throws <see cref="InvalidEmulatorOptionException"/>.
    /// </summary>
    public static async Task<LineageEmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var app = EmulatorHost.Build([], options);
        LineageEmulatorServer? server = null;
        try
        {
            await app.StartAsync(cancellationToken);
            server = new LineageEmulatorServer(app, options);
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (server is not null) await server.DisposeAsync();
            else await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the health endpoint answers "ok", polling with a bound (30 s), as a client would.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/_emulator/health", timeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the emulator at {ServiceUrl} did not answer within {ReadyTimeout.TotalSeconds} s");
        }
    }

    /// <summary>Removes all state, or one account's (every region); returns how many rows went.</summary>
    public async Task<int> ResetAsync(string? account = null, CancellationToken cancellationToken = default)
    {
        var path = account is null ? "/_emulator/reset" : "/_emulator/reset?account=" + Uri.EscapeDataString(account);
        using var document = JsonDocument.Parse(await Send(HttpMethod.Post, path, null, cancellationToken));
        return document.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>The whole state as one JSON document, the format of GET /_emulator/state.</summary>
    public Task<string> ExportStateAsync(CancellationToken cancellationToken = default) =>
        Send(HttpMethod.Get, "/_emulator/state", null, cancellationToken);

    /// <summary>Replaces all state with an exported document; a bad document throws and changes nothing.</summary>
    public async Task ImportStateAsync(string document, CancellationToken cancellationToken = default) =>
        await Send(HttpMethod.Post, "/_emulator/state", document, cancellationToken);

    /// <summary>Through the operational endpoints, so a test gets exactly what curl gets.</summary>
    private async Task<string> Send(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
