// Cross account with the AWS SDK for JavaScript v3: the owner shares its lineage group through RAM; the
// receiver reads and links to it after accepting; an outsider is denied throughout; deleting the share (a
// DELETE with query parameters, which JS v3 sends without Content-Length) denies the receiver again.
import { RUN, check, eq, expectError, isRecentDate, pages, poll, ram, recordRequests, run, sagemaker, signedHeaders, token } from "./common.mjs";

const OWNER = "111111111111", RECEIVER = "222222222222", OUTSIDER = "333333333333";

async function denied(sm, arn) {
  await expectError("AccessDeniedException", () => sm.describeArtifact({ ArtifactArn: arn }));
  await expectError("AccessDeniedException", () => sm.queryLineage({ StartArns: [arn], Direction: "Both" }));
}

await run(async () => {
  const owner = sagemaker(OWNER), receiver = sagemaker(RECEIVER), outsider = sagemaker(OUTSIDER);
  const ownerRam = ram(OWNER), receiverRam = ram(RECEIVER), outsiderRam = ram(OUTSIDER);
  const sent = recordRequests(ownerRam);
  const uri = `s3://conformance-${RUN}/js-cross/train.csv`;

  // --- the owner's graph: data -> training action -> model context ---
  const data = (await owner.createArtifact({ ArtifactName: `data-${RUN}`, Source: { SourceUri: uri }, ArtifactType: "DataSet" })).ArtifactArn;
  const train = (await owner.createAction({ ActionName: `train-${RUN}`, Source: { SourceUri: `${uri}#job` }, ActionType: "Training" })).ActionArn;
  const model = (await owner.createContext({ ContextName: `model-${RUN}`, Source: { SourceUri: `${uri}#model` }, ContextType: "Model" })).ContextArn;
  await owner.addAssociation({ SourceArn: data, DestinationArn: train, AssociationType: "ContributedTo" });
  await owner.addAssociation({ SourceArn: train, DestinationArn: model, AssociationType: "Produced" });
  const mine = (await receiver.createArtifact({ ArtifactName: `mine-${RUN}`, Source: { SourceUri: `${uri}#receiver` }, ArtifactType: "Report" })).ArtifactArn;

  // --- before any share ---
  await denied(receiver, data);
  await denied(outsider, data);
  await expectError("AccessDeniedException", () => receiver.addAssociation({ SourceArn: mine, DestinationArn: data, AssociationType: "ContributedTo" }));

  // --- share; JS v3 fills no clientToken either, so pass one and check idempotency ---
  const groups = (await owner.listLineageGroups({})).LineageGroupSummaries;
  eq(groups.length, 1, "owner's lineage groups");
  const group = groups[0].LineageGroupArn;
  isRecentDate(groups[0].CreationTime, "lineage group CreationTime");
  const ct = token();
  const input = { name: `lineage-${RUN}`, resourceArns: [group], principals: [RECEIVER], allowExternalPrincipals: true, clientToken: ct };
  const created = await ownerRam.createResourceShare(input);
  const share = created.resourceShare.resourceShareArn;
  eq(created.clientToken, ct, "createResourceShare clientToken echo");
  isRecentDate(created.resourceShare.creationTime, "resource share creationTime");
  check(share.startsWith(`arn:aws:ram:us-east-1:${OWNER}:resource-share/`), `share ARN ${share}`);
  eq((await ownerRam.createResourceShare(input)).resourceShare.resourceShareArn, share, "same clientToken returns the same share");
  const named = (await ownerRam.getResourceShares({ resourceOwner: "SELF", name: `lineage-${RUN}` })).resourceShares;
  eq(named.map((s) => s.resourceShareArn), [share], "a repeated clientToken made no second share");

  // --- receiver: the PENDING invitation is sent once the associations complete (still denied until it
  //     accepts); the outsider gets none ---
  const invitation = await poll("a PENDING invitation for the receiver", async () =>
    (await receiverRam.getResourceShareInvitations({ resourceShareArns: [share] })).resourceShareInvitations.find((i) => i.status === "PENDING"));
  eq([invitation.senderAccountId, invitation.receiverAccountId], [OWNER, RECEIVER], "invitation accounts");
  isRecentDate(invitation.invitationTimestamp, "invitationTimestamp");
  await denied(receiver, data);
  const outsiderInvites = (await outsiderRam.getResourceShareInvitations({})).resourceShareInvitations;
  check(outsiderInvites.every((i) => i.resourceShareArn !== share), "outsider was invited");
  // --- accepted as soon as it is listed and read at once, the official client flow, with no waiting ---
  const accepted = await receiverRam.acceptResourceShareInvitation({ resourceShareInvitationArn: invitation.resourceShareInvitationArn, clientToken: token() });
  eq(accepted.resourceShareInvitation.status, "ACCEPTED", "accepted invitation status");
  const described = await receiver.describeArtifact({ ArtifactArn: data });
  const status = async (associationType, entity) => {
    const { items } = await pages((i) => ownerRam.getResourceShareAssociations(i), "resourceShareAssociations",
      { associationType, resourceShareArns: [share] }, "nextToken");
    return items.filter((x) => x.associatedEntity === entity).map((x) => x.status);
  };
  eq(await status("RESOURCE", group), ["ASSOCIATED"], "the lineage group's RESOURCE association");
  eq(await status("PRINCIPAL", RECEIVER), ["ASSOCIATED"], "the receiver's PRINCIPAL association");

  // --- receiver reads, links and queries the owner's lineage ---
  eq([described.ArtifactArn, described.ArtifactName, described.LineageGroupArn], [data, `data-${RUN}`, group], "receiver describes owner's artifact");
  eq((await receiver.describeContext({ ContextName: model })).ContextArn, model, "receiver describes owner's context by ARN");
  await receiver.addAssociation({ SourceArn: mine, DestinationArn: data, AssociationType: "ContributedTo" });
  const q = await receiver.queryLineage({ StartArns: [data], Direction: "Both", IncludeEdges: true });
  const arns = q.Vertices.map((v) => v.Arn);
  check([train, model, mine].every((x) => arns.includes(x)), `receiver's QueryLineage from the owner's artifact: ${arns}`);
  const edges = q.Edges.map((e) => `${e.SourceArn} ${e.DestinationArn}`);
  check(edges.includes(`${mine} ${data}`) && edges.includes(`${data} ${train}`), `QueryLineage edges: ${edges}`);

  // --- same data in the receiver's account: the same artifact id and SameAs both ways, which the SageMaker
  //     Python SDK's LineageQuery needs to collapse the two into one vertex ---
  const copy = (await receiver.createArtifact({ ArtifactName: `copy-${RUN}`, Source: { SourceUri: uri }, ArtifactType: "DataSet" })).ArtifactArn;
  eq(copy.split("/")[1], data.split("/")[1], "artifact id of the same data in two accounts");
  const same = (await receiver.listAssociations({ SourceArn: copy, AssociationType: "SameAs" })).AssociationSummaries;
  eq(same.map((x) => x.DestinationArn), [data], "SameAs associations from the receiver's copy");
  const back = (await receiver.listAssociations({ DestinationArn: copy, AssociationType: "SameAs" })).AssociationSummaries;
  eq(back.map((x) => x.SourceArn), [data], "SameAs associations into the receiver's copy");

  await denied(outsider, data);

  // --- owner deletes the share (DELETE ?resourceShareArn=&clientToken=); same token again is idempotent ---
  const deleteToken = token();
  const deleted = await ownerRam.deleteResourceShare({ resourceShareArn: share, clientToken: deleteToken });
  eq([deleted.returnValue, deleted.clientToken], [true, deleteToken], "deleteResourceShare response");
  eq((await ownerRam.deleteResourceShare({ resourceShareArn: share, clientToken: deleteToken })).returnValue, true, "repeated deleteResourceShare with the same clientToken");
  // What made this DELETE different on the wire: members in the query, no body and no Content-Length, while
  // JS v3's POSTs sign content-length; both sign its amz-sdk-* headers.
  const del = sent.find((r) => r.method === "DELETE");
  eq([del?.path, del?.query], ["/deleteresourceshare", { resourceShareArn: share, clientToken: deleteToken }], "DeleteResourceShare request line");
  check(!Object.keys(del.headers).some((h) => h.toLowerCase() === "content-length"), `DELETE sent Content-Length: ${JSON.stringify(del.headers)}`);
  check(signedHeaders(del).includes("amz-sdk-invocation-id"), `DELETE SignedHeaders: ${signedHeaders(del)}`);
  const post = sent.find((r) => r.method === "POST");
  check(signedHeaders(post).includes("content-length"), `POST SignedHeaders: ${signedHeaders(post)}`);
  await poll("the receiver to be denied after deleteResourceShare", async () => {
    try {
      await receiver.describeArtifact({ ArtifactArn: data });
      return false;
    } catch (e) {
      eq(e.name, "AccessDeniedException", "receiver's error after the share is deleted");
      return true;
    }
  });
  await denied(receiver, data);
});
