namespace LineageEmulator.SdkConformance.Infrastructure;

/// <summary>
/// A client that is not installed FAILS its tests with what to install: a silently skipped client would
/// let a broken SDK path pass CI unnoticed.
/// </summary>
public static class Prerequisites
{
    private static readonly Dictionary<string, Task<string?>> Checked = new();

    public static Task RequirePython() => Require("python3",
        "python3", ["-c", "import sys; assert sys.version_info >= (3, 8), sys.version"],
        "install Python 3.8+ (Debian: apt-get install -y python3)");

    public static async Task RequireBoto3()
    {
        await RequirePython();
        await Require("boto3", "python3", ["-c", "import boto3, botocore; print(boto3.__version__)"],
            "install boto3 for python3 (pip install boto3, or Debian: apt-get install -y python3-boto3)");
    }

    public static Task RequireNode() => Require("node", "node", ["-e", "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 1)"],
        "install Node.js 18+ and npm (Debian: apt-get install -y nodejs npm)");

    public static async Task RequireNpm()
    {
        await RequireNode();
        await Require("npm", "npm", ["--version"], "install npm (Debian: apt-get install -y npm)");
    }

    public static async Task RequireAwsCli()
    {
        await RequirePython();
        await Require("aws", "aws", ["--version"],
            "install the AWS CLI (pip install awscli, or Debian: apt-get install -y awscli)");
    }

    private static async Task Require(string what, string program, string[] args, string install)
    {
        Task<string?> check;
        lock (Checked)
        {
            if (!Checked.TryGetValue(what, out check!))
                Checked[what] = check = Probe(program, args);
        }
        if (await check is { } problem)
            Assert.Fail($"prerequisite missing: {what} ({problem}). To run these tests, {install}.");
    }

    private static async Task<string?> Probe(string program, string[] args)
    {
        var result = await ExternalProcess.RunAsync(program, args, Path.GetTempPath(), timeout: TimeSpan.FromSeconds(60));
        return result.ExitCode == 0 ? null : $"`{result.Command}` exited {result.ExitCode}: {result.Stderr.Trim()}";
    }
}
