using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LineageEmulator.Wire;

/// <summary>
/// The error body both AWS JSON protocols share: <c>{"__type": code, "message": text}</c> plus the
/// <c>X-Amzn-ErrorType</c> header (boto3 reads SageMaker codes only from <c>__type</c>; RAM clients read
/// the header first).
/// </summary>
internal static class WireErrors
{
    public static async Task Write(HttpResponse response, string contentType, AwsServiceException error)
    {
        response.StatusCode = error.StatusCode;
        response.ContentType = contentType;
        response.Headers["X-Amzn-ErrorType"] = error.Code;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }
        // Sent whole with its length, as AWS answers, rather than in chunks.
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
