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
    bool? RetainSharingOnAccountLeaveOrganization = null,
    // The version of the share's permission (PermissionArns holds at most one: RAM allows one permission per
    // resource type). A share keeps its version until ReplacePermissionAssociations or a replacing associate.
    int PermissionVersion = 1);

/// <summary>
/// A principal or resource tied to a share. <see cref="External"/> is true for a principal that came in
/// through an invitation (outside the owner's organization, or before organization sharing was on);
/// false for one RAM associated without an invitation, inside the organization. <see cref="ReadyTime"/> is when ASSOCIATING turns into
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
    DateTimeOffset InvitationTimestamp,
    // The IAM role or user the share names, when it names one rather than the account.
    string? ReceiverArn = null)
{
    /// <summary>The principal association this invitation belongs to: the role or user, else the account.</summary>
    public string Principal => ReceiverArn ?? ReceiverAccountId;

    public bool IsSent(DateTimeOffset now) => now >= InvitationTimestamp;
}

/// <summary>
/// A customer managed permission (by ARN, in the partition that created it), with every version it has:
/// RAM keeps up to five, and the default one is what new associations use.
/// </summary>
public sealed record PermissionRecord(
    string Arn,
    string Name,
    string ResourceType,
    int DefaultVersion,
    IReadOnlyList<PermissionVersionRecord> Versions,
    IReadOnlyList<LineageEmulator.Model.Ram.Tag> Tags,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime)
{
    public PermissionVersionRecord? Version(int version) => Versions.FirstOrDefault(v => v.Version == version);
}

/// <summary>One version of a customer managed permission: its template as given and the actions it grants.</summary>
public sealed record PermissionVersionRecord(int Version, string PolicyTemplate, IReadOnlyList<string> Actions, DateTimeOffset CreationTime);

/// <summary>
/// The record of one ReplacePermissionAssociations call. The shares change at once; the work reads
/// IN_PROGRESS until <see cref="ReadyTime"/>, like an association, and COMPLETED after.
/// </summary>
public sealed record ReplaceWorkRecord(
    string Id,
    string FromPermissionArn,
    int? FromPermissionVersion,
    string ToPermissionArn,
    int ToPermissionVersion,
    DateTimeOffset CreationTime,
    DateTimeOffset ReadyTime)
{
    public string EffectiveStatus(DateTimeOffset now) => now >= ReadyTime ? "COMPLETED" : "IN_PROGRESS";
}

/// <summary>That the management account turned on sharing with its organization (EnableSharingWithAwsOrganization).</summary>
public sealed record OrganizationSharingRecord(string OrganizationId, DateTimeOffset EnabledTime);

/// <summary>A clientToken already used by an account for an operation, and what it produced.</summary>
public sealed record ClientTokenRecord(string Operation, string Fingerprint, string ResultJson);
