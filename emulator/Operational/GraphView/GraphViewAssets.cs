using System.Collections.Frozen;

namespace LineageEmulator.Operational.GraphView;

/// <summary>
/// The page, its script and style, and the vendored layout library, embedded in the emulator assembly
/// (see the csproj) so the single AOT binary serves them: nothing is fetched at run time.
/// </summary>
public static class GraphViewAssets
{
    private const string ResourcePrefix = "graph-view/";

    public sealed record Asset(byte[] Content, string ContentType);

    public static FrozenDictionary<string, Asset> All { get; } = Load();

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(GraphViewAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[ResourcePrefix.Length..];
            assets[file] = new Asset(copy.ToArray(), ContentType(file));
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
