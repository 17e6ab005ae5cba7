using System.Diagnostics;

namespace LineageEmulator.Tests;

/// <summary>The committed generated shapes must match what the generator makes from botocore's models.</summary>
public sealed class CodegenDriftTests
{
    [Fact]
    public void Generated_shapes_match_the_official_models()
    {
        var root = RepoRoot();
        var psi = new ProcessStartInfo("python3", ["tools/codegen/generate.py", "--check"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "python3 tools/codegen/generate.py --check failed: " + err);
    }

    /// <summary>
    /// Every model pattern must compile as a .NET regex: they are Java regexes, and one that .NET rejects
    /// would fail the whole pattern table (and so every operation that validates a pattern) at first use.
    /// </summary>
    [Theory]
    [InlineData("LineageEmulator.Model.SageMaker.Patterns")]
    [InlineData("LineageEmulator.Model.Ram.Patterns")]
    public void Every_generated_pattern_compiles(string patterns)
    {
        var type = typeof(LineageEmulator.Model.SageMaker.SageMakerOperations).Assembly.GetType(patterns, throwOnError: true)!;
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(type.TypeHandle);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LineageEmulator.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
