using System.Text.Json.Nodes;
using LineageEmulator.Model.Ram;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Ram;

/// <summary>Steps the RAM tests repeat: a lineage group to share, a share, the receiver's invitation.</summary>
internal static class RamHelpers
{
    public static string GroupArn(string account, string region = "us-east-1") =>
        $"arn:aws:sagemaker:{region}:{account}:lineage-group/sagemaker-default-lineage-group";

    /// <summary>Creates an artifact, which brings the account's lineage group into being; returns the artifact ARN.</summary>
    public static Task<string> CreateArtifact(SageMakerClient sm) => sm.Artifact("DataSet");

    /// <summary>A JSON array of strings, for the tests that send raw RAM bodies.</summary>
    public static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    public static async Task<ResourceShare> CreateShare(RamClient owner, string resourceArn, params string[] principals) =>
        (await owner.CreateResourceShareAsync(new CreateResourceShareRequest
        {
            Name = EmulatorFixture.Unique("share"),
            ResourceArns = [resourceArn],
            Principals = principals,
        })).ResourceShare!;

    public static async Task<IReadOnlyList<ResourceShareInvitation>> Invitations(RamClient receiver, string shareArn) =>
        (await receiver.GetResourceShareInvitationsAsync(new GetResourceShareInvitationsRequest { ResourceShareArns = [shareArn] }))
            .ResourceShareInvitations!;

    public static async Task<string> InvitationArn(RamClient receiver, string shareArn) =>
        (await Invitations(receiver, shareArn)).Single().ResourceShareInvitationArn!;

    public static Task<AcceptResourceShareInvitationResponse> Accept(RamClient receiver, string invitationArn) =>
        receiver.AcceptResourceShareInvitationAsync(new AcceptResourceShareInvitationRequest { ResourceShareInvitationArn = invitationArn });

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
        var shareArn = (await CreateShare(owner, GroupArn(owner.Account, owner.Region), receiver.Account)).ResourceShareArn!;
        await Accept(receiver, await InvitationArn(receiver, shareArn));
        return shareArn;
    }
}
