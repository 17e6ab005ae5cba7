namespace LineageEmulator.Hosting;

public sealed class EmulatorOptions
{
    /// <summary>The port the emulator listens on when no --urls is given: clear of LocalStack's 4566.</summary>
    public const int DefaultPort = 4599;

    /// <summary>Account used when the access key is not 12 digits and not in the accounts file.</summary>
    public string DefaultAccount { get; set; } = "000000000000";

    /// <summary>Access key id to account id, from the optional accounts file.</summary>
    public Dictionary<string, string> AccountsByAccessKey { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long RAM associations stay ASSOCIATING before they read ASSOCIATED.</summary>
    public TimeSpan RamAssociationDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a training, processing or transform job runs before it completes, and how long an endpoint
    /// takes to create, update or delete (also how long a stop takes).
    /// </summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Directory of the SQLite state file and its lock; null keeps all state in memory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Source of "now"; tests replace it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
