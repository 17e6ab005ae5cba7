"""Cross account: an owner shares its lineage group through RAM; a receiver reads and links to it after
accepting; an outsider is denied throughout; revoking the share denies the receiver again. boto3."""
import json

from conformance import (RUN, check, describe_denied, eq, expect_error, main, pages, poll, ram, sagemaker, token)

OWNER, RECEIVER, OUTSIDER = "111111111111", "222222222222", "333333333333"
SHARED_ACTIONS = ["sagemaker:DescribeAction", "sagemaker:DescribeArtifact", "sagemaker:DescribeContext",
                  "sagemaker:DescribeTrialComponent", "sagemaker:AddAssociation", "sagemaker:DeleteAssociation",
                  "sagemaker:QueryLineage"]


def denied(sm, arn):
    expect_error("AccessDeniedException", sm.describe_artifact, ArtifactArn=arn)
    expect_error("AccessDeniedException", sm.query_lineage, StartArns=[arn], Direction="Both")


def scenario():
    owner, receiver, outsider = sagemaker(OWNER), sagemaker(RECEIVER), sagemaker(OUTSIDER)
    owner_ram, receiver_ram, outsider_ram = ram(OWNER), ram(RECEIVER), ram(OUTSIDER)
    uri = f"s3://conformance-{RUN}/boto3-cross/train.csv"

    # --- the owner's graph: data -> training action -> model context ---
    data = owner.create_artifact(ArtifactName=f"data-{RUN}", Source={"SourceUri": uri},
                                 ArtifactType="DataSet")["ArtifactArn"]
    train = owner.create_action(ActionName=f"train-{RUN}", Source={"SourceUri": f"{uri}#job"},
                                ActionType="Training")["ActionArn"]
    model = owner.create_context(ContextName=f"model-{RUN}", Source={"SourceUri": f"{uri}#model"},
                                 ContextType="Model")["ContextArn"]
    owner.add_association(SourceArn=data, DestinationArn=train, AssociationType="ContributedTo")
    owner.add_association(SourceArn=train, DestinationArn=model, AssociationType="Produced")
    mine = receiver.create_artifact(ArtifactName=f"mine-{RUN}", Source={"SourceUri": f"{uri}#receiver"},
                                    ArtifactType="Report")["ArtifactArn"]

    # --- before any share: receiver and outsider are denied ---
    denied(receiver, data)
    denied(outsider, data)
    expect_error("AccessDeniedException", receiver.add_association, SourceArn=mine, DestinationArn=data,
                 AssociationType="ContributedTo")

    # --- owner shares its lineage group; neither SDK fills clientToken, so pass one and check idempotency ---
    groups = owner.list_lineage_groups()["LineageGroupSummaries"]
    eq(len(groups), 1, "owner's lineage groups")
    group = groups[0]["LineageGroupArn"]
    eq(owner.describe_artifact(ArtifactArn=data)["LineageGroupArn"], group, "artifact's lineage group")
    ct = token()
    args = dict(name=f"lineage-{RUN}", resourceArns=[group], principals=[RECEIVER], allowExternalPrincipals=True,
                clientToken=ct)
    created = owner_ram.create_resource_share(**args)
    share = created["resourceShare"]["resourceShareArn"]
    eq(created["clientToken"], ct, "create_resource_share clientToken echo")
    check(share.startswith(f"arn:aws:ram:us-east-1:{OWNER}:resource-share/"), f"share ARN {share}")
    again = owner_ram.create_resource_share(**args)
    eq(again["resourceShare"]["resourceShareArn"], share, "same clientToken returns the same share")
    mine_shares = owner_ram.get_resource_shares(resourceOwner="SELF", name=f"lineage-{RUN}")["resourceShares"]
    eq([s["resourceShareArn"] for s in mine_shares], [share], "a repeated clientToken made no second share")
    eq(mine_shares[0]["allowExternalPrincipals"], True, "allowExternalPrincipals")
    eq(mine_shares[0]["owningAccountId"], OWNER, "owningAccountId")

    # --- the invitation is sent once the associations complete (the developer guide's order); the receiver
    #     is denied until it accepts; the outsider gets none ---
    def pending():
        found = receiver_ram.get_resource_share_invitations(resourceShareArns=[share])["resourceShareInvitations"]
        return [i for i in found if i["status"] == "PENDING"]
    invitation = poll("a PENDING invitation for the receiver", pending)[0]
    eq((invitation["senderAccountId"], invitation["receiverAccountId"]), (OWNER, RECEIVER), "invitation accounts")
    denied(receiver, data)
    outsider_invites = outsider_ram.get_resource_share_invitations()["resourceShareInvitations"]
    check(all(i["resourceShareArn"] != share for i in outsider_invites), "outsider was invited")

    # --- accepted as soon as it is listed, then read at once: no waiting ---
    accepted = receiver_ram.accept_resource_share_invitation(
        resourceShareInvitationArn=invitation["resourceShareInvitationArn"], clientToken=token())
    eq(accepted["resourceShareInvitation"]["status"], "ACCEPTED", "accepted invitation status")
    eq(receiver.describe_artifact(ArtifactArn=data)["ArtifactArn"], data, "receiver reads right after accepting")

    def status(kind, entity):
        found, _ = pages(owner_ram.get_resource_share_associations, "resourceShareAssociations",
                         associationType=kind, resourceShareArns=[share])
        return [a["status"] for a in found if a["associatedEntity"] == entity]
    eq(status("RESOURCE", group), ["ASSOCIATED"], "the lineage group's RESOURCE association")
    eq(status("PRINCIPAL", RECEIVER), ["ASSOCIATED"], "the receiver's PRINCIPAL association")
    # RAM wrote the lineage group's resource policy: the seven shared lineage actions for the receiver.
    policy = json.loads(owner.get_lineage_group_policy(LineageGroupName=group)["ResourcePolicy"])
    statement = policy["Statement"][0]
    eq(sorted(statement["Action"]), sorted(SHARED_ACTIONS), "lineage group policy actions")
    check(_names(statement, RECEIVER), f"lineage group policy principal: {statement}")
    eq(statement["Resource"], group, "lineage group policy resource")
    theirs = receiver_ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    check(share in [s["resourceShareArn"] for s in theirs], f"receiver's OTHER-ACCOUNTS shares: {theirs}")

    # --- receiver reads, links and queries the owner's lineage ---
    described = receiver.describe_artifact(ArtifactArn=data)
    eq((described["ArtifactArn"], described["ArtifactName"]), (data, f"data-{RUN}"), "receiver describes owner's artifact")
    eq(receiver.describe_action(ActionName=train)["ActionArn"], train, "receiver describes owner's action by ARN")
    receiver.add_association(SourceArn=mine, DestinationArn=data, AssociationType="ContributedTo")
    q = receiver.query_lineage(StartArns=[data], Direction="Both", IncludeEdges=True)
    arns = {v["Arn"] for v in q["Vertices"]}
    check({train, model, mine} <= arns, f"receiver's QueryLineage from the owner's artifact: {sorted(arns)}")
    edges = {(e["SourceArn"], e["DestinationArn"]) for e in q["Edges"]}
    check((mine, data) in edges and (data, train) in edges, f"QueryLineage edges: {sorted(edges)}")

    # --- same data in the receiver's account: the same artifact id, SameAs both ways (what the SageMaker
    #     Python SDK's LineageQuery needs to collapse the two into one vertex) ---
    copy = receiver.create_artifact(ArtifactName=f"copy-{RUN}", Source={"SourceUri": uri},
                                    ArtifactType="DataSet")["ArtifactArn"]
    eq(copy.split("/")[1], data.split("/")[1], "artifact id of the same data in two accounts")
    same, _ = pages(receiver.list_associations, "AssociationSummaries", SourceArn=copy, AssociationType="SameAs")
    eq([a["DestinationArn"] for a in same], [data], "SameAs associations from the receiver's copy")
    back, _ = pages(receiver.list_associations, "AssociationSummaries", DestinationArn=copy, AssociationType="SameAs")
    eq([a["SourceArn"] for a in back], [data], "SameAs associations into the receiver's copy")
    eq(receiver.create_artifact(Source={"SourceUri": uri}, ArtifactType="DataSet")["ArtifactArn"], copy,
       "create_artifact again for the same SourceUri")

    # --- the outsider is still denied ---
    denied(outsider, data)
    expect_error("AccessDeniedException", outsider.describe_context, ContextName=model)

    # --- owner revokes the receiver; the receiver is denied again ---
    owner_ram.disassociate_resource_share(resourceShareArn=share, principals=[RECEIVER], clientToken=token())

    poll("the receiver to be denied after disassociate_resource_share",
         lambda: describe_denied(receiver, data, "receiver's error after revoke"))
    denied(receiver, data)
    expect_error("AccessDeniedException", receiver.add_association, SourceArn=copy, DestinationArn=train,
                 AssociationType="ContributedTo")
    try:
        policy = json.loads(owner.get_lineage_group_policy(LineageGroupName=group)["ResourcePolicy"])
        check(not any(_names(st, RECEIVER) for st in policy["Statement"]), f"policy after revoke: {policy}")
    except owner.exceptions.ResourceNotFound:
        pass  # no principal left, so no policy


def _names(statement, account):
    principals = statement["Principal"]["AWS"]
    principals = principals if isinstance(principals, list) else [principals]
    return account in principals or f"arn:aws:iam::{account}:root" in principals


if __name__ == "__main__":
    main(scenario)
