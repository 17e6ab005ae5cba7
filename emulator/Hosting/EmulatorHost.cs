using System.Reflection;
using System.Text.RegularExpressions;
using LineageEmulator.Authorization;
using LineageEmulator.Operational;
using LineageEmulator.Operational.GraphView;
using LineageEmulator.Operations;
using LineageEmulator.Services.Ram;
using LineageEmulator.Services.SageMaker;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Hosting;

/// <summary>Wires the emulator: options, state, dispatch tables and routes.</summary>
public static partial class EmulatorHost
{
    /// <summary>The version --version, the banner, /_emulator/health and the packages carry.</summary>
    public static string Version { get; } =
        typeof(EmulatorHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// The emulator as one web application, the same for every way it runs: the command line (tool, Native AOT
    /// binary, Docker image) passes its options as configuration, an in-process host passes them typed.
    /// </summary>
    public static WebApplication Build(string[] configurationArgs, EmulatorOptions? typed = null)
    {
        // Options are read once. Reloading appsettings.json on change would watch the working directory and every
        // directory under it (one inotify watch each: megabytes and milliseconds of start-up in a project folder).
        var builder = WebApplication.CreateSlimBuilder([.. configurationArgs, "--hostBuilder:reloadConfigOnChange=false"]);
        var urls = typed is not null ? typed.Urls ?? "http://127.0.0.1:0"
            : string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"))
                ? EmulatorSettings.DefaultUrls : null;
        if (urls is not null) builder.WebHost.UseUrls(urls);
        ConfigureServices(builder.Services, builder.Configuration, typed);
        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    /// <summary>Where the started host listens, as bound (a requested port 0 reads as the port chosen).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>
    /// The URL a client on this machine calls: the first address, with a wildcard host (0.0.0.0, [::], +, *),
    /// which no client can call, read as localhost.
    /// </summary>
    public static string ServiceUrl(WebApplication app) =>
        Addresses(app) is [var first, ..] ? WildcardHost().Replace(first, "${scheme}localhost") : EmulatorSettings.DefaultUrls;

    [GeneratedRegex(@"^(?<scheme>https?://)(\*|\+|0\.0\.0\.0|\[::\])")]
    private static partial Regex WildcardHost();

    public static void ConfigureServices(IServiceCollection services, IConfiguration config, EmulatorOptions? typed = null)
    {
        ShareTheCoresAmongCalls();
        // Read when first needed, so test hosts that add configuration after this call are seen.
        services.AddSingleton(_ => typed is null ? ReadOptions(config) : EmulatorSettings.Prepare(typed));
        services.AddSingleton(sp => StateHost.Open(sp.GetRequiredService<EmulatorOptions>().DataDirectory));
        services.AddSingleton(sp => sp.GetRequiredService<StateHost>().Store);
        services.AddSingleton<OperationalEndpoints>();
        services.AddSingleton<GraphViewData>();
        services.AddSingleton<GraphViewEndpoints>();
        ConfigureLogging(services);
        services.AddSingleton<Authorizer>();
        services.AddSingleton<Pipeline>();
        services.AddSingleton<RequestGuard>();
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<ProtocolEndpoint>();
        services.AddSingleton(_ => SageMakerService.BuildTable());
        services.AddSingleton(_ => RamService.BuildTable());
    }

    // Calls run on the thread pool, which starts with a thread per core and adds more only slowly (about one a
    // second) while its threads stay busy. A QueryLineage over a large graph keeps its thread for tens of
    // milliseconds, so a few of them would hold every thread and a one-millisecond write would queue behind them
    // (on 2 cores, 8 such queries put a write's median at 60 ms; with 16 threads ready, 0.1 ms). More threads
    // than that cost short calls throughput in context switches. Threads are made only as calls need them, so
    // an idle emulator has no more than before.
    private const int ThreadsReady = 16;

    private static void ShareTheCoresAmongCalls()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < ThreadsReady) ThreadPool.SetMinThreads(ThreadsReady, io);
    }

    public static void MapRoutes(WebApplication app)
    {
        // Opened first so a locked or unreadable data directory stops startup before anything listens.
        app.Services.GetRequiredService<StateHost>();
        // Before every route, present and future: nothing is reachable from a page the emulator did not serve.
        var guard = app.Services.GetRequiredService<RequestGuard>();
        app.Use(guard.Invoke);
        app.Services.GetRequiredService<OperationalEndpoints>().Map(app);
        app.Services.GetRequiredService<GraphViewEndpoints>().Map(app);
        var endpoint = app.Services.GetRequiredService<ProtocolEndpoint>();
        var sageMaker = app.Services.GetRequiredService<SageMakerTable>();
        var ram = app.Services.GetRequiredService<RamTable>();

        app.MapPost("/", (HttpContext http) => endpoint.HandleAwsJson(http, sageMaker.Table, "SageMaker"));

        // RAM is REST: one route per operation, straight from the model's requestUri.
        foreach (var op in ram.Table.Operations.Values)
            app.MapMethods(op.Model.RequestUri, [op.Model.HttpMethod], (HttpContext http) => endpoint.HandleRestJson(http, ram.Table, op));
        app.MapFallback((HttpContext http) => endpoint.HandleUnknownRest(http, ram.Table));
    }

    /// <summary>Options from configuration (the command line's --name value pairs), else environment variables.</summary>
    public static EmulatorOptions ReadOptions(IConfiguration config) => EmulatorSettings.Read(name => config[name]);


    /// <summary>
    /// One console line per log entry, at the level of --log-level / LINEAGE_LOG_LEVEL (Information by
    /// default, so the per-call request line shows; Warning silences it, Debug adds detail).
    /// </summary>
    private static void ConfigureLogging(IServiceCollection services)
    {
        services.AddLogging(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        }));
        services.AddOptions<LoggerFilterOptions>().Configure<EmulatorOptions>((filter, options) =>
        {
            var level = options.LogLevel;
            filter.MinLevel = level;
            filter.Rules.Add(new LoggerFilterRule(null, null, level, null));
            // ASP.NET Core logs several Information lines per request, which would bury the request line, and
            // its start-up lines say less than the emulator's banner; they show from Debug down.
            var framework = level <= LogLevel.Debug ? level : (LogLevel)Math.Max((int)level, (int)LogLevel.Warning);
            filter.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore", framework, null));
            filter.Rules.Add(new LoggerFilterRule(null, "Microsoft.Hosting.Lifetime", framework, null));
            // Hosting's per-request lines are Information, but while its category is on at any level it starts an
            // Activity (random trace ids) and a log scope for every request, work no request needs. Above Debug it
            // has nothing to say that another category does not (a failed start is also the host's Error line).
            filter.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Hosting.Diagnostics",
                level <= LogLevel.Debug ? level : LogLevel.None, null));
        });
    }
}
