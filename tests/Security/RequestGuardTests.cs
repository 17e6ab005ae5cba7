using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.Security;

/// <summary>
/// No web page can read or change state, through any route. A page on another origin can send "simple"
/// requests (text/plain or form bodies, no-cors fetches) without a CORS preflight, and browsers label them with
/// Origin and Sec-Fetch-Site; a DNS-rebinding page is same-origin and may set any header, but its requests
/// carry its own host name in Host. SDKs, the CLI and curl send none of that and keep working.
/// </summary>
public sealed class RequestGuardTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static HttpRequestMessage Request(HttpMethod method, string path, string? host = null, string? origin = null,
        string? fetchSite = null, string? body = null, string contentType = "text/plain")
    {
        var req = new HttpRequestMessage(method, path);
        if (host is not null) req.Headers.Host = host;
        if (origin is not null) req.Headers.TryAddWithoutValidation("Origin", origin);
        if (fetchSite is not null) req.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        if (body is not null) req.Content = new StringContent(body, Encoding.UTF8, contentType);
        return req;
    }

    private async Task<string> SeedArtifact()
    {
        var account = EmulatorFixture.NewAccount();
        return await emulator.SageMaker(account).Artifact("DataSet");
    }

    private async Task AssertRefused(HttpRequestMessage request)
    {
        var resp = await emulator.Http.SendAsync(request);
        Assert.Equal(403, (int)resp.StatusCode);
        var body = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("AccessDeniedException", body["__type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        Assert.DoesNotContain("accounts", await resp.Content.ReadAsStringAsync());
    }

    private bool Exists(string arn) => emulator.Store().Read(() =>
        emulator.Store().Partitions.Any(p => State.EntityKinds.Artifact.In(p).Contains(arn)));

    [Fact]
    public async Task A_page_on_another_origin_cannot_reset_or_replace_state_with_simple_requests()
    {
        var arn = await SeedArtifact();
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/reset", origin: "http://evil.example", body: ""));
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/reset", origin: "null", body: ""));
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/state", origin: "http://evil.example",
            body: """{"formatVersion":1,"accounts":{}}"""));
        // An HTML form post.
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/reset", origin: "https://evil.example",
            fetchSite: "cross-site", body: "a=b", contentType: "application/x-www-form-urlencoded"));
        // A page on another port of this machine is another origin too.
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/reset", origin: "http://localhost:3000", body: ""));
        Assert.True(Exists(arn));
    }

    [Fact]
    public async Task A_page_on_another_origin_cannot_read_state_or_call_AWS_operations()
    {
        // fetch(url, {mode: "no-cors"}) sends no Origin on a GET, but browsers label it Sec-Fetch-Site.
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/state", fetchSite: "cross-site"));
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/state", fetchSite: "same-site"));
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/health", origin: "http://evil.example"));
        // RAM's routes take a JSON body; a text/plain one is still a simple request a page may send.
        await AssertRefused(Request(HttpMethod.Post, "/getresourceshares", origin: "http://evil.example",
            body: """{"resourceOwner":"SELF"}"""));
        await AssertRefused(Request(HttpMethod.Post, "/", origin: "http://evil.example", fetchSite: "cross-site", body: "{}"));
    }

    [Fact]
    public async Task A_DNS_rebinding_page_can_neither_read_nor_change_state_through_any_route()
    {
        var arn = await SeedArtifact();
        const string host = "attacker.example:4599", origin = "http://attacker.example:4599";
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/state", host, origin, "same-origin"));
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/state", host));
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/reset", host, origin, "same-origin", body: ""));
        // Same-origin, the page may set any header, Authorization included.
        var account = Arn(arn).Account;
        var aws = Request(HttpMethod.Post, "/", host, origin, "same-origin", """{"ArtifactArn":"ARN"}""".Replace("ARN", arn), "application/x-amz-json-1.1");
        aws.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.DeleteArtifact");
        aws.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=abc");
        await AssertRefused(aws);
        var ram = Request(HttpMethod.Post, "/getresourceshares", "rebind.attacker.example", body: """{"resourceOwner":"SELF"}""", contentType: "application/json");
        ram.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/ram/aws4_request, SignedHeaders=host, Signature=abc");
        await AssertRefused(ram);
        Assert.True(Exists(arn));
    }

    private static State.Arn Arn(string value) => State.Arn.TryParse(value, out var a) ? a : throw new ArgumentException(value);

    [Theory]
    [InlineData("localhost:4599")]
    [InlineData("127.0.0.1:4599")]
    [InlineData("[::1]:4599")]
    [InlineData("10.0.0.7:4599")] // docker run -p, reached through the host's address
    [InlineData("lineage-emulator:4599")] // a docker-compose service name
    [InlineData("host.docker.internal:4599")]
    [InlineData("emulator.localhost")]
    public async Task Clients_without_browser_headers_reach_every_route_on_local_and_private_names(string host)
    {
        var health = await emulator.Http.SendAsync(Request(HttpMethod.Get, "/_emulator/health", host));
        Assert.Equal(200, (int)health.StatusCode);
        var list = Request(HttpMethod.Post, "/", host, body: "{}", contentType: "application/x-amz-json-1.1");
        list.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListArtifacts");
        list.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={EmulatorFixture.NewAccount()}/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=abc");
        Assert.Equal(200, (int)(await emulator.Http.SendAsync(list)).StatusCode);
    }

    [Fact]
    public async Task A_page_the_emulator_serves_may_call_it_same_origin()
    {
        var resp = await emulator.Http.SendAsync(Request(HttpMethod.Get, "/_emulator/state", "localhost:4599",
            "http://localhost:4599", "same-origin"));
        Assert.Equal(200, (int)resp.StatusCode);
        var typed = await emulator.Http.SendAsync(Request(HttpMethod.Get, "/_emulator/health", "localhost:4599", fetchSite: "none"));
        Assert.Equal(200, (int)typed.StatusCode);
    }

    [Fact]
    public async Task Allowed_hosts_admit_other_names_and_are_read_from_option_or_environment()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["allowed-hosts"] = "emulator.corp.example, *.ci.example",
        }).Build();
        var read = EmulatorHost.ReadOptions(options);
        Assert.Equal(["emulator.corp.example", "*.ci.example"], read.AllowedHosts);

        using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("log-level", "Warning").UseSetting("allowed-hosts", "emulator.corp.example,*.ci.example"));
        using var http = factory.CreateClient();
        foreach (var host in new[] { "emulator.corp.example:4599", "runner-7.ci.example" })
            Assert.Equal(200, (int)(await http.SendAsync(Request(HttpMethod.Get, "/_emulator/health", host))).StatusCode);
        Assert.Equal(403, (int)(await http.SendAsync(Request(HttpMethod.Get, "/_emulator/health", "corp.example"))).StatusCode);

        Environment.SetEnvironmentVariable("LINEAGE_ALLOWED_HOSTS", "*");
        try
        {
            Assert.Equal(["*"], EmulatorHost.ReadOptions(new ConfigurationBuilder().Build()).AllowedHosts);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LINEAGE_ALLOWED_HOSTS", null);
        }
    }

    [Fact]
    public async Task The_guard_runs_before_routing_so_routes_added_later_inherit_it()
    {
        // No route answers these paths yet (a browser UI is coming under /_emulator/); the guard answers first.
        await AssertRefused(Request(HttpMethod.Get, "/_emulator/ui/index.html", "attacker.example"));
        await AssertRefused(Request(HttpMethod.Post, "/_emulator/anything", origin: "http://evil.example", body: ""));
    }
}
