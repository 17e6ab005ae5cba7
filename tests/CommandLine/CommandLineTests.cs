using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.CommandLine;

/// <summary>
/// The command line as a new user meets it, against the built binary: help and version answer without starting,
/// a mistake stops it with one line, and start-up says where it listens, where state lives and how to call it.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_option_with_its_environment_variable_and_default_and_does_not_start()
    {
        var (exit, output, error) = await ChildProcess.RunEmulator(["--help"]);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        foreach (var setting in EmulatorSettings.All)
        {
            var line = Assert.Single(output.Split('\n'), l => l.TrimStart().StartsWith(setting.Flag + " ", StringComparison.Ordinal));
            Assert.Contains($"[env: {setting.EnvironmentVariable}]", line);
            Assert.Contains($"[default: {setting.DefaultText}]", line);
        }
        Assert.Contains("--version", output);
        Assert.DoesNotContain("listening", output);
    }

    [Fact]
    public async Task Version_prints_the_version_and_does_not_start()
    {
        var (exit, output, _) = await ChildProcess.RunEmulator(["--version"]);
        Assert.Equal(0, exit);
        Assert.Equal(EmulatorHost.Version, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Theory]
    // The typo from the issue: it used to run in memory and lose everything the user thought was saved.
    [InlineData(new[] { "--data-dri", "./state" }, "Unrecognized command or argument '--data-dri' (did you mean --data-dir?)")]
    [InlineData(new[] { "--no-such-thing" }, "'--no-such-thing'. See")]
    [InlineData(new[] { "serve" }, "'serve'")]
    [InlineData(new[] { "--data-dir" }, "'--data-dir'")]
    [InlineData(new[] { "--data-dir", "a", "--data-dir", "b" }, "--data-dir")]
    [InlineData(new[] { "--ram-association-delay-ms", "soon" }, "--ram-association-delay-ms: 'soon' is not a whole number")]
    [InlineData(new[] { "--ram-association-delay-ms", "-5" }, "--ram-association-delay-ms")]
    [InlineData(new[] { "--default-account", "1234" }, "--default-account: '1234' is not a 12-digit account id")]
    [InlineData(new[] { "--log-level", "loud" }, "--log-level: 'loud' is not one of")]
    [InlineData(new[] { "--accounts-file", "/nonexistent/accounts.json" }, "--accounts-file: '/nonexistent/accounts.json' does not exist")]
    public async Task A_mistake_exits_non_zero_with_one_line_pointing_at_help(string[] args, string reason)
    {
        var (exit, output, error) = await ChildProcess.RunEmulator(args);
        Assert.Equal(EmulatorCommandLine.UsageError, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("lineage-emulator: ", line);
        Assert.Contains(reason, line);
        Assert.EndsWith("See 'lineage-emulator --help'.", line);
    }

    [Theory]
    [InlineData("LINEAGE_LOG_LEVEL", "loud", "LINEAGE_LOG_LEVEL: 'loud' is not one of")]
    [InlineData("LINEAGE_RAM_ASSOCIATION_DELAY_MS", "1s", "LINEAGE_RAM_ASSOCIATION_DELAY_MS: '1s' is not a whole number")]
    [InlineData("LINEAGE_DEFAULT_ACCOUNT", "abc", "LINEAGE_DEFAULT_ACCOUNT: 'abc' is not a 12-digit account id")]
    public async Task A_bad_environment_variable_is_named_the_same_way(string variable, string value, string reason)
    {
        var (exit, _, error) = await ChildProcess.RunEmulator(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { [variable] = value });
        Assert.Equal(EmulatorCommandLine.UsageError, exit);
        Assert.Contains(reason, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Start_up_prints_one_banner_with_address_persistence_account_and_the_endpoint_to_copy()
    {
        using var dataDir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        using var run = ChildProcess.Emulator(["--urls", "http://127.0.0.1:0", "--data-dir", dataDir.Path, "--default-account", account]);
        var export = await run.WaitForLine("point clients");
        var endpoint = export[(export.IndexOf("AWS_ENDPOINT_URL=", StringComparison.Ordinal) + "AWS_ENDPOINT_URL=".Length)..];
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", endpoint);
        Assert.EndsWith("listening on " + endpoint, await run.WaitForLine("LineageEmulator "));
        Assert.Equal($"persistence      SQLite, {Path.Combine(dataDir.Path, "state.db")}", await run.WaitForLine("persistence"));
        Assert.Equal($"default account  {account}", await run.WaitForLine("default account"));
        Assert.Equal("point clients    export AWS_ENDPOINT_URL=" + endpoint, export);
        // ASP.NET Core's own start-up lines ("Now listening on", "Application started") say less than the banner.
        Assert.DoesNotContain("Now listening", run.StandardOutput);

        // The line to copy works: a call with a non-account access key lands in the default account.
        using var http = new HttpClient { BaseAddress = new Uri(endpoint) };
        var sm = new SageMakerClient(http, "AKIANOTANACCOUNT", "us-east-1");
        var arn = (await sm.Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = "s3://cli-banner/data" },
        })).Ok()["ArtifactArn"]!.GetValue<string>();
        Assert.Contains($":{account}:artifact/", arn);
    }

    [Fact]
    public async Task In_memory_start_says_so_and_a_wildcard_bind_is_called_as_localhost()
    {
        using var run = ChildProcess.Emulator(["--urls", "http://0.0.0.0:0", "--log-level", "Warning"]);
        Assert.StartsWith("persistence      in memory", await run.WaitForLine("persistence"));
        Assert.Matches(@"export AWS_ENDPOINT_URL=http://localhost:\d+$", await run.WaitForLine("point clients"));
        Assert.Equal("default account  000000000000", await run.WaitForLine("default account"));
    }
}
