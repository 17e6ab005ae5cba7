using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker.ControlPlane;

/// <summary>Lineage SageMaker writes is shared and linked exactly like hand-made lineage.</summary>
public sealed class CreatedLineageSharingTests(EmulatorFixture emulator) : ControlPlaneTestBase(emulator), IClassFixture<EmulatorFixture>
{
    // The guide's SameAs rule speaks of artifacts SageMaker creates ("Cross-Account Lineage Tracking": an
    // artifact for the same data in another account's shared lineage is linked with SameAs); the emulator
    // applies its one SameAs rule (see SameAsTests) because jobs create artifacts through CreateArtifact's path.
    [Fact]
    public async Task A_job_on_data_another_account_shares_gets_its_SameAs_link_and_reads_the_owners_lineage()
    {
        var receiver = Emulator.SageMaker(EmulatorFixture.NewAccount());
        var data = $"{Bucket}/{EmulatorFixture.Unique("shared")}/train.csv";
        var ownerJob = EmulatorFixture.Unique("owner-job");
        await TrainingJob(Sm, ownerJob, data, Bucket + "/out");
        var ownersData = await ArtifactOf(Sm, data);
        await ShareAndAccept(Sm, Emulator.Ram(Sm.Account), Emulator.Ram(receiver.Account));

        var receiverJob = EmulatorFixture.Unique("receiver-job");
        await TrainingJob(receiver, receiverJob, data, Bucket + "/theirs");
        var receiversData = await ArtifactOf(receiver, data);

        var tc = ArnOf(receiver, "experiment-trial-component", receiverJob + "-aws-training-job");
        Assert.Equal([(receiversData, ownersData, "SameAs", "DataSet", "DataSet"), (receiversData, tc, "ContributedTo", "DataSet", "SageMakerTrainingJob")],
            (await Edges(receiver, receiversData, incoming: false)).OrderBy(e => e.Type, StringComparer.Ordinal).Reverse().ToList());
        // Through the link the receiver reaches the owner's training job.
        var reached = (await receiver.Call("QueryLineage", Obj(("StartArns", Arr(receiversData)), ("Direction", "Descendants"),
            ("MaxResults", 50)))).Ok()["Vertices"]!.AsArray().Select(v => Str(v!["Arn"])).ToList();
        Assert.Contains(ArnOf(Sm, "experiment-trial-component", ownerJob + "-aws-training-job"), reached);
        // The owner's new job on the same data is not linked to the receiver's: sharing is one-way.
        await TrainingJob(Sm, ownerJob + "-2", data, Bucket + "/out");
        Assert.DoesNotContain(await Edges(Sm, ownersData, incoming: false), e => e.Type == "SameAs");
    }
}

/// <summary>Control-plane rows are state like any other: exported and imported whole, statuses still computed.</summary>
public sealed class ControlPlaneStateTests(EmulatorFixture emulator) : ControlPlaneTestBase(emulator), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Jobs_endpoints_and_packages_survive_export_and_import()
    {
        var job = EmulatorFixture.Unique("job");
        await TrainingJob(Sm, job, $"{Bucket}/{job}/train.csv", Bucket + "/out");
        var group = EmulatorFixture.Unique("group");
        (await Sm.Call("CreateModelPackageGroup", Obj(("ModelPackageGroupName", group)))).Ok();
        var document = await (await Emulator.Http.GetAsync("/_emulator/state")).Content.ReadAsStringAsync();

        (await Emulator.Http.PostAsync("/_emulator/reset", null)).EnsureSuccessStatusCode();
        (await Sm.Call("DescribeTrainingJob", Obj(("TrainingJobName", job)))).Error("ValidationException");
        (await Emulator.Http.PostAsync("/_emulator/state", new StringContent(document))).EnsureSuccessStatusCode();

        Clock.Advance(Duration);
        var described = (await Sm.Call("DescribeTrainingJob", Obj(("TrainingJobName", job)))).Ok();
        Assert.Equal(("Completed", "ml.m5.xlarge"), (Str(described["TrainingJobStatus"]), Str(described["ResourceConfig"]!["InstanceType"])));
        Assert.Equal(group, Str((await Sm.Call("DescribeModelPackageGroup", Obj(("ModelPackageGroupName", group)))).Ok()["ModelPackageGroupName"]));
    }
}
