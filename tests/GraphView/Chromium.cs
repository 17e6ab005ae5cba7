using LineageEmulator.Tests.Infrastructure;
using PuppeteerSharp;

namespace LineageEmulator.Tests.GraphView;

/// <summary>
/// Debian's Chromium, driven over the DevTools protocol. It is installed with apt-get when missing (as the
/// SDK conformance suite runs `npm ci`); no browser build is ever downloaded.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    // Flags that keep a headless run here self-contained: no sandbox (containers run as root), no GPU, and
    // none of the browser's own network traffic (updates, sync, QUIC probes).
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> Launch()
    {
        await EnsureInstalled();
        var profile = Directory.CreateTempSubdirectory("lineage-chromium-");
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            UserDataDir = profile.FullName,
            Args = Flags,
            DefaultViewport = new ViewPortOptions { Width = 1600, Height = 1000 },
            Timeout = 60_000,
        });
    }

    private static async Task EnsureInstalled()
    {
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath)) return;
            if (!Environment.IsPrivilegedProcess)
                Assert.Fail($"{ExecutablePath} is missing and this test is not running as root to install it: run `sudo apt-get install -y chromium`.");
            await ExternalCommand.Run("apt-get", ["update"]);
            await ExternalCommand.Run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"]);
            Assert.True(File.Exists(ExecutablePath), $"apt-get installed chromium but {ExecutablePath} is still missing");
        }
        finally
        {
            Gate.Release();
        }
    }
}
