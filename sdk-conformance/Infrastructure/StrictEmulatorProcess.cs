namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// The emulator with --verify-signatures and an accounts file giving each scenario account (111111111111 to
/// 999999999999) the secret its client signs with, "conformance-secret-&lt;account&gt;". A client whose canonical
/// request differs from the emulator's in any byte fails here.
/// </summary>
public sealed class StrictEmulatorProcess : EmulatorProcess, IDisposable
{
    private readonly string accountsFile = Path.Combine(Path.GetTempPath(), $"lineage-accounts-{Guid.NewGuid():N}.json");

    public static string SecretOf(string account) => "conformance-secret-" + account;

    protected override IEnumerable<string> ExtraArguments()
    {
        var accounts = Enumerable.Range(1, 9).Select(d => new string((char)('0' + d), 12));
        File.WriteAllText(accountsFile, "{" + string.Join(",", accounts.Select(a =>
            $"\"{a}\": {{\"account\": \"{a}\", \"secretAccessKey\": \"{SecretOf(a)}\"}}")) + "}");
        return ["--verify-signatures", "true", "--accounts-file", accountsFile];
    }

    public void Dispose() => File.Delete(accountsFile);
}
