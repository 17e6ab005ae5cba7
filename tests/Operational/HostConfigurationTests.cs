using LineageEmulator.Hosting;
using Microsoft.Extensions.Configuration;

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
}
