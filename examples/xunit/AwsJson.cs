using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LineageEmulator.Examples.Xunit;

/// <summary>
/// What AWSSDK.SageMaker and AWSSDK.RAM put on the wire, kept to a few lines because those packages cannot be
/// restored in this offline build. With them, a test writes instead:
/// <code>
/// var sm = new AmazonSageMakerClient(new BasicAWSCredentials(account, "test"),
///     new AmazonSageMakerConfig { ServiceURL = fixture.Emulator.ServiceUrl, AuthenticationRegion = "us-east-1" });
/// </code>
/// </summary>
public sealed class AwsJson(string serviceUrl, string account, string service)
{
    private static readonly HttpClient Http = new();

    /// <summary>SageMaker (awsJson1.1): POST / with X-Amz-Target.</summary>
    public Task<JsonNode> Call(string operation, JsonObject body) =>
        Send(HttpMethod.Post, "/", body, "application/x-amz-json-1.1", "SageMaker." + operation);

    /// <summary>RAM (restJson1): POST to the operation's path.</summary>
    public Task<JsonNode> Post(string path, JsonObject body) => Send(HttpMethod.Post, path, body, "application/json", null);

    private async Task<JsonNode> Send(HttpMethod method, string path, JsonObject body, string contentType, string? target)
    {
        using var request = new HttpRequestMessage(method, serviceUrl + path);
        // The emulator reads the caller from the credential scope; signatures are not checked by default.
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0");
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text.Length > 0 ? text : "{}")!;
        if (!response.IsSuccessStatusCode)
            throw new AwsError(json["__type"]?.GetValue<string>() ?? response.Headers.GetValues("X-Amzn-ErrorType").First(), (int)response.StatusCode);
        return json;
    }
}

public sealed class AwsError(string code, int status) : Exception($"{status} {code}")
{
    public string Code { get; } = code;
}
