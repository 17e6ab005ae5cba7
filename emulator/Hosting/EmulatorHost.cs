using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Operations;
using LineageEmulator.Services.Ram;
using LineageEmulator.Services.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Hosting;

/// <summary>Wires the emulator: options, state, dispatch tables and routes.</summary>
public static class EmulatorHost
{
    public static void ConfigureServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => ReadOptions(config));
        services.AddSingleton<Store>();
        services.AddSingleton<Authorizer>();
        services.AddSingleton<Pipeline>();
        services.AddSingleton<ProtocolEndpoint>();
        services.AddSingleton(_ => SageMakerService.BuildTable());
        services.AddSingleton(_ => RamService.BuildTable());
    }

    public static void MapRoutes(WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<ProtocolEndpoint>();
        var sageMaker = app.Services.GetRequiredService<SageMakerTable>();
        var ram = app.Services.GetRequiredService<RamTable>();

        app.MapPost("/", (HttpContext http) => endpoint.HandleAwsJson(http, sageMaker.Table, "SageMaker"));

        // RAM is REST: one route per operation, straight from the model's requestUri.
        foreach (var op in ram.Table.Operations.Values)
            app.MapMethods(op.Model.RequestUri, [op.Model.HttpMethod], (HttpContext http) => endpoint.HandleRestJson(http, ram.Table, op));
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
        if (Setting(config, "default-region", "LINEAGE_DEFAULT_REGION") is { } region) options.DefaultRegion = region;
        if (Setting(config, "ram-association-delay-ms", "LINEAGE_RAM_ASSOCIATION_DELAY_MS") is { } delay)
            options.RamAssociationDelay = TimeSpan.FromMilliseconds(int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture));
        if (Setting(config, "accounts-file", "LINEAGE_ACCOUNTS_FILE") is { } file)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var entry in doc.RootElement.EnumerateObject())
                options.AccountsByAccessKey[entry.Name] = entry.Value.GetString()
                    ?? throw new ArgumentException($"accounts file: '{entry.Name}' has no account id");
        }
        return options;
    }

    private static string? Setting(IConfiguration config, string key, string env) =>
        config[key] is { Length: > 0 } v ? v : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;
}
