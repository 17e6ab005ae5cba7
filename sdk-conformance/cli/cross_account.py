"""Cross account with the AWS CLI: share the owner's lineage group through RAM, accept as the receiver,
read/link/query the owner's lineage, SameAs on the same data, outsider denied, revoke."""
from awscli import RUN, aws, aws_error, check, eq, main, poll, token

OWNER, RECEIVER, OUTSIDER = "111111111111", "222222222222", "333333333333"


def denied(account, arn):
    aws_error("AccessDeniedException", account, "sagemaker", "describe-artifact", artifact_arn=arn)
    aws_error("AccessDeniedException", account, "sagemaker", "query-lineage", start_arns=[arn])


def scenario():
    uri = f"s3://conformance-{RUN}/cli-cross/train.csv"
    data = aws(OWNER, "sagemaker", "create-artifact", artifact_name=f"data-{RUN}", source={"SourceUri": uri},
               artifact_type="DataSet")["ArtifactArn"]
    train = aws(OWNER, "sagemaker", "create-action", action_name=f"train-{RUN}", source={"SourceUri": f"{uri}#job"},
                action_type="Training")["ActionArn"]
    aws(OWNER, "sagemaker", "add-association", source_arn=data, destination_arn=train, association_type="ContributedTo")
    mine = aws(RECEIVER, "sagemaker", "create-artifact", source={"SourceUri": f"{uri}#receiver"},
               artifact_type="Report")["ArtifactArn"]
    denied(RECEIVER, data)

    group = aws(OWNER, "sagemaker", "list-lineage-groups")["LineageGroupSummaries"][0]["LineageGroupArn"]
    ct = token()
    share_args = dict(name=f"lineage-{RUN}", resource_arns=[group], principals=[RECEIVER],
                      allow_external_principals=True, client_token=ct)
    created = aws(OWNER, "ram", "create-resource-share", **share_args)
    share = created["resourceShare"]["resourceShareArn"]
    eq(created["clientToken"], ct, "clientToken echo")
    eq(aws(OWNER, "ram", "create-resource-share", **share_args)["resourceShare"]["resourceShareArn"], share,
       "same clientToken returns the same share")

    def pending():
        found = aws(RECEIVER, "ram", "get-resource-share-invitations", resource_share_arns=[share])
        return [i for i in found["resourceShareInvitations"] if i["status"] == "PENDING"]
    # The invitation is sent once the associations complete; accepted as soon as it is listed, and read at once.
    invitation = poll("a PENDING invitation", pending)[0]["resourceShareInvitationArn"]
    accepted = aws(RECEIVER, "ram", "accept-resource-share-invitation", resource_share_invitation_arn=invitation,
                   client_token=token())
    eq(accepted["resourceShareInvitation"]["status"], "ACCEPTED", "accepted status")
    eq(aws(RECEIVER, "sagemaker", "describe-artifact", artifact_arn=data)["ArtifactName"], f"data-{RUN}",
       "receiver describes the owner's artifact right after accepting")
    found = aws(OWNER, "ram", "get-resource-share-associations", association_type="PRINCIPAL",
                resource_share_arns=[share])["resourceShareAssociations"]
    eq([a["status"] for a in found if a["associatedEntity"] == RECEIVER], ["ASSOCIATED"], "the receiver's association")
    aws(RECEIVER, "sagemaker", "add-association", source_arn=mine, destination_arn=data, association_type="ContributedTo")
    q = aws(RECEIVER, "sagemaker", "query-lineage", start_arns=[data], direction="Both", include_edges=True)
    arns = {v["Arn"] for v in q["Vertices"]}
    check({train, mine} <= arns, f"receiver's QueryLineage from the owner's artifact: {sorted(arns)}")
    copy = aws(RECEIVER, "sagemaker", "create-artifact", source={"SourceUri": uri}, artifact_type="DataSet")["ArtifactArn"]
    eq(copy.split("/")[1], data.split("/")[1], "artifact id of the same data in two accounts")
    same = aws(RECEIVER, "sagemaker", "list-associations", source_arn=copy, association_type="SameAs")
    eq([a["DestinationArn"] for a in same["AssociationSummaries"]], [data], "SameAs from the receiver's copy")
    back = aws(RECEIVER, "sagemaker", "list-associations", destination_arn=copy, association_type="SameAs")
    eq([a["SourceArn"] for a in back["AssociationSummaries"]], [data], "SameAs into the receiver's copy")
    denied(OUTSIDER, data)

    aws(OWNER, "ram", "disassociate-resource-share", resource_share_arn=share, principals=[RECEIVER], client_token=token())

    def receiver_denied():
        try:
            denied(RECEIVER, data)
            return True
        except AssertionError:
            return False
    poll("the receiver to be denied after disassociate-resource-share", receiver_denied, timeout=20, interval=0.2)


if __name__ == "__main__":
    main(scenario)
