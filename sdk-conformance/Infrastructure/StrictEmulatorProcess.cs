namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// The emulator with --verify-signatures, its accounts file giving each scenario account (111111111111 to
/// 999999999999, 676767676767, the experiments scenario's 121212121212, and the pipeline's 565656565656 and
/// 343434343434) the secret its client signs with, "conformance-secret-&lt;account&gt;". A client whose canonical
/// request differs from the emulator's in any byte fails here.
/// </summary>
public sealed class StrictEmulatorProcess : EmulatorProcess
{
    public static string SecretOf(string account) => "conformance-secret-" + account;

    // The scenarios' repeated-digit accounts, the single-account scenario's graph account, the experiments
    // scenario's account, and the pipeline scenario's A and B (apart from the organization's).
    private static readonly string[] Accounts =
        [.. Enumerable.Range(1, 9).Select(d => new string((char)('0' + d), 12)), "676767676767", "121212121212", "565656565656", "343434343434"];

    protected override string ExtraAccounts() => string.Join(", ", Accounts
        .Select(a => $"\"{a}\": {{\"account\": \"{a}\", \"secretAccessKey\": \"{SecretOf(a)}\"}}"));

    protected override IEnumerable<string> ExtraArguments() => ["--verify-signatures", "true"];
}
