using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// Builds requests signed by AWSSDK.Core's own <see cref="AWS4Signer"/> (what the AWS SDK for .NET sends),
/// for the in-process emulator, whose host is "localhost".
/// </summary>
public static class SdkSigner
{
    private static readonly Uri Endpoint = new("http://localhost");

    public static HttpRequestMessage SageMaker(string accessKey, string secret, string operation, string body, string region = "us-east-1")
    {
        var request = New("SageMaker", "POST", "/");
        request.Headers["X-Amz-Target"] = "SageMaker." + operation;
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Content = Encoding.UTF8.GetBytes(body);
        return Sign(request, "sagemaker", accessKey, secret, region);
    }

    public static HttpRequestMessage RamPost(string accessKey, string secret, string path, string body, string region = "us-east-1")
    {
        var request = New("RAM", "POST", path);
        request.Headers["Content-Type"] = "application/json";
        request.Content = Encoding.UTF8.GetBytes(body);
        return Sign(request, "ram", accessKey, secret, region);
    }

    private static DefaultRequest New(string service, string method, string path) =>
        new(new EmptyRequest(), service) { HttpMethod = method, Endpoint = Endpoint, ResourcePath = path };

    private static HttpRequestMessage Sign(DefaultRequest request, string service, string accessKey, string secret, string region)
    {
        var config = new SigningConfig(service)
        {
            ServiceURL = Endpoint.ToString(), AuthenticationRegion = region, AuthenticationServiceName = service,
        };
        new AWS4Signer().Sign(request, config, new RequestMetrics(), new BasicAWSCredentials(accessKey, secret));
        // The SDK's Uri disables canonicalization, which the in-process TestServer cannot read; the text is the same.
        var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(AmazonServiceClient.ComposeUrl(request).OriginalString));
        if (request.Content is { } content)
        {
            message.Content = new ByteArrayContent(content);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.Headers["Content-Type"]);
        }
        foreach (var (name, value) in request.Headers)
            if (name is not ("Content-Type" or "Content-Length" or "host")) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    private sealed class EmptyRequest : AmazonWebServiceRequest;

    private sealed class SigningConfig(string service) : ClientConfig(null!)
    {
        public override string ServiceVersion => service == "ram" ? "2018-01-04" : "2017-07-24";
        public override string UserAgent => "lineage-emulator-tests";
        public override string RegionEndpointServiceName => service;
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
    }
}
