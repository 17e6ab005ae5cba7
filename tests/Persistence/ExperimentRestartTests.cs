using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Persistence;

/// <summary>Experiments, trials and trial memberships survive a restart, with the indexes Search and the lists read.</summary>
public sealed class ExperimentRestartTests
{
    [Fact]
    public async Task Experiments_trials_and_memberships_survive_a_restart()
    {
        using var dir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        var search = new JsonObject
        {
            ["Resource"] = "ExperimentTrialComponent",
            ["SearchExpression"] = new JsonObject { ["Filters"] = new JsonArray(new JsonObject { ["Name"] = "Parents.TrialName", ["Operator"] = "Equals", ["Value"] = "t" }) },
        };
        string before, exported;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var sm = emulator.SageMaker(account);
            (await sm.Call("CreateExperiment", new JsonObject { ["ExperimentName"] = "e", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }) })).Ok();
            (await sm.Call("CreateTrial", new JsonObject { ["TrialName"] = "t", ["ExperimentName"] = "e" })).Ok();
            (await sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = "c" })).Ok();
            (await sm.Call("AssociateTrialComponent", new JsonObject { ["TrialComponentName"] = "c", ["TrialName"] = "t" })).Ok();
            before = (await sm.Call("Search", search)).Ok()["Results"]!.ToJsonString();
            exported = StateExport.Of(emulator.Store);
        }
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var sm = emulator.SageMaker(account);
            Assert.Equal(exported, StateExport.Of(emulator.Store));
            Assert.Empty(StateInvariants.Check(emulator.Store));
            Assert.Equal(before, (await sm.Call("Search", search)).Ok()["Results"]!.ToJsonString());
            Assert.Contains("\"ExperimentName\":\"e\"", before);
            // The rebuilt indexes still enforce the delete rules and answer the lists by parent.
            (await sm.Call("DeleteExperiment", new JsonObject { ["ExperimentName"] = "E" })).Error("ValidationException");
            (await sm.Call("DeleteTrialComponent", new JsonObject { ["TrialComponentName"] = "c" })).Error("ValidationException");
            var listed = (await sm.Call("ListTrialComponents", new JsonObject { ["ExperimentName"] = "e" })).Ok()["TrialComponentSummaries"]!.AsArray();
            Assert.Equal("c", Assert.Single(listed)!["TrialComponentName"]!.GetValue<string>());
        }
    }
}
