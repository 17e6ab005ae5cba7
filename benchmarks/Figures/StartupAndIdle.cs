namespace LineageEmulator.Benchmarks.Figures;

/// <summary>
/// Start-up time and idle resident memory of the emulator's Native AOT binary, each in its own process. Start-up
/// (process start to the first health answer) is compared with the bare AOT minimal API started the same way,
/// alternately, so both pay the same process and runtime start on the same machine state. Idle RSS is read from
/// /proc once the first health check has answered and the process has been idle for a second.
/// </summary>
public static class StartupAndIdle
{
    private const int Starts = 9;

    public static async Task Run(Bench bench, Report report)
    {
        var aot = await AotServers.PublishAsync(bench.Options);
        var emulator = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            await using (var e = await ServerProcess.StartAsync(aot.Emulator)) emulator.Add(e.StartupMillis);
            await using (var b = await ServerProcess.StartAsync(aot.Bare)) bare.Add(b.StartupMillis);
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var ratio = Median(emulator) / Median(bare);
        report.Add($"Start-up to first health answer, emulator vs bare minimal API, both Native AOT (median of {Starts})",
            $"{Median(emulator):F0} ms vs {Median(bare):F0} ms = {ratio:F2}×", "≤ 1.2×", ratio <= 1.2);

        var emulatorRss = await IdleRss(aot.Emulator);
        var bareRss = await IdleRss(aot.Bare);
        report.Add($"Idle resident memory of the emulator's Native AOT binary ({aot.Emulator})",
            $"{emulatorRss:F1} MiB (bare minimal API {bareRss:F1} MiB)", "≤ 30 MiB", emulatorRss <= 30);
    }

    private static async Task<double> IdleRss(string binary)
    {
        await using var server = await ServerProcess.StartAsync(binary);
        await Task.Delay(1000);
        return Rss.Bytes(server.Pid) / 1024.0 / 1024.0;
    }
}
