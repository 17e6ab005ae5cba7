namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// The AWS Organization of the organization scenario, declared in an accounts file that every conformance
/// emulator (process or in process) starts with: management account 777777777777, member 888888888888 in an
/// OU. 999999999999 and the other scenarios' accounts are outside it, so their results do not change.
/// </summary>
public sealed class ConformanceOrganization : IDisposable
{
    private const string Organization = """
        "organization": {"id": "o-conformance1", "managementAccount": "777777777777",
          "organizationalUnits": {"ou-conf-11111111": "root"}, "accounts": {"888888888888": "ou-conf-11111111"}}
        """;

    /// <param name="accessKeys">More members of the file (access keys), e.g. with secrets for --verify-signatures.</param>
    public ConformanceOrganization(string accessKeys = "") =>
        File.WriteAllText(AccountsFile, "{" + Organization + (accessKeys.Length > 0 ? ", " + accessKeys : "") + "}");

    public string AccountsFile { get; } = Path.Combine(Path.GetTempPath(), $"lineage-conformance-accounts-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(AccountsFile);
}
