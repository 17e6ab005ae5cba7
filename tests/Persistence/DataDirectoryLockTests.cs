using LineageEmulator.State.Persistence;

namespace LineageEmulator.Tests.Persistence;

public sealed class DataDirectoryLockTests
{
    [Fact]
    public void A_second_emulator_on_the_same_directory_refuses_to_start_until_the_first_stops()
    {
        using var dir = new TempDir();
        using (var first = StateHost.Open(dir.Path))
        {
            var e = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
            Assert.Contains("in use by another emulator", e.Message);
            Assert.Contains(dir.Path, e.Message);
            Assert.Equal("sqlite", first.Backend.Mode);
        }
        using var second = StateHost.Open(dir.Path);
        Assert.Equal(Path.Combine(dir.Path, SqliteStateFile.FileName), second.Backend.Location);
    }

    [Fact]
    public void A_data_directory_that_is_a_file_is_a_startup_error()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "not-a-dir");
        File.WriteAllText(file, "x");
        Assert.Throws<EmulatorStartupException>(() => StateHost.Open(file));
    }
}
