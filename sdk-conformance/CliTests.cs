using LineageEmulator.SdkConformance.Infrastructure;
using Xunit.Abstractions;

namespace LineageEmulator.SdkConformance;

/// <summary>AWS CLI: each scenario is a python driver in cli/ that runs `aws ... --output json` per call.</summary>
public abstract class CliScenarios(EmulatorProcess emulator, ITestOutputHelper output) : ClientSuite(emulator, output)
{
    [Fact] public Task Cli_SingleAccount() => Run("single_account.py");
    [Fact] public Task Cli_CrossAccount() => Run("cross_account.py");
    [Fact] public Task Cli_Errors() => Run("errors.py");
    [Fact] public Task Cli_Experiments() => Run("experiments.py");
    [Fact] public Task Cli_Organization() => Run("organization.py");
    [Fact] public Task Cli_Pipeline() => Run("pipeline.py");

    private async Task Run(string script)
    {
        await Prerequisites.RequireAwsCli();
        await RunScript("python3", script, Paths.Cli);
    }
}

public sealed class CliTests(EmulatorProcess emulator, ITestOutputHelper output)
    : CliScenarios(emulator, output), IClassFixture<EmulatorProcess>;

/// <summary>The same scenarios with --verify-signatures: the AWS CLI signs with the secrets of an accounts file.</summary>
public sealed class CliStrictTests(StrictEmulatorProcess emulator, ITestOutputHelper output)
    : CliScenarios(emulator, output), IClassFixture<StrictEmulatorProcess>;
