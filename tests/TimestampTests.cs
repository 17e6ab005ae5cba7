using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests;

/// <summary>
/// Timestamps: boto3 sends integer epoch seconds, JS v3 fractions, some clients strings; responses are
/// always epoch-second numbers with milliseconds.
/// </summary>
public sealed class TimestampTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("4102444800")]          // integer (boto3), 2100-01-01
    [InlineData("4102444800.5")]        // fraction (JS v3)
    [InlineData("\"4102444800\"")]      // string epoch
    [InlineData("\"2100-01-01T00:00:00Z\"")] // ISO 8601 string
    public async Task Every_request_timestamp_form_is_accepted(string createdBefore)
    {
        var sm = emulator.SageMaker(EmulatorFixture.NewAccount());
        (await sm.Call("CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://t"}}""")).Ok();
        var listed = (await sm.Call("ListArtifacts", $$"""{"CreatedBefore": {{createdBefore}}}""")).Ok();
        Assert.Single(listed["ArtifactSummaries"]!.AsArray());
        var none = (await sm.Call("ListArtifacts", """{"CreatedBefore": 946684800}""")).Ok();
        Assert.Empty(none["ArtifactSummaries"]!.AsArray());
    }

    [Fact]
    public async Task A_timestamp_of_the_wrong_type_is_SerializationException()
    {
        var sm = emulator.SageMaker(EmulatorFixture.NewAccount());
        (await sm.Call("ListArtifacts", """{"CreatedBefore": true}""")).Error("SerializationException");
        (await sm.Call("ListArtifacts", """{"CreatedBefore": "yesterday"}""")).Error("SerializationException");
    }

    [Fact]
    public async Task Responses_carry_epoch_seconds_with_milliseconds()
    {
        var sm = emulator.SageMaker(EmulatorFixture.NewAccount());
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var arn = (await sm.Call("CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://t"}}""")).Ok()["ArtifactArn"]!;
        var body = (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn.GetValue<string>() })).Ok();
        var created = body["CreationTime"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, created.GetValueKind());
        var seconds = created.GetValue<double>();
        Assert.InRange(seconds, before - 1, before + 60);
        Assert.Equal(Math.Round(seconds, 3), seconds);
    }
}
