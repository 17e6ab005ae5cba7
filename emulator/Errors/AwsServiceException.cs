namespace LineageEmulator;

/// <summary>
/// An error AWS itself would return. The protocol writer turns it into the wire body and headers;
/// nothing else formats errors.
/// </summary>
public abstract class AwsServiceException(string code, int statusCode, string message) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
}
