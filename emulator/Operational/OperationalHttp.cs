using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LineageEmulator.Operational;

/// <summary>How every /_emulator/ endpoint answers: JSON written by hand (no reflection), errors as 400 {"message"}.</summary>
public static class OperationalHttp
{
    public static Task Error(HttpContext http, string message, int status = 400, string? code = null) => Json(http, status, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        if (code is not null) w.WriteString("code", code);
        w.WriteEndObject();
    });

    public static async Task Json(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) write(writer);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
