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
