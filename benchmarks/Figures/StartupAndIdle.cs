using System.Diagnostics;
using System.Net.Sockets;

namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Start-up time and idle resident memory of the emulator as its own process. Start-up is compared with a bare
/// minimal API (this program with --bare-server) run the same way, so both pay the same runtime start. Idle RSS
/// is read from /proc after the first health check answers and the process has been idle for a second.
/// </summary>
public static class StartupAndIdle
{
    public static async Task Run(Bench bench, Report report)
    {
        var here = AppContext.BaseDirectory;
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var jitEmulator = (dotnet, $"\"{Path.Combine(here, "LineageEmulator.dll")}\"");
        var bare = (dotnet, $"\"{Path.Combine(here, "LineageEmulator.Benchmarks.dll")}\" --bare-server");

        var emulatorStart = new List<double>();
        var bareStart = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            emulatorStart.Add((await Start(jitEmulator)).Millis);
            bareStart.Add((await Start(bare)).Millis);
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var ratio = Median(emulatorStart) / Median(bareStart);
        report.Add("Start-up to first health answer, emulator vs bare minimal API (both JIT, median of 3)",
            $"{Median(emulatorStart):F0} ms vs {Median(bareStart):F0} ms = {ratio:F2}×", "≤ 1.2×", ratio <= 1.2);

        // Idle memory is the shipped binary's: the Native AOT one when given (or found where README's publish puts it).
        var aot = bench.Options.EmulatorBinary ?? (File.Exists("out/LineageEmulator") ? "out/LineageEmulator" : null);
        var idle = await Start(aot is null ? jitEmulator : (Path.GetFullPath(aot), ""), idleRss: true);
        var mib = idle.Rss / 1024.0 / 1024.0;
        report.Add($"Idle resident memory of the emulator ({(aot is null ? "JIT; pass --emulator-binary for the AOT one" : "Native AOT " + aot)})",
            $"{mib:F1} MiB", "≤ 30 MiB", mib <= 30);
    }

    private static async Task<(double Millis, long Rss)> Start((string File, string Args) command, bool idleRss = false)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(command.File, $"{command.Args} --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["LINEAGE_LOG_LEVEL"] = "Warning";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + command.File);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30) || process.HasExited)
                    throw new InvalidOperationException($"{command.File} {command.Args} did not answer its health check");
                try
                {
                    using var resp = await http.GetAsync($"http://127.0.0.1:{port}/_emulator/health");
                    if (resp.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(2);
            }
            var millis = clock.Elapsed.TotalMilliseconds;
            if (idleRss) await Task.Delay(1000);
            return (millis, idleRss ? Rss.Bytes(process.Id) : 0);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
