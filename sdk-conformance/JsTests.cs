using LineageEmulator.SdkConformance.Infrastructure;
using Xunit.Abstractions;

namespace LineageEmulator.SdkConformance;

/// <summary>AWS SDK for JavaScript v3 (pinned in js/package-lock.json): each scenario is a node script in js/.</summary>
public sealed class JsTests(EmulatorProcess emulator, ITestOutputHelper output) : ClientSuite(emulator, output)
{
    [Fact] public Task Js_SingleAccount() => Run("single_account.mjs");
    [Fact] public Task Js_CrossAccount() => Run("cross_account.mjs");
    [Fact] public Task Js_Errors() => Run("errors.mjs");
    [Fact] public Task Js_Organization() => Run("organization.mjs");
    [Fact] public Task Js_Pipeline() => Run("pipeline.mjs");

    private async Task Run(string script)
    {
        await NpmDependencies.EnsureInstalled();
        await RunScript("node", script, Paths.Js);
    }
}
