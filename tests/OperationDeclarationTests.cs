using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Services.Ram;
using LineageEmulator.Services.SageMaker;

namespace LineageEmulator.Tests;

/// <summary>
/// Every operation the emulator takes from the models must be bound, with a declared IAM action of its
/// own service; the authorizer relies on these declarations.
/// </summary>
public sealed class OperationDeclarationTests
{
    [Fact]
    public void Every_sagemaker_operation_is_bound_with_its_action()
    {
        var table = SageMakerService.BuildTable().Table;
        foreach (var model in SageMakerOperations.All)
        {
            var op = table.Find(model.Name);
            Assert.True(op is not null, $"SageMaker.{model.Name} has no handler");
            Assert.Equal("sagemaker:" + model.Name, op.Action);
        }
    }

    /// <summary>The emulator implements all of RAM, not a subset: every operation the model defines is generated and bound.</summary>
    [Fact]
    public void Every_operation_of_the_ram_model_is_generated_and_bound()
    {
        var table = RamService.BuildTable().Table;
        var generated = RamOperations.All.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var missing = RamOperations.InModel.Where(n => !generated.Contains(n) || table.Find(n) is null).ToList();
        Assert.True(missing.Count == 0, "RAM operations not implemented: " + string.Join(", ", missing));
        Assert.Equal(RamOperations.InModel.Count, table.Operations.Count);
    }

    [Fact]
    public void Every_ram_operation_is_bound_with_its_action()
    {
        var table = RamService.BuildTable().Table;
        foreach (var model in RamOperations.All)
        {
            var op = table.Find(model.Name);
            Assert.True(op is not null, $"RAM {model.Name} has no handler");
            Assert.Equal("ram:" + model.Name, op.Action);
        }
    }
}
