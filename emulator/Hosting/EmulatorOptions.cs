using Microsoft.Extensions.Logging;

namespace LineageEmulator.Hosting;

/// <summary>
/// The emulator's options, typed. The command line and environment variables set the same properties
/// (<see cref="EmulatorSettings"/> lists each option once); an in-process host takes this object directly.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The port the emulator listens on when no --urls is given: clear of LocalStack's 4566.</summary>
    public const int DefaultPort = 4599;

    /// <summary>Account used when the access key is not 12 digits and not in the accounts file.</summary>
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>Where to listen; null means http://localhost:4599 from the command line, a free 127.0.0.1 port in process.</summary>
    public string? Urls { get; set; }

    /// <summary>JSON file mapping access key ids to account ids (and secrets), read at start into <see cref="AccountsByAccessKey"/>.</summary>
    public string? AccountsFile { get; set; }

    /// <summary>
    /// Access key id to its account (and, for <see cref="VerifySignatures"/>, its secret): given in code, or read
    /// from <see cref="AccountsFile"/>. A plain account id string converts.
    /// </summary>
    public Dictionary<string, AccessKey> AccountsByAccessKey { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether every AWS call must carry a valid SigV4 signature made with its key's secret.</summary>
    public bool VerifySignatures { get; set; }

    /// <summary>
    /// Host names (beside loopback names, IP literals and single-label names) that requests may address:
    /// "name", "*.suffix", or "*" for any. See <see cref="LineageEmulator.Wire.RequestGuard"/>.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The AWS Organization the accounts belong to, from the accounts file's "organization"; none by default.</summary>
    public LineageEmulator.Authorization.Organization? Organization { get; set; }

    /// <summary>How long RAM associations stay ASSOCIATING before they read ASSOCIATED.</summary>
    public TimeSpan RamAssociationDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a training, processing or transform job runs before it completes, and how long an endpoint
    /// takes to create, update or delete (also how long a stop takes).
    /// </summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Directory of the SQLite state file and its lock; null keeps all state in memory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Level of the console log; Information shows one line per AWS call, Warning silences it.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Source of "now"; tests replace it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}

/// <summary>An access key of the accounts file: the account it calls as, and its secret when one is given.</summary>
public sealed record AccessKey(string Account, string? SecretAccessKey = null)
{
    public static implicit operator AccessKey(string account) => new(account);
}
