// Pipeline with the AWS SDK for JavaScript v3: account A trains a model, registers and approves a model
// package and deploys it, waiting with JS v3's own waitUntil* functions; A shares its lineage group with B;
// B finds A's endpoint context through QueryLineage from a shared entity, walks from the endpoint back to the
// training data, and B's own training job on the same S3 data gets its SameAs link.
import { waitUntilEndpointInService, waitUntilTrainingJobCompletedOrStopped } from "@aws-sdk/client-sagemaker";
import { RUN, check, eq, poll, ram, run, sagemaker, token } from "./common.mjs";

const A = "565656565656", B = "343434343434";
const IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const ROLE = "arn:aws:iam::565656565656:role/SageMakerRole";
// The waiters' default delays are minutes; the emulator's jobs take about a second.
const fast = (client) => ({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 });

const trainingJob = (sm, name, data, output) => sm.createTrainingJob({
  TrainingJobName: name,
  AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: "File" },
  RoleArn: ROLE,
  InputDataConfig: [{ ChannelName: "train", DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: data } } }],
  OutputDataConfig: { S3OutputPath: output },
  ResourceConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 10 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
});

async function artifactOf(sm, uri) {
  const found = (await sm.listArtifacts({ SourceUri: uri })).ArtifactSummaries;
  eq(found.length, 1, `artifacts of ${uri}`);
  return found[0].ArtifactArn;
}

await run(async () => {
  const a = sagemaker(A), b = sagemaker(B), aRam = ram(A), bRam = ram(B);
  const data = `s3://conformance-${RUN}/js-pipeline/train.csv`;
  const job = `js-train-${RUN}`;

  // --- A trains a model and waits for it with JS v3's waiter ---
  await trainingJob(a, job, data, `s3://conformance-${RUN}/js-pipeline/output`);
  eq((await a.describeTrainingJob({ TrainingJobName: job })).TrainingJobStatus, "InProgress", "a new training job");
  const waited = await waitUntilTrainingJobCompletedOrStopped(fast(a), { TrainingJobName: job });
  eq(waited.state, "SUCCESS", "training job waiter");
  const trained = await a.describeTrainingJob({ TrainingJobName: job });
  eq(trained.TrainingJobStatus, "Completed", "training job after the waiter");
  const modelData = trained.ModelArtifacts.S3ModelArtifacts;
  eq(modelData, `s3://conformance-${RUN}/js-pipeline/output/${job}/output/model.tar.gz`, "S3ModelArtifacts");

  // --- A registers the model and approves it ---
  const group = `js-models-${RUN}`;
  await a.createModelPackageGroup({ ModelPackageGroupName: group });
  const pkg = (await a.createModelPackage({
    ModelPackageGroupName: group,
    InferenceSpecification: { Containers: [{ Image: IMAGE, ModelDataUrl: modelData }], SupportedContentTypes: ["text/csv"], SupportedResponseMIMETypes: ["text/csv"] },
    ModelApprovalStatus: "PendingManualApproval",
  })).ModelPackageArn;
  await a.updateModelPackage({ ModelPackageArn: pkg, ModelApprovalStatus: "Approved" });
  eq((await a.describeModelPackage({ ModelPackageName: pkg })).ModelApprovalStatus, "Approved", "approved package");

  // --- A deploys it and waits for the endpoint with JS v3's waiter ---
  const model = `js-model-${RUN}`, config = `js-config-${RUN}`, endpointName = `js-endpoint-${RUN}`;
  await a.createModel({ ModelName: model, ExecutionRoleArn: ROLE, PrimaryContainer: { ModelPackageName: pkg } });
  await a.createEndpointConfig({ EndpointConfigName: config, ProductionVariants: [
    { VariantName: "AllTraffic", ModelName: model, InitialInstanceCount: 1, InstanceType: "ml.m5.large" }] });
  const endpoint = (await a.createEndpoint({ EndpointName: endpointName, EndpointConfigName: config })).EndpointArn;
  eq((await a.describeEndpoint({ EndpointName: endpointName })).EndpointStatus, "Creating", "a new endpoint");
  eq((await waitUntilEndpointInService(fast(a), { EndpointName: endpointName })).state, "SUCCESS", "endpoint waiter");
  eq((await a.describeEndpoint({ EndpointName: endpointName })).EndpointStatus, "InService", "endpoint after the waiter");
  const aData = await artifactOf(a, data);

  // --- A shares its lineage group with B, B accepts ---
  const groupArn = (await a.listLineageGroups({})).LineageGroupSummaries[0].LineageGroupArn;
  const share = (await aRam.createResourceShare({ name: `pipeline-${RUN}`, resourceArns: [groupArn], principals: [B], clientToken: token() }))
    .resourceShare.resourceShareArn;
  const invitation = await poll("B's invitation", async () =>
    (await bRam.getResourceShareInvitations({ resourceShareArns: [share] })).resourceShareInvitations[0]);
  await bRam.acceptResourceShareInvitation({ resourceShareInvitationArn: invitation.resourceShareInvitationArn });

  // --- B finds A's endpoint context from the shared training data artifact (A hands B its ARN) ---
  const contexts = await poll("A's lineage to be readable by B", async () => {
    try {
      const q = await b.queryLineage({ StartArns: [aData], Direction: "Descendants", Filters: { Types: ["Endpoint"], LineageTypes: ["Context"] }, MaxResults: 50 });
      return q.Vertices.map((v) => v.Arn);
    } catch (e) {
      // RAM's associations read ASSOCIATING for a moment after the accept; B is denied until ASSOCIATED.
      eq(e.name, "AccessDeniedException", "B's QueryLineage before the share is in effect");
      return null;
    }
  });
  eq(contexts.length, 1, "endpoint contexts downstream of A's training data");
  const context = await b.describeContext({ ContextName: contexts[0] });
  eq([context.Source.SourceUri, context.ContextType], [endpoint, "Endpoint"], "the context tracks A's endpoint");

  // --- B walks from A's endpoint back to the training data and the training job ---
  const datasets = (await b.queryLineage({ StartArns: [contexts[0]], Direction: "Ascendants", Filters: { Types: ["DataSet"] }, MaxResults: 50 })).Vertices;
  eq(datasets.map((v) => v.Arn), [aData], "training data upstream of A's endpoint");
  eq((await b.describeArtifact({ ArtifactArn: aData })).Source.SourceUri, data, "the training data's S3 URI");
  const jobs = (await b.queryLineage({ StartArns: [contexts[0]], Direction: "Ascendants", Filters: { Types: ["TrainingJob"] }, MaxResults: 50 })).Vertices;
  eq(jobs.length, 1, "training jobs upstream of A's endpoint");
  eq((await b.describeTrialComponent({ TrialComponentName: jobs[0].Arn })).Source.SourceArn, trained.TrainingJobArn, "the trial component's training job");

  // --- B trains on the same S3 data: its data artifact is linked SameAs to A's ---
  await trainingJob(b, `js-retrain-${RUN}`, data, `s3://conformance-${RUN}/js-pipeline/b-output`);
  const bData = await artifactOf(b, data);
  const same = (await b.listAssociations({ SourceArn: bData, AssociationType: "SameAs" })).AssociationSummaries;
  eq(same.map((s) => [s.SourceArn, s.DestinationArn]), [[bData, aData]], "B's SameAs link to A's data");
  const mine = (await b.queryLineage({ StartArns: [bData], Direction: "Descendants", Filters: { Types: ["Endpoint"] }, MaxResults: 50 })).Vertices;
  check(mine.some((v) => v.Arn === contexts[0]), `A's endpoint context from B's own data: ${JSON.stringify(mine)}`);
});
