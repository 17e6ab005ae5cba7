namespace LineageEmulator.State;

// Rows of the RAM tables. A share, its associations and its invitations live in the partition of the
// account that owns the share; receivers find theirs through the store's indexes.

public static class RamStatus
{
    public const string Associating = "ASSOCIATING";
    public const string Associated = "ASSOCIATED";
    public const string Disassociating = "DISASSOCIATING";
    public const string Disassociated = "DISASSOCIATED";
    public const string Failed = "FAILED";
    public const string Active = "ACTIVE";
    public const string Deleted = "DELETED";
    public const string Pending = "PENDING";
    public const string Accepted = "ACCEPTED";
    public const string Rejected = "REJECTED";
    public const string Principal = "PRINCIPAL";
    public const string Resource = "RESOURCE";
}

public sealed record ResourceShareRecord(
    string Arn,
    string Name,
    string OwningAccountId,
    bool AllowExternalPrincipals,
    string Status,
    string? StatusMessage,
    List<LineageEmulator.Model.Ram.Tag> Tags,
    List<string> PermissionArns,
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
        Status == RamStatus.Associating && now >= ReadyTime ? RamStatus.Associated : Status;

    public DateTimeOffset EffectiveLastUpdated(DateTimeOffset now) =>
        Status == RamStatus.Associating && now >= ReadyTime ? ReadyTime : LastUpdatedTime;
}

/// <summary>
/// An invitation to a share. It is sent when the receiver's principal association completes ("Once the
/// association is set, the shared account receives an invitation", SageMaker developer guide,
/// cross-account lineage): <see cref="InvitationTimestamp"/> is that moment, and before it the invitation
/// does not exist for anyone. Like association statuses this is read against the clock, not set by a timer.
/// </summary>
public sealed record InvitationRecord(
    string Arn,
    string ShareArn,
    string ShareName,
    string SenderAccountId,
    string ReceiverAccountId,
    string Status,
    DateTimeOffset InvitationTimestamp)
{
    public bool IsSent(DateTimeOffset now) => now >= InvitationTimestamp;
}

/// <summary>A clientToken already used by an account for an operation, and what it produced.</summary>
public sealed record ClientTokenRecord(string Operation, string Fingerprint, string ResultJson);
