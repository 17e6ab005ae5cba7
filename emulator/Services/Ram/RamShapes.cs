using LineageEmulator.Model.Ram;
using LineageEmulator.State;

namespace LineageEmulator.Services.Ram;

/// <summary>RAM records as the wire shapes every operation returns them.</summary>
public static class RamShapes
{
    public static ResourceShare Share(ResourceShareRecord s) => new()
    {
        ResourceShareArn = s.Arn,
        Name = s.Name,
        OwningAccountId = s.OwningAccountId,
        AllowExternalPrincipals = s.AllowExternalPrincipals,
        Status = s.Status,
        StatusMessage = s.StatusMessage,
        Tags = s.Tags.Count > 0 ? [.. s.Tags] : null,
        CreationTime = s.CreationTime,
        LastUpdatedTime = s.LastUpdatedTime,
        // Shares created through the API are STANDARD; the other sets come from promoting resource policies.
        FeatureSet = ResourceShareFeatureSetValues.STANDARD,
        ResourceShareConfiguration = s.RetainSharingOnAccountLeaveOrganization is { } retain
            ? new ResourceShareConfiguration { RetainSharingOnAccountLeaveOrganization = retain }
            : null,
    };

    /// <summary>An association with its status as of now (ASSOCIATING turns ASSOCIATED on its own).</summary>
    public static ResourceShareAssociation Association(ShareAssociationRecord a, string shareName, DateTimeOffset now) => new()
    {
        ResourceShareArn = a.ShareArn,
        ResourceShareName = shareName,
        AssociatedEntity = a.AssociatedEntity,
        AssociationType = a.AssociationType,
        Status = a.EffectiveStatus(now),
        StatusMessage = a.StatusMessage,
        CreationTime = a.CreationTime,
        LastUpdatedTime = a.EffectiveLastUpdated(now),
        External = a.AssociationType == ResourceShareAssociationTypeValues.PRINCIPAL ? a.External : null,
    };

    public static ResourceShareInvitation Invitation(InvitationRecord i, string shareName) => new()
    {
        ResourceShareInvitationArn = i.Arn,
        ResourceShareName = shareName,
        ResourceShareArn = i.ShareArn,
        SenderAccountId = i.SenderAccountId,
        ReceiverAccountId = i.ReceiverAccountId,
        ReceiverArn = i.ReceiverArn,
        InvitationTimestamp = i.InvitationTimestamp,
        Status = i.Status,
    };

    /// <summary>A shared resource as ListResources and ListPendingInvitationResources show it.</summary>
    public static Resource Resource(ShareAssociationRecord a, DateTimeOffset now) => new()
    {
        Arn = a.AssociatedEntity,
        Type = RamCommon.LineageGroupType,
        ResourceShareArn = a.ShareArn,
        Status = ResourceStatusValues.AVAILABLE,
        CreationTime = a.CreationTime,
        LastUpdatedTime = a.EffectiveLastUpdated(now),
        ResourceRegionScope = ResourceRegionScopeValues.REGIONAL,
    };

    public static Principal Principal(ShareAssociationRecord a, DateTimeOffset now) => new()
    {
        Id = a.AssociatedEntity,
        ResourceShareArn = a.ShareArn,
        CreationTime = a.CreationTime,
        LastUpdatedTime = a.EffectiveLastUpdated(now),
        External = a.External,
    };

    /// <summary>The share's current name: associations and invitations show it, not the name at the time.</summary>
    public static string ShareName(Partition owner, string shareArn, string fallback) => owner.Shares.Get(shareArn)?.Name ?? fallback;
}
