using System.Reflection;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>Locations baked in at build time (see the csproj's AssemblyMetadata items).</summary>
public static class Paths
{
    /// <summary>
    /// The emulator this build produced; LINEAGE_CONFORMANCE_EMULATOR_DLL points the suite at another build
    /// (e.g. a Release output) without rebuilding this project.
    /// </summary>
    public static string EmulatorDll =>
        Environment.GetEnvironmentVariable("LINEAGE_CONFORMANCE_EMULATOR_DLL") is { Length: > 0 } other ? other : Metadata("EmulatorDll");

    /// <summary>The sdk-conformance source folder: the scripts run from here, node_modules is installed here.</summary>
    public static string ConformanceDir => Metadata("ConformanceDir");

    public static string Python => Path.Combine(ConformanceDir, "python");
    public static string Js => Path.Combine(ConformanceDir, "js");
    public static string Cli => Path.Combine(ConformanceDir, "cli");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing: rebuild the sdk-conformance project");
}
