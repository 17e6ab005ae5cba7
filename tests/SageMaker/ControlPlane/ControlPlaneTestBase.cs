using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.SageMaker.ControlPlane;

/// <summary>
/// What the control-plane tests share: a fresh account, a stopped clock the test moves, a known job
/// duration, requests for a small ML pipeline, and readers of the lineage it leaves.
/// </summary>
public abstract class ControlPlaneTestBase
{
    protected static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    protected ControlPlaneTestBase(EmulatorFixture emulator)
    {
        Emulator = emulator;
        var options = emulator.Services.GetRequiredService<EmulatorOptions>();
        if (options.Clock is not ManualClock clock) options.Clock = clock = new ManualClock();
        Clock = clock;
        options.JobDuration = Duration;
        Sm = emulator.SageMaker(EmulatorFixture.NewAccount());
    }

    protected EmulatorFixture Emulator { get; }
    protected ManualClock Clock { get; }
    protected SageMakerClient Sm { get; }

    protected static string Bucket { get; } = "s3://" + EmulatorFixture.Unique("bucket");
    protected const string TrainingImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

    protected static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var o = new JsonObject();
        foreach (var (k, v) in members) o[k] = v;
        return o;
    }

    protected static JsonArray Arr(params JsonNode?[] items) => [.. items];

    protected static JsonArray Tags(params (string Key, string Value)[] tags) => [.. tags.Select(t => (JsonNode)Obj(("Key", t.Key), ("Value", t.Value)))];

    protected static string Str(JsonNode? node) => node!.GetValue<string>();

    /// <summary>A CreateTrainingJob request with the given channels (name, S3 URI) and optional checkpoint and tags.</summary>
    public static JsonObject TrainingJobRequest(string name, IEnumerable<(string Channel, string Uri)> channels, string outputPath,
        string? checkpoint = null, JsonArray? tags = null)
    {
        var request = Obj(
            ("TrainingJobName", name),
            ("AlgorithmSpecification", Obj(("TrainingImage", TrainingImage), ("TrainingInputMode", "File"))),
            ("RoleArn", "arn:aws:iam::111111111111:role/SageMakerRole"),
            ("HyperParameters", Obj(("max_depth", "5"), ("eta", "0.2"))),
            ("InputDataConfig", new JsonArray([.. channels.Select(c => (JsonNode)Obj(
                ("ChannelName", c.Channel),
                ("DataSource", Obj(("S3DataSource", Obj(("S3DataType", "S3Prefix"), ("S3Uri", c.Uri)))))))])),
            ("OutputDataConfig", Obj(("S3OutputPath", outputPath))),
            ("ResourceConfig", Obj(("InstanceType", "ml.m5.xlarge"), ("InstanceCount", 1), ("VolumeSizeInGB", 10))),
            ("StoppingCondition", Obj(("MaxRuntimeInSeconds", 3600))));
        if (checkpoint is not null) request["CheckpointConfig"] = Obj(("S3Uri", checkpoint));
        if (tags is not null) request["Tags"] = tags;
        return request;
    }

    protected async Task<string> TrainingJob(SageMakerClient sm, string name, string trainUri, string outputPath, JsonArray? tags = null) =>
        Str((await sm.Call("CreateTrainingJob", TrainingJobRequest(name, [("train", trainUri)], outputPath, tags: tags))).Ok()["TrainingJobArn"]);

    protected async Task<string> Model(SageMakerClient sm, string name, JsonObject container) =>
        Str((await sm.Call("CreateModel", Obj(("ModelName", name), ("ExecutionRoleArn", "arn:aws:iam::111111111111:role/SageMakerRole"),
            ("PrimaryContainer", container)))).Ok()["ModelArn"]);

    protected async Task<string> EndpointConfig(SageMakerClient sm, string name, string model) =>
        Str((await sm.Call("CreateEndpointConfig", Obj(("EndpointConfigName", name), ("ProductionVariants", Arr(Obj(
            ("VariantName", "AllTraffic"), ("ModelName", model), ("InitialInstanceCount", 1), ("InstanceType", "ml.m5.large"))))))).Ok()["EndpointConfigArn"]);

    protected async Task<JsonNode> Describe(SageMakerClient sm, string operation, string member, string name) =>
        (await sm.Call(operation, Obj((member, name)))).Ok();

    /// <summary>The account's artifacts of a URI (ListArtifacts SourceUri filter).</summary>
    protected async Task<List<JsonNode>> ArtifactsOf(SageMakerClient sm, string uri) =>
        [.. (await sm.Call("ListArtifacts", Obj(("SourceUri", uri), ("MaxResults", 100)))).Ok()["ArtifactSummaries"]!.AsArray().Select(a => a!)];

    protected async Task<string> ArtifactOf(SageMakerClient sm, string uri) => Str((await ArtifactsOf(sm, uri)).Single()["ArtifactArn"]);

    /// <summary>Every association touching an entity, as (source, destination, type, source type, destination type).</summary>
    protected async Task<List<(string Source, string Destination, string? Type, string? SourceType, string? DestinationType)>> Edges(
        SageMakerClient sm, string arn, bool incoming)
    {
        var body = (await sm.Call("ListAssociations", Obj((incoming ? "DestinationArn" : "SourceArn", arn), ("MaxResults", 100)))).Ok();
        return [.. body["AssociationSummaries"]!.AsArray().Select(a => (Str(a!["SourceArn"]), Str(a["DestinationArn"]),
            a["AssociationType"]?.GetValue<string>(), a["SourceType"]?.GetValue<string>(), a["DestinationType"]?.GetValue<string>()))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal)];
    }

    protected static string ArnOf(SageMakerClient sm, string type, string name) =>
        $"arn:aws:sagemaker:{sm.Region}:{sm.Account}:{type}/{name.ToLowerInvariant()}";
}
