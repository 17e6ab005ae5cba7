using Xunit.Abstractions;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>A test class of one client: one emulator process for its scenarios, and the script runner.</summary>
public abstract class ClientSuite(EmulatorProcess emulator, ITestOutputHelper output)
{
    protected EmulatorProcess Emulator { get; } = emulator;
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Runs a scenario script; the test fails unless it exits 0, and shows everything it printed.</summary>
    protected async Task RunScript(string program, string script, string workingDirectory)
    {
        var runId = ScriptEnvironment.NewRunId();
        var result = await ExternalProcess.RunAsync(program, [script], workingDirectory,
            ScriptEnvironment.For(Emulator, runId), TimeSpan.FromMinutes(3));
        Output.WriteLine($"run id {runId}, emulator {Emulator.Endpoint}");
        Output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, $"{script} failed (run id {runId}):\n{result}\n--- emulator log (tail) ---\n{Tail(Emulator.Log)}");
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : "..." + log[^4000..];
}
