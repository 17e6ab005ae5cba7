using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// --verify-signatures: every AWS call must be signed with the secret the accounts file gives its key.
/// Codes and messages are the JSON protocols' own: SageMaker (awsJson1.1) answers 400 —
/// "UnrecognizedClientException ... status code: 400" (aws/amazon-sagemaker-operator-for-k8s#99),
/// "InvalidSignatureException ... Signature expired: ... (... - 15 min.)" "statusCode":400 (aws/aws-sdk-js#254);
/// restJson1 services answer 403 — UnrecognizedClientException "StatusCode: 403" (iann0036/iamlive#58, Lambda),
/// InvalidSignatureException "The request signature we calculated does not match ..." "Status Code: 403"
/// (rpgreen/apigateway-generic-java-sdk#11).
/// </summary>
public sealed class StrictSignatureTests : IClassFixture<EmulatorFixture>
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly EmulatorFixture emulator;
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    private readonly string account = EmulatorFixture.NewAccount();
    private readonly string key = "AKIA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();

    public StrictSignatureTests(EmulatorFixture emulator)
    {
        this.emulator = emulator;
        var options = emulator.Services.GetRequiredService<EmulatorOptions>();
        options.VerifySignatures = true;
        options.Clock = clock;
        options.AccountsByAccessKey[key] = new AccessKey(account, Secret);
    }

    private async Task<(int Status, string? Code, string? Message, JsonNode? Body)> Send(HttpRequestMessage request)
    {
        var response = await emulator.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        return ((int)response.StatusCode, body?["__type"]?.GetValue<string>(), body?["message"]?.GetValue<string>(), body);
    }

    [Fact]
    public async Task A_correctly_signed_call_acts_as_the_account_of_its_key()
    {
        var created = await Send(SdkSigner.SageMaker(key, Secret, "CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://strict/a"}}"""));
        Assert.Equal(200, created.Status);
        Assert.Contains($":{account}:artifact/", created.Body!["ArtifactArn"]!.GetValue<string>());
        var shares = await Send(SdkSigner.RamPost(key, Secret, "/getresourceshares", """{"resourceOwner":"SELF"}"""));
        Assert.Equal(200, shares.Status);
    }

    [Fact]
    public async Task A_wrong_secret_is_InvalidSignatureException_and_changes_nothing()
    {
        var before = StateExport.Of(emulator.Store());
        var sm = await Send(SdkSigner.SageMaker(key, "not-the-secret", "CreateArtifact", """{"ArtifactType":"DataSet","Source":{"SourceUri":"s3://strict/b"}}"""));
        Assert.Equal((400, "InvalidSignatureException"), (sm.Status, sm.Code));
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", sm.Message);
        var ram = await Send(SdkSigner.RamPost(key, "not-the-secret", "/getresourceshares", """{"resourceOwner":"SELF"}"""));
        Assert.Equal((403, "InvalidSignatureException"), (ram.Status, ram.Code));
        Assert.Equal(before, StateExport.Of(emulator.Store()));
    }

    [Fact]
    public async Task A_changed_body_or_signed_header_no_longer_matches()
    {
        var request = SdkSigner.SageMaker(key, Secret, "ListArtifacts", "{}");
        request.Content = new StringContent("""{"MaxResults":1}""", System.Text.Encoding.UTF8, "application/x-amz-json-1.1");
        Assert.Equal("InvalidSignatureException", (await Send(request)).Code);

        var retargeted = SdkSigner.SageMaker(key, Secret, "ListArtifacts", "{}");
        retargeted.Headers.Remove("X-Amz-Target");
        retargeted.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListActions");
        Assert.Equal("InvalidSignatureException", (await Send(retargeted)).Code);
    }

    [Fact]
    public async Task An_unknown_key_is_UnrecognizedClientException_even_with_an_account_id_as_key()
    {
        var unknown = await Send(SdkSigner.SageMaker("AKIAUNKNOWNKEY000000", Secret, "ListArtifacts", "{}"));
        Assert.Equal((400, "UnrecognizedClientException", "The security token included in the request is invalid."),
            (unknown.Status, unknown.Code, unknown.Message));
        // Off, a 12-digit key is the account; on, only the accounts file's keys exist.
        var accountAsKey = await Send(SdkSigner.RamPost(account, Secret, "/getresourceshares", """{"resourceOwner":"SELF"}"""));
        Assert.Equal((403, "UnrecognizedClientException"), (accountAsKey.Status, accountAsKey.Code));
    }

    [Fact]
    public async Task A_request_more_than_15_minutes_old_or_early_is_refused()
    {
        var signedNow = SdkSigner.SageMaker(key, Secret, "ListArtifacts", "{}");
        clock.Now = DateTimeOffset.UtcNow.AddMinutes(16);
        var late = await Send(signedNow);
        Assert.Equal((400, "InvalidSignatureException"), (late.Status, late.Code));
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", late.Message);

        var signedNow2 = SdkSigner.RamPost(key, Secret, "/getresourceshares", """{"resourceOwner":"SELF"}""");
        clock.Now = DateTimeOffset.UtcNow.AddMinutes(-16);
        var early = await Send(signedNow2);
        Assert.Equal((403, "InvalidSignatureException"), (early.Status, early.Code));
        Assert.StartsWith("Signature not yet current: ", early.Message);

        clock.Now = DateTimeOffset.UtcNow.AddMinutes(10);
        Assert.Equal(200, (await Send(SdkSigner.SageMaker(key, Secret, "ListArtifacts", "{}"))).Status);
    }

    [Fact]
    public async Task The_test_clients_unsigned_signature_is_refused_when_strict()
    {
        var result = await emulator.SageMaker(account).Call("ListArtifacts", "{}");
        Assert.Equal(400, result.Status);
        Assert.Equal("UnrecognizedClientException", result.ErrorCode);
    }
}
