using System.Diagnostics;
using System.Net.Sockets;

namespace LineageEmulator.Benchmarks;

/// <summary>
/// The two Native AOT binaries issue 11 compares: the emulator and a bare minimal API (benchmarks/BareKestrel).
/// Each is published once per run, before any figure starts its clock, so no publish time is measured.
/// </summary>
public sealed class AotServers
{
    public string Emulator { get; }
    public string Bare { get; }

    private AotServers(string emulator, string bare) => (Emulator, Bare) = (emulator, bare);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static AotServers? published;

    /// <summary>
    /// Publishes what the run needs: the bare app always, the emulator unless --emulator-binary names one. A
    /// publish that is up to date costs seconds (the native compiler skips unchanged input).
    /// </summary>
    public static async Task<AotServers> PublishAsync(BenchOptions options)
    {
        await Once.WaitAsync();
        try
        {
            if (published is not null) return published;
            var root = RepositoryRoot();
            var into = Path.Combine(root, "benchmarks", "bin", "aot");
            var bare = await Publish(Path.Combine(root, "benchmarks", "BareKestrel"), Path.Combine(into, "bare"), "BareKestrel");
            var emulator = options.EmulatorBinary is { } given
                ? Given(given, root)
                : await Publish(Path.Combine(root, "emulator"), Path.Combine(into, "emulator"), "LineageEmulator");
            return published = new AotServers(emulator, bare);
        }
        finally { Once.Release(); }
    }

    // `dotnet run --project benchmarks` runs in benchmarks/, so a relative path is also looked for from the clone's root.
    private static string Given(string path, string root) =>
        new[] { Path.GetFullPath(path), Path.GetFullPath(path, root) }.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException("no emulator binary at " + path);

    private static async Task<string> Publish(string project, string output, string binary)
    {
        Console.WriteLine($"  publishing {Path.GetFileName(project)} with Native AOT to {output} (not timed)");
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo", "-v:q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish {project} failed:\n{await stdout}\n{await stderr}");
        return Path.Combine(output, binary);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LineageEmulator.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from a clone of the repository (no LineageEmulator.sln above " + AppContext.BaseDirectory + ")");
    }
}

/// <summary>
/// A server binary in its own process on a free loopback port, started and waited for until its first health
/// answer (the start-up time), and killed on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    public string Url { get; }
    public double StartupMillis { get; }
    public int Pid => process.Id;

    private ServerProcess(Process process, string url, double startupMillis) =>
        (this.process, Url, StartupMillis) = (process, url, startupMillis);

    public static async Task<ServerProcess> StartAsync(string binary, params string[] arguments)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo(binary, ["--urls", url, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The per-call request log would cost more than the calls being measured (the bare app logs nothing).
        info.Environment["LINEAGE_LOG_LEVEL"] = "Warning";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + binary);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30) || process.HasExited)
                    throw new InvalidOperationException($"{binary} did not answer its health check");
                try
                {
                    using var resp = await http.GetAsync(url + "/_emulator/health");
                    if (resp.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                // Polled, not slept on: a start-up is measured to within this millisecond.
                await Task.Delay(1);
            }
            return new ServerProcess(process, url, clock.Elapsed.TotalMilliseconds);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
