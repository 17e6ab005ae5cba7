using System.Text.Json.Nodes;

namespace LineageEmulator.SdkConformance.DotNet;

/// <summary>How each lineage entity kind is named, created, updated, listed and deleted on the wire.</summary>
public sealed record LineageKind(
    string Name,
    string ArnMember,
    string IdMember,
    bool IdIsArn,
    Func<string, string, JsonObject> CreateMembers,
    JsonObject UpdateMembers,
    Func<JsonNode, string> UpdatedView,
    string ExpectedUpdatedView,
    string ListSummaries)
{
    /// <summary>The request members that name an entity: the ARN for artifacts, the name for the others.</summary>
    public JsonObject Identify(string arn, string name) => new() { [IdMember] = IdIsArn ? arn : name };

    public static readonly LineageKind Artifact = new("Artifact", "ArtifactArn", "ArtifactArn", true,
        (name, uri) => new()
        {
            ["ArtifactName"] = name, ["Source"] = new JsonObject { ["SourceUri"] = uri }, ["ArtifactType"] = "DataSet",
            ["Properties"] = new JsonObject { ["stage"] = "raw", ["drop"] = "me" },
        },
        new() { ["Properties"] = new JsonObject { ["stage"] = "clean" }, ["PropertiesToRemove"] = new JsonArray("drop") },
        d => d["Properties"]!.ToJsonString(), """{"stage":"clean"}""", "ArtifactSummaries");

    public static readonly LineageKind Action = new("Action", "ActionArn", "ActionName", false,
        (name, uri) => new()
        {
            ["ActionName"] = name, ["Source"] = new JsonObject { ["SourceUri"] = uri }, ["ActionType"] = "Training",
            ["Status"] = "InProgress", ["Properties"] = new JsonObject { ["stage"] = "raw", ["drop"] = "me" },
        },
        new() { ["Status"] = "Completed", ["Properties"] = new JsonObject { ["stage"] = "clean" }, ["PropertiesToRemove"] = new JsonArray("drop") },
        d => $"{d["Status"]} {d["Properties"]!.ToJsonString()}", """Completed {"stage":"clean"}""", "ActionSummaries");

    public static readonly LineageKind Context = new("Context", "ContextArn", "ContextName", false,
        (name, uri) => new()
        {
            ["ContextName"] = name, ["Source"] = new JsonObject { ["SourceUri"] = uri }, ["ContextType"] = "Endpoint",
            ["Description"] = "before", ["Properties"] = new JsonObject { ["stage"] = "raw", ["drop"] = "me" },
        },
        new() { ["Description"] = "after", ["Properties"] = new JsonObject { ["stage"] = "clean" }, ["PropertiesToRemove"] = new JsonArray("drop") },
        d => $"{d["Description"]} {d["Properties"]!.ToJsonString()}", """after {"stage":"clean"}""", "ContextSummaries");

    public static readonly LineageKind TrialComponent = new("TrialComponent", "TrialComponentArn", "TrialComponentName", false,
        (name, _) => new()
        {
            ["TrialComponentName"] = name, ["DisplayName"] = "before",
            ["Parameters"] = new JsonObject
            {
                ["lr"] = new JsonObject { ["NumberValue"] = 0.5 }, ["drop"] = new JsonObject { ["StringValue"] = "me" },
            },
        },
        new() { ["DisplayName"] = "after", ["ParametersToRemove"] = new JsonArray("drop") },
        d => $"{d["DisplayName"]} {d["Parameters"]!.ToJsonString()}", """after {"lr":{"NumberValue":0.5}}""", "TrialComponentSummaries");

    public static readonly LineageKind[] All = [Artifact, Action, Context, TrialComponent];
}
