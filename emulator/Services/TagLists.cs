namespace LineageEmulator.Services;

/// <summary>Tag-list arithmetic shared by SageMaker's and RAM's (differently shaped) tags.</summary>
public static class TagLists
{
    /// <summary>Adds or overwrites tags by key, keeping first-seen order, in a new list.</summary>
    public static List<T> Merge<T>(IReadOnlyList<T> current, IEnumerable<T> added, Func<T, string?> key)
    {
        var result = current.ToList();
        foreach (var tag in added)
        {
            var i = result.FindIndex(t => key(t) == key(tag));
            if (i >= 0) result[i] = tag;
            else result.Add(tag);
        }
        return result;
    }
}
