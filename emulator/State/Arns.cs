using System.Text.RegularExpressions;

namespace LineageEmulator.State;

/// <summary>A parsed ARN: arn:partition:service:region:account:resource.</summary>
public readonly record struct Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>"artifact" for "artifact/abc…", "lineage-group" for "lineage-group/name".</summary>
    public string ResourceType => Resource.IndexOf('/') is var i and >= 0 ? Resource[..i] : Resource;
    public string ResourceId => Resource.IndexOf('/') is var i and >= 0 ? Resource[(i + 1)..] : "";

    public static bool TryParse(string? value, out Arn arn)
    {
        arn = default;
        if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal)) return false;
        var rest = value.AsSpan(4);
        // Partition, service, region, account, and the resource (which may hold more colons).
        Span<Range> parts = stackalloc Range[5];
        if (rest.Split(parts, ':') != 5) return false;
        ReadOnlySpan<char> partition = rest[parts[0]], service = rest[parts[1]], resource = rest[parts[4]];
        if (partition.IsEmpty || service.IsEmpty || resource.IsEmpty) return false;
        arn = new Arn(Shared(partition), Shared(service), Shared(rest[parts[2]]), Shared(rest[parts[3]]), resource.ToString());
        return true;
    }

    // ARNs are parsed on every call and at every vertex of a walk, and their leading parts come from a few
    // partitions, services, regions and accounts: those are kept once rather than copied out of each ARN.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Parts = new(StringComparer.Ordinal);
    private const int PartsKept = 4096;

    private static string Shared(ReadOnlySpan<char> part)
    {
        var kept = Parts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (kept.TryGetValue(part, out var known)) return known;
        var made = part.ToString();
        if (Parts.Count < PartsKept) Parts.TryAdd(made, made);
        return made;
    }
}

/// <summary>Every ARN the emulator makes is built here; lineage entities' through their <see cref="EntityKind"/>.</summary>
public static class Arns
{
    public const string DefaultLineageGroupName = "sagemaker-default-lineage-group";

    public static string LineageGroup(string region, string account, string name) => SageMaker(region, account, "lineage-group/" + name);

    /// <summary>A control-plane resource (training-job, model, endpoint, ...): SageMaker lowercases the name.</summary>
    public static string Resource(string region, string account, string type, string name) =>
        SageMaker(region, account, type + "/" + name.ToLowerInvariant());

    public static string ModelPackageVersion(string region, string account, string group, int version) =>
        SageMaker(region, account, $"model-package/{group.ToLowerInvariant()}/{version}");

    public static string SageMaker(string region, string account, string resource) => $"arn:aws:sagemaker:{region}:{account}:{resource}";

    public static string Experiment(string region, string account, string name) => SageMaker(region, account, "experiment/" + name.ToLowerInvariant());
    public static string Trial(string region, string account, string name) => SageMaker(region, account, "experiment-trial/" + name.ToLowerInvariant());

    public static string ResourceShare(string region, string account, string id) => $"arn:aws:ram:{region}:{account}:resource-share/{id}";
    public static string ResourceShareInvitation(string region, string account, string id) =>
        $"arn:aws:ram:{region}:{account}:resource-share-invitation/{id}";

    /// <summary>A RAM permission: a customer managed one is regional, in its account; an AWS managed one has no region and the account "aws".</summary>
    public static string RamPermission(string region, string account, string name) => $"arn:aws:ram:{region}:{account}:permission/{name}";

    public static string Organization(string managementAccount, string id) => $"arn:aws:organizations::{managementAccount}:organization/{id}";
    public static string OrganizationalUnit(string managementAccount, string organizationId, string ou) =>
        $"arn:aws:organizations::{managementAccount}:ou/{organizationId}/{ou}";

    /// <summary>An account's root principal: how IAM names the caller in messages and policies.</summary>
    public static string AccountRoot(string account) => $"arn:aws:iam::{account}:root";
}

/// <summary>What an AWS account id is: exactly twelve ASCII digits.</summary>
public static class AccountIds
{
    public static bool IsValid(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);
}

public static partial class Regions
{
    /// <summary>
    /// A well-formed AWS region name: a partition prefix, words and a number, as in us-east-1, eu-central-2,
    /// us-gov-west-1, cn-northwest-1, us-isob-east-1. Only these can hold state.
    /// </summary>
    public static bool IsName(string region) => region.Length <= 32 && Pattern().IsMatch(region);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+){1,3}-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
