using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LineageEmulator.Tests.Persistence;

/// <summary>The real emulator as a child process (`dotnet LineageEmulator.dll`), for kill -9, second-instance and browser tests.</summary>
public sealed class EmulatorProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private EmulatorProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public HttpClient Http { get; }
    public string StandardError { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>The built emulator: the test project references it, so its dll and runtimeconfig sit beside ours.</summary>
    public static string EmulatorDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "LineageEmulator.dll");
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "LineageEmulator.runtimeconfig.json")))
                throw new FileNotFoundException("LineageEmulator.runtimeconfig.json is not in the test output; build the emulator project", dll);
            return dll;
        }
    }

    /// <summary>
    /// Starts the emulator on the directory. <paramref name="unprivileged"/>: file permissions must bind it, so
    /// when the tests run as root it runs as nobody (setpriv), since root may write any file.
    /// </summary>
    public static EmulatorProcess Start(string dataDir, bool unprivileged = false) => Start(["--data-dir", dataDir], unprivileged);

    /// <summary>An emulator keeping its state in memory, with the extra options given.</summary>
    public static EmulatorProcess StartInMemory(params string[] options) => Start(options, false);

    private static EmulatorProcess Start(string[] options, bool unprivileged)
    {
        var port = FreePort();
        var asNobody = unprivileged && Environment.IsPrivilegedProcess;
        var info = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (asNobody)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" }) info.ArgumentList.Add(arg);
            info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }
        foreach (var arg in new[] { EmulatorDll, "--urls", $"http://127.0.0.1:{port}", "--log-level", "Warning" }.Concat(options))
            info.ArgumentList.Add(arg);
        // The emulator reads LINEAGE_* settings from the environment; a test's state must not depend on the shell's.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("LINEAGE_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var emulator = new EmulatorProcess(process, port);
        process.ErrorDataReceived += (_, e) => { lock (emulator.stderr) emulator.stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return emulator;
    }

    /// <summary>Waits until /_emulator/health answers, or fails with what the process said.</summary>
    public async Task WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"emulator exited with {process.ExitCode}: {StandardError}");
            try
            {
                if ((await Http.GetAsync("/_emulator/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("emulator did not become ready: " + StandardError);
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public int WaitExit()
    {
        if (!process.WaitForExit(30_000)) throw new TimeoutException("emulator did not exit");
        process.WaitForExit(); // flushes the redirected streams
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        Http.Dispose();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
