"""Organization: inside the AWS Organization the emulator process declares (EmulatorProcess.cs), the
management account turns sharing on and shares its lineage group with the organization; a member reads
it with no invitation, a non-member stays denied. boto3."""
import json

from conformance import (RUN, check, describe_denied, eq, expect_error, main, poll, ram, sagemaker, token)

MANAGEMENT, MEMBER, OUTSIDER = "777777777777", "888888888888", "999999999999"
ORGANIZATION = f"arn:aws:organizations::{MANAGEMENT}:organization/o-conformance1"


def scenario():
    owner, member, outsider = sagemaker(MANAGEMENT), sagemaker(MEMBER), sagemaker(OUTSIDER)
    owner_ram, member_ram = ram(MANAGEMENT), ram(MEMBER)
    uri = f"s3://conformance-{RUN}/boto3-org/data.csv"
    data = owner.create_artifact(ArtifactName=f"org-{RUN}", Source={"SourceUri": uri}, ArtifactType="DataSet")["ArtifactArn"]
    model = owner.create_context(ContextName=f"org-model-{RUN}", Source={"SourceUri": f"{uri}#model"},
                                 ContextType="Model")["ContextArn"]
    owner.add_association(SourceArn=data, DestinationArn=model, AssociationType="ContributedTo")
    group = owner.describe_artifact(ArtifactArn=data)["LineageGroupArn"]
    check(describe_denied(member, data, "member before the share"), "member read before the share")

    # Only the management account can turn sharing with the organization on.
    expect_error("OperationNotPermittedException", member_ram.enable_sharing_with_aws_organization)
    eq(owner_ram.enable_sharing_with_aws_organization()["returnValue"], True, "enable_sharing_with_aws_organization")

    share = owner_ram.create_resource_share(name=f"org-{RUN}", resourceArns=[group], principals=[ORGANIZATION],
                                            allowExternalPrincipals=False, clientToken=token())["resourceShare"]["resourceShareArn"]

    # No invitation inside the organization: the member reads once the association completes.
    poll("the member to read the shared artifact", lambda: not describe_denied(member, data, "member after the share"))
    invitations = member_ram.get_resource_share_invitations(resourceShareArns=[share])["resourceShareInvitations"]
    eq(invitations, [], "the member's invitations")
    eq(member.describe_artifact(ArtifactArn=data)["ArtifactArn"], data, "member describes the management account's artifact")
    vertices = {v["Arn"] for v in member.query_lineage(StartArns=[data], Direction="Both")["Vertices"]}
    check(model in vertices, f"member's QueryLineage: {sorted(vertices)}")
    principals = owner_ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[share])
    eq([(a["associatedEntity"], a["external"]) for a in principals["resourceShareAssociations"]], [(ORGANIZATION, False)],
       "the organization principal")
    policy = json.loads(owner.get_lineage_group_policy(LineageGroupName=group)["ResourcePolicy"])
    check(f"arn:aws:iam::{MEMBER}:root" in policy["Statement"][0]["Principal"]["AWS"], f"policy names the member: {policy}")

    # Outside the organization: denied, and cannot be added to a share that keeps to the organization.
    check(describe_denied(outsider, data, "outsider"), "outsider read the shared artifact")
    expect_error("AccessDeniedException", outsider.query_lineage, StartArns=[data], Direction="Both")
    expect_error("InvalidParameterException", owner_ram.associate_resource_share, resourceShareArn=share, principals=[OUTSIDER])


if __name__ == "__main__":
    main(scenario)
