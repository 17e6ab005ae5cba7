using System.Diagnostics;
using System.Text;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.CommandLine;

/// <summary>The built emulator (`dotnet LineageEmulator.dll`), run as a user runs it, with no LINEAGE_* settings inherited.</summary>
public sealed class BuiltBinary : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private BuiltBinary(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string StandardOutput { get { lock (stdout) return stdout.ToString(); } }
    public string StandardError { get { lock (stderr) return stderr.ToString(); } }

    public static BuiltBinary Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(EmulatorProcess.EmulatorDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("LINEAGE_", StringComparison.Ordinal) || k == "ASPNETCORE_URLS").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new BuiltBinary(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs to completion; a run that is still going after the bound started the emulator instead of answering.</summary>
    public static async Task<(int Exit, string Out, string Err)> Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var run = Start(args, environment);
        using var bound = new CancellationTokenSource(Bound);
        try
        {
            await run.process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"still running after {Bound.TotalSeconds} s (it started the emulator?):\n{run.StandardOutput}{run.StandardError}");
        }
        run.process.WaitForExit(); // flushes the redirected streams
        return (run.process.ExitCode, run.StandardOutput, run.StandardError);
    }

    /// <summary>Waits, with a bound, until standard output holds a line starting with <paramref name="prefix"/> (after trimming).</summary>
    public async Task<string> WaitForLine(string prefix)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            var line = StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null) return line;
            if (process.HasExited) throw new InvalidOperationException($"exited with {process.ExitCode}:\n{StandardOutput}{StandardError}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"no line starting '{prefix}':\n{StandardOutput}{StandardError}");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
