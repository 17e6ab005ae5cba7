namespace LineageEmulator.Wire;

/// <summary>The id of each call (<c>x-amzn-RequestId</c>, and in log lines): a random version-4 UUID, as AWS's are.</summary>
public static class RequestIds
{
    /// <summary>
    /// Guid.NewGuid reads the kernel's random source, a system call per id that cost 2% of a read's CPU. A request
    /// id needs to be unique, not unguessable, so a fast generator's bits laid out as a version-4 UUID serve.
    /// </summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // In Guid's byte order, byte 7 is the high byte of the third group (the version) and byte 8 starts the
        // fourth (the RFC 4122 variant).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
