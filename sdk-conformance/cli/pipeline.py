"""Pipeline with the AWS CLI: account A trains a model, registers and approves a model package and deploys
it, with `aws sagemaker wait`; A shares its lineage group with B; B finds A's endpoint context through
QueryLineage from a shared entity, walks from the endpoint back to the training data, and B's own training job
on the same S3 data gets its SameAs link."""
from awscli import RUN, aws, check, eq, main, poll, token

A, B = "565656565656", "343434343434"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROLE = "arn:aws:iam::565656565656:role/SageMakerRole"


def training_job(account, name, data, output):
    aws(account, "sagemaker", "create-training-job", training_job_name=name,
        algorithm_specification={"TrainingImage": IMAGE, "TrainingInputMode": "File"}, role_arn=ROLE,
        input_data_config=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": data}}}],
        output_data_config={"S3OutputPath": output},
        resource_config={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        stopping_condition={"MaxRuntimeInSeconds": 3600})


def wait(account, waiter, status_operation, status_key, expected, **params):
    """`aws sagemaker wait` polls every 30-120 s and takes no delay option, so the state is first reached by a
    bounded poll of the Describe call; the CLI's own waiter must then accept it at once."""
    poll(f"{status_operation} {expected}", lambda: aws(account, "sagemaker", status_operation, **params)[status_key] == expected,
         timeout=30, interval=0.2)
    aws(account, "sagemaker", "wait " + waiter, **params)


def artifact_of(account, uri):
    found = aws(account, "sagemaker", "list-artifacts", source_uri=uri)["ArtifactSummaries"]
    eq(len(found), 1, f"artifacts of {uri}")
    return found[0]["ArtifactArn"]


def scenario():
    data = f"s3://conformance-{RUN}/cli-pipeline/train.csv"
    job = f"cli-train-{RUN}"

    # --- A trains a model ---
    training_job(A, job, data, f"s3://conformance-{RUN}/cli-pipeline/output")
    wait(A, "training-job-completed-or-stopped", "describe-training-job", "TrainingJobStatus", "Completed", training_job_name=job)
    trained = aws(A, "sagemaker", "describe-training-job", training_job_name=job)
    model_data = trained["ModelArtifacts"]["S3ModelArtifacts"]
    eq(model_data, f"s3://conformance-{RUN}/cli-pipeline/output/{job}/output/model.tar.gz", "S3ModelArtifacts")

    # --- A registers the model and approves it ---
    group = f"cli-models-{RUN}"
    aws(A, "sagemaker", "create-model-package-group", model_package_group_name=group)
    package = aws(A, "sagemaker", "create-model-package", model_package_group_name=group,
                  inference_specification={"Containers": [{"Image": IMAGE, "ModelDataUrl": model_data}],
                                           "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
                  model_approval_status="PendingManualApproval")["ModelPackageArn"]
    aws(A, "sagemaker", "update-model-package", model_package_arn=package, model_approval_status="Approved")
    eq(aws(A, "sagemaker", "describe-model-package", model_package_name=package)["ModelApprovalStatus"], "Approved", "approval")

    # --- A deploys it ---
    model, config, endpoint_name = f"cli-model-{RUN}", f"cli-config-{RUN}", f"cli-endpoint-{RUN}"
    aws(A, "sagemaker", "create-model", model_name=model, execution_role_arn=ROLE, primary_container={"ModelPackageName": package})
    aws(A, "sagemaker", "create-endpoint-config", endpoint_config_name=config, production_variants=[
        {"VariantName": "AllTraffic", "ModelName": model, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    endpoint = aws(A, "sagemaker", "create-endpoint", endpoint_name=endpoint_name, endpoint_config_name=config)["EndpointArn"]
    wait(A, "endpoint-in-service", "describe-endpoint", "EndpointStatus", "InService", endpoint_name=endpoint_name)
    a_data = artifact_of(A, data)

    # --- A shares its lineage group with B, B accepts ---
    group_arn = aws(A, "sagemaker", "list-lineage-groups")["LineageGroupSummaries"][0]["LineageGroupArn"]
    share = aws(A, "ram", "create-resource-share", name=f"pipeline-{RUN}", resource_arns=[group_arn], principals=[B],
                client_token=token())["resourceShare"]["resourceShareArn"]
    invitation = poll("B's invitation", lambda: aws(B, "ram", "get-resource-share-invitations",
                                                    resource_share_arns=[share])["resourceShareInvitations"])[0]
    aws(B, "ram", "accept-resource-share-invitation", resource_share_invitation_arn=invitation["resourceShareInvitationArn"])

    def associated():
        found = aws(A, "ram", "get-resource-share-associations", association_type="PRINCIPAL", resource_share_arns=[share])
        return any(x["associatedEntity"] == B and x["status"] == "ASSOCIATED" for x in found["resourceShareAssociations"])
    poll("B's association to be ASSOCIATED", associated)

    # --- B finds A's endpoint context from the shared training data artifact (A hands B its ARN) ---
    contexts = [v["Arn"] for v in aws(B, "sagemaker", "query-lineage", start_arns=[a_data], direction="Descendants",
                                      filters={"Types": ["Endpoint"], "LineageTypes": ["Context"]}, max_results=50)["Vertices"]]
    eq(len(contexts), 1, "endpoint contexts downstream of A's training data")
    context = aws(B, "sagemaker", "describe-context", context_name=contexts[0])
    eq((context["Source"]["SourceUri"], context["ContextType"]), (endpoint, "Endpoint"), "the context tracks A's endpoint")

    # --- B walks from A's endpoint back to the training data and the training job ---
    datasets = aws(B, "sagemaker", "query-lineage", start_arns=[contexts[0]], direction="Ascendants",
                   filters={"Types": ["DataSet"]}, max_results=50)["Vertices"]
    eq([v["Arn"] for v in datasets], [a_data], "training data upstream of A's endpoint")
    jobs = aws(B, "sagemaker", "query-lineage", start_arns=[contexts[0]], direction="Ascendants",
               filters={"Types": ["TrainingJob"]}, max_results=50)["Vertices"]
    eq(len(jobs), 1, "training jobs upstream of A's endpoint")
    eq(aws(B, "sagemaker", "describe-trial-component", trial_component_name=jobs[0]["Arn"])["Source"]["SourceArn"],
       trained["TrainingJobArn"], "the trial component's training job")

    # --- B trains on the same S3 data: its data artifact is linked SameAs to A's ---
    training_job(B, f"cli-retrain-{RUN}", data, f"s3://conformance-{RUN}/cli-pipeline/b-output")
    b_data = artifact_of(B, data)
    same = aws(B, "sagemaker", "list-associations", source_arn=b_data, association_type="SameAs")["AssociationSummaries"]
    eq([(s["SourceArn"], s["DestinationArn"]) for s in same], [(b_data, a_data)], "B's SameAs link to A's data")
    mine = aws(B, "sagemaker", "query-lineage", start_arns=[b_data], direction="Descendants",
               filters={"Types": ["Endpoint"]}, max_results=50)["Vertices"]
    check(contexts[0] in [v["Arn"] for v in mine], f"A's endpoint context from B's own data: {mine}")


if __name__ == "__main__":
    main(scenario)
