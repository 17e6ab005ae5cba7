using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;

namespace LineageEmulator.Services.Ram;

/// <summary>TagResource and UntagResource on resource shares, and the tag rules CreateResourceShare shares.</summary>
public static class RamTags
{
    // RAM allows 50 tags per resource share.
    private const int MaxTags = 50;

    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.TagResource, Access.Write, OperationTable.NoResources, Tag);
        t.Add(RamOperations.UntagResource, Access.Write, OperationTable.NoResources, Untag);
    }

    /// <summary>Rejects tags that are not allowed or would take the resource past its limit.</summary>
    public static void Check(List<Tag>? added, IReadOnlyList<Tag> current)
    {
        if (added is null) return;
        foreach (var tag in added)
        {
            if (string.IsNullOrEmpty(tag.Key))
                throw new InvalidParameterException("Tag keys must not be empty.");
            // The aws: prefix is reserved for tags AWS itself sets.
            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw new InvalidParameterException($"Tag key {tag.Key} uses the reserved prefix aws:.");
        }
        if (Merge(current, added).Count > MaxTags)
            throw new TagLimitExceededException($"The request would exceed the limit of {MaxTags} tags for this resource.");
    }

    public static List<Tag> Merge(IReadOnlyList<Tag> current, IEnumerable<Tag> added) =>
        TagLists.Merge(current, added, t => t.Key);

    /// <summary>
    /// The share a tag request names. The caller may name a resource share, or (resourceArn) a customer
    /// managed permission: the emulator has only the AWS-managed one, which nobody can tag.
    /// </summary>
    private static State.ResourceShareRecord Target(CallContext ctx, string? shareArn, string? resourceArn)
    {
        if (shareArn is not null) return RamCommon.OwnShare(ctx, shareArn);
        if (resourceArn is null)
            throw new InvalidParameterException("You must specify either resourceShareArn or resourceArn.");
        if (resourceArn == Permissions.Arn)
            throw new InvalidParameterException($"You cannot tag the AWS managed permission {resourceArn}.");
        RamCommon.ParseResourceArn(resourceArn);
        throw new UnknownResourceException($"Resource {resourceArn} could not be found.");
    }

    private static TagResourceResponse Tag(TagResourceRequest r, CallContext ctx)
    {
        var share = Target(ctx, r.ResourceShareArn, r.ResourceArn);
        Check(r.Tags, share.Tags);
        ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { Tags = Merge(share.Tags, r.Tags!), LastUpdatedTime = ctx.Now });
        return new TagResourceResponse();
    }

    private static UntagResourceResponse Untag(UntagResourceRequest r, CallContext ctx)
    {
        var share = Target(ctx, r.ResourceShareArn, r.ResourceArn);
        var keys = r.TagKeys!.ToHashSet(StringComparer.Ordinal);
        ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { Tags = [.. share.Tags.Where(t => !keys.Contains(t.Key ?? ""))], LastUpdatedTime = ctx.Now });
        return new UntagResourceResponse();
    }
}
