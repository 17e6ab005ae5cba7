using System.Text.Json.Serialization;

namespace LineageEmulator.State;

/// <summary>
/// Source-generated (AOT-safe) JSON for every row type, used by the SQLite file and by state export/import;
/// each table is constructed with its row type's contract from here (see <see cref="Table{T}"/>).
/// Read-only properties (the computed ILineageEntity members, Key) are derived data and stay out of the
/// format. Unknown members are skipped and missing ones default, so adding a field to a record keeps old
/// files loadable; a new member must then be nullable or have a default.
/// </summary>
// A null where the record says never null is refused while reading; a member missing altogether is refused by
// Table.Deserialize. Either way a bad row fails with what is wrong instead of loading a record that
// breaks the first index that touches it.
[JsonSourceGenerationOptions(IgnoreReadOnlyProperties = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ArtifactRecord))]
[JsonSerializable(typeof(ActionRecord))]
[JsonSerializable(typeof(ContextRecord))]
[JsonSerializable(typeof(TrialComponentRecord))]
[JsonSerializable(typeof(AssociationRecord))]
[JsonSerializable(typeof(LineageGroupRecord))]
[JsonSerializable(typeof(TagSetRecord))]
[JsonSerializable(typeof(ExperimentRecord))]
[JsonSerializable(typeof(TrialRecord))]
[JsonSerializable(typeof(TrialMembershipRecord))]
[JsonSerializable(typeof(ResourceShareRecord))]
[JsonSerializable(typeof(ShareAssociationRecord))]
[JsonSerializable(typeof(InvitationRecord))]
[JsonSerializable(typeof(ClientTokenRecord))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(SpecRecord))]
[JsonSerializable(typeof(EndpointRecord))]
[JsonSerializable(typeof(ModelPackageGroupRecord))]
[JsonSerializable(typeof(ModelPackageRecord))]
[JsonSerializable(typeof(PermissionRecord))]
[JsonSerializable(typeof(ReplaceWorkRecord))]
[JsonSerializable(typeof(OrganizationSharingRecord))]
// SageMaker and RAM both model a "Tag"; the generator needs distinct names for the two.
[JsonSerializable(typeof(LineageEmulator.Model.SageMaker.Tag), TypeInfoPropertyName = "SageMakerTag")]
[JsonSerializable(typeof(IReadOnlyList<LineageEmulator.Model.SageMaker.Tag>), TypeInfoPropertyName = "SageMakerTagList")]
[JsonSerializable(typeof(LineageEmulator.Model.Ram.Tag), TypeInfoPropertyName = "RamTag")]
[JsonSerializable(typeof(IReadOnlyList<LineageEmulator.Model.Ram.Tag>), TypeInfoPropertyName = "RamTagList")]
public sealed partial class StateJsonContext : JsonSerializerContext;
