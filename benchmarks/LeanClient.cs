using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace LineageEmulator.Benchmarks;

/// <summary>
/// One keep-alive HTTP/1.1 connection driven synchronously from one thread: a request is written in one send and
/// its answer read by its Content-Length, with nothing else between them. A figure that compares many short calls
/// with one long one measures the server with it, not HttpClient's async hops (which cost more than a later
/// QueryLineage page itself, and more still just after a long call, when the thread pool's threads have parked).
/// </summary>
public sealed class LeanClient : IDisposable
{
    private readonly Socket socket;
    private readonly string host;
    private byte[] buffer = new byte[64 * 1024];

    public LeanClient(string url)
    {
        var uri = new Uri(url);
        host = uri.Authority;
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(uri.Host, uri.Port);
    }

    /// <summary>A SageMaker call as <paramref name="account"/>; the answer's body, which must come with a 200.</summary>
    public ReadOnlySpan<byte> Call(string account, string operation, string body)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        var request = Encoding.UTF8.GetBytes(
            $"POST / HTTP/1.1\r\nHost: {host}\r\nX-Amz-Target: SageMaker.{operation}\r\nAuthorization: {Bench.AuthorizationFor(account)}\r\n" +
            $"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {bytes}\r\n\r\n{body}");
        socket.Send(request);
        // The head, then as much more as its Content-Length says.
        var read = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8)) < 0) read += Receive(read);
        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            throw new InvalidOperationException($"{operation}: {head}");
        var length = int.Parse(head.Split("\r\n").First(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        var total = headEnd + 4 + length;
        if (buffer.Length < total) Array.Resize(ref buffer, total);
        while (read < total) read += Receive(read);
        return buffer.AsSpan(headEnd + 4, length);
    }

    private int Receive(int at)
    {
        if (at == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        var n = socket.Receive(buffer, at, buffer.Length - at, SocketFlags.None);
        return n > 0 ? n : throw new InvalidOperationException("the server closed the connection");
    }

    public void Dispose() => socket.Dispose();
}
