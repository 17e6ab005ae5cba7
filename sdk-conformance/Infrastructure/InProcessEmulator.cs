using LineageEmulator.Hosting;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>An emulator the suite drives over HTTP: a separate process, or a host inside the test process.</summary>
public interface IConformanceEmulator
{
    string Endpoint { get; }
}

/// <summary>
/// The emulator inside the test process (<see cref="LineageEmulatorServer"/>, what the LineageEmulator.Hosting
/// package gives users), once per test class, with the same RAM delay the process gets.
/// </summary>
public sealed class InProcessEmulator : IConformanceEmulator, IAsyncLifetime
{
    private LineageEmulatorServer? server;
    private readonly ConformanceOrganization organization = new();

    public string Endpoint => server?.ServiceUrl ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await LineageEmulatorServer.StartAsync(new EmulatorOptions
    {
        RamAssociationDelay = TimeSpan.FromMilliseconds(200),
        // The process's request log goes to its own pipe; in process it would bury the test output.
        LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        AccountsFile = organization.AccountsFile,
    });

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        organization.Dispose();
    }
}
