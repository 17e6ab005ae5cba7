using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LineageEmulator.Benchmarks;

/// <summary>
/// The wrk HTTP load generator (Debian package <c>wrk</c>): a C event loop, so it takes little of the CPU the
/// servers share. Each connection is a closed loop: it sends its next request when the answer to the last comes.
/// </summary>
public static partial class Wrk
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    /// <summary>Lua that signs every request as <paramref name="account"/> for a SageMaker operation.</summary>
    public static string SageMakerHeaders(string account, string operation) => $"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
        wrk.headers["X-Amz-Target"] = "SageMaker.{operation}"
        wrk.headers["Authorization"] = "{Bench.AuthorizationFor(account)}"
        """;

    /// <summary>Runs <paramref name="script"/> (wrk's Lua) against <paramref name="url"/>; the rate, every answer a 200.</summary>
    public static async Task<double> Run(string wrk, string url, string script, int connections, int seconds)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, script);
            var info = new ProcessStartInfo(wrk, ["-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "-s", file, url + "/"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            // A rate of errors is no rate: every answer must have been a 200.
            if (process.ExitCode != 0 || NonSuccess().IsMatch(output) || SocketErrors().IsMatch(output))
                throw new InvalidOperationException($"wrk against {url} saw errors:\n{output}{await process.StandardError.ReadToEndAsync()}");
            return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally { File.Delete(file); }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors")]
    private static partial Regex SocketErrors();
}
