using LineageEmulator.Model.Ram;
using LineageEmulator.Operations;

namespace LineageEmulator.Services.Ram;

/// <summary>TagResource and UntagResource on resource shares and customer managed permissions, and the tag rules they share.</summary>
public static class RamTags
{
    // RAM allows 50 tags per resource share.
    private const int MaxTags = 50;

    public static void Register(OperationTable t)
    {
        t.Add(RamOperations.TagResource, Access.Write, OperationTable.NoResources, Tag);
        t.Add(RamOperations.UntagResource, Access.Write, OperationTable.NoResources, Untag);
    }

    /// <summary>
    /// Rejects tags that are not allowed or would take the resource past its limit. The model's words
    /// (TagResource.tags): "The tag key must be present and not be an empty string. The tag value must be
    /// present but can be an empty string."
    /// </summary>
    public static void Check(IReadOnlyList<Tag>? added, IReadOnlyList<Tag> current)
    {
        if (added is null) return;
        foreach (var tag in added)
        {
            if (string.IsNullOrEmpty(tag.Key))
                throw new InvalidParameterException("Tag keys must not be empty.");
            if (tag.Value is null)
                throw new InvalidParameterException($"Tag {tag.Key} has no value. The tag value must be present but can be an empty string.");
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
    /// What a tag request names: one of the caller's resource shares (resourceShareArn), or (resourceArn) a
    /// share or one of its customer managed permissions. The AWS-managed permission cannot be tagged. The
    /// model says of both members: "You must specify either resourceShareArn, or resourceArn, but not both."
    /// </summary>
    private static (IReadOnlyList<Tag> Tags, Action<List<Tag>> Write) Target(CallContext ctx, string? shareArn, string? resourceArn)
    {
        if ((shareArn is null) == (resourceArn is null))
            throw new InvalidParameterException("You must specify either resourceShareArn, or resourceArn, but not both.");
        var arn = (shareArn ?? resourceArn)!;
        if (shareArn is null && State.Arn.TryParse(arn, out var parsed) && parsed.Service == "ram" && parsed.ResourceType == "permission")
        {
            var p = Permissions.Find(ctx, arn);
            if (Permissions.IsManaged(p)) throw new InvalidParameterException($"You cannot tag the AWS managed permission {arn}.");
            return (p.Tags, tags => ctx.Tx.Put(ctx.Home.Permissions, p.Arn, p with { Tags = tags, LastUpdatedTime = ctx.Now }));
        }
        if (shareArn is null && !(State.Arn.TryParse(arn, out var other) && other.Service == "ram" && other.ResourceType == "resource-share"))
        {
            RamCommon.ParseResourceArn(arn);
            throw new UnknownResourceException($"Resource {arn} could not be found.");
        }
        var share = RamCommon.OwnShare(ctx, arn);
        return (share.Tags, tags => ctx.Tx.Put(ctx.Home.Shares, share.Arn, share with { Tags = tags, LastUpdatedTime = ctx.Now }));
    }

    private static TagResourceResponse Tag(TagResourceRequest r, CallContext ctx)
    {
        var (tags, write) = Target(ctx, r.ResourceShareArn, r.ResourceArn);
        Check(r.Tags, tags);
        write(Merge(tags, r.Tags!));
        return new TagResourceResponse();
    }

    private static UntagResourceResponse Untag(UntagResourceRequest r, CallContext ctx)
    {
        var (tags, write) = Target(ctx, r.ResourceShareArn, r.ResourceArn);
        var keys = r.TagKeys!.ToHashSet(StringComparer.Ordinal);
        write([.. tags.Where(t => !keys.Contains(t.Key ?? ""))]);
        return new UntagResourceResponse();
    }
}
