using System.Reflection;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.CommandLine;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Packaging;

/// <summary>
/// Both packages, packed from this build into a local folder and used as a user would: the tool installed with
/// `dotnet tool install --tool-path` and started, and a throwaway test project that references the hosting
/// package. Offline: the only package source is the local folder; everything else comes from the machine's
/// NuGet cache as a fallback folder, and the packages this test makes are extracted into its own folder, so
/// nothing of it outlives the test.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private static readonly TimeSpan CommandBound = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("lineage-packaging-");

    private string Feed => Path.Combine(work.FullName, "feed");
    private string NuGetConfig => Path.Combine(work.FullName, "nuget.config");

    /// <summary>Packages land in the test's own folder, never in the machine's cache.</summary>
    private Dictionary<string, string> Isolated => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(work.FullName, "packages"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    [Fact]
    public async Task The_tool_installs_from_a_local_folder_and_serves_and_the_hosting_package_runs_two_isolated_hosts()
    {
        await Pack();

        // --- the tool: install from the folder, start, one signed call ---
        var tools = Path.Combine(work.FullName, "tools");
        await Dotnet(work.FullName, "tool", "install", "LineageEmulator", "--version", EmulatorHost.Version,
            "--tool-path", tools, "--configfile", NuGetConfig);
        using (var tool = ChildProcess.Start(Path.Combine(tools, EmulatorCommandLine.CommandName), ["--urls", "http://127.0.0.1:0"], Isolated))
        {
            var line = await tool.WaitForLine("point clients");
            var endpoint = line[(line.IndexOf('=') + 1)..];
            using var http = new HttpClient { BaseAddress = new Uri(endpoint) };
            var account = EmulatorFixture.NewAccount();
            var created = (await new SageMakerClient(http, account, "us-east-1").Call("CreateArtifact", new JsonObject
            {
                ["ArtifactType"] = "DataSet", ["Source"] = new JsonObject { ["SourceUri"] = "s3://packaged-tool/data" },
            })).Ok();
            Assert.StartsWith($"arn:aws:sagemaker:us-east-1:{account}:artifact/", created["ArtifactArn"]!.GetValue<string>());
        }

        // --- the hosting package: a throwaway test project starts two hosts in one process ---
        var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), ConsumerProject());
        File.WriteAllText(Path.Combine(consumer, "TwoHostsTests.cs"), ConsumerTest);
        File.Copy(NuGetConfig, Path.Combine(consumer, "nuget.config"));
        var (_, output, _) = await Dotnet(consumer, "test", "--logger", "console;verbosity=normal");
        Assert.Contains("Passed TwoHostsTests.Two_hosts_in_one_process_do_not_share_state", output);
        Assert.Contains("Total tests: 1", output);
    }

    /// <summary>Packs the tool and the hosting package from the outputs `dotnet test` just built.</summary>
    private async Task Pack()
    {
        var root = CodegenDriftTests.RepoRoot();
        var configuration = typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        foreach (var project in new[] { "emulator/LineageEmulator.csproj", "hosting/LineageEmulator.Hosting.csproj" })
            await Dotnet(root, "pack", Path.Combine(root, project), "--no-build", "-p:BuildProjectReferences=false", "-c", configuration, "-o", Feed);
        Assert.True(File.Exists(Path.Combine(Feed, $"LineageEmulator.{EmulatorHost.Version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(Feed, $"LineageEmulator.Hosting.{EmulatorHost.Version}.nupkg")));

        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="cache" value="{cache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    private async Task<(int Exit, string Out, string Err)> Dotnet(string workingDirectory, params string[] args)
    {
        var result = await ChildProcess.Start("dotnet", args, Isolated, workingDirectory).Finish(CommandBound);
        Assert.True(result.Exit == 0, $"dotnet {string.Join(' ', args)} exited {result.Exit}:\n{result.Out}\n{result.Err}");
        return result;
    }

    private static string ConsumerProject() => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="LineageEmulator.Hosting" Version="{EmulatorHost.Version}" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
        </Project>
        """;

    private const string ConsumerTest = """"
        using System.Net.Http.Headers;
        using System.Text;
        using LineageEmulator.Hosting;
        using Microsoft.Extensions.Logging;
        using Xunit;

        public class TwoHostsTests
        {
            [Fact]
            public async Task Two_hosts_in_one_process_do_not_share_state()
            {
                await using var a = await LineageEmulatorServer.StartAsync(new EmulatorOptions { LogLevel = LogLevel.Warning });
                await using var b = await LineageEmulatorServer.StartAsync(new EmulatorOptions { LogLevel = LogLevel.Warning });
                Assert.NotEqual(a.ServiceUrl, b.ServiceUrl);

                await Call(a, "CreateArtifact", """{"ArtifactName":"only-in-a","ArtifactType":"DataSet","Source":{"SourceUri":"s3://packaged/a"}}""");
                Assert.Contains("only-in-a", await Call(a, "ListArtifacts", "{}"));
                Assert.DoesNotContain("only-in-a", await Call(b, "ListArtifacts", "{}"));
                Assert.DoesNotContain("only-in-a", await b.ExportStateAsync());

                // State moves only when asked: export from one, import into the other, reset the first.
                await b.ImportStateAsync(await a.ExportStateAsync());
                Assert.Contains("only-in-a", await Call(b, "ListArtifacts", "{}"));
                Assert.True(await a.ResetAsync() > 0);
                Assert.DoesNotContain("only-in-a", await Call(a, "ListArtifacts", "{}"));
                Assert.Contains("only-in-a", await Call(b, "ListArtifacts", "{}"));
            }

            private static async Task<string> Call(LineageEmulatorServer emulator, string operation, string body)
            {
                using var http = new HttpClient();
                using var request = new HttpRequestMessage(HttpMethod.Post, emulator.ServiceUrl);
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
                request.Headers.TryAddWithoutValidation("Authorization",
                    "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0");
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, text);
                return text;
            }
        }
        """";

    public void Dispose()
    {
        try { work.Delete(recursive: true); }
        catch (IOException) { } // a child still releasing a file; the OS temp cleaner gets the rest
    }
}
