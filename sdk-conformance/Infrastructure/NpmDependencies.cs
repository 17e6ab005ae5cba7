using System.Security.Cryptography;

namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// Installs the pinned JS SDK packages with `npm ci` when js/node_modules is missing or was installed from a
/// different package-lock.json (its hash is kept in node_modules/.lock-hash), so a fresh clone needs no manual step.
/// </summary>
public static class NpmDependencies
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _ready;

    public static async Task EnsureInstalled()
    {
        await Prerequisites.RequireNpm();
        await Gate.WaitAsync();
        try
        {
            if (_ready) return;
            var lockFile = Path.Combine(Paths.Js, "package-lock.json");
            var stamp = Path.Combine(Paths.Js, "node_modules", ".lock-hash");
            var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)));
            if (!File.Exists(stamp) || (await File.ReadAllTextAsync(stamp)).Trim() != hash)
            {
                var result = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Paths.Js,
                    timeout: TimeSpan.FromMinutes(5));
                Assert.True(result.ExitCode == 0, $"npm ci failed in {Paths.Js}:\n{result}");
                await File.WriteAllTextAsync(stamp, hash);
            }
            _ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }
}
