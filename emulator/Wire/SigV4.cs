using LineageEmulator.Hosting;
using LineageEmulator.State;

namespace LineageEmulator.Wire;

/// <summary>The calling account and region, taken from the SigV4 credential.</summary>
public sealed record Caller(string AccountId, string Region, string AccessKeyId)
{
    public string PrincipalArn => Arns.AccountRoot(AccountId);
}

/// <summary>
/// Reads the caller from a SigV4 <c>Authorization</c> header or from presigned query parameters.
/// Signatures are not verified: the emulator trusts the credential scope, as LocalStack and moto do.
/// </summary>
public static class SigV4
{
    private const string Scheme = "AWS4-HMAC-SHA256";

    public static Caller Identify(string? authorization, Func<string, string?> query, EmulatorOptions options)
    {
        string credential;
        if (!string.IsNullOrEmpty(authorization))
        {
            credential = FromHeader(authorization);
        }
        else if (query("X-Amz-Credential") is { Length: > 0 } presigned)
        {
            if (string.IsNullOrEmpty(query("X-Amz-Signature")))
                throw new IncompleteSignatureException("AWS query-string parameters must include 'X-Amz-Signature'.");
            credential = presigned;
        }
        else
        {
            throw new MissingAuthenticationTokenException("Missing Authentication Token");
        }

        // Credential = AKID/yyyyMMdd/region/service/aws4_request
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[2].Length == 0 || parts[4] != "aws4_request")
            throw new IncompleteSignatureException(
                $"Credential should be scoped to a valid region, not '{(parts.Length > 2 ? parts[2] : "")}'. " +
                $"Credential=<access key>/<date>/<region>/<service>/aws4_request, got '{credential}'");

        var accessKey = parts[0];
        return new Caller(AccountFor(accessKey, options), parts[2], accessKey);
    }

    public static string AccountFor(string accessKey, EmulatorOptions options)
    {
        if (AccountIds.IsValid(accessKey)) return accessKey;
        return options.AccountsByAccessKey.TryGetValue(accessKey, out var mapped) ? mapped : options.DefaultAccount;
    }

    private static string FromHeader(string authorization)
    {
        if (!authorization.StartsWith(Scheme + " ", StringComparison.Ordinal))
            throw new IncompleteSignatureException(
                $"Authorization header requires the '{Scheme}' scheme. Authorization={authorization}");

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var raw in authorization[(Scheme.Length + 1)..].Split(','))
        {
            var item = raw.Trim();
            var eq = item.IndexOf('=');
            if (eq <= 0) continue;
            var value = item[(eq + 1)..];
            switch (item[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(credential)) missing.Add("Authorization header requires 'Credential' parameter.");
        if (string.IsNullOrEmpty(signature)) missing.Add("Authorization header requires 'Signature' parameter.");
        if (string.IsNullOrEmpty(signedHeaders)) missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        if (missing.Count > 0)
            throw new IncompleteSignatureException(string.Join(" ", missing) + " Authorization=" + authorization);
        return credential!;
    }
}
