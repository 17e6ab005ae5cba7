"""Pipeline: account A trains a model, registers and approves a model package and deploys it to an endpoint,
waiting with boto3's own waiters; A shares its lineage group with B; B finds A's endpoint context through
QueryLineage from a shared entity, walks from the endpoint back to the training data, and B's own training
job on the same S3 data gets its SameAs link. boto3."""
from botocore.exceptions import ClientError

from conformance import RUN, check, eq, main, poll, ram, sagemaker, token

A, B = "565656565656", "343434343434"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::565656565656:role/SageMakerRole"
# boto3's waiters poll every 120 s (training) and 30 s (endpoints) by default; the emulator's jobs take about
# a second, so poll every second.
FAST = {"Delay": 1, "MaxAttempts": 60}


def training_job(sm, name, data, output):
    sm.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}}}],
        OutputDataConfig={"S3OutputPath": output},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600})


def artifact_of(sm, uri):
    found = sm.list_artifacts(SourceUri=uri)["ArtifactSummaries"]
    eq(len(found), 1, f"artifacts of {uri}")
    return found[0]["ArtifactArn"]


def scenario():
    a, b, a_ram, b_ram = sagemaker(A), sagemaker(B), ram(A), ram(B)
    data = f"s3://conformance-{RUN}/boto3-pipeline/train.csv"
    job = f"boto3-train-{RUN}"

    # --- A trains a model and waits for it with boto3's waiter ---
    training_job(a, job, data, f"s3://conformance-{RUN}/boto3-pipeline/output")
    eq(a.describe_training_job(TrainingJobName=job)["TrainingJobStatus"], "InProgress", "a new training job")
    a.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=job, WaiterConfig=FAST)
    trained = a.describe_training_job(TrainingJobName=job)
    eq(trained["TrainingJobStatus"], "Completed", "training job after the waiter")
    model_data = trained["ModelArtifacts"]["S3ModelArtifacts"]
    eq(model_data, f"s3://conformance-{RUN}/boto3-pipeline/output/{job}/output/model.tar.gz", "S3ModelArtifacts")

    # --- A registers the model and approves it ---
    group = f"boto3-models-{RUN}"
    a.create_model_package_group(ModelPackageGroupName=group)
    package = a.create_model_package(
        ModelPackageGroupName=group,
        InferenceSpecification={"Containers": [{"Image": IMAGE, "ModelDataUrl": model_data}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
        ModelApprovalStatus="PendingManualApproval")["ModelPackageArn"]
    a.update_model_package(ModelPackageArn=package, ModelApprovalStatus="Approved")
    eq(a.describe_model_package(ModelPackageName=package)["ModelApprovalStatus"], "Approved", "approved package")

    # --- A deploys it and waits for the endpoint with boto3's waiter ---
    model, config, endpoint_name = f"boto3-model-{RUN}", f"boto3-config-{RUN}", f"boto3-endpoint-{RUN}"
    a.create_model(ModelName=model, ExecutionRoleArn=ROLE, PrimaryContainer={"ModelPackageName": package})
    a.create_endpoint_config(EndpointConfigName=config, ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": model, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    endpoint = a.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=config)["EndpointArn"]
    eq(a.describe_endpoint(EndpointName=endpoint_name)["EndpointStatus"], "Creating", "a new endpoint")
    a.get_waiter("endpoint_in_service").wait(EndpointName=endpoint_name, WaiterConfig=FAST)
    eq(a.describe_endpoint(EndpointName=endpoint_name)["EndpointStatus"], "InService", "endpoint after the waiter")
    a_data = artifact_of(a, data)

    # --- A shares its lineage group with B, B accepts ---
    group_arn = a.list_lineage_groups()["LineageGroupSummaries"][0]["LineageGroupArn"]
    share = a_ram.create_resource_share(name=f"pipeline-{RUN}", resourceArns=[group_arn], principals=[B],
                                        clientToken=token())["resourceShare"]["resourceShareArn"]
    invitation = poll("B's invitation", lambda: b_ram.get_resource_share_invitations(
        resourceShareArns=[share])["resourceShareInvitations"])[0]
    b_ram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])

    # --- B finds A's endpoint context from the shared training data artifact (A hands B its ARN) ---
    def endpoint_contexts():
        # RAM's associations read ASSOCIATING for a moment after the accept; B is denied until ASSOCIATED.
        try:
            q = b.query_lineage(StartArns=[a_data], Direction="Descendants",
                                Filters={"Types": ["Endpoint"], "LineageTypes": ["Context"]}, MaxResults=50)
        except ClientError as e:
            eq(e.response["Error"]["Code"], "AccessDeniedException", "B's QueryLineage before the share is in effect")
            return None
        return [v["Arn"] for v in q["Vertices"]]
    contexts = poll("A's lineage to be readable by B", endpoint_contexts)
    eq(len(contexts), 1, "endpoint contexts downstream of A's training data")
    context = b.describe_context(ContextName=contexts[0])
    eq(context["Source"]["SourceUri"], endpoint, "the context tracks A's endpoint")
    eq(context["ContextType"], "Endpoint", "endpoint context type")

    # --- B walks from A's endpoint back to the training data and the training job ---
    datasets = b.query_lineage(StartArns=[contexts[0]], Direction="Ascendants",
                               Filters={"Types": ["DataSet"]}, MaxResults=50)["Vertices"]
    eq([v["Arn"] for v in datasets], [a_data], "training data upstream of A's endpoint")
    eq(b.describe_artifact(ArtifactArn=a_data)["Source"]["SourceUri"], data, "the training data's S3 URI")
    jobs = b.query_lineage(StartArns=[contexts[0]], Direction="Ascendants",
                           Filters={"Types": ["TrainingJob"]}, MaxResults=50)["Vertices"]
    eq(len(jobs), 1, "training jobs upstream of A's endpoint")
    eq(b.describe_trial_component(TrialComponentName=jobs[0]["Arn"])["Source"]["SourceArn"],
       trained["TrainingJobArn"], "the trial component's training job")

    # --- B trains on the same S3 data: its data artifact is linked SameAs to A's ---
    b_job = f"boto3-retrain-{RUN}"
    training_job(b, b_job, data, f"s3://conformance-{RUN}/boto3-pipeline/b-output")
    b_data = artifact_of(b, data)
    same = b.list_associations(SourceArn=b_data, AssociationType="SameAs")["AssociationSummaries"]
    eq([(s["SourceArn"], s["DestinationArn"]) for s in same], [(b_data, a_data)], "B's SameAs link to A's data")
    mine = b.query_lineage(StartArns=[b_data], Direction="Descendants",
                           Filters={"Types": ["Endpoint"]}, MaxResults=50)["Vertices"]
    check(contexts[0] in [v["Arn"] for v in mine], f"A's endpoint context from B's own data: {mine}")


if __name__ == "__main__":
    main(scenario)
