using System.Reflection;
using System.Text.RegularExpressions;
using LineageEmulator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Tests.CommandLine;

/// <summary>
/// The option table (<see cref="EmulatorSettings.All"/>) is the one place an option is declared. These tests fail
/// when the command line, the environment variables, the typed <see cref="EmulatorOptions"/> or README's option
/// table disagree with it, or when a new option has no sample here (so it is tested like the others).
/// </summary>
public sealed class OptionTableTests
{
    /// <summary>A value per option that differs from its default, as text.</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["urls"] = "http://127.0.0.1:5999",
        ["default-account"] = "123456789012",
        ["accounts-file"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "accounts-sample.json"),
        ["ram-association-delay-ms"] = "1500",
        ["data-dir"] = "/tmp/lineage-sample",
        ["log-level"] = "debug",
        ["job-duration-ms"] = "250",
        ["verify-signatures"] = "true",
        ["allowed-hosts"] = "emulator.corp.example, *.ci.example",
    };

    /// <summary>Typed options with no command-line form, and why.</summary>
    private static readonly Dictionary<string, string> TypedOnly = new()
    {
        [nameof(EmulatorOptions.Clock)] = "tests move time; a process uses the system clock",
        [nameof(EmulatorOptions.AccountsByAccessKey)] = "in-memory accounts; the command line gives them as --accounts-file",
        [nameof(EmulatorOptions.Organization)] = "the organization in code; the command line gives it in the --accounts-file",
    };

    public static TheoryData<string> Names() => [.. EmulatorSettings.All.Select(s => s.Name)];

    [Fact]
    public void Every_option_has_a_sample_and_names_a_typed_property()
    {
        Assert.Equal(EmulatorSettings.All.Select(s => s.Name).Order(), Samples.Keys.Order());
        var settable = typeof(EmulatorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);
        Assert.Equal(settable.Order(), EmulatorSettings.All.Select(s => s.Property).Concat(TypedOnly.Keys).Order());
        Assert.Equal(EmulatorSettings.All.Count, EmulatorSettings.All.Select(s => s.EnvironmentVariable).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Command_line_and_environment_variable_set_the_same_typed_property(string name)
    {
        var setting = EmulatorSettings.All.Single(s => s.Name == name);
        var sample = Samples[name];
        var fromCommandLine = await ThroughCommandLine(setting.Flag, sample);
        var fromEnvironment = EmulatorSettings.Read(_ => null, v => v == setting.EnvironmentVariable ? sample : null);
        var defaults = EmulatorSettings.Read(_ => null, _ => null);
        Assert.NotEqual(Typed(defaults, setting), Typed(fromCommandLine, setting));
        Assert.Equal(Typed(fromCommandLine, setting), Typed(fromEnvironment, setting));
        // The command line wins over the environment.
        var both = EmulatorSettings.Read(n => n == name ? sample : null, v => v == setting.EnvironmentVariable ? "from-environment" : null);
        Assert.Equal(Typed(fromCommandLine, setting), Typed(both, setting));
    }

    [Fact]
    public void Typed_options_are_checked_by_the_same_rules()
    {
        Assert.Contains("--default-account: '12' is not a 12-digit account id",
            Assert.Throws<InvalidEmulatorOptionException>(() => EmulatorSettings.Prepare(new EmulatorOptions { DefaultAccount = "12" })).Message);
        Assert.Contains("--ram-association-delay-ms",
            Assert.Throws<InvalidEmulatorOptionException>(() => EmulatorSettings.Prepare(new EmulatorOptions { RamAssociationDelay = TimeSpan.FromSeconds(-1) })).Message);
        Assert.Contains("--log-level",
            Assert.Throws<InvalidEmulatorOptionException>(() => EmulatorSettings.Prepare(new EmulatorOptions { LogLevel = (LogLevel)42 })).Message);
    }

    [Fact]
    public void Readme_option_table_is_the_option_table()
    {
        var readme = File.ReadAllText(Path.Combine(CodegenDriftTests.RepoRoot(), "README.md"));
        var rows = Regex.Matches(readme, @"^\| `(--[a-z-]+)` \| `([A-Z_]+)` \| ([^|]+) \| ([^|]+) \|$", RegexOptions.Multiline)
            .Select(m => (Flag: m.Groups[1].Value, Env: m.Groups[2].Value, Default: m.Groups[3].Value.Trim().Trim('`'), Meaning: m.Groups[4].Value.Trim()))
            .ToList();
        Assert.Equal(EmulatorSettings.All.Select(s => s.Flag), rows.Select(r => r.Flag));
        foreach (var (setting, row) in EmulatorSettings.All.Zip(rows))
        {
            Assert.Equal(setting.EnvironmentVariable, row.Env);
            Assert.Equal(setting.DefaultText, row.Default);
            Assert.StartsWith(setting.Description, row.Meaning);
        }
    }

    [Theory]
    [InlineData(new[] { "--switch" }, "--switch=true")]
    [InlineData(new[] { "--switch", "false" }, "--switch=false")]
    [InlineData(new[] { "--switch", "--valued", "x" }, "--switch=true --valued=x")]
    [InlineData(new[] { "--valued", "x" }, "--valued=x")]
    [InlineData(new[] { "--verify-signatures" }, "--verify-signatures=true")]
    public async Task A_switch_may_be_given_bare_and_other_options_may_not(string[] args, string expected)
    {
        EmulatorSetting Setting(string name, string? bare) =>
            new(name, "value", "LINEAGE_" + name.ToUpperInvariant(), "none", name, nameof(EmulatorOptions.DataDirectory), (_, _) => { }, ValueWhenBare: bare);
        var table = args[0] == "--verify-signatures" ? null : new[] { Setting("switch", "true"), Setting("valued", null) };
        Assert.Equal(expected, string.Join(' ', (await Configuration(args, table))!));
        Assert.Null(await Configuration(["--valued"], [Setting("valued", null)]));
    }

    /// <summary>The configuration arguments the command line hands the host, or null when it refused the arguments.</summary>
    private static async Task<string[]?> Configuration(string[] args, IReadOnlyList<EmulatorSetting>? table = null)
    {
        string[]? configuration = null;
        var exit = await EmulatorCommandLine.InvokeAsync(EmulatorCommandLine.Create(c =>
        {
            configuration = c;
            return Task.FromResult(0);
        }, table), args, TextWriter.Null);
        Assert.Equal(configuration is null ? EmulatorCommandLine.UsageError : 0, exit);
        return configuration;
    }

    private static async Task<EmulatorOptions> ThroughCommandLine(params string[] args)
    {
        var configuration = await Configuration(args);
        // ASP.NET Core's command-line configuration, as the emulator's host reads it.
        return EmulatorHost.ReadOptions(new ConfigurationBuilder().AddCommandLine(configuration!).Build());
    }

    private static string Typed(EmulatorOptions options, EmulatorSetting setting) =>
        typeof(EmulatorOptions).GetProperty(setting.Property)!.GetValue(options) switch
        {
            null => "null",
            System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object>()),
            var value => value.ToString()!,
        };
}
