using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace LineageEmulator.SdkConformance.DotNet;

/// <summary>
/// What the AWS SDK for .NET puts on the wire, without AWSSDK.SageMaker/AWSSDK.RAM (not restorable here): the
/// request is an AWSSDK.Core <see cref="DefaultRequest"/>, signed by AWSSDK.Core's own <see cref="AWS4Signer"/>,
/// sent with HttpClient; responses are read as the SDK's JSON unmarshallers read them.
/// </summary>
public sealed class SignedWireClient(string endpoint, string account)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _endpoint = new(endpoint);

    // The emulator takes the account id from the access key id (12 digits = the account).
    private readonly ImmutableCredentials _credentials = new(account, "conformance-secret-" + account, null);

    /// <summary>SageMaker, awsJson1.1: POST / with X-Amz-Target.</summary>
    public Task<WireResponse> SageMaker(string operation, JsonObject body)
    {
        var request = NewRequest("SageMaker", "POST", "/");
        request.Headers["X-Amz-Target"] = "SageMaker." + operation;
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Content = Encoding.UTF8.GetBytes(body.ToJsonString());
        return Send(request, "sagemaker");
    }

    /// <summary>RAM, restJson1: POST /&lt;operation in lower case&gt; with a JSON body.</summary>
    public Task<WireResponse> RamPost(string path, JsonObject body)
    {
        var request = NewRequest("RAM", "POST", path);
        request.Headers["Content-Type"] = "application/json";
        request.Content = Encoding.UTF8.GetBytes(body.ToJsonString());
        return Send(request, "ram");
    }

    /// <summary>
    /// RAM's one DELETE (DeleteResourceShare): the members travel in the query string, so the request is signed
    /// with UseQueryString, which puts them in the canonical query string, as the RAM client's marshaller does.
    /// </summary>
    public Task<WireResponse> RamDelete(string path, IReadOnlyDictionary<string, string> query)
    {
        var request = NewRequest("RAM", "DELETE", path);
        request.UseQueryString = true;
        foreach (var (key, value) in query) request.Parameters[key] = value;
        return Send(request, "ram");
    }

    private DefaultRequest NewRequest(string serviceName, string method, string path) =>
        new(new EmptyServiceRequest(), serviceName) { HttpMethod = method, Endpoint = _endpoint, ResourcePath = path };

    private async Task<WireResponse> Send(DefaultRequest request, string signingName)
    {
        var config = new SigningConfig(signingName)
        {
            // As AWSSDK.SageMaker's and AWSSDK.RAM's configs do: the scope names the service, not the host.
            ServiceURL = _endpoint.ToString(), AuthenticationRegion = "us-east-1", AuthenticationServiceName = signingName,
        };
        // AWSSDK.Core 4.x signs with an identity (AWSCredentials); the key pair is the ImmutableCredentials above.
        var identity = new BasicAWSCredentials(_credentials.AccessKey, _credentials.SecretKey);
        new AWS4Signer().Sign(request, config, new RequestMetrics(), identity);

        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), AmazonServiceClient.ComposeUrl(request));
        if (request.Content is { } content)
        {
            message.Content = new ByteArrayContent(content);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.Headers["Content-Type"]);
        }
        foreach (var (name, value) in request.Headers)
        {
            if (name is "Content-Type" or "Content-Length" or "host") continue;
            Assert.True(message.Headers.TryAddWithoutValidation(name, value), $"header {name} could not be sent");
        }
        Assert.Contains("Credential=" + _credentials.AccessKey + "/", request.Headers["Authorization"]);

        using var response = await Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        return WireResponse.From((int)response.StatusCode, text, errorType, $"{request.HttpMethod} {message.RequestUri}");
    }

    private sealed class EmptyServiceRequest : AmazonWebServiceRequest;

    /// <summary>The parts of a service client's config the signer reads: signing name and region.</summary>
    private sealed class SigningConfig(string signingName) : ClientConfig(null!)
    {
        public override string ServiceVersion => signingName == "ram" ? "2018-01-04" : "2017-07-24";
        public override string UserAgent => "lineage-emulator-sdk-conformance";
        public override string RegionEndpointServiceName => signingName;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
    }
}

/// <summary>A response read the way the .NET SDK's JSON unmarshallers read it.</summary>
public sealed record WireResponse(int Status, JsonNode? Body, string? ErrorCode, string? ErrorMessage, string Request)
{
    public static WireResponse From(int status, string text, string? errorTypeHeader, string request)
    {
        var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        if (status < 300) return new(status, body, null, null, request);

        // The SDK takes the code from x-amzn-ErrorType when present (dropping any ":<namespace url>"), else from
        // the body's __type (or code), and drops anything before '#'; the message is "message" or "Message".
        var code = errorTypeHeader?.Split(':')[0];
        if (string.IsNullOrEmpty(code)) code = body?["__type"]?.GetValue<string>() ?? body?["code"]?.GetValue<string>();
        if (code?.LastIndexOf('#') is int hash and >= 0) code = code[(hash + 1)..];
        var messageNode = body?["message"] ?? body?["Message"];
        return new(status, body, code, messageNode?.GetValue<string>(), request);
    }

    /// <summary>The body of a success; fails the test with the error otherwise.</summary>
    public JsonNode Ok()
    {
        Assert.True(Status is >= 200 and < 300, $"{Request}: expected success, got {Status} {ErrorCode}: {ErrorMessage}");
        return Body ?? new JsonObject();
    }

    public WireResponse Error(string code, int status = 400)
    {
        Assert.True(ErrorCode == code && Status == status,
            $"{Request}: expected {code} ({status}), got {Status} {ErrorCode}: {ErrorMessage} {Body?.ToJsonString()}");
        Assert.False(string.IsNullOrEmpty(ErrorMessage), $"{Request}: {code} has no message");
        return this;
    }

    /// <summary>
    /// Timestamps are epoch seconds (JSON numbers, with a fraction for milliseconds), as the SDK's
    /// DateTimeUnmarshaller reads them; an ISO string here would be a wire difference from AWS.
    /// </summary>
    public static DateTime Time(JsonNode? node, string what)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            throw new Xunit.Sdk.XunitException($"{what}: expected epoch seconds, got {node?.ToJsonString() ?? "nothing"}");
        var seconds = value.GetValue<double>();
        var time = DateTime.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000));
        Assert.True(Math.Abs((time - DateTime.UtcNow).TotalMinutes) < 10,
            $"{what}: {time.ToString("o", CultureInfo.InvariantCulture)} is not near now");
        return time;
    }
}
