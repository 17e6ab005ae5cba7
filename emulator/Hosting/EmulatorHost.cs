using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Operational;
using LineageEmulator.Operations;
using LineageEmulator.Services.Ram;
using LineageEmulator.Services.SageMaker;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Hosting;

/// <summary>Wires the emulator: options, state, dispatch tables and routes.</summary>
public static class EmulatorHost
{
    public static void ConfigureServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => ReadOptions(config));
        services.AddSingleton(sp => StateHost.Open(sp.GetRequiredService<EmulatorOptions>().DataDirectory));
        services.AddSingleton(sp => sp.GetRequiredService<StateHost>().Store);
        services.AddSingleton<OperationalEndpoints>();
        ConfigureLogging(services, config);
        services.AddSingleton<Authorizer>();
        services.AddSingleton<Pipeline>();
        services.AddSingleton<ProtocolEndpoint>();
        services.AddSingleton(_ => SageMakerService.BuildTable());
        services.AddSingleton(_ => RamService.BuildTable());
    }

    public static void MapRoutes(WebApplication app)
    {
        // Opened first so a locked or unreadable data directory stops startup before anything listens.
        app.Services.GetRequiredService<StateHost>();
        app.Services.GetRequiredService<OperationalEndpoints>().Map(app);
        var endpoint = app.Services.GetRequiredService<ProtocolEndpoint>();
        var sageMaker = app.Services.GetRequiredService<SageMakerTable>();
        var ram = app.Services.GetRequiredService<RamTable>();

        app.MapPost("/", (HttpContext http) => endpoint.HandleAwsJson(http, sageMaker.Table, "SageMaker"));

        // RAM is REST: one route per operation, straight from the model's requestUri.
        foreach (var op in ram.Table.Operations.Values)
            app.MapMethods(op.Model.RequestUri, [op.Model.HttpMethod], (HttpContext http) => endpoint.HandleRestJson(http, ram.Table, op));
        app.MapFallback((HttpContext http) => endpoint.HandleUnknownRest(http, ram.Table));
    }

    public static EmulatorOptions ReadOptions(IConfiguration config)
    {
        var options = new EmulatorOptions();
        if (Setting(config, "default-account", "LINEAGE_DEFAULT_ACCOUNT") is { } account)
        {
            if (account.Length != 12 || !account.All(char.IsAsciiDigit))
                throw new ArgumentException($"default account '{account}' is not 12 digits");
            options.DefaultAccount = account;
        }
        if (Setting(config, "ram-association-delay-ms", "LINEAGE_RAM_ASSOCIATION_DELAY_MS") is { } delay)
            options.RamAssociationDelay = TimeSpan.FromMilliseconds(int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture));
        if (Setting(config, "job-duration-ms", "LINEAGE_JOB_DURATION_MS") is { } jobDuration)
            options.JobDuration = TimeSpan.FromMilliseconds(int.Parse(jobDuration, System.Globalization.CultureInfo.InvariantCulture));
        if (Setting(config, "data-dir", "LINEAGE_DATA_DIR") is { } dataDir) options.DataDirectory = dataDir;
        if (Setting(config, "accounts-file", "LINEAGE_ACCOUNTS_FILE") is { } file)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var entry in doc.RootElement.EnumerateObject())
                options.AccountsByAccessKey[entry.Name] = entry.Value.GetString()
                    ?? throw new ArgumentException($"accounts file: '{entry.Name}' has no account id");
        }
        return options;
    }

    /// <summary>
    /// One console line per log entry, at the level of --log-level / LINEAGE_LOG_LEVEL (Information by
    /// default, so the per-call request line shows; Warning silences it, Debug adds detail).
    /// </summary>
    private static void ConfigureLogging(IServiceCollection services, IConfiguration config)
    {
        services.AddLogging(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        }));
        // Read when logging is first used, after test hosts and the command line have set configuration.
        services.Configure<LoggerFilterOptions>(filter =>
        {
            var given = ReadLogLevel(config);
            var level = given ?? LogLevel.Information;
            filter.MinLevel = level;
            if (given is not null) filter.Rules.Add(new LoggerFilterRule(null, null, level, null));
            // ASP.NET Core logs several Information lines per request, which would bury the request line;
            // they show from Debug down.
            var aspNetCore = level <= LogLevel.Debug ? level : (LogLevel)Math.Max((int)level, (int)LogLevel.Warning);
            filter.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore", aspNetCore, null));
        });
    }

    public static LogLevel? ReadLogLevel(IConfiguration config) => Setting(config, "log-level", "LINEAGE_LOG_LEVEL") switch
    {
        null => null,
        var text when Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) => level,
        var text => throw new ArgumentException($"log level '{text}' is not one of Trace, Debug, Information, Warning, Error, Critical, None"),
    };

    private static string? Setting(IConfiguration config, string key, string env) =>
        config[key] is { Length: > 0 } v ? v : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;
}
