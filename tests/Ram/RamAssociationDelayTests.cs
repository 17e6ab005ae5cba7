using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// With a non-zero RamAssociationDelay, associations read ASSOCIATING until the delay has passed, and
/// only then grant access. This class owns its emulator, so changing its clock and delay affects no other test.
/// </summary>
public sealed class RamAssociationDelayTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture emulator;
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RamAssociationDelayTests(EmulatorFixture emulator)
    {
        this.emulator = emulator;
        var options = emulator.Services.GetRequiredService<EmulatorOptions>();
        options.Clock = clock;
        options.RamAssociationDelay = TimeSpan.FromMinutes(5);
    }

    [Fact]
    public async Task Associations_are_ASSOCIATING_until_the_delay_passes()
    {
        string a = EmulatorFixture.NewAccount(), b = EmulatorFixture.NewAccount();
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();
        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = await InvitationArn(ramB, shareArn) })).Ok();

        async Task<List<string>> Statuses() =>
        [
            .. (await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "PRINCIPAL" })).Ok()["resourceShareAssociations"]!
                .AsArray().Concat((await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "RESOURCE" }))
                    .Ok()["resourceShareAssociations"]!.AsArray())
                .Select(x => x!["status"]!.GetValue<string>()),
        ];

        Assert.Equal(["ASSOCIATING", "ASSOCIATING"], await Statuses());
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");
        Assert.Empty((await ramB.Post("/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resources"]!.AsArray());

        clock.Now += TimeSpan.FromMinutes(5);
        Assert.Equal(["ASSOCIATED", "ASSOCIATED"], await Statuses());
        var association = (await ramA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "RESOURCE" }))
            .Ok()["resourceShareAssociations"]![0]!;
        Assert.Equal(clock.Now.ToUnixTimeSeconds(), association["lastUpdatedTime"]!.GetValue<double>());
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Ok();
    }
}
