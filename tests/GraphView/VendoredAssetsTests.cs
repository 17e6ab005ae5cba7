using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LineageEmulator.Operational.GraphView;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.GraphView;

/// <summary>
/// The layout library is committed as built files (so a fresh clone builds and runs offline), pinned by
/// the package.json and package-lock.json beside them. These tests fail when the files drift from what
/// those exact versions install, or when a vendored file is not pinned or not embedded.
/// </summary>
public sealed partial class VendoredAssetsTests
{
    private static string VendorDir => Path.Combine(
        typeof(VendoredAssetsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "emulator", "Operational", "GraphView", "web", "vendor");

    private static JsonNode Json(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(VendorDir, file)))!;

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ExactVersion();

    [Fact]
    public void Versions_are_exact_and_the_lock_agrees()
    {
        var lockFile = Json("package-lock.json");
        foreach (var (name, version) in Json("package.json")["dependencies"]!.AsObject())
        {
            Assert.Matches(ExactVersion(), version!.GetValue<string>());
            Assert.Equal(version.GetValue<string>(), lockFile["packages"]![$"node_modules/{name}"]!["version"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_vendored_file_is_pinned_and_embedded()
    {
        var pinned = Json("package.json")["vendored"]!.AsObject().Select(p => p.Key).Order().ToList();
        var committed = Directory.GetFiles(VendorDir, "*.js").Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.Equal(pinned, committed);
        foreach (var file in committed)
            Assert.Equal(File.ReadAllBytes(Path.Combine(VendorDir, file)), GraphViewAssets.All["vendor/" + file].Content);
    }

    [Fact]
    public async Task The_vendored_files_are_byte_for_byte_what_the_locked_versions_install()
    {
        var install = Directory.CreateTempSubdirectory("lineage-vendor-");
        try
        {
            File.Copy(Path.Combine(VendorDir, "package.json"), Path.Combine(install.FullName, "package.json"));
            File.Copy(Path.Combine(VendorDir, "package-lock.json"), Path.Combine(install.FullName, "package-lock.json"));
            await ExternalCommand.Run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], install.FullName,
                install: "install Node.js and npm (Debian: apt-get install -y nodejs npm)");
            foreach (var (file, source) in Json("package.json")["vendored"]!.AsObject())
            {
                var installed = File.ReadAllBytes(Path.Combine(install.FullName, "node_modules", source!.GetValue<string>()));
                Assert.True(installed.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(VendorDir, file))),
                    $"vendor/{file} differs from {source} as the locked version installs it: copy it again from `npm ci`");
            }
        }
        finally
        {
            install.Delete(recursive: true);
        }
    }
}
