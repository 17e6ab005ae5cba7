using System.CommandLine;
using LineageEmulator.State.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LineageEmulator.Hosting;

/// <summary>
/// The command line of the tool, the Native AOT binary and the Docker image: --help, --version, one option per
/// <see cref="EmulatorSettings"/> entry, refusal of anything else, and a start-up banner.
/// </summary>
public static class EmulatorCommandLine
{
    public const string CommandName = "lineage-emulator";

    /// <summary>Exit code for a command line or option value the emulator cannot start with.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a start-up failure outside the command line (data directory in use, port taken).</summary>
    public const int StartupError = 1;

    /// <summary>
    /// ASP.NET Core host settings that WebApplicationFactory passes as arguments when it runs this entry point in
    /// a test; accepted, hidden from --help, and handed to the host unchanged.
    /// </summary>
    private static readonly string[] HostSettings = ["environment", "applicationName", "contentRoot"];

    public static Task<int> RunAsync(string[] args) => InvokeAsync(Create(Serve), args, Console.Out);

    /// <summary>
    /// The command: one option per setting, plus the host settings above. Its action hands <paramref name="serve"/>
    /// the given options as configuration arguments (--name=value), the form ASP.NET Core reads.
    /// </summary>
    public static RootCommand Create(Func<string[], Task<int>> serve, IReadOnlyList<EmulatorSetting>? table = null)
    {
        var settings = (table ?? EmulatorSettings.All).ToDictionary(s => s, s => new Option<string>(s.Flag)
        {
            Description = $"{s.Description} [env: {s.EnvironmentVariable}] [default: {s.DefaultText}]",
            HelpName = s.ValueName,
            Arity = s.ValueWhenBare is null ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
        });
        var host = HostSettings.Select(name => new Option<string>("--" + name) { Hidden = true }).ToList();
        var root = new RootCommand("LineageEmulator: Amazon SageMaker ML Lineage Tracking and AWS RAM, emulated locally.");
        foreach (var option in settings.Values.Concat(host)) root.Options.Add(option);
        string? ValueOf(ParseResult parse, EmulatorSetting setting, Option<string> option) =>
            parse.GetResult(option) is { Tokens.Count: 0, Implicit: false } ? setting.ValueWhenBare : parse.GetValue(option);
        root.SetAction((parse, _) => serve(settings.Select(s => (s.Key.Name, Value: ValueOf(parse, s.Key, s.Value)))
            .Concat(host.Select(o => (Name: o.Name[2..], Value: parse.GetValue(o))))
            .Where(s => s.Value is not null)
            .Select(s => $"--{s.Name}={s.Value}")
            .ToArray()));
        return root;
    }

    /// <summary>Parses; a mistake is one line and exit code 2, --help and --version print to <paramref name="output"/>.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter output)
    {
        // Response files would let an argument that looks like a path turn into options.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0) return Usage(parsed.Errors[0].Message.TrimEnd('.') + Suggestion(root, parsed.UnmatchedTokens));
        // ASP.NET Core owns Ctrl+C and SIGTERM (graceful shutdown); exceptions are ours to report.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false, Output = output,
        });
    }

    private static async Task<int> Serve(string[] configuration)
    {
        WebApplication app;
        try
        {
            app = EmulatorHost.Build(configuration);
        }
        catch (InvalidEmulatorOptionException e)
        {
            return Usage(e.Message);
        }
        catch (EmulatorStartupException e)
        {
            Console.Error.WriteLine($"{CommandName}: {e.Message}");
            return StartupError;
        }
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
            {
                Console.Error.WriteLine($"{CommandName}: cannot listen: {e.Message}");
                return StartupError;
            }
            Console.Out.Write(Banner(app));
            await app.WaitForShutdownAsync();
        }
        return 0;
    }

    /// <summary>For a mistyped flag (--data-dri), the visible flag it is closest to, if it is close.</summary>
    private static string Suggestion(RootCommand root, IReadOnlyList<string> unmatched)
    {
        if (unmatched.FirstOrDefault(t => t.StartsWith("--", StringComparison.Ordinal)) is not { } typed) return "";
        var flag = typed.Split('=', ':')[0];
        var nearest = root.Options.Where(o => !o.Hidden).Select(o => o.Name)
            .Select(name => (name, distance: EditDistance(flag, name))).MinBy(c => c.distance);
        return nearest.distance <= 3 ? $" (did you mean {nearest.name}?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static int Usage(string reason)
    {
        Console.Error.WriteLine($"{CommandName}: {reason.TrimEnd('.')}. See '{CommandName} --help'.");
        return UsageError;
    }

    /// <summary>What a user needs to start using it, from the running host (so it shows the port actually bound).</summary>
    public static string Banner(WebApplication app)
    {
        var options = app.Services.GetRequiredService<EmulatorOptions>();
        var state = app.Services.GetRequiredService<StateHost>();
        var persistence = state.Backend.Location is { } path ? $"SQLite, {path}" : "in memory (lost at exit; --data-dir keeps it)";
        return $"""
            LineageEmulator {EmulatorHost.Version} listening on {string.Join(", ", EmulatorHost.Addresses(app))}
              persistence      {persistence}
              default account  {options.DefaultAccount}
              point clients    export AWS_ENDPOINT_URL={EmulatorHost.ServiceUrl(app)}

            """;
    }
}
