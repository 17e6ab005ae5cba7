using System.Globalization;
using LineageEmulator.Hosting;
using LineageEmulator.State;
using Microsoft.Extensions.Primitives;

namespace LineageEmulator.Wire;

/// <summary>The calling account and region, taken from the SigV4 credential.</summary>
public sealed record Caller(string AccountId, string Region, string AccessKeyId)
{
    public string PrincipalArn => Arns.AccountRoot(AccountId);
}

/// <summary>
/// What a request says about its signature, from exactly one place: the <c>Authorization</c> header or
/// presigned query parameters. <see cref="SignedHeaders"/> is null for a presigned request read from the
/// query, which carries them as <c>X-Amz-SignedHeaders</c>.
/// </summary>
public sealed record RequestSignature(
    string AccessKeyId, string Date, string Region, string Service, string SignedHeaders, string Signature, bool Presigned)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";
}

/// <summary>
/// Reads and checks the SigV4 credential. A request must name exactly one identity: one Authorization
/// header (or one set of presigned parameters, never both), each component once, and a credential scope
/// <c>AKID/yyyyMMdd/region/service/aws4_request</c> for the service called. Whether the signature itself
/// is checked is <see cref="SignatureVerifier"/>'s business (off unless --verify-signatures).
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// Reads the signature of a request to <paramref name="service"/>. <paramref name="authStatus"/> is the
    /// status the protocol gives authentication failures (awsJson1.1 400, restJson1 403).
    /// </summary>
    public static RequestSignature Read(StringValues authorization, Func<string, StringValues> query, string service, int authStatus)
    {
        var presignedCredential = query("X-Amz-Credential");
        if (authorization.Count > 1)
            throw new IncompleteSignatureException("Only one Authorization header may be given; the request carried " + authorization.Count + ".");
        if (authorization.Count == 1 && (presignedCredential.Count > 0 || query("X-Amz-Algorithm").Count > 0))
            throw new IncompleteSignatureException(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");

        string credential, signedHeaders, signature;
        bool presigned;
        if (!string.IsNullOrEmpty(authorization))
        {
            (credential, signedHeaders, signature) = FromHeader(authorization.ToString());
            presigned = false;
        }
        else if (presignedCredential.Count > 0)
        {
            credential = Single(query, "X-Amz-Credential");
            signature = Single(query, "X-Amz-Signature");
            signedHeaders = query("X-Amz-SignedHeaders").Count == 0 ? "host" : Single(query, "X-Amz-SignedHeaders");
            presigned = true;
        }
        else
        {
            throw new MissingAuthenticationTokenException("Missing Authentication Token");
        }

        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[2].Length == 0 || parts[4] != "aws4_request"
            || !IsDate(parts[1]))
            throw new IncompleteSignatureException(
                $"Credential should be scoped to a valid region, not '{(parts.Length > 2 ? parts[2] : "")}'. " +
                $"Credential=<access key>/<yyyyMMdd>/<region>/<service>/aws4_request, got '{credential}'");
        if (parts[3] != service)
            throw new IncompleteSignatureException($"Credential should be scoped to correct service: '{service}'. ");
        // AWS answers a scope naming no region with InvalidSignatureException (aws/aws-sdk-js-v3#5576:
        // "Credential should be scoped to a valid region", 403 from a restJson1 service). A malformed region
        // would otherwise become state that nothing ever frees.
        if (!Regions.IsName(parts[2]))
            throw new InvalidSignatureException("Credential should be scoped to a valid region. ", authStatus);
        return new RequestSignature(parts[0], parts[1], parts[2], parts[3], signedHeaders, signature, presigned);
    }

    /// <summary>
    /// A calendar date written yyyyMMdd, as DateTime.TryParseExact with that format accepts it (eight digits, year
    /// 0001 or later, a real day of a real month), without its general parser: every call carries one.
    /// </summary>
    internal static bool IsDate(string value)
    {
        if (value.Length != 8 || value.AsSpan().ContainsAnyExceptInRange('0', '9')) return false;
        var year = int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(value.AsSpan(6, 2), CultureInfo.InvariantCulture);
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>The caller a signature names: account from the access key, region from the scope.</summary>
    public static Caller Identify(RequestSignature signature, EmulatorOptions options) =>
        new(AccountFor(signature.AccessKeyId, options), signature.Region, signature.AccessKeyId);

    public static string AccountFor(string accessKey, EmulatorOptions options)
    {
        if (options.AccountsByAccessKey.TryGetValue(accessKey, out var mapped)) return mapped.Account;
        return State.AccountIds.IsValid(accessKey) ? accessKey : options.DefaultAccount;
    }

    private static string Single(Func<string, StringValues> query, string name)
    {
        var values = query(name);
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            throw new IncompleteSignatureException($"AWS query-string parameters must include '{name}' exactly once.");
        return values[0]!;
    }

    private static (string Credential, string SignedHeaders, string Signature) FromHeader(string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            throw new IncompleteSignatureException(
                $"Authorization header requires the '{Algorithm}' scheme. Authorization={authorization}");

        string? credential = null, signedHeaders = null, signature = null;
        // Read as spans: every call carries this header, and only the three values need strings of their own.
        var components = authorization.AsSpan(Algorithm.Length + 1);
        foreach (var range in components.Split(','))
        {
            var item = components[range].Trim();
            var eq = item.IndexOf('=');
            if (eq <= 0) continue;
            var name = item[..eq];
            // A component given twice names two identities; taking either one would be a guess.
            ref var slot = ref credential;
            switch (name)
            {
                case "Credential": slot = ref credential; break;
                case "SignedHeaders": slot = ref signedHeaders; break;
                case "Signature": slot = ref signature; break;
                default: continue;
            }
            if (slot is not null)
                throw new IncompleteSignatureException($"Authorization header has '{name}' more than once. Authorization={authorization}");
            slot = item[(eq + 1)..].ToString();
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(signedHeaders))
        {
            var missing = new List<string>();
            if (string.IsNullOrEmpty(credential)) missing.Add("Authorization header requires 'Credential' parameter.");
            if (string.IsNullOrEmpty(signature)) missing.Add("Authorization header requires 'Signature' parameter.");
            if (string.IsNullOrEmpty(signedHeaders)) missing.Add("Authorization header requires 'SignedHeaders' parameter.");
            throw new IncompleteSignatureException(string.Join(" ", missing) + " Authorization=" + authorization);
        }
        return (credential, signedHeaders, signature);
    }
}
