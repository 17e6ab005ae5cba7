// Experiments: an experiment and a trial with trial components, Search by parent, parameter and tag, and the
// SageMaker Python SDK's Artifact.downstream_trials_v2() walk (QueryLineage for trial components, then Search
// on them and read their Parents), with the AWS SDK for JavaScript v3.
import { ResourceNotFound } from "@aws-sdk/client-sagemaker";
import { RUN, check, eq, expectError, isRecentDate, pages, run, sagemaker, sorted } from "./common.mjs";

const ACCOUNT = "121212121212";
const names = (results) => sorted(results.map((r) => r.TrialComponent.TrialComponentName));

await run(async () => {
  const sm = sagemaker(ACCOUNT);
  const experiment = `exp-${RUN}`, trial = `trial-${RUN}`, c1 = `tc1-${RUN}`, c2 = `tc2-${RUN}`;

  const arn = (await sm.createExperiment({ ExperimentName: experiment, Tags: [{ Key: "run", Value: RUN }] })).ExperimentArn;
  check(arn.endsWith(`:experiment/${experiment.toLowerCase()}`), `experiment arn ${arn}`);
  const trialArn = (await sm.createTrial({ TrialName: trial, ExperimentName: experiment })).TrialArn;
  check(trialArn.endsWith(`:experiment-trial/${trial.toLowerCase()}`), `trial arn ${trialArn}`);
  const components = {};
  for (const [name, hp1, tags] of [[c1, 5, [{ Key: "stage", Value: `dev-${RUN}` }]], [c2, 10, []]]) {
    components[name] = (await sm.createTrialComponent({ TrialComponentName: name, Parameters: { hp1: { NumberValue: hp1 } }, Tags: tags })).TrialComponentArn;
    await sm.associateTrialComponent({ TrialComponentName: name, TrialName: trial });
  }

  const d = await sm.describeTrial({ TrialName: trial });
  eq(d.ExperimentName, experiment, "trial's experiment");
  isRecentDate(d.CreationTime, "trial CreationTime");
  const listed = await pages((i) => sm.listTrialComponents(i), "TrialComponentSummaries", { TrialName: trial, MaxResults: 1 });
  eq(sorted(listed.items.map((s) => s.TrialComponentName)), [c1, c2], "components of the trial");
  eq(listed.count, 2, "pages of one component");
  eq((await sm.listTrials({ ExperimentName: experiment })).TrialSummaries.map((t) => t.TrialName), [trial], "trials of the experiment");

  // --- Search by parent, by parameter, by tag ---
  const byParent = await sm.search({ Resource: "ExperimentTrialComponent", SearchExpression: {
    Filters: [{ Name: "Parents.TrialName", Operator: "Equals", Value: trial }] } });
  eq(names(byParent.Results), [c1, c2], "search by parent");
  eq(byParent.TotalHits.Value, 2, "total hits");
  for (const r of byParent.Results) {
    eq(r.TrialComponent.Parents, [{ TrialName: trial, ExperimentName: experiment }], "parents");
    isRecentDate(r.TrialComponent.LastModifiedTime, "search record LastModifiedTime");
  }
  const byParameter = await sm.search({ Resource: "ExperimentTrialComponent", SearchExpression: { Filters: [
    { Name: "Parents.ExperimentName", Operator: "Equals", Value: experiment },
    { Name: "Parameters.hp1", Operator: "GreaterThanOrEqualTo", Value: "10" }] } });
  eq(names(byParameter.Results), [c2], "search by parameter");
  const byTag = await sm.search({ Resource: "ExperimentTrialComponent", SearchExpression: {
    Filters: [{ Name: "Tags.stage", Operator: "Equals", Value: `dev-${RUN}` }] } });
  eq(names(byTag.Results), [c1], "search by tag");
  const experiments = (await sm.search({ Resource: "Experiment", SearchExpression: {
    Filters: [{ Name: "Tags.run", Operator: "Equals", Value: RUN }] } })).Results;
  eq(experiments.map((e) => e.Experiment.ExperimentArn), [arn], "experiment search by tag");
  const paged = await pages((i) => sm.search(i), "Results", { Resource: "ExperimentTrialComponent", MaxResults: 1,
    SortBy: "Parameters.hp1", SortOrder: "Ascending",
    SearchExpression: { Filters: [{ Name: "Parents.ExperimentName", Operator: "Equals", Value: experiment }] } });
  eq(paged.items.map((r) => r.TrialComponent.TrialComponentName), [c1, c2], "sorted search pages");
  eq(paged.count, 2, "search pages");

  // --- the SDK's downstream_trials walk: artifact -> trial components -> their trials ---
  const artifact = (await sm.createArtifact({ ArtifactType: "DataSet", Source: { SourceUri: `s3://conformance-${RUN}/js-exp` } })).ArtifactArn;
  await sm.addAssociation({ SourceArn: artifact, DestinationArn: components[c1], AssociationType: "ContributedTo" });
  const vertices = (await sm.queryLineage({ StartArns: [artifact], Direction: "Descendants", IncludeEdges: false,
    Filters: { LineageTypes: ["TrialComponent"] } })).Vertices;
  const found = vertices.map((v) => v.Arn);
  eq(found, [components[c1]], "trial components downstream of the artifact");
  const results = (await sm.search({ Resource: "ExperimentTrialComponent", SearchExpression: {
    Filters: found.map((a) => ({ Name: "TrialComponentArn", Operator: "Equals", Value: a })), Operator: "Or" } })).Results;
  eq(sorted([...new Set(results.flatMap((r) => r.TrialComponent.Parents.map((p) => p.TrialName)))]), [trial], "downstream trials");

  // --- delete rules: children first ---
  await expectError("ValidationException", () => sm.deleteExperiment({ ExperimentName: experiment }));
  await expectError("ValidationException", () => sm.deleteTrial({ TrialName: trial }));
  await expectError("ValidationException", () => sm.deleteTrialComponent({ TrialComponentName: c1 }));
  for (const name of [c1, c2]) {
    await sm.disassociateTrialComponent({ TrialComponentName: name, TrialName: trial });
    await sm.deleteTrialComponent({ TrialComponentName: name });
  }
  await sm.deleteTrial({ TrialName: trial });
  eq((await sm.deleteExperiment({ ExperimentName: experiment })).ExperimentArn, arn, "deleted experiment");
  await expectError("ResourceNotFound", () => sm.describeExperiment({ ExperimentName: experiment }), { type: ResourceNotFound });
});
