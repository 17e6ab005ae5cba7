using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace LineageEmulator.State;

/// <summary>
/// Source-generated (AOT-safe) JSON for every row type, used by the SQLite file and by state export/import.
/// Read-only properties (the computed ILineageEntity members, Key) are derived data and stay out of the
/// format. Unknown members are skipped and missing ones default, so adding a field to a record keeps old
/// files loadable.
/// </summary>
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArtifactRecord))]
[JsonSerializable(typeof(ActionRecord))]
[JsonSerializable(typeof(ContextRecord))]
[JsonSerializable(typeof(TrialComponentRecord))]
[JsonSerializable(typeof(AssociationRecord))]
[JsonSerializable(typeof(LineageGroupRecord))]
[JsonSerializable(typeof(TagSetRecord))]
[JsonSerializable(typeof(ResourceShareRecord))]
[JsonSerializable(typeof(ShareAssociationRecord))]
[JsonSerializable(typeof(InvitationRecord))]
[JsonSerializable(typeof(ClientTokenRecord))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(SpecRecord))]
[JsonSerializable(typeof(EndpointRecord))]
[JsonSerializable(typeof(ModelPackageGroupRecord))]
[JsonSerializable(typeof(ModelPackageRecord))]
// SageMaker and RAM both model a "Tag"; the generator needs distinct names for the two.
[JsonSerializable(typeof(LineageEmulator.Model.SageMaker.Tag), TypeInfoPropertyName = "SageMakerTag")]
[JsonSerializable(typeof(List<LineageEmulator.Model.SageMaker.Tag>), TypeInfoPropertyName = "SageMakerTagList")]
[JsonSerializable(typeof(LineageEmulator.Model.Ram.Tag), TypeInfoPropertyName = "RamTag")]
[JsonSerializable(typeof(List<LineageEmulator.Model.Ram.Tag>), TypeInfoPropertyName = "RamTagList")]
public sealed partial class StateJsonContext : JsonSerializerContext;

/// <summary>
/// The one place that says how each table's rows are written: table name (the frozen tag in
/// <see cref="Partition"/>) to its row type's JSON contract. A table added to Partition without an entry
/// here stops the emulator at startup (<see cref="VerifyCovers"/>), so no table is silently not saved.
/// </summary>
public static class StateSerializers
{
    private static readonly Dictionary<string, JsonTypeInfo> ByTable = new(StringComparer.Ordinal)
    {
        ["artifacts"] = StateJsonContext.Default.ArtifactRecord,
        ["actions"] = StateJsonContext.Default.ActionRecord,
        ["contexts"] = StateJsonContext.Default.ContextRecord,
        ["trial-components"] = StateJsonContext.Default.TrialComponentRecord,
        ["associations"] = StateJsonContext.Default.AssociationRecord,
        ["lineage-groups"] = StateJsonContext.Default.LineageGroupRecord,
        ["tags"] = StateJsonContext.Default.TagSetRecord,
        ["ram-shares"] = StateJsonContext.Default.ResourceShareRecord,
        ["ram-share-associations"] = StateJsonContext.Default.ShareAssociationRecord,
        ["ram-invitations"] = StateJsonContext.Default.InvitationRecord,
        ["ram-client-tokens"] = StateJsonContext.Default.ClientTokenRecord,
        ["training-jobs"] = StateJsonContext.Default.JobRecord,
        ["processing-jobs"] = StateJsonContext.Default.JobRecord,
        ["transform-jobs"] = StateJsonContext.Default.JobRecord,
        ["models"] = StateJsonContext.Default.SpecRecord,
        ["endpoint-configs"] = StateJsonContext.Default.SpecRecord,
        ["endpoints"] = StateJsonContext.Default.EndpointRecord,
        ["model-package-groups"] = StateJsonContext.Default.ModelPackageGroupRecord,
        ["model-packages"] = StateJsonContext.Default.ModelPackageRecord,
    };

    public static bool Knows(string table) => ByTable.ContainsKey(table);

    public static string Serialize(ITable table, object row) => JsonSerializer.Serialize(row, For(table.Name));

    public static void Write(Utf8JsonWriter writer, string table, object row) => JsonSerializer.Serialize(writer, row, For(table));

    /// <summary>Reads one row of a table; throws <see cref="JsonException"/> on a document that is not one.</summary>
    public static object Deserialize(string table, string json) =>
        JsonSerializer.Deserialize(json, For(table)) ?? throw new JsonException($"a '{table}' row is null");

    public static object Deserialize(string table, JsonElement json) =>
        json.Deserialize(For(table)) ?? throw new JsonException($"a '{table}' row is null");

    /// <summary>Throws unless every table (of a partition) has a serializer for exactly its row type.</summary>
    public static void VerifyCovers(IEnumerable<ITable> tables)
    {
        foreach (var table in tables)
        {
            if (!ByTable.TryGetValue(table.Name, out var info))
                throw new InvalidOperationException($"State table '{table.Name}' has no serializer: add it to {nameof(StateSerializers)} and {nameof(StateJsonContext)}.");
            var rowType = table.GetType().GetGenericArguments().Single();
            if (info.Type != rowType)
                throw new InvalidOperationException($"State table '{table.Name}' holds {rowType.Name} but its serializer is for {info.Type.Name}.");
        }
    }

    private static JsonTypeInfo For(string table) =>
        ByTable.GetValueOrDefault(table) ?? throw new InvalidOperationException($"State table '{table}' has no serializer.");
}
