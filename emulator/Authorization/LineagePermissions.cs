using LineageEmulator.State;

namespace LineageEmulator.Authorization;

/// <summary>
/// What a share lets its principals do with a lineage group: the actions of the RAM managed permission
/// version attached to it. The AWS-managed permission grants all seven lineage actions; a customer
/// managed one grants the subset its template lists, and the authorizer grants exactly that subset.
/// </summary>
public static class LineagePermissions
{
    public const string ResourceType = "sagemaker:LineageGroup";
    public const string ManagedName = "AWSRAMDefaultPermissionSageMakerLineageGroup";
    public static readonly string ManagedArn = Arns.RamPermission("", "aws", ManagedName);
    public const int ManagedVersion = 1;

    /// <summary>
    /// The actions another account may be granted on a lineage group: RAM's managed permission for
    /// sagemaker:LineageGroup grants these, and a customer managed permission may grant any subset.
    /// </summary>
    public static readonly IReadOnlyList<string> Actions =
    [
        "sagemaker:DescribeAction",
        "sagemaker:DescribeArtifact",
        "sagemaker:DescribeContext",
        "sagemaker:DescribeTrialComponent",
        "sagemaker:AddAssociation",
        "sagemaker:DeleteAssociation",
        "sagemaker:QueryLineage",
    ];

    /// <summary>The actions the share's permission grants; none while the share has no permission attached.</summary>
    public static IReadOnlyList<string> Of(Partition owner, ResourceShareRecord share)
    {
        foreach (var arn in share.PermissionArns)
        {
            if (arn == ManagedArn) return Actions;
            if (owner.Permissions.Get(arn)?.Version(share.PermissionVersion) is { } version) return version.Actions;
        }
        return [];
    }
}
