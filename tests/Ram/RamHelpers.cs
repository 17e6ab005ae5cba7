using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Ram;

/// <summary>Steps the RAM tests repeat: a lineage group to share, a share, the receiver's invitation.</summary>
internal static class RamHelpers
{
    public static string GroupArn(string account, string region = "us-east-1") =>
        $"arn:aws:sagemaker:{region}:{account}:lineage-group/sagemaker-default-lineage-group";

    /// <summary>Creates an artifact, which brings the account's lineage group into being; returns the artifact ARN.</summary>
    public static async Task<string> CreateArtifact(SageMakerClient sm) =>
        (await sm.Call("CreateArtifact", new JsonObject
        {
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://bucket/" + EmulatorFixture.Unique("data") },
            ["ArtifactType"] = "DataSet",
        })).Ok()["ArtifactArn"]!.GetValue<string>();

    public static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    public static async Task<JsonNode> CreateShare(RamClient owner, string resourceArn, params string[] principals) =>
        (await owner.Post("/createresourceshare", new JsonObject
        {
            ["name"] = EmulatorFixture.Unique("share"),
            ["resourceArns"] = Array(resourceArn),
            ["principals"] = Array(principals),
        })).Ok()["resourceShare"]!;

    public static async Task<JsonArray> Invitations(RamClient receiver, string shareArn) =>
        (await receiver.Post("/getresourceshareinvitations", new JsonObject { ["resourceShareArns"] = Array(shareArn) }))
            .Ok()["resourceShareInvitations"]!.AsArray();

    public static async Task<string> InvitationArn(RamClient receiver, string shareArn) =>
        (await Invitations(receiver, shareArn)).Single()!["resourceShareInvitationArn"]!.GetValue<string>();

    /// <summary>Owner A shares its lineage group with B and B accepts; returns the share ARN.</summary>
    public static async Task<string> ShareAndAccept(SageMakerClient ownerSm, RamClient owner, RamClient receiver)
    {
        await CreateArtifact(ownerSm);
        return await ShareAndAccept(owner, receiver);
    }

    /// <summary>
    /// The owner, whose lineage group exists already, shares it with the receiver through RAM and the receiver
    /// accepts; returns the share ARN. Tests set up sharing only this way, never by writing RAM rows.
    /// </summary>
    public static async Task<string> ShareAndAccept(RamClient owner, RamClient receiver)
    {
        var share = await CreateShare(owner, GroupArn(owner.Account, owner.Region), receiver.Account);
        var shareArn = share["resourceShareArn"]!.GetValue<string>();
        (await receiver.Post("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = await InvitationArn(receiver, shareArn),
        })).Ok();
        return shareArn;
    }
}
