// Single account: every lineage entity kind through create, describe, update, paged list, tags,
// associations, QueryLineage and delete, with the AWS SDK for JavaScript v3.
import { ResourceNotFound } from "@aws-sdk/client-sagemaker";
import { RUN, aWhileAgo, check, eq, expectError, isRecentDate, pages, recordRequests, run, sagemaker, sorted } from "./common.mjs";

const ACCOUNT = "666666666666";
const GRAPHS_ACCOUNT = "676767676767";

await run(async () => {
  const sm = sagemaker(ACCOUNT);
  const sent = recordRequests(sm);
  const since = aWhileAgo();
  const uri = `s3://conformance-${RUN}/js-single`;
  const range = [0, 1];

  // --- create: two of each kind so that MaxResults=1 needs NextToken ---
  const artifacts = [], actions = [], contexts = [], components = [];
  for (const i of range) {
    artifacts.push((await sm.createArtifact({
      ArtifactName: `art-${RUN}-${i}`,
      Source: { SourceUri: `${uri}/data${i}`, SourceTypes: [{ SourceIdType: "S3ETag", Value: `etag${i}` }] },
      ArtifactType: "DataSet", Properties: { stage: "raw", drop: "me" }, Tags: [{ Key: "team", Value: "ml" }],
    })).ArtifactArn);
    actions.push((await sm.createAction({
      ActionName: `act-${RUN}-${i}`, Source: { SourceUri: `${uri}/job${i}`, SourceType: "TrainingJob" },
      ActionType: "ModelDeployment", Status: "InProgress", Properties: { drop: "me" },
    })).ActionArn);
    contexts.push((await sm.createContext({
      ContextName: `ctx-${RUN}-${i}`, Source: { SourceUri: `${uri}/endpoint${i}` }, ContextType: "Endpoint",
      Description: "before", Properties: { drop: "me" },
    })).ContextArn);
    components.push((await sm.createTrialComponent({
      TrialComponentName: `tc-${RUN}-${i}`, DisplayName: "before", Status: { PrimaryStatus: "InProgress" },
      Parameters: { lr: { NumberValue: 0.1 }, drop: { StringValue: "me" } },
    })).TrialComponentArn);
  }
  console.log("created", [...artifacts, ...actions, ...contexts, ...components]);

  // --- describe (timestamps must come back as Dates: JS v3 rejects ISO strings in awsJson responses) ---
  let a = await sm.describeArtifact({ ArtifactArn: artifacts[0] });
  eq([a.ArtifactName, a.Source.SourceUri, a.ArtifactType], [`art-${RUN}-0`, `${uri}/data0`, "DataSet"], "artifact");
  eq(a.Properties, { stage: "raw", drop: "me" }, "artifact properties");
  isRecentDate(a.CreationTime, "artifact CreationTime");
  isRecentDate(a.LastModifiedTime, "artifact LastModifiedTime");
  check(a.LineageGroupArn?.endsWith(":lineage-group/sagemaker-default-lineage-group"), `LineageGroupArn ${a.LineageGroupArn}`);
  let act = await sm.describeAction({ ActionName: `act-${RUN}-0` });
  eq([act.ActionArn, act.Status, act.Source.SourceType], [actions[0], "InProgress", "TrainingJob"], "action");
  isRecentDate(act.CreationTime, "action CreationTime");
  let ctx = await sm.describeContext({ ContextName: `ctx-${RUN}-0` });
  eq([ctx.ContextArn, ctx.Description], [contexts[0], "before"], "context");
  isRecentDate(ctx.CreationTime, "context CreationTime");
  let tc = await sm.describeTrialComponent({ TrialComponentName: `tc-${RUN}-0` });
  eq([tc.TrialComponentArn, tc.Status.PrimaryStatus, tc.Parameters.lr], [components[0], "InProgress", { NumberValue: 0.1 }], "trial component");
  isRecentDate(tc.CreationTime, "trial component CreationTime");

  // --- update ---
  await sm.updateArtifact({ ArtifactArn: artifacts[0], ArtifactName: `art-${RUN}-renamed`, Properties: { stage: "clean" }, PropertiesToRemove: ["drop"] });
  a = await sm.describeArtifact({ ArtifactArn: artifacts[0] });
  eq([a.ArtifactName, a.Properties], [`art-${RUN}-renamed`, { stage: "clean" }], "updated artifact");
  check(a.LastModifiedTime >= a.CreationTime, "artifact LastModifiedTime before CreationTime");
  await sm.updateAction({ ActionName: `act-${RUN}-0`, Status: "Completed", Description: "after", PropertiesToRemove: ["drop"] });
  act = await sm.describeAction({ ActionName: `act-${RUN}-0` });
  eq([act.Status, act.Description, act.Properties ?? {}], ["Completed", "after", {}], "updated action");
  await sm.updateContext({ ContextName: `ctx-${RUN}-0`, Description: "after", Properties: { k: "v" }, PropertiesToRemove: ["drop"] });
  ctx = await sm.describeContext({ ContextName: `ctx-${RUN}-0` });
  eq([ctx.Description, ctx.Properties], ["after", { k: "v" }], "updated context");
  await sm.updateTrialComponent({ TrialComponentName: `tc-${RUN}-0`, DisplayName: "after", Status: { PrimaryStatus: "Completed" }, ParametersToRemove: ["drop"] });
  tc = await sm.describeTrialComponent({ TrialComponentName: `tc-${RUN}-0` });
  eq([tc.DisplayName, tc.Status.PrimaryStatus, Object.keys(tc.Parameters)], ["after", "Completed", ["lr"]], "updated trial component");

  // --- list one item a page, following NextToken; CreatedAfter goes out as fractional epoch seconds ---
  for (const [call, key, arnKey, created, extra] of [
    [(i) => sm.listArtifacts(i), "ArtifactSummaries", "ArtifactArn", artifacts, { ArtifactType: "DataSet" }],
    [(i) => sm.listActions(i), "ActionSummaries", "ActionArn", actions, { ActionType: "ModelDeployment" }],
    [(i) => sm.listContexts(i), "ContextSummaries", "ContextArn", contexts, { ContextType: "Endpoint" }],
    [(i) => sm.listTrialComponents(i), "TrialComponentSummaries", "TrialComponentArn", components, {}],
  ]) {
    const { items, count } = await pages(call, key, { MaxResults: 1, CreatedAfter: since, SortBy: "CreationTime", SortOrder: "Ascending", ...extra });
    eq(sorted(items.map((x) => x[arnKey])), sorted(created), `${key} over all pages`);
    eq(count, created.length, `${key} page count with MaxResults=1`);
    items.forEach((x) => isRecentDate(x.CreationTime, `${key} CreationTime`));
    const times = items.map((x) => x.CreationTime.getTime());
    eq(times, [...times].sort((p, q) => p - q), `${key} ascending by CreationTime`);
  }
  const filtered = sent.find((r) => r.headers["x-amz-target"] === "SageMaker.ListArtifacts" && r.body?.includes("CreatedAfter"));
  check(/"CreatedAfter":\d+\.5[,}]/.test(filtered?.body ?? ""), `JS v3 sends CreatedAfter as fractional seconds: ${filtered?.body}`);
  const future = new Date(Date.now() + 60_000);
  eq((await sm.listArtifacts({ CreatedAfter: future })).ArtifactSummaries, [], "artifacts created after a future time");
  const bySource = await sm.listArtifacts({ SourceUri: `${uri}/data1` });
  eq(bySource.ArtifactSummaries.map((x) => x.ArtifactArn), [artifacts[1]], "listArtifacts SourceUri filter");
  const groups = (await sm.listLineageGroups({})).LineageGroupSummaries;
  eq(groups.map((g) => g.LineageGroupArn), [a.LineageGroupArn], "the one default lineage group");

  // --- tags (ListTags MaxResults has a minimum of 50 in the model, so no paging here) ---
  for (const arn of [artifacts[0], actions[0], contexts[0], components[0]]) {
    await sm.addTags({ ResourceArn: arn, Tags: [{ Key: "env", Value: "dev" }, { Key: "temp", Value: "1" }] });
    await sm.deleteTags({ ResourceArn: arn, TagKeys: ["temp"] });
    const tags = Object.fromEntries((await sm.listTags({ ResourceArn: arn })).Tags.map((t) => [t.Key, t.Value]));
    eq(Object.keys(tags).sort().map((k) => [k, tags[k]]),
      arn === artifacts[0] ? [["env", "dev"], ["team", "ml"]] : [["env", "dev"]], `tags of ${arn}`);
  }

  // --- associations: artifact0 -> action0 -> context0, artifact0 -> tc0 -> artifact1 ---
  const edges = [[artifacts[0], actions[0], "ContributedTo"], [actions[0], contexts[0], "AssociatedWith"],
    [artifacts[0], components[0], "ContributedTo"], [components[0], artifacts[1], "Produced"]];
  for (const [SourceArn, DestinationArn, AssociationType] of edges) {
    const r = await sm.addAssociation({ SourceArn, DestinationArn, AssociationType });
    eq([r.SourceArn, r.DestinationArn], [SourceArn, DestinationArn], "addAssociation response");
  }
  let { items, count } = await pages((i) => sm.listAssociations(i), "AssociationSummaries", { SourceArn: artifacts[0], MaxResults: 1 });
  eq(count, 2, "listAssociations pages with MaxResults=1");
  eq(sorted(items.map((x) => `${x.DestinationArn} ${x.AssociationType} ${x.SourceType}`)),
    sorted([`${actions[0]} ContributedTo DataSet`, `${components[0]} ContributedTo DataSet`]), "associations from artifact0");
  items.forEach((x) => isRecentDate(x.CreationTime, "association CreationTime"));
  ({ items } = await pages((i) => sm.listAssociations(i), "AssociationSummaries", { DestinationArn: contexts[0], CreatedAfter: since }));
  eq(items.map((x) => [x.SourceArn, x.DestinationType]), [[actions[0], "Endpoint"]], "associations into context0");

  // --- QueryLineage ---
  let q = await sm.queryLineage({ StartArns: [artifacts[0]], Direction: "Descendants", IncludeEdges: true, MaxDepth: 10 });
  const kinds = Object.fromEntries(q.Vertices.map((v) => [v.Arn, v.LineageType]));
  for (const [arn, kind] of [[actions[0], "Action"], [contexts[0], "Context"], [components[0], "TrialComponent"], [artifacts[1], "Artifact"]])
    eq(kinds[arn], kind, `descendant ${arn} of artifact0`);
  const gotEdges = new Set(q.Edges.map((e) => `${e.SourceArn} ${e.DestinationArn} ${e.AssociationType}`));
  for (const e of edges) check(gotEdges.has(e.join(" ")), `QueryLineage edge ${e} missing from ${[...gotEdges]}`);
  q = await sm.queryLineage({ StartArns: [contexts[0]], Direction: "Ascendants" });
  const up = q.Vertices.map((v) => v.Arn);
  check(up.includes(actions[0]) && up.includes(artifacts[0]), `ascendants of context0: ${up}`);
  check(!up.includes(actions[1]) && !up.includes(contexts[1]), `unconnected entities in QueryLineage: ${up}`);
  q = await sm.queryLineage({ StartArns: [artifacts[0]], Direction: "Descendants", MaxDepth: 1 });
  eq(sorted(q.Vertices.map((v) => v.Arn).filter((x) => x !== artifacts[0])), sorted([actions[0], components[0]]), "descendants at MaxDepth=1");
  q = await sm.queryLineage({ StartArns: [artifacts[0]], Direction: "Descendants", Filters: { LineageTypes: ["Context"] } });
  eq(q.Vertices.map((v) => v.Arn), [contexts[0]], "QueryLineage LineageTypes filter");

  // --- QueryLineage as the SageMaker Python SDK's visualizer uses it (LineageQuery.query: Both, IncludeEdges,
  //     no filter, MaxDepth 10, no MaxResults) on the graph of its test_graph_visualize. The graphs live in
  //     another account so the checks of what is left after deleting stay exact. ---
  const graphs = sagemaker(GRAPHS_ACCOUNT);
  const artifact = async (kind) => (await graphs.createArtifact({ Source: { SourceUri: `${uri}/viz-${kind}` }, ArtifactType: kind })).ArtifactArn;
  const [model, image, dataset] = [await artifact("Model"), await artifact("Image"), await artifact("DataSet")];
  const deploy = (await graphs.createAction({ ActionName: `viz-deploy-${RUN}`, Source: { SourceUri: `${uri}/viz-deploy` }, ActionType: "ModelDeploy" })).ActionArn;
  const endpoint = (await graphs.createContext({ ContextName: `viz-endpoint-${RUN}`, Source: { SourceUri: `${uri}/viz-endpoint` }, ContextType: "Endpoint" })).ContextArn;
  for (const [s, d] of [[image, model], [dataset, model], [model, deploy], [deploy, endpoint]])
    await graphs.addAssociation({ SourceArn: s, DestinationArn: d, AssociationType: "ContributedTo" });
  q = await graphs.queryLineage({ StartArns: [model], Direction: "Both", IncludeEdges: true, Filters: {}, MaxDepth: 10 });
  const vertexSet = new Set(q.Vertices.map((v) => v.Arn));
  eq(sorted(vertexSet), sorted([model, image, dataset, deploy, endpoint]), "visualizer-shaped QueryLineage vertices (start included)");
  eq(q.Edges.length, 4, "visualizer-shaped QueryLineage edges");
  for (const e of q.Edges) check(vertexSet.has(e.SourceArn) && vertexSet.has(e.DestinationArn), `edge end not in Vertices: ${JSON.stringify(e)}`);
  eq(q.NextToken, undefined, "visualizer-shaped QueryLineage NextToken");

  // --- a 12-child fan-out read as the SDK reads it: no MaxResults, no NextToken followed ---
  const root = (await graphs.createArtifact({ Source: { SourceUri: `${uri}/fan-root` }, ArtifactType: "DataSet" })).ArtifactArn;
  const children = [];
  for (let i = 0; i < 12; i++) {
    children.push((await graphs.createArtifact({ Source: { SourceUri: `${uri}/fan-${i}` }, ArtifactType: "Model" })).ArtifactArn);
    await graphs.addAssociation({ SourceArn: root, DestinationArn: children[i] });
  }
  q = await graphs.queryLineage({ StartArns: [root], Direction: "Descendants", IncludeEdges: true });
  eq(sorted(q.Vertices.map((v) => v.Arn)), sorted([root, ...children]), "12-child fan-out without MaxResults");
  eq([q.Edges.length, q.NextToken], [12, undefined], "12-child fan-out edges and NextToken");

  // --- delete an association, then every entity ---
  await sm.deleteAssociation({ SourceArn: components[0], DestinationArn: artifacts[1] });
  eq((await sm.listAssociations({ DestinationArn: artifacts[1] })).AssociationSummaries, [], "associations into artifact1 after deleteAssociation");
  eq((await sm.deleteArtifact({ ArtifactArn: artifacts[0] })).ArtifactArn, artifacts[0], "deleteArtifact");
  await expectError("ResourceNotFound", () => sm.describeArtifact({ ArtifactArn: artifacts[0] }), { type: ResourceNotFound });
  eq((await sm.listAssociations({ DestinationArn: actions[0] })).AssociationSummaries, [], "associations of a deleted artifact");
  eq((await sm.deleteArtifact({ Source: { SourceUri: `${uri}/data1` } })).ArtifactArn, artifacts[1], "deleteArtifact by Source");
  for (const i of range) {
    eq((await sm.deleteAction({ ActionName: `act-${RUN}-${i}` })).ActionArn, actions[i], "deleteAction");
    eq((await sm.deleteContext({ ContextName: `ctx-${RUN}-${i}` })).ContextArn, contexts[i], "deleteContext");
    eq((await sm.deleteTrialComponent({ TrialComponentName: `tc-${RUN}-${i}` })).TrialComponentArn, components[i], "deleteTrialComponent");
  }
  await expectError("ResourceNotFound", () => sm.describeAction({ ActionName: `act-${RUN}-0` }), { type: ResourceNotFound });
  await expectError("ResourceNotFound", () => sm.describeContext({ ContextName: `ctx-${RUN}-0` }), { type: ResourceNotFound });
  await expectError("ResourceNotFound", () => sm.describeTrialComponent({ TrialComponentName: `tc-${RUN}-0` }), { type: ResourceNotFound });
  eq((await sm.listArtifacts({ CreatedAfter: since })).ArtifactSummaries, [], "artifacts left after deleting all");
});
