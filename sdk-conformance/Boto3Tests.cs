using LineageEmulator.SdkConformance.Infrastructure;
using Xunit.Abstractions;

namespace LineageEmulator.SdkConformance;

/// <summary>boto3: each scenario is a python script in python/, run against the emulator process.</summary>
public abstract class Boto3Scenarios(EmulatorProcess emulator, ITestOutputHelper output) : ClientSuite(emulator, output)
{
    [Fact] public Task Boto3_SingleAccount() => Run("single_account.py");
    [Fact] public Task Boto3_CrossAccount() => Run("cross_account.py");
    [Fact] public Task Boto3_Errors() => Run("errors.py");
    [Fact] public Task Boto3_Experiments() => Run("experiments.py");
    [Fact] public Task Boto3_Organization() => Run("organization.py");
    [Fact] public Task Boto3_Pipeline() => Run("pipeline.py");

    private async Task Run(string script)
    {
        await Prerequisites.RequireBoto3();
        await RunScript("python3", script, Paths.Python);
    }
}

public sealed class Boto3Tests(EmulatorProcess emulator, ITestOutputHelper output)
    : Boto3Scenarios(emulator, output), IClassFixture<EmulatorProcess>;

/// <summary>The same scenarios with --verify-signatures: boto3 signs with the secrets of an accounts file.</summary>
public sealed class Boto3StrictTests(StrictEmulatorProcess emulator, ITestOutputHelper output)
    : Boto3Scenarios(emulator, output), IClassFixture<StrictEmulatorProcess>;
