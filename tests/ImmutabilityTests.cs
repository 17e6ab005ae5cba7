using System.Reflection;
using System.Runtime.CompilerServices;
using LineageEmulator.State;

namespace LineageEmulator.Tests;

/// <summary>
/// Stored rows never change in place: undo puts back the old reference, snapshots compare references, and
/// responses are serialized from stored objects after the store's lock is released. So every type reachable
/// from a row of any table (records, the generated shapes they embed, their collections) must offer no way
/// to change it: no settable property (init-only is fine) and no mutable collection type.
/// </summary>
public sealed class ImmutabilityTests
{
    private static readonly Type[] MutableCollections =
    [
        typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(IList<>), typeof(ICollection<>),
        typeof(IDictionary<,>), typeof(ISet<>),
    ];

    [Fact]
    public void No_stored_row_type_can_be_changed_in_place()
    {
        var rowTypes = new Store().Partition("111122223333", "us-east-1").AllTables
            .Select(t => t.GetType().GetGenericArguments().Single());
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        foreach (var type in rowTypes) Check(type, type.Name, seen, problems);
        Assert.True(problems.Count == 0, "stored state can be mutated:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_check_finds_a_settable_property_and_a_mutable_collection()
    {
        var problems = new List<string>();
        Check(typeof(MutableRow), nameof(MutableRow), [], problems);
        Assert.Equal(2, problems.Count);
    }

    private sealed class MutableRow
    {
        public string? Name { get; set; }
        public IReadOnlyList<List<string>>? Nested { get; init; }
    }

    private static void Check(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(decimal)) return;
        if (type.IsArray)
        {
            problems.Add($"{path}: array {type.Name}");
            return;
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (MutableCollections.Contains(definition)) problems.Add($"{path}: mutable collection {type.Name}");
            foreach (var argument in type.GetGenericArguments()) Check(argument, path + "<>", seen, problems);
            return;
        }
        if (!seen.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var setter = property.SetMethod;
            if (setter is { IsPublic: true } && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                problems.Add($"{path}.{property.Name}: settable");
            Check(property.PropertyType, path + "." + property.Name, seen, problems);
        }
    }
}
