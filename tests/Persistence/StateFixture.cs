using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using RamTag = LineageEmulator.Model.Ram.Tag;
using ResourceShareStatusValues = LineageEmulator.Model.Ram.ResourceShareStatusValues;
using ResourceShareAssociationStatusValues = LineageEmulator.Model.Ram.ResourceShareAssociationStatusValues;
using ResourceShareAssociationTypeValues = LineageEmulator.Model.Ram.ResourceShareAssociationTypeValues;
using ResourceShareInvitationStatusValues = LineageEmulator.Model.Ram.ResourceShareInvitationStatusValues;

namespace LineageEmulator.Tests.Persistence;

/// <summary>
/// A small, fixed state with a row in every table, with millisecond timestamps and a cross-account
/// association and RAM share. tests/Fixtures/state-v1.db was written from it by format version 1
/// (StateHost.Open(dir) then Populate(host.Store)); the fixture test checks that file still loads to
/// exactly this state, so a format change has to migrate old files.
/// </summary>
public static class StateFixture
{
    public const string Owner = "111122223333";
    public const string Partner = "444455556666";
    public const string Region = "us-east-1";

    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2024-05-06T07:08:09.123Z");

    public static string ArtifactArn => EntityKinds.Artifact.ArnOf(Region, Owner, "0123456789abcdef0123456789abcdef");
    public static string ActionArn => EntityKinds.Action.ArnOf(Region, Owner, "train");
    public static string ContextArn => EntityKinds.Context.ArnOf(Region, Partner, "endpoint");
    public static string TrialComponentArn => EntityKinds.TrialComponent.ArnOf(Region, Owner, "tc-1");
    public static string ShareArn => $"arn:aws:ram:{Region}:{Owner}:resource-share/5d1c7d0e-0000-4000-8000-000000000001";
    public static string InvitationArn => $"arn:aws:ram:{Region}:{Owner}:resource-share-invitation/5d1c7d0e-0000-4000-8000-000000000002";

    public static void Populate(Store store) => store.Write(tx =>
    {
        var owner = store.Partition(Owner, Region);
        var partner = store.Partition(Partner, Region);
        var me = Who(Owner);
        foreach (var p in new[] { owner, partner })
            tx.Put(p.LineageGroups, p.DefaultLineageGroupArn, new LineageGroupRecord(p.DefaultLineageGroupArn,
                Arns.DefaultLineageGroupName, Arns.DefaultLineageGroupName, null, T0, Who(p.AccountId), T0, Who(p.AccountId)));

        tx.Put(EntityKinds.Artifact.In(owner), ArtifactArn, new ArtifactRecord(ArtifactArn, "dataset",
            new ArtifactSource { SourceUri = "s3://bucket/data.csv", SourceTypes = [new() { SourceIdType = "MD5Hash", Value = "d41d8cd9" }] },
            "DataSet", new Dictionary<string, string> { ["rows"] = "42" }, new MetadataProperties { CommitId = "abc123", Repository = "git://repo" },
            T0, me, T0.AddMilliseconds(7), me));
        tx.Put(EntityKinds.Action.In(owner), ActionArn, new ActionRecord(ActionArn, "train",
            new ActionSource { SourceUri = "arn:aws:sagemaker:us-east-1:111122223333:training-job/t", SourceType = "SageMakerTrainingJob" },
            "ModelTraining", "trains", "Completed", null, null, T0.AddSeconds(1), me, T0.AddSeconds(2), me));
        tx.Put(EntityKinds.TrialComponent.In(owner), TrialComponentArn, new TrialComponentRecord(TrialComponentArn, "tc-1", "Trial one",
            new TrialComponentStatus { PrimaryStatus = "Completed", Message = "done" }, T0.AddMilliseconds(1), T0.AddMilliseconds(999),
            new Dictionary<string, TrialComponentParameterValue> { ["lr"] = new() { NumberValue = 0.001 }, ["opt"] = new() { StringValue = "adam" } },
            new Dictionary<string, TrialComponentArtifact> { ["train"] = new() { MediaType = "text/csv", Value = "s3://bucket/train" } }, null, null,
            T0, me, T0, me));
        tx.Put(EntityKinds.Context.In(partner), ContextArn, new ContextRecord(ContextArn, "endpoint", new ContextSource { SourceUri = "ep" },
            "Endpoint", null, new Dictionary<string, string> { ["stage"] = "prod" }, T0, Who(Partner), T0, Who(Partner)));

        var local = new AssociationRecord(ArtifactArn, ActionArn, "ContributedTo", Owner, T0, me);
        tx.Put(owner.Associations, local.Key, local);
        var cross = new AssociationRecord(ContextArn, ArtifactArn, "AssociatedWith", Partner, T0.AddMilliseconds(5), Who(Partner));
        tx.Put(partner.Associations, cross.Key, cross);
        tx.Put(owner.Tags, ArtifactArn, new TagSetRecord([new Tag { Key = "team", Value = "ml" }]));

        tx.Put(owner.Shares, ShareArn, new ResourceShareRecord(ShareArn, "lineage", Owner, false, ResourceShareStatusValues.ACTIVE, null,
            [new RamTag { Key = "env", Value = "test" }], ["arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup"],
            T0, T0.AddMilliseconds(3)));
        foreach (var (entity, type) in new[] { (Partner, ResourceShareAssociationTypeValues.PRINCIPAL), (owner.DefaultLineageGroupArn, ResourceShareAssociationTypeValues.RESOURCE) })
        {
            var association = new ShareAssociationRecord(ShareArn, "lineage", entity, type, ResourceShareAssociationStatusValues.ASSOCIATING, null, false,
                T0, T0, T0.AddMilliseconds(200));
            tx.Put(owner.ShareAssociations, association.Key, association);
        }
        tx.Put(owner.Invitations, InvitationArn, new InvitationRecord(InvitationArn, ShareArn, "lineage", Owner, Partner,
            ResourceShareInvitationStatusValues.ACCEPTED, T0.AddMilliseconds(4)));
        tx.Put(owner.ClientTokens, "CreateResourceShare|token-1", new ClientTokenRecord("CreateResourceShare", "fp", "{\"resourceShare\":{}}"));
        return 0;
    });

    private static UserContext Who(string account) => new()
    {
        IamIdentity = new IamIdentity { Arn = $"arn:aws:iam::{account}:root", PrincipalId = account },
    };
}
