using System.Globalization;
using System.Text.Json;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LineageEmulator.Operational.GraphView;

/// <summary>
/// The lineage graph view: the page at /_emulator/ui, its embedded assets, and its read-only data
/// endpoints under /_emulator/ui/api/, each answering as the account and region the page looks as
/// (<c>?account=&amp;region=</c>). Errors are 400 {"message", "code"}: the code is the AWS error the
/// same question gets through the API (AccessDeniedException, ResourceNotFound, ValidationException).
/// </summary>
public sealed class GraphViewEndpoints(GraphViewData data)
{
    public const string Path = OperationalEndpoints.Prefix + "/ui";
    public const int DefaultVertexLimit = 300;
    public const int MaxVertexLimit = 2000;
    public const int DefaultEntityLimit = 100;
    public const int MaxEntityLimit = 1000;

    public void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext http) => Asset(http, "index.html"));
        app.MapGet(Path + "/assets/{**file}", (HttpContext http, string file) => Asset(http, file));
        app.MapGet(Path + "/api/accounts", (HttpContext http) => Answer(http, w =>
        {
            var accounts = data.Accounts();
            w.WriteStartObject();
            w.WriteStartArray("accounts");
            foreach (var (account, region) in accounts)
            {
                w.WriteStartObject();
                w.WriteString("account", account);
                w.WriteString("region", region);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        app.MapGet(Path + "/api/entities", (HttpContext http) => Answer(http, w =>
        {
            var page = data.Entities(Viewer(http), http.Request.Query["search"], Limit(http, DefaultEntityLimit, MaxEntityLimit));
            w.WriteStartObject();
            w.WriteNumber("total", page.Total);
            w.WriteStartArray("entities");
            foreach (var e in page.Entities) WriteEntity(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        app.MapGet(Path + "/api/graph", (HttpContext http) => Answer(http, w => WriteGraph(w,
            data.Graph(Viewer(http), Query(http), Limit(http, DefaultVertexLimit, MaxVertexLimit)))));
        app.MapGet(Path + "/api/describe", (HttpContext http) => Answer(http, w =>
        {
            var (op, response) = data.Describe(Viewer(http), Required(http, "arn"));
            op.Serialize(w, response);
        }));
        app.MapGet(Path + "/api/ram", (HttpContext http) => Answer(http, w => WriteRam(w, data.Ram(Viewer(http)))));
    }

    private static async Task Asset(HttpContext http, string file)
    {
        if (!GraphViewAssets.All.TryGetValue(file, out var asset))
        {
            await OperationalHttp.Error(http, $"no such asset: {file}", 404);
            return;
        }
        var headers = http.Response.Headers;
        headers.ContentType = asset.ContentType;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        // Everything the page runs is served from here; entity names and ARNs are user data and are only
        // ever inserted as text, and this keeps any that slipped through from running as script.
        headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        await http.Response.Body.WriteAsync(asset.Content);
    }

    /// <summary>Runs a read and writes its JSON, or the error the read raised, as 400.</summary>
    private static Task Answer(HttpContext http, Action<Utf8JsonWriter> write)
    {
        // Reads are built before anything is written, so an error leaves no half-written body.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            write(writer);
        }
        catch (AwsServiceException e)
        {
            return OperationalHttp.Error(http, e.Message, 400, e.Code);
        }
        catch (FormatException e)
        {
            return OperationalHttp.Error(http, e.Message);
        }
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    private static Caller Viewer(HttpContext http)
    {
        var account = Required(http, "account");
        if (!AccountIds.IsValid(account)) throw new FormatException($"account '{account}' is not a 12-digit account id");
        var region = Required(http, "region");
        if (region.Length > 32 || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new FormatException($"region '{region}' is not a region name");
        return new Caller(account, region, account);
    }

    /// <summary>The page sends its controls as a QueryLineage request, read exactly as the operation reads one.</summary>
    private QueryLineageRequest Query(HttpContext http) =>
        (QueryLineageRequest)data.QueryLineage.Deserialize(System.Text.Encoding.UTF8.GetBytes(Required(http, "query")));

    private static int Limit(HttpContext http, int defaultLimit, int max)
    {
        string? text = http.Request.Query["limit"];
        if (text is null) return defaultLimit;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max
            ? limit
            : throw new FormatException($"limit must be a whole number from 1 to {max}");
    }

    private static string Required(HttpContext http, string name) =>
        http.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : throw new FormatException($"'{name}' is required");

    private static void WriteEntity(Utf8JsonWriter w, EntityView e)
    {
        w.WriteStartObject();
        w.WriteString("arn", e.Arn);
        w.WriteString("kind", e.Kind);
        w.WriteString("kindLabel", e.KindLabel);
        w.WriteString("lineageType", e.LineageType);
        w.WriteString("type", e.Type);
        if (e.Name is not null) w.WriteString("name", e.Name);
        w.WriteString("account", e.Account);
        if (e.SourceUri is not null) w.WriteString("sourceUri", e.SourceUri);
        w.WriteString("creationTime", e.CreationTime);
        w.WriteEndObject();
    }

    private static void WriteGraph(Utf8JsonWriter w, GraphPage g)
    {
        w.WriteStartObject();
        w.WriteString("start", g.StartArn);
        w.WriteNumber("totalVertices", g.TotalVertices);
        w.WriteNumber("totalEdges", g.TotalEdges);
        w.WriteStartArray("vertices");
        foreach (var v in g.Vertices)
        {
            w.WriteStartObject();
            w.WritePropertyName("entity");
            WriteEntity(w, v.Entity);
            w.WriteNumber("depth", v.Depth);
            w.WriteBoolean("matches", v.Matches);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in g.Edges)
        {
            w.WriteStartObject();
            w.WriteString("source", e.SourceArn);
            w.WriteString("destination", e.DestinationArn);
            if (e.AssociationType is not null) w.WriteString("associationType", e.AssociationType);
            w.WriteString("createdByAccount", e.OwnerAccountId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteRam(Utf8JsonWriter w, RamPicture ram)
    {
        w.WriteStartObject();
        // RAM's own response shapes, as its operations return them.
        w.WritePropertyName("owned");
        data.RamOperation(Model.Ram.RamOperations.GetResourceShares.Name).Serialize(w, ram.Owned);
        w.WritePropertyName("ownedAssociations");
        data.RamOperation(Model.Ram.RamOperations.GetResourceShareAssociations.Name).Serialize(w, ram.OwnedAssociations);
        w.WritePropertyName("received");
        data.RamOperation(Model.Ram.RamOperations.GetResourceShares.Name).Serialize(w, ram.Received);
        w.WritePropertyName("invitations");
        data.RamOperation(Model.Ram.RamOperations.GetResourceShareInvitations.Name).Serialize(w, ram.Invitations);
        w.WriteStartArray("readsLineageOf");
        foreach (var a in ram.ReadsLineageOf) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteStartArray("lineageReadBy");
        foreach (var a in ram.LineageReadBy) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
