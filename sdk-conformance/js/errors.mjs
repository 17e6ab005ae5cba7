// Errors with the AWS SDK for JavaScript v3: each with the right error.name, $metadata.httpStatusCode and,
// where the model has one, the modelled exception class.
import { randomUUID } from "node:crypto";
import { ResourceNotFound, SageMakerServiceException } from "@aws-sdk/client-sagemaker";
import {
  IdempotentParameterMismatchException, MalformedArnException, RAMServiceException,
  ResourceShareInvitationAlreadyAcceptedException, UnknownResourceException,
} from "@aws-sdk/client-ram";
import { RUN, check, eq, expectError, missingArtifactArn, poll, ram, run, sagemaker, token } from "./common.mjs";

const OWNER = "444444444444", OTHER = "555555555555";

await run(async () => {
  const sm = sagemaker(OWNER), otherSm = sagemaker(OTHER);
  const ownerRam = ram(OWNER), otherRam = ram(OTHER);

  // Server-side validation: JS v3 validates nothing client-side, so a missing required member reaches the server.
  let e = await expectError("ValidationException", () => sm.createArtifact({ ArtifactType: "DataSet" }), { type: SageMakerServiceException });
  check(e.message.includes("source"), `validation message names the member: ${e.message}`);
  e = await expectError("ValidationException", () => sm.listArtifacts({ MaxResults: 1000 }));
  check(e.message.includes("maxResults"), `validation message: ${e.message}`);
  eq((await sm.listArtifacts({})).ArtifactSummaries, [], "a rejected create left nothing behind");

  // ResourceNotFound, as the SDK's modelled class.
  await expectError("ResourceNotFound", () => sm.describeArtifact({ ArtifactArn: missingArtifactArn(OWNER) }), { type: ResourceNotFound });
  await expectError("ResourceNotFound", () => sm.describeAction({ ActionName: `missing-${RUN}` }), { type: ResourceNotFound });

  // AccessDeniedException: another account's artifact, not shared.
  const data = (await sm.createArtifact({ Source: { SourceUri: `s3://conformance-${RUN}/js-errors` }, ArtifactType: "DataSet" })).ArtifactArn;
  await expectError("AccessDeniedException", () => otherSm.describeArtifact({ ArtifactArn: data }), { type: SageMakerServiceException });

  // UnknownResourceException: DeleteResourceShare (DELETE with query parameters) of a well-formed unknown ARN.
  const unknown = `arn:aws:ram:us-east-1:${OWNER}:resource-share/${randomUUID()}`;
  await expectError("UnknownResourceException", () => ownerRam.deleteResourceShare({ resourceShareArn: unknown, clientToken: token() }), { type: UnknownResourceException });

  // MalformedArnException; the rejected create made no share.
  await expectError("MalformedArnException", () => otherRam.acceptResourceShareInvitation({ resourceShareInvitationArn: "not-an-arn" }), { type: MalformedArnException });
  await expectError("MalformedArnException", () => ownerRam.createResourceShare({ name: `bad-${RUN}`, resourceArns: ["bad"], clientToken: token() }), { type: MalformedArnException });
  eq((await ownerRam.getResourceShares({ resourceOwner: "SELF", name: `bad-${RUN}` })).resourceShares, [], "shares after a rejected createResourceShare");

  // The same clientToken with different parameters is IdempotentParameterMismatchException.
  const group = (await sm.listLineageGroups({})).LineageGroupSummaries[0].LineageGroupArn;
  const ct = token();
  const share = (await ownerRam.createResourceShare({ name: `errors-${RUN}`, resourceArns: [group], principals: [OTHER], allowExternalPrincipals: true, clientToken: ct })).resourceShare.resourceShareArn;
  e = await expectError("IdempotentParameterMismatchException", () => ownerRam.createResourceShare({ name: `other-${RUN}`, clientToken: ct }), { type: IdempotentParameterMismatchException });
  check(e instanceof RAMServiceException, "RAM errors derive RAMServiceException");

  // A repeated accept: ResourceShareInvitationAlreadyAcceptedException.
  // The invitation is sent once the associations complete, so it is polled for (an empty list is truthy in JS).
  const invitation = (await poll("the invitation", async () =>
    (await otherRam.getResourceShareInvitations({ resourceShareArns: [share] })).resourceShareInvitations[0])).resourceShareInvitationArn;
  await otherRam.acceptResourceShareInvitation({ resourceShareInvitationArn: invitation });
  await expectError("ResourceShareInvitationAlreadyAcceptedException",
    () => otherRam.acceptResourceShareInvitation({ resourceShareInvitationArn: invitation }), { type: ResourceShareInvitationAlreadyAcceptedException });
});
