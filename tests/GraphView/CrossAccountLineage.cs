using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Ram;

namespace LineageEmulator.Tests.GraphView;

/// <summary>
/// A cross-account lineage graph made only through the SageMaker and RAM APIs. Owner A shares its lineage
/// with B, and B accepts. Outsider C shares nothing and is shared nothing.
/// A: data (DataSet) -ContributedTo-> train (TrainingJob action) -Produced-> model (Model) -AssociatedWith-> endpoint (Endpoint context).
/// B: copy (DataSet with A's SourceUri, so SameAs -> A's data), evaluation (trial component);
///    B links model -ContributedTo-> evaluation and copy -ContributedTo-> evaluation.
/// C: its own artifact only.
/// </summary>
public sealed class CrossAccountLineage
{
    public required string A, B, C;
    public required string Data, Train, Model, Endpoint, Copy, Evaluation, Outsider;
    public required string DataName, ModelName, CopyName;
    public required string ShareArn, ShareName;

    public IReadOnlySet<string> OwnerEntities => new HashSet<string> { Data, Train, Model, Endpoint };
    public IReadOnlySet<string> ReceiverEntities => new HashSet<string> { Copy, Evaluation };

    public static async Task<CrossAccountLineage> Seed(HttpClient http)
    {
        string a = EmulatorFixture.NewAccount(), b = EmulatorFixture.NewAccount(), c = EmulatorFixture.NewAccount();
        var smA = new SageMakerClient(http, a, "us-east-1");
        var smB = new SageMakerClient(http, b, "us-east-1");
        var smC = new SageMakerClient(http, c, "us-east-1");
        var ramA = new RamClient(http, a, "us-east-1");
        var ramB = new RamClient(http, b, "us-east-1");
        var uri = "s3://" + EmulatorFixture.Unique("bucket") + "/raw.csv";
        var dataName = EmulatorFixture.Unique("raw-data");
        var modelName = EmulatorFixture.Unique("model");
        var copyName = EmulatorFixture.Unique("raw-data-copy");

        var data = await Artifact(smA, dataName, "DataSet", uri);
        var train = (await smA.Call("CreateAction", new JsonObject
        {
            ["ActionName"] = EmulatorFixture.Unique("train"),
            ["ActionType"] = "TrainingJob",
            ["Source"] = new JsonObject { ["SourceUri"] = $"arn:aws:sagemaker:us-east-1:{a}:training-job/t1" },
        })).Ok()["ActionArn"]!.GetValue<string>();
        var model = await Artifact(smA, modelName, "Model", "s3://" + EmulatorFixture.Unique("bucket") + "/model.tar.gz");
        var endpoint = (await smA.Call("CreateContext", new JsonObject
        {
            ["ContextName"] = EmulatorFixture.Unique("endpoint"),
            ["ContextType"] = "Endpoint",
            ["Source"] = new JsonObject { ["SourceUri"] = $"arn:aws:sagemaker:us-east-1:{a}:endpoint/prod" },
        })).Ok()["ContextArn"]!.GetValue<string>();
        await Associate(smA, data, train, "ContributedTo");
        await Associate(smA, train, model, "Produced");
        await Associate(smA, model, endpoint, "AssociatedWith");

        var share = await RamHelpers.CreateShare(ramA, RamHelpers.GroupArn(a), b);
        var shareArn = share.ResourceShareArn!;
        await RamHelpers.Accept(ramB, await RamHelpers.InvitationArn(ramB, shareArn));

        var copy = await Artifact(smB, copyName, "DataSet", uri);
        var evaluation = (await smB.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = EmulatorFixture.Unique("evaluate") }))
            .Ok()["TrialComponentArn"]!.GetValue<string>();
        await Associate(smB, model, evaluation, "ContributedTo");
        await Associate(smB, copy, evaluation, "ContributedTo");

        var outsider = await Artifact(smC, EmulatorFixture.Unique("private"), "DataSet", "s3://" + EmulatorFixture.Unique("bucket") + "/c");
        return new CrossAccountLineage
        {
            A = a, B = b, C = c,
            Data = data, Train = train, Model = model, Endpoint = endpoint, Copy = copy, Evaluation = evaluation, Outsider = outsider,
            DataName = dataName, ModelName = modelName, CopyName = copyName,
            ShareArn = shareArn, ShareName = share.Name!,
        };
    }

    /// <summary>A deletes the share: B's access ends at once.</summary>
    public async Task Revoke(HttpClient http) =>
        (await new RamClient(http, A, "us-east-1").Delete("/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(ShareArn))).Ok();

    private static async Task<string> Artifact(SageMakerClient sm, string name, string type, string uri) =>
        (await sm.Call("CreateArtifact", new JsonObject
        {
            ["ArtifactName"] = name,
            ["ArtifactType"] = type,
            ["Source"] = new JsonObject { ["SourceUri"] = uri },
        })).Ok()["ArtifactArn"]!.GetValue<string>();

    private static async Task Associate(SageMakerClient sm, string source, string destination, string type) =>
        (await sm.Call("AddAssociation", new JsonObject
        {
            ["SourceArn"] = source,
            ["DestinationArn"] = destination,
            ["AssociationType"] = type,
        })).Ok();
}
