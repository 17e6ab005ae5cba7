using System.Net;
using LineageEmulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace LineageEmulator.Wire;

/// <summary>
/// The first step of every request, on every route (AWS operations and /_emulator/ alike, and whatever is
/// added under them later): refuse what a web browser sends on behalf of a page the emulator did not
/// serve. SDKs, the CLI and curl never send <c>Origin</c> or <c>Sec-Fetch-*</c>; browsers do, and a page
/// cannot remove them. So:
/// <list type="bullet">
/// <item><c>Host</c> must name this machine or a private name (see <see cref="IsAllowedHost"/>); a
/// DNS-rebinding page's requests carry the attacker's host name there, so it can neither read nor change
/// anything, even with an Authorization header of its own making.</item>
/// <item><c>Origin</c>, when present, must be the request's own host: a page on another origin cannot
/// drive the emulator with simple requests (text/plain, form posts) that need no CORS preflight.</item>
/// <item><c>Sec-Fetch-Site</c> <c>cross-site</c> or <c>same-site</c> is refused: it covers no-cors GETs,
/// which carry no Origin.</item>
/// </list>
/// It also turns a body Kestrel refuses (oversized, broken chunk framing) into a 4xx on routes that do not
/// catch it themselves.
/// </summary>
public sealed class RequestGuard(EmulatorOptions options)
{
    public const string ErrorCode = "AccessDeniedException";

    public async Task Invoke(HttpContext http, RequestDelegate next)
    {
        if (Refusal(http.Request) is { } reason)
        {
            await WireErrors.Write(http.Response, "application/json", new RequestRefusedException(reason));
            return;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            await WireErrors.Write(http.Response, "application/json", TransportErrors.From(e));
        }
    }

    /// <summary>Why the request is refused, or null when it may proceed.</summary>
    public string? Refusal(HttpRequest request)
    {
        var host = request.Host;
        if (host.HasValue && !IsAllowedHost(host.Host))
            return $"Host '{host.Host}' is not allowed: requests must address localhost, an IP address or a name given with " +
                   "--allowed-hosts (LINEAGE_ALLOWED_HOSTS). This stops web pages from reaching the emulator through DNS rebinding.";
        if (request.Headers.Origin is { Count: > 0 } origin && !IsSameOrigin(origin.ToString(), host))
            return $"Origin '{origin}' is not this emulator: requests from web pages on other origins are refused.";
        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is "cross-site" or "same-site")
            return $"Sec-Fetch-Site '{site}': requests from web pages on other sites are refused.";
        return null;
    }

    /// <summary>
    /// Loopback and IP literals (a page can only have that origin if it was served from that address),
    /// <c>localhost</c> and <c>*.localhost</c>, <c>host.docker.internal</c>, single-label names (docker-compose
    /// service names, machine names: no public DNS name an attacker controls has one label), and the names
    /// given with --allowed-hosts (<c>name</c>, <c>.suffix</c> or <c>*.suffix</c>, or <c>*</c> for any).
    /// </summary>
    public bool IsAllowedHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(name.Trim('[', ']'), out _)) return true;
        if (name is "localhost" or "host.docker.internal" || name.EndsWith(".localhost", StringComparison.Ordinal)) return true;
        if (name.Length > 0 && !name.Contains('.')) return true;
        foreach (var allowed in options.AllowedHosts)
        {
            var entry = allowed.Trim().ToLowerInvariant();
            if (entry == "*" || entry == name) return true;
            var suffix = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[1..] : entry.StartsWith('.') ? entry : null;
            if (suffix is not null && name.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool IsSameOrigin(string origin, HostString host) =>
        host.HasValue && Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (host.Port ?? (uri.Scheme == "https" ? 443 : 80));
}

/// <summary>A request the <see cref="RequestGuard"/> refuses: 403, with what to change.</summary>
public sealed class RequestRefusedException(string message) : AwsServiceException(RequestGuard.ErrorCode, 403, message);

/// <summary>What a body Kestrel refuses is answered with: the client's fault, so never a 5xx.</summary>
public static class TransportErrors
{
    public static AwsServiceException From(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => new TransportException("RequestEntityTooLargeException", 413,
            "The request body is larger than the emulator accepts."),
        StatusCodes.Status408RequestTimeout => new TransportException("RequestTimeoutException", 408,
            "The request body was not received in time."),
        _ => new TransportException("BadRequestException", 400, "The request body could not be read: " + e.Message),
    };
}

public sealed class TransportException(string code, int status, string message) : AwsServiceException(code, status, message);
