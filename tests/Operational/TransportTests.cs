using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.Operational;

/// <summary>
/// Against the real server (Kestrel, not the in-process test host): what goes wrong in the transport is the
/// client's fault and is answered with a 4xx in the AWS error shape, never a 500; and any state the emulator
/// exports it imports back, however large.
/// </summary>
public sealed class TransportTests
{
    private static async Task<(int Status, string Head, string Body)> Raw(EmulatorProcess emulator, string head, Func<Stream, Task> body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", emulator.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try { await body(stream); }
        catch (IOException) { } // the server may answer and close before the whole body is sent
        var response = new MemoryStream();
        try { await stream.CopyToAsync(response); }
        catch (IOException) { }
        var text = Encoding.UTF8.GetString(response.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var status = int.Parse(text.Split(' ', 3)[1]);
        return (status, text[..split], text[(split + 4)..]);
    }

    private static string Head(string path, string extra, string contentType = "application/x-amz-json-1.1", string service = "sagemaker") =>
        $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {contentType}\r\n" +
        "X-Amz-Target: SageMaker.ListArtifacts\r\n" +
        $"Authorization: AWS4-HMAC-SHA256 Credential=111122223333/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=abc\r\n" +
        extra + "\r\n";

    private static async Task Chunks(Stream s, long total)
    {
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)' ');
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
            await s.WriteAsync(chunk);
            await s.WriteAsync("\r\n"u8.ToArray());
        }
        await s.WriteAsync("0\r\n\r\n"u8.ToArray());
    }

    // The response may be chunked itself: the JSON object is what lies between its first and last brace.
    private static string ErrorType(string body) =>
        JsonNode.Parse(body[body.IndexOf('{')..(body.LastIndexOf('}') + 1)])!["__type"]!.GetValue<string>();

    [Fact]
    public async Task Oversized_and_malformed_chunked_bodies_are_4xx_in_the_AWS_error_shape()
    {
        using var dir = new TempDir();
        using var emulator = EmulatorProcess.Start(dir.Path);
        await emulator.WaitReady();

        var chunkedTooLarge = await Raw(emulator, Head("/", "Transfer-Encoding: chunked\r\n"), s => Chunks(s, 31L << 20));
        Assert.Equal(413, chunkedTooLarge.Status);
        Assert.Equal("RequestEntityTooLargeException", ErrorType(chunkedTooLarge.Body));

        var lengthTooLarge = await Raw(emulator, Head("/", $"Content-Length: {31L << 20}\r\n"), s => s.WriteAsync(new byte[31 << 20]).AsTask());
        Assert.Equal(413, lengthTooLarge.Status);
        Assert.Equal("RequestEntityTooLargeException", ErrorType(lengthTooLarge.Body));

        var badFraming = await Raw(emulator, Head("/", "Transfer-Encoding: chunked\r\n"), s => s.WriteAsync("ZZ\r\n{}\r\n0\r\n\r\n"u8.ToArray()).AsTask());
        Assert.Equal(400, badFraming.Status);
        Assert.Equal("BadRequestException", ErrorType(badFraming.Body));

        var ram = await Raw(emulator, Head("/getresourceshares", "Transfer-Encoding: chunked\r\n", "application/json", "ram"),
            s => s.WriteAsync("5\r\n{}xx\r\n0\r\n\r\n"u8.ToArray()).AsTask());
        Assert.Equal(400, ram.Status);

        var import = await Raw(emulator, Head("/_emulator/state", "Transfer-Encoding: chunked\r\n", "application/json"),
            s => s.WriteAsync("3\r\n{}\r\nnot-a-chunk\r\n"u8.ToArray()).AsTask());
        Assert.Equal(400, import.Status);
        Assert.Contains("\"message\"", import.Body);

        // The server is still healthy.
        Assert.Equal(200, (int)(await emulator.Http.GetAsync("/_emulator/health")).StatusCode);
    }

    [Fact]
    public async Task A_state_larger_than_the_default_body_limit_exports_and_imports_back()
    {
        using var dir = new TempDir();
        using var emulator = EmulatorProcess.Start(dir.Path);
        await emulator.WaitReady();
        var account = EmulatorFixture.NewAccount();
        var sm = new SageMakerClient(emulator.Http, account, "us-east-1");
        var template = await sm.Artifact("DataSet");
        var doc = JsonNode.Parse(await emulator.Http.GetStringAsync("/_emulator/state"))!;
        var artifacts = doc["accounts"]![account]!["us-east-1"]!["artifacts"]!.AsObject();
        var row = artifacts[template]!;
        var padding = new string('x', 450);
        for (var i = 0; i < 33_000; i++)
        {
            var arn = template + "-" + i.ToString("D5");
            var copy = row.DeepClone();
            copy["Arn"] = arn;
            copy["Properties"] = new JsonObject { ["padding"] = padding };
            artifacts[arn] = copy;
        }
        var text = doc.ToJsonString();
        Assert.True(text.Length > 32 << 20, $"document is only {text.Length} bytes");

        using var http = new HttpClient { BaseAddress = emulator.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        var imported = await http.PostAsync("/_emulator/state", new StringContent(text, Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)imported.StatusCode);
        var exported = await http.GetStringAsync("/_emulator/state");
        Assert.True(exported.Length > 32 << 20);
        var again = await http.PostAsync("/_emulator/state", new StringContent(exported, Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)again.StatusCode);
        Assert.Equal(33_001, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["imported"]!["artifacts"]!.GetValue<int>());
    }
}
