using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Hosting;

/// <summary>A value for an option that the emulator cannot start with; the message names the option and what is wrong.</summary>
public sealed class InvalidEmulatorOptionException(string message) : ArgumentException(message);

/// <summary>
/// One option of the emulator: its command-line flag (also its configuration key), its environment variable,
/// its default as help and README show it, the typed <see cref="EmulatorOptions"/> property it sets, how text
/// becomes that value, what makes a value unusable (checked for text and typed callers alike), and for a switch
/// the value a bare flag means.
/// </summary>
public sealed record EmulatorSetting(
    string Name,
    string ValueName,
    string EnvironmentVariable,
    string DefaultText,
    string Description,
    string Property,
    Action<EmulatorOptions, string> Apply,
    Func<EmulatorOptions, string?>? Problem = null,
    string? ValueWhenBare = null)
{
    /// <summary>A switch (ValueWhenBare "true") may be given bare, as `--name`, as well as `--name value`.</summary>
    public string Flag => "--" + Name;
}

/// <summary>
/// Every option, in one table: the command line, the environment, the typed in-process options, --help and
/// README's option table are all this list (a meta-test holds them to it). Adding an option is one entry.
/// </summary>
public static class EmulatorSettings
{
    public static readonly string DefaultUrls = $"http://localhost:{EmulatorOptions.DefaultPort}";

