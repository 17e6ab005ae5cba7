"""Organization with the AWS CLI: inside the organization the emulator process declares (EmulatorProcess.cs),
the management account turns sharing on and shares its lineage group with the organization; a member reads
it with no invitation, a non-member stays denied."""

from awscli import ERROR_EXIT_CODES, RUN, _run, aws, aws_error, check, eq, main, poll, token

MANAGEMENT, MEMBER, OUTSIDER = "777777777777", "888888888888", "999999999999"
ORGANIZATION = f"arn:aws:organizations::{MANAGEMENT}:organization/o-conformance1"


def reads(account, arn):
    p = _run(account, "sagemaker", "describe-artifact", {"artifact_arn": arn}, [])
    if p.returncode == 0:
        return True
    check(p.returncode in ERROR_EXIT_CODES and "(AccessDeniedException)" in p.stderr, f"a denied read: {p.stderr}")
    return False


def scenario():
    uri = f"s3://conformance-{RUN}/cli-org/data.csv"
    data = aws(MANAGEMENT, "sagemaker", "create-artifact", artifact_name=f"org-{RUN}", source={"SourceUri": uri},
               artifact_type="DataSet")["ArtifactArn"]
    group = aws(MANAGEMENT, "sagemaker", "describe-artifact", artifact_arn=data)["LineageGroupArn"]
    check(not reads(MEMBER, data), "member read before the share")

    # Only the management account can turn sharing with the organization on.
    aws_error("OperationNotPermittedException", MEMBER, "ram", "enable-sharing-with-aws-organization")
    eq(aws(MANAGEMENT, "ram", "enable-sharing-with-aws-organization")["returnValue"], True, "enable-sharing-with-aws-organization")

    share = aws(MANAGEMENT, "ram", "create-resource-share", name=f"org-{RUN}", resource_arns=[group], principals=[ORGANIZATION],
                allow_external_principals=False, client_token=token())["resourceShare"]["resourceShareArn"]

    # No invitation inside the organization: the member reads once the association completes.
    poll("the member to read the shared artifact", lambda: reads(MEMBER, data))
    invitations = aws(MEMBER, "ram", "get-resource-share-invitations", resource_share_arns=[share])["resourceShareInvitations"]
    eq(invitations, [], "the member's invitations")
    aws(MEMBER, "sagemaker", "query-lineage", start_arns=[data], direction="Both")
    principals = aws(MANAGEMENT, "ram", "get-resource-share-associations", association_type="PRINCIPAL",
                     resource_share_arns=[share])["resourceShareAssociations"]
    eq([(a["associatedEntity"], a["external"]) for a in principals], [(ORGANIZATION, False)], "the organization principal")

    # Outside the organization: denied, and cannot be added to a share that keeps to the organization.
    check(not reads(OUTSIDER, data), "outsider read the shared artifact")
    aws_error("InvalidParameterException", MANAGEMENT, "ram", "associate-resource-share", resource_share_arn=share,
              principals=[OUTSIDER])


if __name__ == "__main__":
    main(scenario)
