using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;

namespace LineageEmulator.Services.SageMaker;

public sealed record SageMakerTable(OperationTable Table);

/// <summary>Builds SageMaker's dispatch table from the operation groups, once at start-up.</summary>
public static class SageMakerService
{
    public static SageMakerTable BuildTable()
    {
        var table = new OperationTable("sagemaker", v => new ValidationException(v.Summary()),
            arn => new ResourceNotFound($"{Associations.KindOf(arn)} '{arn}' does not exist."));
        Artifacts.Register(table);
        Associations.Register(table);
        QueryLineage.Register(table);
        Actions.Register(table);
        Contexts.Register(table);
        TrialComponents.Register(table);
        Tags.Register(table);
        LineageGroups.Register(table);
        TrainingJobs.Register(table);
        ProcessingJobs.Register(table);
        TransformJobs.Register(table);
        Models.Register(table);
        Endpoints.Register(table);
        ModelPackages.Register(table);
        Experiments.Register(table);
        Trials.Register(table);
        Search.Register(table);
        return new SageMakerTable(table);
    }

    /// <summary>SageMaker's wording for a NextToken that is not one it issued for this query.</summary>
    public static Exception InvalidNextToken(string token) => new ValidationException($"Invalid pagination token: {token}");
}
