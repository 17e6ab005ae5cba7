using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// The real emulator, started as its own process (`dotnet LineageEmulator.dll`) on 127.0.0.1 and a free port,
/// once per test class, and killed when the class is done. Its accounts file declares the organization of the
/// organization scenario (<see cref="ConformanceOrganization"/>).
/// </summary>
public class EmulatorProcess : IConformanceEmulator, IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();
    private readonly ConformanceOrganization _organization;

    public EmulatorProcess() => _organization = new ConformanceOrganization(ExtraAccounts());

    /// <summary>Access keys the accounts file gives beside the organization (JSON members); none by default.</summary>
    protected virtual string ExtraAccounts() => "";

    /// <summary>Options beyond the defaults every run uses.</summary>
    protected virtual IEnumerable<string> ExtraArguments() => [];
    private Process? _process;

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var dll = Paths.EmulatorDll;
        if (!File.Exists(dll))
            throw new InvalidOperationException($"emulator not built: {dll} is missing (the sdk-conformance project builds it; run `dotnet build`)");

        // The port is chosen free but only reserved once the emulator binds it; another process could take it
        // in between, so a start that dies early is retried on a new port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _process = Start(dll, Endpoint);
            if (await WaitUntilReady(_process)) return;
            var exited = _process.HasExited;
            await Stop();
            if (!exited || attempt == 3)
                throw new InvalidOperationException($"the emulator did not answer on {Endpoint} within {StartupTimeout}:\n{Log}");
        }
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    private Process Start(string dll, string url)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var a in new[] { dll, "--urls", url, "--ram-association-delay-ms", "200", "--log-level", "Information", "--accounts-file", _organization.AccountsFile }.Concat(ExtraArguments()))
            info.ArgumentList.Add(a);
        // The emulator reads LINEAGE_* settings (data dir, default account, accounts file) from the environment;
        // the suite's accounts and empty starting state must not depend on the developer's shell.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("LINEAGE_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>Ready = the operational health endpoint answers 200 with status "ok" and in-memory state.</summary>
    private async Task<bool> WaitUntilReady(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) return false;
            try
            {
                using var response = await http.GetAsync(Endpoint + "/_emulator/health");
                var health = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                if (response.IsSuccessStatusCode && health?["status"]?.GetValue<string>() == "ok")
                {
                    // Every run starts from empty state: a data directory left in the environment would leak
                    // one run's entities into the next.
                    Assert.Equal("memory", health["persistence"]?["mode"]?.GetValue<string>());
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            catch (System.Text.Json.JsonException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        await Stop();
        _organization.Dispose();
    }

    private async Task Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }
}
