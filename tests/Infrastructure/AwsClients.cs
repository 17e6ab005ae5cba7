using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Wire;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>The result of one raw call: HTTP status, the error code if any, and the JSON body.</summary>
public sealed record WireResult(int Status, string? ErrorCode, string? Message, JsonNode? Body, HttpResponseMessage Response)
{
    public JsonNode Ok()
    {
        if (Status != 200) throw new Xunit.Sdk.XunitException($"expected 200, got {Status} {ErrorCode}: {Message}");
        return Body!;
    }

    public WireResult Error(string code, int status = 400)
    {
        Xunit.Assert.True(ErrorCode == code && Status == status, $"expected {status} {code}, got {Status} {ErrorCode}: {Message}");
        return this;
    }
}

/// <summary>An AWS error answer to a typed call: its code, HTTP status and message, as an SDK surfaces them.</summary>
public sealed class AwsError(string code, int status, string message) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;

    public override string ToString() => $"{Status} {Code}: {Message}";
}

public static class AwsErrorExpectations
{
    /// <summary>Awaits a typed call that must fail with this code and status, and returns the error.</summary>
    public static async Task<AwsError> Fails<T>(this Task<T> call, string code, int status = 400)
    {
        T answer;
        try
        {
            answer = await call;
        }
        catch (AwsError e)
        {
            Xunit.Assert.True(e.Code == code && e.Status == status, $"expected {status} {code}, got {e}");
            return e;
        }
        throw new Xunit.Sdk.XunitException($"expected {status} {code}, got 200 {answer}");
    }
}

/// <summary>
/// What both test clients share: SigV4-shaped headers naming the caller's account, and reading the answer.
/// Each client has two faces. The typed one (one method per operation, generated from the service model in
/// Generated/*Client.g.cs) takes and returns the generated shapes and throws <see cref="AwsError"/>; tests use it.
/// The raw one (<c>Call</c>, <c>Post</c>, <c>Delete</c> with JSON text) is for tests whose point is the exact wire:
/// malformed bodies, member names, omitted members, error bodies.
/// </summary>
public abstract class AwsClientBase(HttpClient http, string account, string region, string service)
{
    public string Account { get; } = account;
    public string Region { get; } = region;

    protected HttpRequestMessage Signed(HttpMethod method, string uri)
    {
        var req = new HttpRequestMessage(method, uri);
        req.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={Account}/20260101/{Region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123");
        req.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        return req;
    }

    protected async Task<WireResult> Send(HttpRequestMessage req)
    {
        var resp = await http.SendAsync(req);
        var text = await resp.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        string? code = null, message = null;
        if ((int)resp.StatusCode != 200)
        {
            code = body?["__type"]?.GetValue<string>();
            message = body?["message"]?.GetValue<string>();
            if (resp.Headers.TryGetValues("X-Amzn-ErrorType", out var header))
                Xunit.Assert.Equal(code, header.Single());
        }
        return new WireResult((int)resp.StatusCode, code, message, body, resp);
    }

    /// <summary>Sends a typed request and reads the answer into the operation's generated output shape.</summary>
    protected async Task<TOut> SendTyped<TIn, TOut>(HttpRequestMessage req, OperationModel<TIn, TOut> op)
        where TIn : class, IShape where TOut : class
    {
        var result = await Send(req);
        if (result.Status != 200) throw new AwsError(result.ErrorCode ?? "(no code)", result.Status, result.Message ?? "");
        return (result.Body ?? new JsonObject()).Deserialize(op.Output)
            ?? throw new Xunit.Sdk.XunitException($"{op.Name} answered 200 with a null body");
    }

    protected static StringContent Json(object body, string contentType)
    {
        var text = body is string s ? s : body is JsonNode n ? n.ToJsonString() : throw new ArgumentException("body must be JSON text or a JsonNode");
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}

/// <summary>A SageMaker client speaking awsJson1.1: what an SDK puts on the wire, without an SDK.</summary>
public sealed partial class SageMakerClient(HttpClient http, string account, string region) : AwsClientBase(http, account, region, "sagemaker")
{
    public Task<WireResult> Call(string operation, JsonNode body) => Call(operation, body.ToJsonString());

    public Task<WireResult> Call(string operation, string body)
    {
        var req = Signed(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        req.Content = Json(body, ProtocolEndpoint.AwsJsonContentType);
        return Send(req);
    }

    public Task<TOut> Call<TIn, TOut>(OperationModel<TIn, TOut> op, TIn request) where TIn : class, IShape where TOut : class
    {
        var req = Signed(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + op.Name);
        req.Content = Json(JsonSerializer.Serialize(request, op.Input), ProtocolEndpoint.AwsJsonContentType);
        return SendTyped(req, op);
    }
}

/// <summary>A RAM client speaking restJson1: each operation's method and path from the model.</summary>
public sealed partial class RamClient(HttpClient http, string account, string region) : AwsClientBase(http, account, region, "ram")
{
    public Task<WireResult> Post(string path, JsonNode body)
    {
        var req = Signed(HttpMethod.Post, path);
        req.Content = Json(body, ProtocolEndpoint.RestJsonContentType);
        return Send(req);
    }

    public Task<WireResult> Delete(string pathAndQuery) => Send(Signed(HttpMethod.Delete, pathAndQuery));

    /// <summary>
    /// The request's query-string members (generated per operation) go in the URI; the others, which the
    /// generated shapes serialize (query members are [JsonIgnore]), are the body. A DELETE has no body.
    /// </summary>
    public Task<TOut> Call<TIn, TOut>(OperationModel<TIn, TOut> op, TIn request, IEnumerable<(string Name, string? Value)>? query = null)
        where TIn : class, IShape where TOut : class
    {
        var pairs = (query ?? []).Where(q => q.Value is not null).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        var req = Signed(new HttpMethod(op.HttpMethod), op.RequestUri + (pairs.Count > 0 ? "?" + string.Join('&', pairs) : ""));
        if (op.HttpMethod != "DELETE") req.Content = Json(JsonSerializer.Serialize(request, op.Input), ProtocolEndpoint.RestJsonContentType);
        return SendTyped(req, op);
    }

    private static string? Query(string? value) => value;
    private static string? Query(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
