namespace LineageEmulator.Hosting;

public sealed class EmulatorOptions
{
    /// <summary>The port the emulator listens on when no --urls is given: clear of LocalStack's 4566.</summary>
    public const int DefaultPort = 4599;

    /// <summary>Account used when the access key is not 12 digits and not in the accounts file.</summary>
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>Access key id to its account (and, for --verify-signatures, its secret), from the optional accounts file.</summary>
    public Dictionary<string, AccessKey> AccountsByAccessKey { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether every AWS call must carry a valid SigV4 signature made with its key's secret.</summary>
    public bool VerifySignatures { get; set; }

    /// <summary>
    /// Host names (beside loopback names, IP literals and single-label names) that requests may address.
    /// "*" allows any. See <see cref="LineageEmulator.Wire.RequestGuard"/>.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How long RAM associations stay ASSOCIATING before they read ASSOCIATED.</summary>
    public TimeSpan RamAssociationDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Directory of the SQLite state file and its lock; null keeps all state in memory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Source of "now"; tests replace it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}

/// <summary>An access key of the accounts file: the account it calls as, and its secret when one is given.</summary>
public sealed record AccessKey(string Account, string? SecretAccessKey = null)
{
    public static implicit operator AccessKey(string account) => new(account);
}
