using System.Diagnostics;
using System.Text;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.CommandLine;

/// <summary>
/// A program run as a user runs it (the built emulator, an installed tool, `dotnet`), with no LINEAGE_* settings
/// inherited, its output captured, and killed on dispose if still running.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private ChildProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string StandardOutput { get { lock (stdout) return stdout.ToString(); } }
    public string StandardError { get { lock (stderr) return stderr.ToString(); } }

    /// <summary>The built emulator: `dotnet LineageEmulator.dll` with these arguments.</summary>
    public static ChildProcess Emulator(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [EmulatorProcess.EmulatorDll, .. args], environment);

    public static ChildProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("LINEAGE_", StringComparison.Ordinal) || k == "ASPNETCORE_URLS").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start"));
    }

    /// <summary>The built emulator run to completion; still running after the bound means it started instead of answering.</summary>
    public static Task<(int Exit, string Out, string Err)> RunEmulator(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Emulator(args, environment).Finish(DefaultBound);

    /// <summary>Waits, with a bound, for the exit; returns the exit code and everything printed. Disposes this.</summary>
    public async Task<(int Exit, string Out, string Err)> Finish(TimeSpan bound)
    {
        using var self = this;
        using var cancel = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{process.StartInfo.FileName} still running after {bound.TotalSeconds} s:\n{StandardOutput}{StandardError}");
        }
        process.WaitForExit(); // flushes the redirected streams
        return (process.ExitCode, StandardOutput, StandardError);
    }

    /// <summary>Waits, with a bound, until standard output holds a line starting with <paramref name="prefix"/> (after trimming).</summary>
    public async Task<string> WaitForLine(string prefix)
    {
        var deadline = DateTime.UtcNow + DefaultBound;
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
