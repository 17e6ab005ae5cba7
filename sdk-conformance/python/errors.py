"""Errors: each with the right code, HTTP status and boto3's modelled exception class where there is one."""
import uuid

from conformance import (RUN, check, describe_denied, eq, expect_error, main, missing_artifact_arn, poll, ram, sagemaker, token)

OWNER, OTHER = "444444444444", "555555555555"


def scenario():
    sm, other_sm = sagemaker(OWNER), sagemaker(OTHER)
    owner_ram, other_ram = ram(OWNER), ram(OTHER)

    # Server-side validation: client-side validation off, so the missing required Source reaches the server.
    # boto3 reads SageMaker's error code only from __type, so this also proves the body carries it.
    loose = sagemaker(OWNER, validate=False)
    e = expect_error("ValidationException", loose.create_artifact, ArtifactType="DataSet")
    check("source" in e.response["Error"]["Message"], f"validation message names the member: {e.response['Error']}")
    e = expect_error("ValidationException", loose.list_artifacts, MaxResults=1000)
    check("maxResults" in e.response["Error"]["Message"], f"validation message: {e.response['Error']}")
    eq(sm.list_artifacts()["ArtifactSummaries"], [], "a rejected create left nothing behind")

    # ResourceNotFound, as boto3's modelled class.
    expect_error("ResourceNotFound", sm.describe_artifact, ArtifactArn=missing_artifact_arn(OWNER),
                 exception_class=sm.exceptions.ResourceNotFound)
    expect_error("ResourceNotFound", sm.describe_context, ContextName=f"missing-{RUN}",
                 exception_class=sm.exceptions.ResourceNotFound)

    # AccessDeniedException: another account's artifact, not shared.
    data = sm.create_artifact(Source={"SourceUri": f"s3://conformance-{RUN}/boto3-errors"},
                              ArtifactType="DataSet")["ArtifactArn"]
    expect_error("AccessDeniedException", other_sm.describe_artifact, ArtifactArn=data)

    # UnknownResourceException: a well-formed share ARN that does not exist.
    unknown = f"arn:aws:ram:us-east-1:{OWNER}:resource-share/{uuid.uuid4()}"
    expect_error("UnknownResourceException", owner_ram.delete_resource_share, resourceShareArn=unknown,
                 clientToken=token(), exception_class=owner_ram.exceptions.UnknownResourceException)

    # MalformedArnException, from RAM; the rejected create made no share.
    expect_error("MalformedArnException", other_ram.accept_resource_share_invitation,
                 resourceShareInvitationArn="not-an-arn", exception_class=other_ram.exceptions.MalformedArnException)
    expect_error("MalformedArnException", owner_ram.create_resource_share, name=f"bad-{RUN}", resourceArns=["bad"],
                 clientToken=token(), exception_class=owner_ram.exceptions.MalformedArnException)
    eq(owner_ram.get_resource_shares(resourceOwner="SELF", name=f"bad-{RUN}")["resourceShares"], [],
       "shares after a rejected create_resource_share")

    # A repeated accept: ResourceShareInvitationAlreadyAcceptedException.
    group = sm.list_lineage_groups()["LineageGroupSummaries"][0]["LineageGroupArn"]
    share = owner_ram.create_resource_share(name=f"errors-{RUN}", resourceArns=[group], principals=[OTHER],
                                            allowExternalPrincipals=True,
                                            clientToken=token())["resourceShare"]["resourceShareArn"]
    invitation = poll("the invitation", lambda: other_ram.get_resource_share_invitations(
        resourceShareArns=[share])["resourceShareInvitations"])[0]["resourceShareInvitationArn"]
    other_ram.accept_resource_share_invitation(resourceShareInvitationArn=invitation)
    expect_error("ResourceShareInvitationAlreadyAcceptedException", other_ram.accept_resource_share_invitation,
                 resourceShareInvitationArn=invitation,
                 exception_class=other_ram.exceptions.ResourceShareInvitationAlreadyAcceptedException)

    # Deleting the share ends the access it gave.
    eq(owner_ram.delete_resource_share(resourceShareArn=share, clientToken=token())["returnValue"], True,
       "delete_resource_share returnValue")
    poll("the other account to lose access after delete_resource_share",
         lambda: describe_denied(other_sm, data, "error after the share is deleted"))


if __name__ == "__main__":
    main(scenario)
