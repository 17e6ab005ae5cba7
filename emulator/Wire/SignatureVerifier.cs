using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LineageEmulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LineageEmulator.Wire;

/// <summary>
/// Strict SigV4 (--verify-signatures): recomputes the signature of the request as received, with the secret
/// the accounts file gives its access key, and refuses anything else the way AWS does. The codes are the
/// JSON protocols' (the query protocol's InvalidClientTokenId/SignatureDoesNotMatch/RequestExpired are not
/// used by SageMaker or RAM); the status is the protocol's: awsJson1.1 400, restJson1 403.
/// </summary>
public sealed class SignatureVerifier(EmulatorOptions options)
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>How far a request's time may be from the emulator's clock, either way, as on AWS.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public void Verify(RequestSignature signature, HttpRequest request, ReadOnlySpan<byte> body, int authStatus)
    {
        if (!options.AccountsByAccessKey.TryGetValue(signature.AccessKeyId, out var key) || key.SecretAccessKey is null)
            throw new UnrecognizedClientException("The security token included in the request is invalid.", authStatus);

        var signedHeaders = signature.SignedHeaders.Split(';');
        if (!signedHeaders.Contains("host"))
            throw new IncompleteSignatureException("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

        var amzDate = RequestTime(signature, request);
        if (!DateTimeOffset.TryParseExact(amzDate, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            throw new IncompleteSignatureException($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        if (amzDate[..8] != signature.Date)
            throw new InvalidSignatureException(
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{signature.Date}' != '{amzDate[..8]}', from '{amzDate}'.",
                authStatus);
        CheckTime(signature, request, signedAt, authStatus);

        // A header signature covers the body as received. A presigned URL is made before its body exists, so
        // SDKs sign UNSIGNED-PAYLOAD there unless they declare a hash.
        var bodyHash = Hex(SHA256.HashData(body));
        string[] payloads = signature.Presigned
            ? [request.Headers["X-Amz-Content-SHA256"] is { Count: 1 } declared ? declared[0]! : UnsignedPayload, bodyHash]
            : [bodyHash];
        var secret = key.SecretAccessKey;
        var expected = payloads.Select(payload => Sign(secret, signature, request, signedHeaders, amzDate, payload));
        var given = Encoding.ASCII.GetBytes(signature.Signature);
        if (!expected.Any(e => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(e), given)))
            throw new InvalidSignatureException(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                authStatus);
    }

    private void CheckTime(RequestSignature signature, HttpRequest request, DateTimeOffset signedAt, int authStatus)
    {
        var now = options.Clock.GetUtcNow();
        var earliest = now - AllowedSkew;
        var latest = now + AllowedSkew;
        if (signature.Presigned && request.Query["X-Amz-Expires"] is { Count: 1 } expires
            && int.TryParse(expires[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            earliest = now - TimeSpan.FromSeconds(seconds);
        // The messages are AWS's, e.g. "Signature expired: 20140325T143453Z is now earlier than
        // 20140325T143751Z (20140325T145251Z - 15 min.)" (aws/aws-sdk-js#254, awsJson, status 400).
        if (signedAt < earliest)
            throw new InvalidSignatureException(
                $"Signature expired: {signedAt.ToString(TimeFormat, CultureInfo.InvariantCulture)} is now earlier than " +
                $"{earliest.ToString(TimeFormat, CultureInfo.InvariantCulture)} ({now.ToString(TimeFormat, CultureInfo.InvariantCulture)} - 15 min.)",
                authStatus);
        if (signedAt > latest)
            throw new InvalidSignatureException(
                $"Signature not yet current: {signedAt.ToString(TimeFormat, CultureInfo.InvariantCulture)} is still later than " +
                $"{latest.ToString(TimeFormat, CultureInfo.InvariantCulture)} ({now.ToString(TimeFormat, CultureInfo.InvariantCulture)} + 15 min.)",
                authStatus);
    }

    private static string RequestTime(RequestSignature signature, HttpRequest request)
    {
        if (signature.Presigned)
            return request.Query["X-Amz-Date"] is { Count: 1 } q ? q[0]! : throw new IncompleteSignatureException("AWS query-string parameters must include 'X-Amz-Date'.");
        if (request.Headers["X-Amz-Date"] is { Count: 1 } h) return h[0]!;
        if (request.Headers.Date is { Count: 1 } d && DateTimeOffset.TryParse(d[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
            return date.ToString(TimeFormat, CultureInfo.InvariantCulture);
        throw new IncompleteSignatureException("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    private static string Sign(string secret, RequestSignature signature, HttpRequest request, string[] signedHeaders, string amzDate, string payloadHash)
    {
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(CanonicalUri(request)).Append('\n')
            .Append(CanonicalQuery(request, signature.Presigned)).Append('\n');
        foreach (var name in signedHeaders)
            canonical.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        canonical.Append('\n').Append(signature.SignedHeaders).Append('\n').Append(payloadHash);

        var stringToSign = $"{SigV4.Algorithm}\n{amzDate}\n{signature.Scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var k = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), signature.Date);
        k = Hmac(k, signature.Region);
        k = Hmac(k, signature.Service);
        k = Hmac(k, "aws4_request");
        return Hex(Hmac(k, stringToSign));
    }

    /// <summary>The path as sent, encoded once more: what every SDK signs for services other than S3.</summary>
    private static string CanonicalUri(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target[0] == '/'
            ? target.Split('?', 2)[0]
            : (request.PathBase + request.Path).ToUriComponent();
        if (raw.Length == 0) return "/";
        return string.Join('/', raw.Split('/').Select(Encode));
    }

    private static string CanonicalQuery(HttpRequest request, bool presigned)
    {
        var query = request.QueryString.Value;
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
            if (presigned && name == "X-Amz-Signature") continue;
            pairs.Add((Encode(name), Encode(value)));
        }
        return string.Join('&', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    private static string CanonicalHeaderValue(HttpRequest request, string name)
    {
        var values = name == "host" ? [request.Host.Value ?? ""] : request.Headers[name].ToArray();
        return string.Join(',', values.Select(v => string.Join(' ', (v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    /// <summary>RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
