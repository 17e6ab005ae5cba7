using LineageEmulator.SdkConformance.Infrastructure;
using Xunit.Abstractions;

namespace LineageEmulator.SdkConformance;

/// <summary>AWS SDK for JavaScript v3 (pinned in js/package-lock.json): each scenario is a node script in js/.</summary>
public abstract class JsScenarios(EmulatorProcess emulator, ITestOutputHelper output) : ClientSuite(emulator, output)
{
    [Fact] public Task Js_SingleAccount() => Run("single_account.mjs");
    [Fact] public Task Js_CrossAccount() => Run("cross_account.mjs");
    [Fact] public Task Js_Errors() => Run("errors.mjs");
    [Fact] public Task Js_Experiments() => Run("experiments.mjs");
    [Fact] public Task Js_Organization() => Run("organization.mjs");
    [Fact] public Task Js_Pipeline() => Run("pipeline.mjs");

    private async Task Run(string script)
    {
        await NpmDependencies.EnsureInstalled();
        await RunScript("node", script, Paths.Js);
    }
}

public sealed class JsTests(EmulatorProcess emulator, ITestOutputHelper output)
    : JsScenarios(emulator, output), IClassFixture<EmulatorProcess>;

/// <summary>The same scenarios with --verify-signatures: the JS v3 SDK signs with the secrets of an accounts file.</summary>
public sealed class JsStrictTests(StrictEmulatorProcess emulator, ITestOutputHelper output)
    : JsScenarios(emulator, output), IClassFixture<StrictEmulatorProcess>;
