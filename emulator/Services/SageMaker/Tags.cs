using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.Services.SageMaker;

/// <summary>AddTags, ListTags, DeleteTags on lineage entities and lineage groups.</summary>
public static class Tags
{
    /// <summary>Adds or overwrites tags by key, keeping first-seen order.</summary>
    public static List<Tag> Merge(IReadOnlyList<Tag> current, IEnumerable<Tag> added)
    {
        var result = current.ToList();
        foreach (var tag in added)
        {
            var i = result.FindIndex(t => t.Key == tag.Key);
            if (i >= 0) result[i] = tag;
            else result.Add(tag);
        }
        return result;
    }
}
