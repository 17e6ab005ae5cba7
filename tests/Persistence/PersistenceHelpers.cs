using System.Buffers;
using System.Text;
using System.Text.Json;
using LineageEmulator.Operational;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LineageEmulator.Tests.Persistence;

/// <summary>A temporary data directory, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lineage-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a killed child may still be releasing files; the OS temp cleaner gets the rest
    }
}

/// <summary>An in-process emulator started the way a user would: with --data-dir in its configuration.</summary>
public sealed class PersistentEmulator : IDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public PersistentEmulator(string dataDir, params (string Key, string Value)[] settings)
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("data-dir", dataDir);
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        Http = factory.CreateClient();
    }

    public HttpClient Http { get; }

    public Store Store => (Store)factory.Services.GetService(typeof(Store))!;

    public SageMakerClient SageMaker(string account, string region = "us-east-1") => new(Http, account, region);

    public RamClient Ram(string account, string region = "us-east-1") => new(Http, account, region);

    public void Dispose()
    {
        var state = (StateHost)factory.Services.GetService(typeof(StateHost))!;
        Http.Dispose();
        factory.Dispose();
        // The host finishes disposing on its own thread; release the directory now so a restart can follow at once.
        state.Dispose();
    }
}

public static class StateExport
{
    /// <summary>The whole state as the export endpoint writes it: equal text means equal state.</summary>
    public static string Of(Store store) => store.Read(() =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) StateDocument.Write(writer, store);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    });
}
