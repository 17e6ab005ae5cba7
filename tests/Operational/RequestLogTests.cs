using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Tests.Operational;

public sealed class RequestLogTests
{
    private sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

    /// <summary>Keeps every log entry with its structured fields.</summary>
    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
            {
                var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                owner.Entries.Enqueue(new Entry(category, level, format(state, e), fields.ToDictionary(f => f.Key, f => f.Value)));
            }
        }
    }

    private static async Task<CapturingProvider> CallWith(string? logLevel, Func<SageMakerClient, Task> call)
    {
        var provider = new CapturingProvider();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            if (logLevel is not null) b.UseSetting("log-level", logLevel);
            b.ConfigureLogging(l => l.AddProvider(provider));
        });
        using var http = factory.CreateClient();
        await call(new SageMakerClient(http, "123456789012", "eu-west-1"));
        return provider;
    }

    private static IEnumerable<Entry> RequestLines(CapturingProvider p) =>
        p.Entries.Where(e => e.Category == "LineageEmulator.Wire.ProtocolEndpoint" && e.Message.StartsWith("sagemaker.", StringComparison.Ordinal));

    [Fact]
    public async Task Each_aws_call_logs_one_structured_line_by_default()
    {
        var provider = await CallWith(null, async sm =>
        {
            (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = "arn:aws:sagemaker:eu-west-1:123456789012:artifact/none" }))
                .Error("ResourceNotFound");
        });
        var line = Assert.Single(RequestLines(provider));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("sagemaker", line.Fields["Service"]);
        Assert.Equal("DescribeArtifact", line.Fields["Operation"]);
        Assert.Equal("123456789012", line.Fields["Account"]);
        Assert.Equal("eu-west-1", line.Fields["Region"]);
        Assert.Equal(400, line.Fields["Status"]);
        Assert.Equal("ResourceNotFound", line.Fields["Error"]);
        Assert.IsType<double>(line.Fields["LatencyMs"]);
        Assert.DoesNotContain(provider.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        Assert.StartsWith("sagemaker.DescribeArtifact account=123456789012 region=eu-west-1 status=400 error=ResourceNotFound latencyMs=", line.Message);
    }

    [Fact]
    public async Task Log_level_Warning_silences_the_request_line()
    {
        var provider = await CallWith("Warning", async sm =>
            (await sm.Call("ListArtifacts", new JsonObject())).Ok());
        Assert.Empty(RequestLines(provider));
        Assert.DoesNotContain(provider.Entries, e => e.Level < LogLevel.Warning);
    }

    [Fact]
    public async Task Log_level_Debug_adds_aspnetcore_detail()
    {
        var provider = await CallWith("Debug", async sm =>
            (await sm.Call("ListArtifacts", new JsonObject())).Ok());
        Assert.Single(RequestLines(provider));
        Assert.Contains(provider.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) && e.Level <= LogLevel.Information);
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("Warning", LogLevel.Warning)]
    [InlineData(null, LogLevel.Information)]
    public void Log_level_is_read_from_the_flag(string? text, LogLevel expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["log-level"] = text }).Build();
        Assert.Equal(expected, EmulatorHost.ReadOptions(config).LogLevel);
    }

    [Fact]
    public void An_unknown_log_level_is_a_startup_error()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["log-level"] = "loud" }).Build();
        Assert.Contains("'loud'", Assert.Throws<InvalidEmulatorOptionException>(() => EmulatorHost.ReadOptions(config)).Message);
    }
}
