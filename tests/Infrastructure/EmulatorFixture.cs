using LineageEmulator.Hosting;
using LineageEmulator.State.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>The state backends the in-process suite runs over.</summary>
public enum TestBackend { Memory, Sqlite }

/// <summary>
/// An in-process emulator (ASP.NET's TestServer). Each test class gets its own instance, and tests use
/// unique names and accounts, so no test depends on data another one made. The suite runs over every
/// backend, as Azurite runs one suite over each of its stores: LineageEmulator.Tests keeps state in memory,
/// and LineageEmulator.Tests.Sqlite compiles the same tests with STATE_SQLITE, so every fixture keeps its
/// state in SQLite in a temporary data directory.
/// </summary>
public class EmulatorFixture : IDisposable
{
#if STATE_SQLITE
    public const TestBackend SuiteBackend = TestBackend.Sqlite;
#else
    public const TestBackend SuiteBackend = TestBackend.Memory;
#endif

    private readonly WebApplicationFactory<Program> factory;
    private readonly string? dataDirectory;
    private static int accountSeed = Random.Shared.Next(100_000, 900_000);

    public EmulatorFixture() : this(SuiteBackend, null) { }

    internal EmulatorFixture(TestBackend backend) : this(backend, null) { }

    /// <summary>An emulator whose options a derived fixture adjusts (an organization, a data directory).</summary>
    protected EmulatorFixture(Action<EmulatorOptions>? configure) : this(SuiteBackend, configure) { }

    private EmulatorFixture(TestBackend backend, Action<EmulatorOptions>? configure)
    {
        Backend = backend;
        if (backend == TestBackend.Sqlite) dataDirectory = Directory.CreateTempSubdirectory("lineage-suite-").FullName;
        var options = new EmulatorOptions { RamAssociationDelay = TimeSpan.Zero, LogLevel = LogLevel.Warning, DataDirectory = dataDirectory };
        configure?.Invoke(options);
        // The per-call request log would bury test output; its own test turns it back on.
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton(options)));
        Http = factory.CreateClient();
    }

    public TestBackend Backend { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => factory.Services;

    /// <summary>A fresh 12-digit account id, so tests never share state.</summary>
    public static string NewAccount() => "1" + Interlocked.Increment(ref accountSeed).ToString("D11");

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public SageMakerClient SageMaker(string account, string region = "us-east-1") => new(Http, account, region);

    public RamClient Ram(string account, string region = "us-east-1") => new(Http, account, region);

    public void Dispose()
    {
        var state = factory.Services.GetRequiredService<StateHost>();
        Http.Dispose();
        factory.Dispose();
        // The host may finish disposing on its own thread; release the data directory before deleting it.
        state.Dispose();
        if (dataDirectory is not null) Directory.Delete(dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
