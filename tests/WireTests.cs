using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests;

public sealed class WireTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly SageMakerClient sm = emulator.SageMaker(EmulatorFixture.NewAccount());

    [Fact]
    public async Task Create_then_describe_artifact_round_trips_over_the_wire()
    {
        var uri = "s3://bucket/" + EmulatorFixture.Unique("data");
        var created = (await sm.Call("CreateArtifact", new JsonObject
        {
            ["ArtifactName"] = "my-data",
            ["Source"] = new JsonObject { ["SourceUri"] = uri },
            ["ArtifactType"] = "DataSet",
        })).Ok();
        var arn = created["ArtifactArn"]!.GetValue<string>();
        Assert.Matches($"^arn:aws:sagemaker:us-east-1:{sm.Account}:artifact/[0-9a-f]{{32}}$", arn);

        var described = await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn });
        var body = described.Ok();
        Assert.Equal("application/x-amz-json-1.1", described.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(described.Response.Headers.Contains("x-amzn-RequestId"));
        // Answers come whole with their Content-Length, as AWS's JSON services send them, not in chunks.
        await AssertSentWhole(described.Response);
        Assert.Equal(uri, body["Source"]!["SourceUri"]!.GetValue<string>());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{sm.Account}:lineage-group/sagemaker-default-lineage-group",
            body["LineageGroupArn"]!.GetValue<string>());
        // Epoch seconds as a JSON number, never an ISO string.
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["CreationTime"]!.GetValueKind());
    }

    // The header as the server sent it: HttpContentHeaders.ContentLength would count a buffered body itself.
    private static async Task AssertSentWhole(HttpResponseMessage response)
    {
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.True(response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var sent), "the answer has a Content-Length");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(sent));
    }

    [Fact]
    public async Task Unknown_target_is_UnknownOperationException()
    {
        var unknown = await sm.Call("FlyToTheMoon", "{}");
        unknown.Error("UnknownOperationException");
        // Errors too come whole with their length.
        await AssertSentWhole(unknown.Response);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_SerializationException()
    {
        (await sm.Call("DescribeArtifact", "{not json")).Error("SerializationException");
        (await sm.Call("DescribeArtifact", """{"ArtifactArn": 42}""")).Error("SerializationException");
    }

    [Fact]
    public async Task Missing_authorization_is_MissingAuthenticationTokenException()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListArtifacts");
        req.Content = new StringContent("{}", Encoding.UTF8);
        req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        var resp = await emulator.Http.SendAsync(req);
        Assert.Equal(403, (int)resp.StatusCode);
        Assert.Contains("MissingAuthenticationTokenException", await resp.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validation_errors_use_coral_wording_and_change_nothing()
    {
        var r = await sm.Call("CreateArtifact", new JsonObject
        {
            ["ArtifactName"] = "bad name!",
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://x" },
        });
        r.Error("ValidationException");
        Assert.StartsWith("2 validation errors detected: ", r.Message);
        Assert.Contains("Value 'bad name!' at 'artifactName' failed to satisfy constraint: Member must satisfy regular expression pattern: ", r.Message);
        Assert.Contains("Value null at 'artifactType' failed to satisfy constraint: Member must not be null", r.Message);
        var list = (await sm.Call("ListArtifacts", "{}")).Ok();
        Assert.Empty(list["ArtifactSummaries"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_rest_route_is_a_404_UnknownOperationException()
    {
        var ram = emulator.Ram(EmulatorFixture.NewAccount());
        (await ram.Post("/launchrockets", new JsonObject())).Error("UnknownOperationException", 404);
        // A known path with the wrong method is no operation either.
        (await ram.Delete("/createresourceshare")).Error("UnknownOperationException", 404);
    }

    /// <summary>
    /// Coral quotes plain values ('{k=v}' for a map of strings) but leaves out a value that holds
    /// structures: IAM answers 51 tags with "Value at 'tags' failed to satisfy constraint: Member must have
    /// length less than or equal to 50" (as LocalStack's IAM provider, whose expectations were recorded
    /// against AWS, reproduces). No message may carry an internal type name.
    /// </summary>
    [Fact]
    public async Task Validation_messages_leave_out_lists_of_structures_and_quote_plain_values()
    {
        var tags = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["Key"] = "k" + i, ["Value"] = "v" })]);
        var tooMany = (await sm.Call("CreateArtifact", new JsonObject
        {
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://x/" + Guid.NewGuid() },
            ["ArtifactType"] = "DataSet",
            ["Tags"] = tags,
        })).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
            tooMany.Message);
        Assert.DoesNotContain("LineageEmulator", tooMany.Message);

        var properties = new JsonObject();
        for (var i = 0; i < 31; i++) properties["p" + i] = "v";
        var map = (await sm.Call("CreateArtifact", new JsonObject
        {
            ["Source"] = new JsonObject { ["SourceUri"] = "s3://x/" + Guid.NewGuid() },
            ["ArtifactType"] = "DataSet",
            ["Properties"] = properties,
        })).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value '{" + string.Join(", ", Enumerable.Range(0, 31).Select(i => $"p{i}=v")) +
            "}' at 'properties' failed to satisfy constraint: Member must have length less than or equal to 30", map.Message);
    }
}
