using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.Ram;

/// <summary>What every RAM operation group shares: ARNs, principals, share lookups, visibility, tokens, paging.</summary>
public static partial class RamCommon
{
    public const string LineageGroupType = Authorization.LineagePermissions.ResourceType;

    // RAM documents the default page size only as "service-dependent"; it pages lists of up to 500.
    public const int DefaultPageSize = 500;

    public static string NewShareArn(CallContext ctx) =>
        Arns.ResourceShare(ctx.Caller.Region, ctx.Caller.AccountId, Guid.NewGuid().ToString());

    public static string NewInvitationArn(CallContext ctx) =>
        Arns.ResourceShareInvitation(ctx.Caller.Region, ctx.Caller.AccountId, Guid.NewGuid().ToString());

    public enum PrincipalKind { Account, Organization, OrganizationalUnit, IamRoleOrUser }

    /// <summary>
    /// A principal as RAM takes it (CreateResourceShare's model documentation): an account id, an
    /// organization ARN, an OU ARN, or an IAM role or user ARN. <see cref="Entity"/> is what the share
    /// association stores: the account id for an account (its root ARN is accepted and stored as the id,
    /// because invitations and access work per account), the ARN otherwise. <see cref="Account"/> is the
    /// account of an account, role or user, and the management account of an organization or OU.
    /// </summary>
    public readonly record struct PrincipalRef(string Entity, PrincipalKind Kind, string Account, string? OrganizationId, string? UnitId);

    public static PrincipalRef ParsePrincipal(string principal)
    {
        if (AccountIds.IsValid(principal)) return new(principal, PrincipalKind.Account, principal, null, null);
        if (Arn.TryParse(principal, out var arn) && arn.Partition == "aws" && arn.Region.Length == 0 && AccountIds.IsValid(arn.Account))
        {
            if (arn.Service == "iam" && arn.Resource == "root") return new(arn.Account, PrincipalKind.Account, arn.Account, null, null);
            if (arn.Service == "iam" && arn.ResourceType is "role" or "user" && IamName().IsMatch(arn.ResourceId))
                return new(principal, PrincipalKind.IamRoleOrUser, arn.Account, null, null);
            if (arn.Service == "organizations" && OrganizationResource().Match(arn.Resource) is { Success: true } m)
                return m.Groups["ou"].Success
                    ? new(principal, PrincipalKind.OrganizationalUnit, arn.Account, m.Groups["org"].Value, m.Groups["ou"].Value)
                    : new(principal, PrincipalKind.Organization, arn.Account, m.Groups["org"].Value, null);
        }
        throw new InvalidParameterException($"Principal ID {principal} is malformed. Verify the ID and try again.");
    }

    /// <summary>What a principal given as a filter or to disassociate is stored as.</summary>
    public static string PrincipalEntity(string principal) => ParsePrincipal(principal).Entity;

