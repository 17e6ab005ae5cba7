using LineageEmulator.Services.SageMaker;

namespace LineageEmulator.Model.SageMaker;

// The generated control-plane List* requests opt in to the members they share (the shapes are partial), so
// one ListQuery.Of reads them all.
public sealed partial class ListTrainingJobsRequest : IListRequestWithStatus;
public sealed partial class ListProcessingJobsRequest : IListRequestWithStatus;
public sealed partial class ListTransformJobsRequest : IListRequestWithStatus;
public sealed partial class ListEndpointsInput : IListRequestWithStatus;
public sealed partial class ListModelsInput : IListRequest;
public sealed partial class ListEndpointConfigsInput : IListRequest;
public sealed partial class ListModelPackageGroupsInput : IListRequest;
public sealed partial class ListModelPackagesInput : IListRequest;
