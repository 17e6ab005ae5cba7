using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>AddTags, ListTags, DeleteTags on lineage entities, lineage groups and control-plane resources (jobs, models, endpoints, model packages).</summary>
public static class Tags
{
    // Tagging is not one of the shared lineage actions: another account's ARN is denied by the authorizer.
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.AddTags, Access.Write, r => [r.ResourceArn], Add);
        t.Add(SageMakerOperations.ListTags, Access.Read, r => [r.ResourceArn], List);
        t.Add(SageMakerOperations.DeleteTags, Access.Write, r => [r.ResourceArn], Delete);
    }

    public static List<Tag> Merge(IReadOnlyList<Tag> current, IEnumerable<Tag> added) =>
        TagLists.Merge(current, added, t => t.Key);

    // Answers with the tags of the request, not the resource's whole set: the model's wording ("tags
    // associated with the resource") allows either, and no capture of the real answer was found.
    private static AddTagsOutput Add(AddTagsInput r, CallContext ctx)
    {
        var tags = TagsOf(ctx, r.ResourceArn!);
        if (r.Tags!.Count > 0) ctx.Tx.Put(tags, r.ResourceArn!, new TagSetRecord(Merge(tags.Get(r.ResourceArn!)?.Tags ?? [], r.Tags)));
        return new AddTagsOutput { Tags = r.Tags };
    }

    /// <summary>Tags in key order, so that keyset paging is stable while tags come and go between pages.</summary>
    private static ListTagsOutput List(ListTagsInput r, CallContext ctx)
    {
        var tags = TagsOf(ctx, r.ResourceArn!).Get(r.ResourceArn!)?.Tags ?? [];
        var fingerprint = Paging.Fingerprint("ListTags", r.ResourceArn);
        // ListTags pages by at least 50 (the model's minimum); 50 is also its default.
        var (page, next) = Paging.Page(tags, t => new Paging.Key(t.Key!, ""), descending: false, r.MaxResults ?? 50,
            r.NextToken, fingerprint, SageMakerService.InvalidNextToken);
        return new ListTagsOutput { Tags = page, NextToken = next };
    }

    // Keys the resource does not have are ignored, as AWS does.
    private static DeleteTagsOutput Delete(DeleteTagsInput r, CallContext ctx)
    {
        var tags = TagsOf(ctx, r.ResourceArn!);
        if (tags.Get(r.ResourceArn!) is not { } current) return new DeleteTagsOutput();
        var remaining = current.Tags.Where(t => !r.TagKeys!.Contains(t.Key!)).ToList();
        if (remaining.Count == current.Tags.Count) return new DeleteTagsOutput();
        if (remaining.Count == 0) ctx.Tx.Delete(tags, r.ResourceArn!);
        else ctx.Tx.Put(tags, r.ResourceArn!, new TagSetRecord(remaining));
        return new DeleteTagsOutput();
    }

    /// <summary>
    /// The tag table of the partition that owns a taggable resource: a lineage entity, a lineage group or a
    /// control-plane resource.
    /// SageMaker answers tagging calls on a resource it cannot find with a ValidationException (no error
    /// is modelled for them).
    /// </summary>
    private static Table<TagSetRecord> TagsOf(CallContext ctx, string arn)
    {
        var exists = Lineage.FindEntity(ctx, arn) is not null
            || (Arn.TryParse(arn, out var a) && a.ResourceType == "lineage-group" && Lineage.PartitionOf(ctx, arn)?.LineageGroups.Contains(arn) == true)
            || ControlPlaneResources.Exists(ctx, arn);
        if (!exists) throw new ValidationException($"Resource '{arn}' does not exist.");
        return Lineage.PartitionOf(ctx, arn)!.Tags;
    }
}
