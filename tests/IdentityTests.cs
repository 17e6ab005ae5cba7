using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Wire;
using Microsoft.Extensions.Configuration;

namespace LineageEmulator.Tests;

/// <summary>Who is calling: the account from the SigV4 access key id, the region from the credential scope.</summary>
public sealed class IdentityTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly EmulatorOptions Options = new()
    {
        DefaultAccount = "000000000042",
        AccountsByAccessKey = new() { ["AKIAEXAMPLEOWNER"] = "123456789012" },
    };

    private static Caller FromHeader(string header) =>
        SigV4.Identify(SigV4.Read(header, _ => default, "sagemaker", 400), Options);

    private static Caller FromQuery(Dictionary<string, string> query) =>
        SigV4.Identify(SigV4.Read(default, k => query.TryGetValue(k, out var v) ? v : default, "sagemaker", 400), Options);

    private static string Header(string credential) =>
        $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host;x-amz-date, Signature=deadbeef";

    [Fact]
    public void Twelve_digit_access_key_is_the_account_and_the_scope_gives_the_region()
    {
        var caller = FromHeader(Header("111122223333/20260101/eu-west-1/sagemaker/aws4_request"));
        Assert.Equal(("111122223333", "eu-west-1"), (caller.AccountId, caller.Region));
        Assert.Equal("arn:aws:iam::111122223333:root", caller.PrincipalArn);
    }

    [Fact]
    public void Mapped_keys_use_the_accounts_file_and_others_the_default_account()
    {
        Assert.Equal("123456789012", FromHeader(Header("AKIAEXAMPLEOWNER/20260101/us-east-1/sagemaker/aws4_request")).AccountId);
        Assert.Equal("000000000042", FromHeader(Header("AKIAUNKNOWN/20260101/us-east-1/sagemaker/aws4_request")).AccountId);
        // Eleven or thirteen digits are not an account id.
        Assert.Equal("000000000042", FromHeader(Header("11112222333/20260101/us-east-1/sagemaker/aws4_request")).AccountId);
    }

    [Fact]
    public void Presigned_query_parameters_identify_the_caller()
    {
        var query = new Dictionary<string, string>
        {
            ["X-Amz-Credential"] = "444455556666/20260101/ap-south-1/sagemaker/aws4_request",
            ["X-Amz-Signature"] = "abc",
        };
        var caller = FromQuery(query);
        Assert.Equal(("444455556666", "ap-south-1"), (caller.AccountId, caller.Region));
        query.Remove("X-Amz-Signature");
        Assert.Throws<IncompleteSignatureException>(() => FromQuery(query));
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=111122223333/20260101/us-east-1/sagemaker/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=111122223333/us-east-1, SignedHeaders=host, Signature=abc")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void Malformed_authorization_is_IncompleteSignatureException(string header)
    {
        var e = Assert.Throws<IncompleteSignatureException>(() => FromHeader(header));
        Assert.Equal(403, e.StatusCode);
    }

    [Fact]
    public void Accounts_file_and_default_account_are_read_from_configuration()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"AKIARECEIVER": "222233334444"}""");
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["accounts-file"] = file,
                ["default-account"] = "999988887777",
            }).Build();
            var options = EmulatorHost.ReadOptions(config);
            Assert.Equal("222233334444", options.AccountsByAccessKey["AKIARECEIVER"].Account);
            Assert.Equal("999988887777", options.DefaultAccount);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Malformed_header_on_the_wire_is_a_403_with_the_error_type_header()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/");
        req.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListArtifacts");
        req.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Signature=abc");
        req.Content = new StringContent("{}", Encoding.UTF8);
        req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        var resp = await emulator.Http.SendAsync(req);
        Assert.Equal(403, (int)resp.StatusCode);
        Assert.Equal("IncompleteSignatureException", resp.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.Equal("IncompleteSignatureException", JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task State_is_kept_per_region()
    {
        var account = EmulatorFixture.NewAccount();
        var east = emulator.SageMaker(account, "us-east-1");
        var west = emulator.SageMaker(account, "us-west-2");
        var arn = (await east.Call("CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://r"}}""")).Ok()["ArtifactArn"]!.GetValue<string>();
        Assert.StartsWith("arn:aws:sagemaker:us-east-1:", arn);
        Assert.Empty((await west.Call("ListArtifacts", "{}")).Ok()["ArtifactSummaries"]!.AsArray());
        Assert.Single((await east.Call("ListArtifacts", "{}")).Ok()["ArtifactSummaries"]!.AsArray());
    }
}
