using System.Runtime.InteropServices;

namespace LineageEmulator.State.Persistence;

/// <summary>
/// One emulator per data directory: two writers would each believe their memory is the state. The lock is
/// an exclusive flock on the directory itself, which no second emulator can get around by deleting or
/// replacing a file in it, held until exit and released by the OS even on kill -9. (Windows, which has no
/// flock, keeps a lock file open unshared instead; it cannot be deleted while open there.)
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    public const string WindowsLockFileName = "lineage-emulator.lock";

    private int fd = -1;
    private FileStream? windowsLock;

    private DirectoryLock() { }

    /// <summary>Takes the lock; throws <see cref="EmulatorStartupException"/> saying who holds it, or why it cannot be taken.</summary>
    public static DirectoryLock Take(string dir)
    {
        var held = new DirectoryLock();
        if (OperatingSystem.IsWindows())
        {
            try
            {
                held.windowsLock = new FileStream(Path.Combine(dir, WindowsLockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return held;
            }
            catch (IOException e)
            {
                throw InUse(dir, e.Message);
            }
        }

        held.fd = Open(dir, ReadOnly | CloseOnExec);
        if (held.fd < 0)
            throw new EmulatorStartupException($"cannot open data directory {dir}: {Errno()}");
        if (Flock(held.fd, LockExclusive | LockNonBlocking) != 0)
        {
            var error = Errno();
            held.Dispose();
            throw InUse(dir, error);
        }
        return held;
    }

    private static EmulatorStartupException InUse(string dir, string detail) =>
        new($"data directory {dir} is in use by another emulator (it holds the directory's lock: {detail}); stop it or choose another --data-dir");

    private static string Errno() => Marshal.GetLastPInvokeErrorMessage();

    public void Dispose()
    {
        windowsLock?.Dispose();
        windowsLock = null;
        if (fd >= 0) Close(fd);
        fd = -1;
    }

    private const int ReadOnly = 0; // O_RDONLY: enough to hold a directory open for flock
    // O_CLOEXEC: a child process must not inherit the descriptor, or the lock would outlive this emulator.
    private static readonly int CloseOnExec = OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;
    private const int LockExclusive = 2, LockNonBlocking = 4; // LOCK_EX, LOCK_NB

    // DllImport rather than LibraryImport: the generated stubs of the latter need unsafe code, and these three
    // calls marshal nothing but a UTF-8 string and ints, which Native AOT compiles ahead of time either way.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
