using LineageEmulator.Model.Ram;

namespace LineageEmulator.State;

// Rows of the RAM tables. A share, its associations and its invitations live in the partition of the
// account that owns the share; receivers find theirs through the store's indexes. Statuses and association
// types are the RAM model's own values (ResourceShareStatusValues, ResourceShareAssociationStatusValues, ...).

public sealed record ResourceShareRecord(
    string Arn,
    string Name,
    string OwningAccountId,
    bool AllowExternalPrincipals,
    string Status,
    string? StatusMessage,
    IReadOnlyList<LineageEmulator.Model.Ram.Tag> Tags,
    IReadOnlyList<string> PermissionArns,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime,
    bool? RetainSharingOnAccountLeaveOrganization = null);

/// <summary>
/// A principal or resource tied to a share. <see cref="ReadyTime"/> is when ASSOCIATING turns into
/// ASSOCIATED: the status is read through <see cref="EffectiveStatus"/>, so no timer has to run.
/// </summary>
public sealed record ShareAssociationRecord(
    string ShareArn,
    string ShareName,
    string AssociatedEntity,
    string AssociationType,
    string Status,
    string? StatusMessage,
    bool External,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime,
    DateTimeOffset ReadyTime)
{
    public string Key => ShareAssociationKey(ShareArn, AssociatedEntity);

    public static string ShareAssociationKey(string shareArn, string entity) => shareArn + "|" + entity;

    public string EffectiveStatus(DateTimeOffset now) =>
        Status == ResourceShareAssociationStatusValues.ASSOCIATING && now >= ReadyTime ? ResourceShareAssociationStatusValues.ASSOCIATED : Status;

    public DateTimeOffset EffectiveLastUpdated(DateTimeOffset now) =>
        Status == ResourceShareAssociationStatusValues.ASSOCIATING && now >= ReadyTime ? ReadyTime : LastUpdatedTime;
}

public sealed record InvitationRecord(
    string Arn,
    string ShareArn,
    string ShareName,
    string SenderAccountId,
    string ReceiverAccountId,
    string Status,
    DateTimeOffset InvitationTimestamp);

/// <summary>A clientToken already used by an account for an operation, and what it produced.</summary>
public sealed record ClientTokenRecord(string Operation, string Fingerprint, string ResultJson);
