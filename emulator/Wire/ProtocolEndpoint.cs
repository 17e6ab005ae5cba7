using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using LineageEmulator.Hosting;
using LineageEmulator.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.Wire;

/// <summary>
/// The request pipeline of both protocols, written once and in order: request id, caller identity from
/// SigV4, dispatch, body and query binding, then <see cref="Pipeline"/> (validation, authorization,
/// handler), then serialization. Errors are written here and nowhere else.
/// </summary>
public sealed class ProtocolEndpoint(Pipeline pipeline, EmulatorOptions options, SignatureVerifier verifier, ILogger<ProtocolEndpoint> log)
{
    public const string AwsJsonContentType = "application/x-amz-json-1.1";
    public const string RestJsonContentType = "application/json";

    public Task HandleAwsJson(HttpContext http, OperationTable table, string targetPrefix)
    {
        string? target = http.Request.Headers["X-Amz-Target"];
        var name = target is not null && target.StartsWith(targetPrefix + ".", StringComparison.Ordinal)
            ? target[(targetPrefix.Length + 1)..]
            : null;
        return Handle(http, table, name is null ? null : table.Find(name), name ?? target ?? "", AwsJsonContentType);
    }

    public Task HandleRestJson(HttpContext http, OperationTable table, IOperation op) =>
        Handle(http, table, op, op.Model.Name, RestJsonContentType);

    /// <summary>A request whose method and path match no REST operation.</summary>
    public Task HandleUnknownRest(HttpContext http, OperationTable table) =>
        Handle(http, table, null, $"{http.Request.Method} {http.Request.Path}", RestJsonContentType);

    private async Task Handle(HttpContext http, OperationTable table, IOperation? op, string opName, string contentType)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.New();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        Caller? caller = null;
        string? errorCode = null;
        try
        {
            var query = http.Request.Query;
            // Authentication failures are 400 on awsJson1.1 and 403 on restJson1, as AWS answers them.
            var authStatus = contentType == RestJsonContentType ? 403 : 400;
            var signature = SigV4.Read(http.Request.Headers.Authorization, key => query[key], table.Service, authStatus);
            caller = SigV4.Identify(signature, options);
            var body = await ReadBody(http.Request);
            if (options.VerifySignatures) verifier.Verify(signature, http.Request, body.Span, authStatus);
            if (op is null)
                throw new UnknownOperationException($"Operation {opName} is not supported.", contentType == RestJsonContentType ? 404 : 400);

            var input = op.Deserialize(body.Span);
            op.BindQuery(input, key => query[key].FirstOrDefault());
            var output = await pipeline.ExecuteAsync(table, op, input, caller, requestId);

            http.Response.StatusCode = 200;
            http.Response.ContentType = contentType;
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer)) op.Serialize(writer, output);
            // Sent whole with its length, as AWS answers, rather than in chunks.
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory);
        }
        catch (AwsServiceException e)
        {
            errorCode = e.Code;
            await WireErrors.Write(http.Response, contentType, e);
        }
        catch (Exception e)
        {
            errorCode = "InternalFailure";
            log.LogError(e, "{Service}.{Operation} failed unexpectedly (request {RequestId})", table.Service, opName, requestId);
            await WireErrors.Write(http.Response, contentType, new InternalFailure("An internal error occurred. Request id: " + requestId));
        }
        finally
        {
            // Checked first: the call boxes its arguments into an array, a cost every request would pay at
            // --log-level Warning too.
            if (log.IsEnabled(LogLevel.Information))
                log.LogInformation("{Service}.{Operation} account={Account} region={Region} status={Status} error={Error} latencyMs={LatencyMs:F1}",
                    table.Service, opName, caller?.AccountId ?? "-", caller?.Region ?? "-", http.Response.StatusCode,
                    errorCode ?? "-", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// The whole body. Kestrel refuses an oversized body (Content-Length or chunked) or broken chunk framing
    /// while it is read; that is the client's fault, so it is answered as a 4xx like any other bad request.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request)
    {
        try
        {
            // Straight from the request's pipe (no stream adapters), consuming each read so a body of any size
            // flows; one array when the length is known, as nearly every SDK request's is.
            var reader = request.BodyReader;
            var body = new byte[request.ContentLength is > 0 and < MaxPreallocated ? (int)request.ContentLength.Value : 0];
            var length = 0;
            while (true)
            {
                var read = await reader.ReadAsync();
                var buffer = read.Buffer;
                if (length + buffer.Length > body.Length)
                    Array.Resize(ref body, (int)Math.Max(length + buffer.Length, Math.Min(2L * body.Length, Array.MaxLength)));
                buffer.CopyTo(body.AsSpan(length));
                length += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (read.IsCompleted) return body.AsMemory(0, length);
            }
        }
        catch (BadHttpRequestException e)
        {
            throw TransportErrors.From(e);
        }
    }

    // A Content-Length is the client's claim; buffers grow past this only as bytes actually arrive.
    private const long MaxPreallocated = 1 << 20;
}
