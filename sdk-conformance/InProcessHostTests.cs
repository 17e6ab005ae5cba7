using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.SdkConformance.DotNet;
using Microsoft.Extensions.Logging;

namespace LineageEmulator.SdkConformance;

/// <summary>
/// What LineageEmulatorServer promises beyond the conformance scenarios: typed options checked as the command
/// line checks them, reset, export and import, and a data directory that outlives one server.
/// </summary>
public sealed class InProcessHostTests
{
    private static EmulatorOptions Quiet() => new() { LogLevel = LogLevel.Warning };

    [Fact]
    public async Task A_bad_typed_option_throws_before_anything_listens()
    {
        var options = Quiet();
        options.DefaultAccount = "not-an-account";
        var e = await Assert.ThrowsAsync<InvalidEmulatorOptionException>(() => LineageEmulatorServer.StartAsync(options));
        Assert.Contains("--default-account: 'not-an-account' is not a 12-digit account id", e.Message);
    }

    [Fact]
    public async Task Typed_options_apply_default_account_and_in_memory_accounts()
    {
        var options = Quiet();
        options.DefaultAccount = "246813579024";
        options.AccountsByAccessKey["AKIAINPROCESSTEST"] = "135792468013";
        await using var emulator = await LineageEmulatorServer.StartAsync(options);
        Assert.StartsWith("arn:aws:sagemaker:us-east-1:246813579024:artifact/", await CreateArtifact(emulator, "AKIANOTMAPPED", "s3://in-process/a"));
        Assert.StartsWith("arn:aws:sagemaker:us-east-1:135792468013:artifact/", await CreateArtifact(emulator, "AKIAINPROCESSTEST", "s3://in-process/b"));
    }

    [Fact]
    public async Task Reset_of_one_account_leaves_the_others_and_a_bad_import_changes_nothing()
    {
        await using var emulator = await LineageEmulatorServer.StartAsync(Quiet());
        var kept = await CreateArtifact(emulator, "111111111111", "s3://in-process/kept");
        await CreateArtifact(emulator, "222222222222", "s3://in-process/gone");
        Assert.True(await emulator.ResetAsync("222222222222") > 0);
        var state = await emulator.ExportStateAsync();
        Assert.Contains(kept, state);
        Assert.DoesNotContain("s3://in-process/gone", state);

        await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.ImportStateAsync("""{"formatVersion": "one"}"""));
        Assert.Equal(state, await emulator.ExportStateAsync());
    }

    [Fact]
    public async Task A_data_directory_keeps_state_for_the_next_server()
    {
        var dir = Directory.CreateTempSubdirectory("lineage-in-process-").FullName;
        try
        {
            var options = Quiet();
            options.DataDirectory = dir;
            string arn;
            await using (var first = await LineageEmulatorServer.StartAsync(options))
                arn = await CreateArtifact(first, "111111111111", "s3://in-process/durable");
            await using var second = await LineageEmulatorServer.StartAsync(options);
            var described = (await new SignedWireClient(second.ServiceUrl, "111111111111")
                .SageMaker("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Ok();
            Assert.Equal(arn, described["ArtifactArn"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> CreateArtifact(LineageEmulatorServer emulator, string accessKey, string uri) =>
        (await new SignedWireClient(emulator.ServiceUrl, accessKey).SageMaker("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = uri },
        })).Ok()["ArtifactArn"]!.GetValue<string>();
}
