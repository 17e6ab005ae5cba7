using LineageEmulator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Tests.Operational;

public sealed class HostConfigurationTests
{
    /// <summary>
    /// The emulator reads its options once, so it must not watch its configuration files: ASP.NET Core's default
    /// reload puts an inotify watch on the working directory and every directory under it, which in a project
    /// folder (node_modules, bin, obj) cost megabytes of resident memory and start-up time (issue 11).
    /// </summary>
    [Fact]
    public async Task Configuration_files_are_read_once_and_not_watched()
    {
        await using var app = EmulatorHost.Build([], new EmulatorOptions());
        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }

    /// <summary>
    /// ASP.NET Core's hosting starts an Activity and a log scope for every request while its diagnostics category
    /// is enabled at any level (HostingApplicationDiagnostics.BeginRequest checks IsEnabled(Critical)); the
    /// emulator keeps that category off unless --log-level asks for ASP.NET Core's detail (Debug and below).
    /// </summary>
    [Theory]
    [InlineData(LogLevel.Information, LogLevel.None)]
    [InlineData(LogLevel.Warning, LogLevel.None)]
    [InlineData(LogLevel.Debug, LogLevel.Debug)]
    [InlineData(LogLevel.Trace, LogLevel.Trace)]
    public async Task Hosting_diagnostics_are_on_only_for_asp_net_core_detail(LogLevel emulator, LogLevel lowestHostingLevel)
    {
        await using var app = EmulatorHost.Build([], new EmulatorOptions { LogLevel = emulator });
        var hosting = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        var lowest = Enum.GetValues<LogLevel>().Where(l => l != LogLevel.None).FirstOrDefault(hosting.IsEnabled, LogLevel.None);
        Assert.Equal(lowestHostingLevel, lowest);
    }
}
