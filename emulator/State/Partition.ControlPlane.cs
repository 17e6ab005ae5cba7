namespace LineageEmulator.State;

public sealed partial class Partition
{
    // Control-plane tables, keyed by ARN. SageMaker lowercases names in these ARNs, so keying by ARN makes
    // names unique ignoring case, as AWS does.
    public Table<JobRecord> TrainingJobs { get; }
    public Table<JobRecord> ProcessingJobs { get; }
    public Table<JobRecord> TransformJobs { get; }
    public Table<SpecRecord> Models { get; }
    public Table<SpecRecord> EndpointConfigs { get; }
    public Table<EndpointRecord> Endpoints { get; }
    public Table<ModelPackageGroupRecord> ModelPackageGroups { get; }
    public Table<ModelPackageRecord> ModelPackages { get; }
}
