using System.ComponentModel;
using System.Diagnostics;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>Runs a program a test needs (apt-get, npm) to completion, failing the test with its output if it fails.</summary>
public static class ExternalCommand
{
    public static async Task Run(string file, string[] args, string? workingDirectory = null, string? install = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{file} is not installed ({e.Message}){(install is null ? "" : ": " + install)}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}
