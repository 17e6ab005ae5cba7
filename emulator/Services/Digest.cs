using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LineageEmulator.Services;

/// <summary>
/// A short, stable digest of request values (strings, times, lists), for comparing two requests without
/// keeping them: the paging fingerprint and the clientToken parameter check are both built on it.
/// </summary>
public static class Digest
{
    public static string Of(params object?[] parts)
    {
        var text = string.Join("\u001f", parts.Select(p => p switch
        {
            null => "",
            DateTimeOffset t => Paging.TimeKey(t),
            IEnumerable<string> list => string.Join("\u001e", list),
            _ => Convert.ToString(p, CultureInfo.InvariantCulture),
        }));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }
}