    public static readonly IReadOnlyList<EmulatorSetting> All =
    [
        new("urls", "urls", "ASPNETCORE_URLS", DefaultUrls, "where to listen (in process: a free 127.0.0.1 port)",
            nameof(EmulatorOptions.Urls), (o, v) => o.Urls = v),
        new("default-account", "account-id", "LINEAGE_DEFAULT_ACCOUNT", "000000000000",
            "account for access keys that are not 12 digits and not in the accounts file",
            nameof(EmulatorOptions.DefaultAccount), (o, v) => o.DefaultAccount = v,
            o => State.AccountIds.IsValid(o.DefaultAccount) ? null : $"'{o.DefaultAccount}' is not a 12-digit account id"),
        new("accounts-file", "file", "LINEAGE_ACCOUNTS_FILE", "none",
            "JSON object mapping access key ids to account ids (or {account, secretAccessKey}), and optionally declaring an AWS Organization",
            nameof(EmulatorOptions.AccountsFile), (o, v) => o.AccountsFile = v,
            o => o.AccountsFile is { } f && !File.Exists(f) ? $"'{f}' does not exist" : null),
        new("ram-association-delay-ms", "ms", "LINEAGE_RAM_ASSOCIATION_DELAY_MS", "200",
            "how long RAM associations read ASSOCIATING before ASSOCIATED",
            nameof(EmulatorOptions.RamAssociationDelay),
            (o, v) => o.RamAssociationDelay = Milliseconds(v),
            o => o.RamAssociationDelay >= TimeSpan.Zero ? null : $"{o.RamAssociationDelay} is negative"),
        new("data-dir", "dir", "LINEAGE_DATA_DIR", "none (in memory)", "keep state in SQLite in this directory",
            nameof(EmulatorOptions.DataDirectory), (o, v) => o.DataDirectory = v),
        new("verify-signatures", "true|false", "LINEAGE_VERIFY_SIGNATURES", "false",
            "require a valid SigV4 signature made with the accounts file's secret for the key",
            nameof(EmulatorOptions.VerifySignatures),
            (o, v) => o.VerifySignatures = bool.TryParse(v, out var on) ? on : throw new FormatException($"'{v}' is not true or false"),
            ValueWhenBare: "true"),
        new("allowed-hosts", "names", "LINEAGE_ALLOWED_HOSTS", "none",
            "comma-separated extra host names requests may address: name, *.suffix, or * for any",
            nameof(EmulatorOptions.AllowedHosts),
            (o, v) => o.AllowedHosts = [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
        new("log-level", "level", "LINEAGE_LOG_LEVEL", "Information", "level of the request log",
            nameof(EmulatorOptions.LogLevel),
            (o, v) => o.LogLevel = Enum.TryParse<LogLevel>(v, ignoreCase: true, out var level) && !int.TryParse(v, out _) ? level
                : throw new FormatException($"'{v}' is not one of {string.Join(", ", Enum.GetNames<LogLevel>())}"),
            o => Enum.IsDefined(o.LogLevel) ? null : $"{(int)o.LogLevel} is not a log level"),
        new("job-duration-ms", "ms", "LINEAGE_JOB_DURATION_MS", "1000",
            "how long a training, processing or transform job runs, a stop takes, and an endpoint takes to create, update or delete",
            nameof(EmulatorOptions.JobDuration),
            (o, v) => o.JobDuration = Milliseconds(v),
            o => o.JobDuration >= TimeSpan.Zero ? null : $"{o.JobDuration} is negative"),
    ];

    private static TimeSpan Milliseconds(string v) => TimeSpan.FromMilliseconds(
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms
            : throw new FormatException($"'{v}' is not a whole number of milliseconds"));

    /// <summary>
    /// Options from text: each setting's value from <paramref name="given"/> (the command line or configuration),
    /// else from its environment variable, else its default. Then checked and prepared as typed options are.
    /// </summary>
    public static EmulatorOptions Read(Func<string, string?> given, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new EmulatorOptions();
        foreach (var setting in All)
        {
            var (value, source) = given(setting.Name) is { Length: > 0 } v ? (v, setting.Flag)
                : environment(setting.EnvironmentVariable) is { Length: > 0 } e ? (e, setting.EnvironmentVariable)
                : (null, null);
            if (value is null) continue;
            try
            {
                setting.Apply(options, value);
            }
            catch (FormatException ex)
            {
                throw new InvalidEmulatorOptionException($"{source}: {ex.Message}");
            }
            if (setting.Problem?.Invoke(options) is { } problem) throw new InvalidEmulatorOptionException($"{source}: {problem}");
        }
        return Prepare(options);
    }

    /// <summary>Checks typed options as text is checked, and loads the accounts file: the one start-up step for every host.</summary>
    public static EmulatorOptions Prepare(EmulatorOptions options)
    {
        foreach (var setting in All)
            if (setting.Problem?.Invoke(options) is { } problem)
                throw new InvalidEmulatorOptionException($"{setting.Flag}: {problem}");
        if (options.AccountsFile is { } file) LoadAccounts(options, file);
        return options;
    }

    /// <summary>
    /// Entries given in code win over the file's, so a test can add a key to a shared file; so does an
    /// organization given in code over the file's "organization".
    /// </summary>
    private static void LoadAccounts(EmulatorOptions options, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("it is not a JSON object");
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "organization" && entry.Value.ValueKind == JsonValueKind.Object)
                {
                    options.Organization ??= ReadOrganization(entry.Value);
                    continue;
                }
                // "AKID": "account", or "AKID": {"account": "...", "secretAccessKey": "..."} for --verify-signatures.
                var key = entry.Value.ValueKind switch
                {
                    JsonValueKind.String => new AccessKey(entry.Value.GetString()!),
                    JsonValueKind.Object => new AccessKey(
                        entry.Value.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "",
                        entry.Value.TryGetProperty("secretAccessKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null),
                    _ => new AccessKey(""),
                };
                if (!State.AccountIds.IsValid(key.Account)) throw new FormatException($"'{entry.Name}' does not map to a 12-digit account id");
                options.AccountsByAccessKey.TryAdd(entry.Name, key);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            throw new InvalidEmulatorOptionException($"--accounts-file: cannot read {file}: {e.Message}");
        }
    }

    /// <summary>
    /// The accounts file's "organization": {"id": "o-…", "managementAccount": "…", "organizationalUnits":
    /// {"ou-…": "root" or parent OU}, "accounts": {"…": "root" or OU}}.
    /// </summary>
    private static Authorization.Organization ReadOrganization(JsonElement o)
    {
        string Text(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new FormatException($"its organization has no \"{name}\"");
        Dictionary<string, string> Map(string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!o.TryGetProperty(name, out var v)) return map;
            if (v.ValueKind != JsonValueKind.Object) throw new FormatException($"its organization's \"{name}\" is not an object");
            foreach (var e in v.EnumerateObject())
                map[e.Name] = e.Value.ValueKind == JsonValueKind.String ? e.Value.GetString()!
                    : throw new FormatException($"its organization's \"{name}\" gives '{e.Name}' no parent");
            return map;
        }
        try
        {
            return new Authorization.Organization(Text("id"), Text("managementAccount"), Map("organizationalUnits"), Map("accounts"));
        }
        catch (ArgumentException e)
        {
            throw new FormatException("its organization: " + e.Message, e);
        }
    }

}