    // IAM names (with an optional path): letters, digits and +=,.@_- (IAM user guide, "IAM identifiers").
    [System.Text.RegularExpressions.GeneratedRegex(@"\A(?:[\w+=,.@-]+/)*[\w+=,.@-]+\z")]
    private static partial System.Text.RegularExpressions.Regex IamName();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A(?:organization/(?<org>o-[a-z0-9]{10,32})|ou/(?<org>o-[a-z0-9]{10,32})/(?<ou>ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}))\z")]
    private static partial System.Text.RegularExpressions.Regex OrganizationResource();


    /// <summary>A share ARN the caller names; a value that is not a RAM share ARN is malformed, as RAM says.</summary>
    public static Arn ParseShareArn(string value)
    {
        if (!Arn.TryParse(value, out var arn) || arn.Service != "ram" || arn.ResourceType != "resource-share" || arn.ResourceId.Length == 0)
            throw new MalformedArnException("The specified resource share ARN is not valid. Verify the ARN and try again.");
        return arn;
    }

    /// <summary>Any resource ARN given as a filter or to disassociate: it has to be an ARN.</summary>
    public static Arn ParseResourceArn(string value) =>
        Arn.TryParse(value, out var arn)
            ? arn
            : throw new MalformedArnException($"The specified resource ARN {value} is not valid. Verify the ARN and try again.");

    public static UnknownResourceException ShareNotFound(string arn) => new($"ResourceShare {arn} could not be found.");

    /// <summary>
    /// A share the caller owns, in its own region. RAM reports a share the caller cannot see exactly like
    /// one that does not exist. A DELETED share can only be read, never changed.
    /// </summary>
    public static ResourceShareRecord OwnShare(CallContext ctx, string arn, bool allowDeleted = false)
    {
        ParseShareArn(arn);
        var share = ctx.Store.FindPartition(ctx.Caller.AccountId, ctx.Caller.Region)?.Shares.Get(arn);
        if (share is null || (!allowDeleted && share.Status == ResourceShareStatusValues.DELETED)) throw ShareNotFound(arn);
        return share;
    }

    /// <summary>Shares other accounts have shared with the caller and the caller has accepted.</summary>
    public static IEnumerable<ShareGrants.Received> SharedWithCaller(CallContext ctx) =>
        ctx.Authorizer.Grants.ReceivedBy(ctx.Caller.AccountId, ctx.Caller.Region);

    /// <summary>A share the caller owns or has accepted, by ARN; anything else is unknown to it.</summary>
    public static (Partition Owner, ResourceShareRecord Share) VisibleShare(CallContext ctx, string arn)
    {
        var parsed = ParseShareArn(arn);
        if (parsed.Account == ctx.Caller.AccountId) return (ctx.Home, OwnShare(ctx, arn, allowDeleted: true));
        var received = SharedWithCaller(ctx).FirstOrDefault(r => r.Share.Arn == arn) ?? throw ShareNotFound(arn);
        return (received.Owner, received.Share);
    }

    /// <summary>Associations of a share of one type whose effective status is live (not ended, not failed).</summary>
    public static IEnumerable<ShareAssociationRecord> Live(Partition owner, string shareArn, string type, DateTimeOffset now) =>
        owner.AssociationsOfShare(shareArn).Where(a => a.AssociationType == type && IsLive(a.EffectiveStatus(now)));

    public static bool IsLive(string status) => status is ResourceShareAssociationStatusValues.ASSOCIATING or ResourceShareAssociationStatusValues.ASSOCIATED;

    /// <summary>What a clientToken retry must repeat: a digest of the request's parameters (never its token).</summary>
    public static string RequestParameters(params object?[] parameters) => Digest.Of(parameters);

    /// <summary>
    /// clientToken idempotency: the first call with a token stores its result; a retry with the same token
    /// and the same parameters gets that result again, with other parameters IdempotentParameterMismatch.
    /// A call without a token gets a generated one, as RAM does, and nothing is stored.
    /// </summary>
    public static TOut Idempotent<TIn, TOut>(CallContext ctx, OperationModel<TIn, TOut> op, string? token, string parameters,
        Func<string, TOut> run)
        where TIn : class, IShape
        where TOut : class
    {
        if (token is null) return run(Guid.NewGuid().ToString());
        var key = op.Name + "|" + token;
        if (ctx.Home.ClientTokens.Get(key) is { } used)
        {
            if (used.Fingerprint != parameters)
                throw new IdempotentParameterMismatchException(
                    $"The client token {token} is already in use for a request with different parameters.");
            return JsonSerializer.Deserialize(used.ResultJson, op.Output)
                ?? throw new InvalidOperationException("stored idempotent result is empty");
        }
        var result = run(token);
        ctx.Tx.Put(ctx.Home.ClientTokens, key, new ClientTokenRecord(op.Name, parameters, JsonSerializer.Serialize(result, op.Output)));
        return result;
    }

    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, Paging.Key> key, int? maxResults,
        string? nextToken, string fingerprint) =>
        Paging.Page(items, key, descending: false, maxResults ?? DefaultPageSize, nextToken, fingerprint,
            _ => new InvalidNextTokenException("The specified value for NextToken is not valid."));

    /// <summary>The regions scope filter of the listing operations; lineage groups are regional.</summary>
    public static bool InScope(string? scope) => scope is null or ResourceRegionScopeFilterValues.ALL or ResourceRegionScopeFilterValues.REGIONAL;

    public static IEnumerable<string> TagStrings(IEnumerable<Tag>? tags) => tags?.Select(t => t.Key + "=" + t.Value) ?? [];
}
