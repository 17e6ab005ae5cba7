// Organization with the AWS SDK for JavaScript v3: inside the organization the emulator process declares
// (EmulatorProcess.cs), the management account turns sharing on and shares its lineage group with the
// organization; a member reads it with no invitation, a non-member stays denied.
import { OperationNotPermittedException } from "@aws-sdk/client-ram";
import { RUN, check, eq, expectError, poll, ram, run, sagemaker, token } from "./common.mjs";

const MANAGEMENT = "777777777777", MEMBER = "888888888888", OUTSIDER = "999999999999";
const ORGANIZATION = `arn:aws:organizations::${MANAGEMENT}:organization/o-conformance1`;

const reads = async (sm, arn) => {
  try {
    await sm.describeArtifact({ ArtifactArn: arn });
    return true;
  } catch (e) {
    eq(e.name, "AccessDeniedException", "a denied read");
    return false;
  }
};

await run(async () => {
  const owner = sagemaker(MANAGEMENT), member = sagemaker(MEMBER), outsider = sagemaker(OUTSIDER);
  const ownerRam = ram(MANAGEMENT), memberRam = ram(MEMBER);
  const uri = `s3://conformance-${RUN}/js-org/data.csv`;
  const data = (await owner.createArtifact({ ArtifactName: `org-${RUN}`, Source: { SourceUri: uri }, ArtifactType: "DataSet" })).ArtifactArn;
  const model = (await owner.createContext({ ContextName: `org-model-${RUN}`, Source: { SourceUri: `${uri}#model` }, ContextType: "Model" })).ContextArn;
  await owner.addAssociation({ SourceArn: data, DestinationArn: model, AssociationType: "ContributedTo" });
  const group = (await owner.describeArtifact({ ArtifactArn: data })).LineageGroupArn;
  check(!(await reads(member, data)), "member read before the share");

  // Only the management account can turn sharing with the organization on.
  await expectError("OperationNotPermittedException", () => memberRam.enableSharingWithAwsOrganization({}), { type: OperationNotPermittedException });
  eq((await ownerRam.enableSharingWithAwsOrganization({})).returnValue, true, "enableSharingWithAwsOrganization");

  const share = (await ownerRam.createResourceShare({
    name: `org-${RUN}`, resourceArns: [group], principals: [ORGANIZATION], allowExternalPrincipals: false, clientToken: token(),
  })).resourceShare.resourceShareArn;

  // No invitation inside the organization: the member reads once the association completes.
  await poll("the member to read the shared artifact", () => reads(member, data));
  eq((await memberRam.getResourceShareInvitations({ resourceShareArns: [share] })).resourceShareInvitations, [], "the member's invitations");
  const vertices = (await member.queryLineage({ StartArns: [data], Direction: "Both" })).Vertices.map((v) => v.Arn);
  check(vertices.includes(model), `member's QueryLineage: ${vertices}`);
  const principals = (await ownerRam.getResourceShareAssociations({ associationType: "PRINCIPAL", resourceShareArns: [share] })).resourceShareAssociations;
  eq(principals.map((a) => [a.associatedEntity, a.external]), [[ORGANIZATION, false]], "the organization principal");
  const received = (await memberRam.getResourceShares({ resourceOwner: "OTHER-ACCOUNTS" })).resourceShares.map((s) => s.resourceShareArn);
  check(received.includes(share), `member's OTHER-ACCOUNTS shares: ${received}`);

  // Outside the organization: denied, and cannot be added to a share that keeps to the organization.
  check(!(await reads(outsider, data)), "outsider read the shared artifact");
  await expectError("AccessDeniedException", () => outsider.queryLineage({ StartArns: [data], Direction: "Both" }));
  await expectError("InvalidParameterException", () => ownerRam.associateResourceShare({ resourceShareArn: share, principals: [OUTSIDER] }));
});
