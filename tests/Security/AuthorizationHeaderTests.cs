using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// A request names exactly one identity, in a well-formed scope for the service called; anything else is
/// refused before it can act as anyone.
/// </summary>
public sealed class AuthorizationHeaderTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static string Header(string credential) =>
        $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host;x-amz-date, Signature=abc";

    private async Task<(int Status, string? Code, string? Message)> SageMaker(params string[] authorizations)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.CreateArtifact");
        foreach (var a in authorizations) req.Headers.TryAddWithoutValidation("Authorization", a);
        req.Content = new StringContent("""{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://ambiguous"}}""", Encoding.UTF8);
        req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        var resp = await emulator.Http.SendAsync(req);
        var body = JsonNode.Parse(await resp.Content.ReadAsStringAsync());
        return ((int)resp.StatusCode, body?["__type"]?.GetValue<string>(), body?["message"]?.GetValue<string>());
    }

    [Fact]
    public async Task Two_credentials_in_one_header_are_IncompleteSignatureException()
    {
        var (a, b) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var header = $"AWS4-HMAC-SHA256 Credential={b}/20260101/us-east-1/sagemaker/aws4_request, Credential={a}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=abc";
        Assert.Equal((403, "IncompleteSignatureException"), (await SageMaker(header)) is var r ? (r.Status, r.Code) : default);
        Assert.DoesNotContain(emulator.Store().Partitions, p => p.AccountId == a || p.AccountId == b);
    }

    [Fact]
    public async Task Two_authorization_headers_are_IncompleteSignatureException()
    {
        var (a, b) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var r = await SageMaker(Header($"{a}/20260101/us-east-1/sagemaker/aws4_request"), Header($"{b}/20260101/us-east-1/sagemaker/aws4_request"));
        Assert.Equal((403, "IncompleteSignatureException"), (r.Status, r.Code));
        Assert.DoesNotContain(emulator.Store().Partitions, p => p.AccountId == a || p.AccountId == b);
    }

    [Fact]
    public async Task Header_and_presigned_query_together_are_IncompleteSignatureException()
    {
        var a = EmulatorFixture.NewAccount();
        var req = new HttpRequestMessage(HttpMethod.Post, $"/?X-Amz-Credential={EmulatorFixture.NewAccount()}%2F20260101%2Fus-east-1%2Fsagemaker%2Faws4_request&X-Amz-Signature=abc");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListArtifacts");
        req.Headers.TryAddWithoutValidation("Authorization", Header($"{a}/20260101/us-east-1/sagemaker/aws4_request"));
        req.Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1");
        var resp = await emulator.Http.SendAsync(req);
        Assert.Equal(403, (int)resp.StatusCode);
        Assert.Equal("IncompleteSignatureException", resp.Headers.GetValues("X-Amzn-ErrorType").Single());
    }

    [Theory]
    [InlineData("{0}/2026-01-01/us-east-1/sagemaker/aws4_request")] // date not yyyyMMdd
    [InlineData("{0}/20261301/us-east-1/sagemaker/aws4_request")] // no 13th month
    [InlineData("{0}/20260101/us-east-1/ram/aws4_request")] // RAM's scope on a SageMaker call
    [InlineData("{0}/20260101/us-east-1/s3/aws4_request")]
    [InlineData("{0}/20260101/us-east-1/sagemaker/aws4_request/extra")]
    [InlineData("{0}/20260101/us-east-1/sagemaker/aws5_request")]
    public async Task A_scope_that_is_not_akid_date_region_service_aws4_request_is_IncompleteSignatureException(string credential)
    {
        var account = EmulatorFixture.NewAccount();
        var r = await SageMaker(Header(string.Format(credential, account)));
        Assert.Equal((403, "IncompleteSignatureException"), (r.Status, r.Code));
        Assert.Null(emulator.Store().FindPartition(account, "us-east-1"));
    }

    [Fact]
    public async Task A_RAM_call_scoped_to_sagemaker_is_refused()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/getresourceshares");
        req.Headers.TryAddWithoutValidation("Authorization", Header($"{EmulatorFixture.NewAccount()}/20260101/us-east-1/sagemaker/aws4_request"));
        req.Content = new StringContent("""{"resourceOwner":"SELF"}""", Encoding.UTF8, "application/json");
        var resp = await emulator.Http.SendAsync(req);
        Assert.Equal(403, (int)resp.StatusCode);
        Assert.Equal("IncompleteSignatureException", resp.Headers.GetValues("X-Amzn-ErrorType").Single());
    }

    // AWS refuses a scope naming no real region: "InvalidSignatureException: Credential should be scoped to a
    // valid region" with status 403 from a restJson1 service (aws/aws-sdk-js-v3#5576); awsJson1.1 services
    // answer their authentication errors with 400.
    [Theory]
    [InlineData("made-up-region")]
    [InlineData("US-EAST-1")]
    [InlineData("us-east-1 ")]
    [InlineData("region-0123456789")]
    [InlineData("local")]
    public async Task A_region_that_is_not_a_region_name_is_InvalidSignatureException(string region)
    {
        var account = EmulatorFixture.NewAccount();
        var r = await SageMaker(Header($"{account}/20260101/{region}/sagemaker/aws4_request"));
        Assert.Equal((400, "InvalidSignatureException"), (r.Status, r.Code));
        Assert.StartsWith("Credential should be scoped to a valid region.", r.Message);
        Assert.DoesNotContain(emulator.Store().Partitions, p => p.AccountId == account);

        var ram = await emulator.Ram(account, region).Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" });
        ram.Error("InvalidSignatureException", 403);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-2")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-northwest-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("ap-southeast-5")]
    public async Task Real_region_names_are_accepted(string region)
    {
        var result = await emulator.SageMaker(EmulatorFixture.NewAccount(), region).Call("ListArtifacts", "{}");
        result.Ok();
    }
}
