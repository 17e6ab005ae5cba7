using System.Diagnostics;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// The environment every client script runs with: the emulator's endpoint, a run id, and no trace of the
/// machine's own AWS configuration (profiles, credentials, IMDS), so a developer's ~/.aws cannot change results.
/// </summary>
public static class ScriptEnvironment
{
    public static Dictionary<string, string> For(EmulatorProcess emulator, string runId) => new()
    {
        ["LINEAGE_ENDPOINT"] = emulator.Endpoint,
        ["LINEAGE_RUN_ID"] = runId,
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = "",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONUNBUFFERED"] = "1",
    };

    public static void Apply(ProcessStartInfo info, IReadOnlyDictionary<string, string> env)
    {
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in env) info.Environment[key] = value;
    }

    /// <summary>Alphanumeric (lineage entity names allow only letters, digits and '-') and unique per test.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N")[..10];
}
