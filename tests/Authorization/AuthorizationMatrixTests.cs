using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.SageMaker.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.Authorization;

/// <summary>
/// The cross-account authorization matrix. Rows: every SageMaker operation that names another account's
/// resource. Columns: the sharing states a receiver can be in, outside and inside an AWS Organization. A
/// cell is allowed only when the share is in effect for the receiver (accepted, or inside the organization
/// with sharing on) and the operation's action is one the share's permission grants; a denied cell must
/// return AccessDeniedException and leave every table untouched.
/// </summary>
public sealed class AuthorizationMatrixTests(OrganizationFixture emulator, OrganizationSharingOffFixture sharingOff)
    : IClassFixture<OrganizationFixture>, IClassFixture<OrganizationSharingOffFixture>
{
    public enum Sharing
    {
        NoShare, PendingInvitation, Accepted, Rejected, PrincipalDisassociated, ShareDeleted,
        // A customer managed permission granting only DescribeArtifact and QueryLineage, accepted.
        SubsetPermission,
        // Inside the organization (RAM user guide, "Sharing with AWS Organizations"): the organization, an OU above
        // the receiver, or the receiver's account as principal with sharing on (no invitation); a receiver outside
        // the organization named through it; a member named while the management account never turned sharing on.
        OrganizationPrincipal, OuPrincipal, MemberSharingOn, NonMember, MemberSharingOff,
    }

    /// <summary>The operations the subset permission grants (the example: AddAssociation stays denied).</summary>
    private static readonly string[] Subset = ["DescribeArtifact", "QueryLineage"];

    private static bool Allowed(Sharing state, string operation) => state switch
    {
        Sharing.Accepted or Sharing.OrganizationPrincipal or Sharing.OuPrincipal or Sharing.MemberSharingOn => SharedOperations.Contains(operation),
        Sharing.SubsetPermission => Subset.Contains(operation),
        _ => false,
    };

    /// <summary>The emulator a state is set up in, and the owner and receiver accounts it uses.</summary>
    private (EmulatorFixture Emulator, string Owner, string Receiver) Accounts(Sharing state) => state switch
    {
        Sharing.OrganizationPrincipal or Sharing.MemberSharingOn => (emulator, emulator.Member(Place.Root), emulator.Member(Place.UnitC)),
        Sharing.OuPrincipal => (emulator, emulator.Member(Place.Root), emulator.Member(Place.UnitB)),
        Sharing.NonMember => (emulator, emulator.Member(Place.UnitA), EmulatorFixture.NewAccount()),
        Sharing.MemberSharingOff => (sharingOff, sharingOff.Member(Place.Root), sharingOff.Member(Place.UnitA)),
        _ => (emulator, EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount()),
    };

    /// <summary>Who wrote the owner's lineage: the owner by hand, or SageMaker for the owner's pipeline.</summary>
    public enum Written { HandMade, BySageMaker }

    /// <summary>One cross-account call: the receiver acting on the owner's lineage.</summary>
    /// <summary>One cross-account call. Lineage rows also run on lineage SageMaker wrote; registry rows name the owner's model registry.</summary>
    private sealed record Row(string Operation, Func<Graph, SageMakerClient, Task<WireResult>> Call, bool OnLineage = true);

    /// <summary>The owner's entities (and one of the receiver's), made fresh for every cell.</summary>
    private sealed record Graph(string Artifact, string Action, string Context, string TrialComponent,
        string Group, string OwnerEdgeSource, string OwnerEdgeDestination, string ReceiverArtifact,
        string PackageGroup, string Package, string Experiment, string Trial);

    private static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var o = new JsonObject();
        foreach (var (k, v) in members) o[k] = v;
        return o;
    }

    private static JsonArray Arr(params string[] items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);

    /// <summary>
    /// The seven actions AWS's lineage-group resource policy grants another account (the SageMaker developer
    /// guide, "Cross-account lineage tracking": DescribeAction, DescribeArtifact, DescribeContext,
    /// DescribeTrialComponent, AddAssociation, DeleteAssociation, QueryLineage). Written here, not read from
    /// the authorizer, so a wrong list in the emulator fails this test.
    /// </summary>
    private static readonly HashSet<string> SharedOperations =
    [
        "DescribeAction", "DescribeArtifact", "DescribeContext", "DescribeTrialComponent",
        "AddAssociation", "DeleteAssociation", "QueryLineage",
    ];

    private static readonly Row[] Rows =
    [
        new("DescribeArtifact", (g, c) => c.Call("DescribeArtifact", Obj(("ArtifactArn", g.Artifact)))),
        new("DescribeAction", (g, c) => c.Call("DescribeAction", Obj(("ActionName", g.Action)))),
        new("DescribeContext", (g, c) => c.Call("DescribeContext", Obj(("ContextName", g.Context)))),
        new("DescribeTrialComponent", (g, c) => c.Call("DescribeTrialComponent", Obj(("TrialComponentName", g.TrialComponent)))),
        new("AddAssociation", (g, c) => c.Call("AddAssociation", Obj(("SourceArn", g.ReceiverArtifact), ("DestinationArn", g.Context), ("AssociationType", "ContributedTo")))),
        new("DeleteAssociation", (g, c) => c.Call("DeleteAssociation", Obj(("SourceArn", g.OwnerEdgeSource), ("DestinationArn", g.OwnerEdgeDestination)))),
        new("QueryLineage", (g, c) => c.Call("QueryLineage", Obj(("StartArns", Arr(g.Artifact)), ("Direction", "Both")))),
        new("UpdateArtifact", (g, c) => c.Call("UpdateArtifact", Obj(("ArtifactArn", g.Artifact), ("ArtifactName", "taken")))),
        new("DeleteArtifact", (g, c) => c.Call("DeleteArtifact", Obj(("ArtifactArn", g.Artifact)))),
        new("AddTags", (g, c) => c.Call("AddTags", Obj(("ResourceArn", g.Artifact), ("Tags", new JsonArray(Obj(("Key", "k"), ("Value", "v"))))))),
        new("ListTags", (g, c) => c.Call("ListTags", Obj(("ResourceArn", g.Artifact)))),
        new("DeleteTags", (g, c) => c.Call("DeleteTags", Obj(("ResourceArn", g.Artifact), ("TagKeys", Arr("owner"))))),
        new("GetLineageGroupPolicy", (g, c) => c.Call("GetLineageGroupPolicy", Obj(("LineageGroupName", g.Group)))),
        // The model registry takes ARNs: another account's group or package is named, and denied (sharing a
        // lineage group shares lineage, not the registry).
        new("DescribeModelPackageGroup", (g, c) => c.Call("DescribeModelPackageGroup", Obj(("ModelPackageGroupName", g.PackageGroup))), OnLineage: false),
        new("DeleteModelPackageGroup", (g, c) => c.Call("DeleteModelPackageGroup", Obj(("ModelPackageGroupName", g.PackageGroup))), OnLineage: false),
        new("CreateModelPackage", (g, c) => c.Call("CreateModelPackage", Obj(("ModelPackageGroupName", g.PackageGroup),
            ("InferenceSpecification", Obj(("Containers", new JsonArray(Obj(("Image", "img"), ("ModelDataUrl", "s3://b/m.tar.gz")))),
                ("SupportedContentTypes", Arr("text/csv")), ("SupportedResponseMIMETypes", Arr("text/csv")))))), OnLineage: false),
        new("ListModelPackages", (g, c) => c.Call("ListModelPackages", Obj(("ModelPackageGroupName", g.PackageGroup))), OnLineage: false),
        new("DescribeModelPackage", (g, c) => c.Call("DescribeModelPackage", Obj(("ModelPackageName", g.Package))), OnLineage: false),
        new("UpdateModelPackage", (g, c) => c.Call("UpdateModelPackage", Obj(("ModelPackageArn", g.Package), ("ModelApprovalStatus", "Approved"))), OnLineage: false),
        new("DeleteModelPackage", (g, c) => c.Call("DeleteModelPackage", Obj(("ModelPackageName", g.Package))), OnLineage: false),
        new("CreateModel", (g, c) => c.Call("CreateModel", Obj(("ModelName", EmulatorFixture.Unique("m")),
            ("ExecutionRoleArn", "arn:aws:iam::111111111111:role/r"), ("PrimaryContainer", Obj(("ModelPackageName", g.Package))))), OnLineage: false),
        // Tagging an experiment or a trial is not shared either: the tag rows above hold for every taggable kind.
        new("AddTags (experiment)", (g, c) => c.Call("AddTags", Obj(("ResourceArn", g.Experiment), ("Tags", new JsonArray(Obj(("Key", "k"), ("Value", "v"))))))),
        new("ListTags (trial)", (g, c) => c.Call("ListTags", Obj(("ResourceArn", g.Trial)))),
    ];

    /// <summary>"AddTags (experiment)" checks the action sagemaker:AddTags.</summary>
    private static string ActionOf(string row) => row.Split(' ')[0];

    /// <summary>
    /// Operations that never name another account's resource: they act on the caller's own account, and
    /// <see cref="Own_account_operations_never_show_the_owners_lineage"/> proves it for the listings.
    /// </summary>
    private static readonly string[] OwnAccountOnly =
    [
        "CreateArtifact", "CreateAction", "CreateContext", "CreateTrialComponent",
        "ListArtifacts", "ListActions", "ListContexts", "ListTrialComponents", "ListAssociations", "ListLineageGroups",
        "CreateTrainingJob", "ListTrainingJobs", "CreateProcessingJob", "ListProcessingJobs", "CreateTransformJob", "ListTransformJobs",
        "ListModels", "CreateEndpointConfig", "ListEndpointConfigs", "CreateEndpoint", "ListEndpoints",
        "CreateModelPackageGroup", "ListModelPackageGroups",
        "CreateExperiment", "CreateTrial", "ListExperiments", "ListTrials", "Search",
    ];

    /// <summary>
    /// Operations whose model takes a name, never an ARN: they cannot name another account's resource at
    /// all. <see cref="Name_only_operations_cannot_reach_another_account"/> proves it.
    /// </summary>
    private static readonly (string Operation, string Member, Func<Graph, string> Arn)[] NameOnly =
    [
        ("DescribeExperiment", "ExperimentName", g => g.Experiment), ("UpdateExperiment", "ExperimentName", g => g.Experiment),
        ("DeleteExperiment", "ExperimentName", g => g.Experiment),
        ("DescribeTrial", "TrialName", g => g.Trial), ("UpdateTrial", "TrialName", g => g.Trial), ("DeleteTrial", "TrialName", g => g.Trial),
        // The other member names the caller's own trial, so only the component's name can be foreign.
        ("AssociateTrialComponent", "TrialComponentName", g => g.TrialComponent),
        ("DisassociateTrialComponent", "TrialComponentName", g => g.TrialComponent),
        ("DescribeTrainingJob", "TrainingJobName", g => Sibling(g, "training-job")), ("StopTrainingJob", "TrainingJobName", g => Sibling(g, "training-job")),
        ("DescribeProcessingJob", "ProcessingJobName", g => Sibling(g, "processing-job")), ("StopProcessingJob", "ProcessingJobName", g => Sibling(g, "processing-job")),
        ("DescribeTransformJob", "TransformJobName", g => Sibling(g, "transform-job")), ("StopTransformJob", "TransformJobName", g => Sibling(g, "transform-job")),
        ("DescribeModel", "ModelName", g => Sibling(g, "model")), ("DeleteModel", "ModelName", g => Sibling(g, "model")),
        ("DescribeEndpointConfig", "EndpointConfigName", g => Sibling(g, "endpoint-config")), ("DeleteEndpointConfig", "EndpointConfigName", g => Sibling(g, "endpoint-config")),
        ("DescribeEndpoint", "EndpointName", g => Sibling(g, "endpoint")), ("UpdateEndpoint", "EndpointName", g => Sibling(g, "endpoint")),
        ("DeleteEndpoint", "EndpointName", g => Sibling(g, "endpoint")),
        ("UpdateAction", "ActionName", g => g.Action), ("DeleteAction", "ActionName", g => g.Action),
        ("UpdateContext", "ContextName", g => g.Context), ("DeleteContext", "ContextName", g => g.Context),
        ("UpdateTrialComponent", "TrialComponentName", g => g.TrialComponent),
        ("DeleteTrialComponent", "TrialComponentName", g => g.TrialComponent),
        ("DescribeLineageGroup", "LineageGroupName", g => g.Group),
    ];

    public static TheoryData<string, Sharing, Written> Cells()
    {
        var data = new TheoryData<string, Sharing, Written>();
        foreach (var row in Rows)
            foreach (var state in Enum.GetValues<Sharing>())
                foreach (var written in row.OnLineage ? Enum.GetValues<Written>() : [Written.HandMade])
                    data.Add(row.Operation, state, written);
        return data;
    }

    [Fact]
    public void Every_operation_has_rows_in_the_matrix()
    {
        var covered = Rows.Select(r => ActionOf(r.Operation)).Concat(OwnAccountOnly).Concat(NameOnly.Select(n => n.Operation)).ToHashSet();
        var missing = SageMakerOperations.All.Select(o => o.Name).Where(n => !covered.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "operations without authorization rows: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_authorizer_shares_exactly_the_documented_actions() =>
        Assert.Equal(SharedOperations.Select(o => "sagemaker:" + o).Order(StringComparer.Ordinal),
            LineageEmulator.Authorization.Authorizer.SharedActions.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string operation, Sharing state, Written written)
    {
        var row = Rows.Single(r => r.Operation == operation);
        var (server, ownerAccount, receiverAccount) = Accounts(state);
        var (owner, receiver) = (server.SageMaker(ownerAccount), server.SageMaker(receiverAccount));
        var graph = await BuildGraph(owner, receiver, written);
        await Share(server, owner.Account, receiver.Account, graph.Group, state);

        var before = StateSnapshot.Of(server.Store());
        var result = await row.Call(graph, receiver);
        operation = ActionOf(operation);
        if (Allowed(state, operation))
        {
            result.Ok();
            return;
        }
        result.Error("AccessDeniedException");
        Assert.Matches($"^User: arn:aws:iam::{receiver.Account}:root is not authorized to perform: sagemaker:{operation} on resource: arn:aws:sagemaker:", result.Message);
        Assert.EndsWith($"because no resource-based policy allows the sagemaker:{operation} action", result.Message);
        Assert.Empty(before.ChangesTo(StateSnapshot.Of(server.Store())));
    }

    [Fact]
    public async Task Own_account_operations_never_show_the_owners_lineage()
    {
        var (owner, receiver) = (emulator.SageMaker(EmulatorFixture.NewAccount()), emulator.SageMaker(EmulatorFixture.NewAccount()));
        var graph = await BuildGraph(owner, receiver);
        await Share(emulator, owner.Account, receiver.Account, graph.Group, Sharing.Accepted);
        foreach (var (op, member) in new[] { ("ListArtifacts", "ArtifactSummaries"), ("ListActions", "ActionSummaries"),
                     ("ListContexts", "ContextSummaries"), ("ListTrialComponents", "TrialComponentSummaries"),
                     ("ListAssociations", "AssociationSummaries"), ("ListLineageGroups", "LineageGroupSummaries"),
                     ("ListExperiments", "ExperimentSummaries"), ("ListTrials", "TrialSummaries") })
        {
            var body = (await receiver.Call(op, "{\"MaxResults\": 100}")).Ok();
            Assert.DoesNotContain(owner.Account, body[member]!.ToJsonString());
        }
        // Search covers the caller's own account only, whichever CrossAccountFilterOption it asks for.
        foreach (var resource in new[] { "Experiment", "ExperimentTrial", "ExperimentTrialComponent" })
            foreach (var option in new[] { "SameAccount", "CrossAccount" })
            {
                var body = (await receiver.Call("Search", Obj(("Resource", resource), ("CrossAccountFilterOption", option), ("MaxResults", 100)))).Ok();
                Assert.DoesNotContain(owner.Account, body["Results"]!.ToJsonString());
            }
        var created = (await receiver.Call("CreateContext", Obj(("ContextName", EmulatorFixture.Unique("mine")),
            ("ContextType", "Endpoint"), ("Source", Obj(("SourceUri", "s3://mine")))))).Ok();
        Assert.Contains($":{receiver.Account}:context/", created["ContextArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Name_only_operations_cannot_reach_another_account()
    {
        var (owner, receiver) = (emulator.SageMaker(EmulatorFixture.NewAccount()), emulator.SageMaker(EmulatorFixture.NewAccount()));
        var graph = await BuildGraph(owner, receiver);
        await Share(emulator, owner.Account, receiver.Account, graph.Group, Sharing.Accepted);
        var before = StateSnapshot.Of(emulator.Store());
        foreach (var (op, member, arn) in NameOnly)
        {
            var r = (await receiver.Call(op, Obj((member, arn(graph))))).Error("ValidationException");
            Assert.Contains("failed to satisfy constraint: Member must satisfy regular expression pattern", r.Message);
            // The owner's entity's own name resolves in the receiver's account: there it does not exist,
            // except the default lineage group, which every account has under the same name.
            var name = arn(graph)[(arn(graph).LastIndexOf('/') + 1)..];
            var local = await receiver.Call(op, Obj((member, name)));
            if (op == "DescribeLineageGroup") Assert.Contains($":{receiver.Account}:", local.Ok()["LineageGroupArn"]!.GetValue<string>());
            else if (op.EndsWith("TrialComponent", StringComparison.Ordinal)) (await receiver.Call(op, Obj((member, name), ("TrialName", name)))).Error("ResourceNotFound");
            // SageMaker answers an unknown job, model or endpoint with a ValidationException.
            else local.Error(arn(graph).Contains(":action/") || arn(graph).Contains(":context/") || arn(graph).Contains(":experiment-trial-component/")
                || arn(graph).Contains(":experiment/") || arn(graph).Contains(":experiment-trial/") ? "ResourceNotFound" : "ValidationException");
        }
        Assert.Empty(before.ChangesTo(StateSnapshot.Of(emulator.Store())));
    }

    /// <summary>An ARN of the owner's account naming a control-plane resource of the given type.</summary>
    private static string Sibling(Graph g, string type) => g.Group[..g.Group.IndexOf(":lineage-group/", StringComparison.Ordinal)] + $":{type}/owner-resource";

    private static async Task<string> Create(SageMakerClient c, string op, JsonObject body, string arnMember) =>
        (await c.Call(op, body)).Ok()[arnMember]!.GetValue<string>();

    private async Task<Graph> BuildGraph(SageMakerClient owner, SageMakerClient receiver, Written written = Written.HandMade)
    {
        var packageGroup = await Create(owner, "CreateModelPackageGroup", Obj(("ModelPackageGroupName", EmulatorFixture.Unique("group"))),
            "ModelPackageGroupArn");
        var train = "s3://" + EmulatorFixture.Unique("owner") + "/train.csv";
        var package = await Create(owner, "CreateModelPackage", Obj(("ModelPackageGroupName", packageGroup),
            ("InferenceSpecification", Obj(("Containers", new JsonArray(Obj(("Image", "img"), ("ModelDataUrl", train + ".model.tar.gz")))),
                ("SupportedContentTypes", Arr("text/csv")), ("SupportedResponseMIMETypes", Arr("text/csv"))))), "ModelPackageArn");
        var mine = await Create(receiver, "CreateArtifact", Obj(("ArtifactType", "DataSet"),
            ("Source", Obj(("SourceUri", "s3://" + EmulatorFixture.Unique("receiver"))))), "ArtifactArn");
        var group = $"arn:aws:sagemaker:{owner.Region}:{owner.Account}:lineage-group/sagemaker-default-lineage-group";
        // An experiment with a trial holding the graph's trial component, so experiment and trial rows have targets.
        async Task<(string Experiment, string Trial)> ExperimentAround(string component)
        {
            var experimentName = EmulatorFixture.Unique("exp");
            var experimentArn = await Create(owner, "CreateExperiment", Obj(("ExperimentName", experimentName)), "ExperimentArn");
            var trialArn = await Create(owner, "CreateTrial", Obj(("TrialName", EmulatorFixture.Unique("trial")), ("ExperimentName", experimentName)), "TrialArn");
            (await owner.Call("AssociateTrialComponent", Obj(("TrialComponentName", component[(component.LastIndexOf('/') + 1)..]),
                ("TrialName", trialArn[(trialArn.LastIndexOf('/') + 1)..])))).Ok();
            return (experimentArn, trialArn);
        }
        if (written == Written.BySageMaker)
        {
            // The owner's pipeline: a training job, the package registered above, deployed to an endpoint.
            var job = EmulatorFixture.Unique("job");
            await Create(owner, "CreateTrainingJob", ControlPlaneTestBase.TrainingJobRequest(job, [("train", train)], "s3://out"), "TrainingJobArn");
            var model = EmulatorFixture.Unique("model");
            await Create(owner, "CreateModel", Obj(("ModelName", model), ("ExecutionRoleArn", "arn:aws:iam::111111111111:role/r"),
                ("PrimaryContainer", Obj(("ModelPackageName", package)))), "ModelArn");
            var config = EmulatorFixture.Unique("config");
            await Create(owner, "CreateEndpointConfig", Obj(("EndpointConfigName", config), ("ProductionVariants", new JsonArray(Obj(
                ("VariantName", "AllTraffic"), ("ModelName", model), ("InitialInstanceCount", 1), ("InstanceType", "ml.m5.large"))))), "EndpointConfigArn");
            var endpoint = await Create(owner, "CreateEndpoint", Obj(("EndpointName", EmulatorFixture.Unique("ep")), ("EndpointConfigName", config)), "EndpointArn");
            var dataset = (await owner.Call("ListArtifacts", Obj(("SourceUri", train)))).Ok()["ArtifactSummaries"]![0]!["ArtifactArn"]!.GetValue<string>();
            var endpointContext = (await owner.Call("ListContexts", Obj(("SourceUri", endpoint)))).Ok()["ContextSummaries"]![0]!["ContextArn"]!.GetValue<string>();
            var deployment = (await owner.Call("ListAssociations", Obj(("DestinationArn", endpointContext)))).Ok()["AssociationSummaries"]![0]!["SourceArn"]!.GetValue<string>();
            var trainingTc = $"arn:aws:sagemaker:{owner.Region}:{owner.Account}:experiment-trial-component/{job}-aws-training-job";
            (await owner.Call("AddTags", Obj(("ResourceArn", dataset), ("Tags", new JsonArray(Obj(("Key", "owner"), ("Value", "yes"))))))).Ok();
            var around = await ExperimentAround(trainingTc);
            return new Graph(dataset, deployment, endpointContext, trainingTc, group, dataset, trainingTc, mine, packageGroup, package,
                around.Experiment, around.Trial);
        }

        var artifact = await Create(owner, "CreateArtifact", Obj(("ArtifactType", "DataSet"),
            ("Source", Obj(("SourceUri", "s3://" + EmulatorFixture.Unique("owner")))),
            ("Tags", new JsonArray(Obj(("Key", "owner"), ("Value", "yes"))))), "ArtifactArn");
        var action = await Create(owner, "CreateAction", Obj(("ActionName", EmulatorFixture.Unique("act")), ("ActionType", "Training"),
            ("Source", Obj(("SourceUri", "s3://act")))), "ActionArn");
        var context = await Create(owner, "CreateContext", Obj(("ContextName", EmulatorFixture.Unique("ctx")), ("ContextType", "Endpoint"),
            ("Source", Obj(("SourceUri", "s3://ctx")))), "ContextArn");
        var tc = await Create(owner, "CreateTrialComponent", Obj(("TrialComponentName", EmulatorFixture.Unique("tc"))), "TrialComponentArn");
        (await owner.Call("AddAssociation", Obj(("SourceArn", artifact), ("DestinationArn", action)))).Ok();
        var (experiment, trial) = await ExperimentAround(tc);
        return new Graph(artifact, action, context, tc, group, artifact, action, mine, packageGroup, package, experiment, trial);
    }

    /// <summary>Brings the owner's share with the receiver into the given state through the RAM API.</summary>
    private static async Task Share(EmulatorFixture server, string ownerAccount, string receiverAccount, string group, Sharing state)
    {
        if (state == Sharing.NoShare) return;
        var owner = server.Ram(ownerAccount);
        var receiver = server.Ram(receiverAccount);
        var principal = state switch
        {
            Sharing.OrganizationPrincipal or Sharing.NonMember => ((OrganizationFixture)server).OrganizationArn,
            Sharing.OuPrincipal => ((OrganizationFixture)server).OuArn(OrganizationFixture.UnitA),
            _ => receiverAccount,
        };
        var body = Obj(("name", EmulatorFixture.Unique("share")), ("resourceArns", Arr(group)), ("principals", Arr(principal)),
            ("allowExternalPrincipals", true));
        if (state == Sharing.SubsetPermission)
            body["permissionArns"] = Arr((await owner.Post("/createpermission", Obj(("name", EmulatorFixture.Unique("subset")),
                ("resourceType", "sagemaker:LineageGroup"),
                ("policyTemplate", Obj(("Effect", "Allow"), ("Action", Arr([.. Subset.Select(o => "sagemaker:" + o)]))).ToJsonString())))).Ok()["permission"]!["arn"]!.GetValue<string>());
        var share = (await owner.Post("/createresourceshare", body)).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        // Inside the organization there is no invitation to answer; outside it, one is pending until answered.
        var invitations = (await receiver.Post("/getresourceshareinvitations", Obj(("resourceShareArns", Arr(share))))).Ok()["resourceShareInvitations"]!.AsArray();
        if (state is Sharing.OrganizationPrincipal or Sharing.OuPrincipal or Sharing.MemberSharingOn or Sharing.NonMember)
        {
            Assert.Empty(invitations);
            return;
        }
        if (state is Sharing.PendingInvitation or Sharing.MemberSharingOff) return;

        var invitation = invitations.Single()!["resourceShareInvitationArn"]!.GetValue<string>();
        var verb = state == Sharing.Rejected ? "reject" : "accept";
        (await receiver.Post($"/{verb}resourceshareinvitation", Obj(("resourceShareInvitationArn", invitation)))).Ok();

        if (state == Sharing.PrincipalDisassociated)
            (await owner.Post("/disassociateresourceshare", Obj(("resourceShareArn", share), ("principals", Arr(receiverAccount))))).Ok();
        if (state == Sharing.ShareDeleted)
            (await owner.Delete("/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(share))).Ok();
    }
}
