using LineageEmulator.Hosting;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Examples.Xunit;

/// <summary>
/// One emulator per test class, started before its first test and stopped after its last. Tests never share
/// data: each takes a fresh account (the access key id of 12 digits is the account), so order does not matter.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private static int nextAccount = Random.Shared.Next(100_000, 900_000);

    public LineageEmulatorServer Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await LineageEmulatorServer.StartAsync(new EmulatorOptions
    {
        RamAssociationDelay = TimeSpan.Zero, // shares associate at once; the default 200 ms mimics AWS's delay
        LogLevel = LogLevel.Warning,         // the per-call request log would bury test output
    });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>A 12-digit account no other test uses.</summary>
    public static string NewAccount() => "2" + Interlocked.Increment(ref nextAccount).ToString("D11");

    public AwsJson SageMaker(string account) => new(Emulator.ServiceUrl, account, "sagemaker");

    public AwsJson Ram(string account) => new(Emulator.ServiceUrl, account, "ram");
}
