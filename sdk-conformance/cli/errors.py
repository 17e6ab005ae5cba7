"""Errors with the AWS CLI: exit code 255 and the service's error code in the CLI's error sentence."""
import uuid

from awscli import RUN, aws, aws_error, check, eq, main, missing_artifact_arn, poll, token

OWNER, OTHER = "444444444444", "555555555555"


def scenario():
    # Server-side validation: the CLI checks required members and types but not patterns or maximums.
    message = aws_error("ValidationException", OWNER, "sagemaker", "create-artifact", artifact_name="not valid!",
                        source={"SourceUri": f"s3://conformance-{RUN}/x"}, artifact_type="DataSet")
    check("artifactName" in message, f"validation message names the member: {message}")
    eq(aws(OWNER, "sagemaker", "list-artifacts")["ArtifactSummaries"], [], "a rejected create left nothing behind")

    aws_error("ResourceNotFound", OWNER, "sagemaker", "describe-artifact", artifact_arn=missing_artifact_arn(OWNER))

    data = aws(OWNER, "sagemaker", "create-artifact", source={"SourceUri": f"s3://conformance-{RUN}/cli-errors"},
               artifact_type="DataSet")["ArtifactArn"]
    aws_error("AccessDeniedException", OTHER, "sagemaker", "describe-artifact", artifact_arn=data)

    unknown = f"arn:aws:ram:us-east-1:{OWNER}:resource-share/{uuid.uuid4()}"
    aws_error("UnknownResourceException", OWNER, "ram", "delete-resource-share", resource_share_arn=unknown,
              client_token=token())
    aws_error("MalformedArnException", OTHER, "ram", "accept-resource-share-invitation",
              resource_share_invitation_arn="not-an-arn")

    group = aws(OWNER, "sagemaker", "list-lineage-groups")["LineageGroupSummaries"][0]["LineageGroupArn"]
    share = aws(OWNER, "ram", "create-resource-share", name=f"errors-{RUN}", resource_arns=[group], principals=[OTHER],
                allow_external_principals=True, client_token=token())["resourceShare"]["resourceShareArn"]
    invitation = poll("the invitation", lambda: aws(OTHER, "ram", "get-resource-share-invitations",
                                                    resource_share_arns=[share])["resourceShareInvitations"])
    arn = invitation[0]["resourceShareInvitationArn"]
    aws(OTHER, "ram", "accept-resource-share-invitation", resource_share_invitation_arn=arn)
    aws_error("ResourceShareInvitationAlreadyAcceptedException", OTHER, "ram", "accept-resource-share-invitation",
              resource_share_invitation_arn=arn)


if __name__ == "__main__":
    main(scenario)
