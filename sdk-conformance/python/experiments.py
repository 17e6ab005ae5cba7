"""Experiments: an experiment and a trial with trial components, Search by parent, parameter and tag, and the
SageMaker Python SDK's Artifact.downstream_trials_v2() walk (QueryLineage for trial components, then Search on
them and read their Parents), with boto3."""
from conformance import RUN, check, eq, expect_error, is_time, main, pages, sagemaker

ACCOUNT = "121212121212"


def names(results):
    return sorted(r["TrialComponent"]["TrialComponentName"] for r in results)


def scenario():
    sm = sagemaker(ACCOUNT)
    experiment, trial = f"exp-{RUN}", f"trial-{RUN}"
    c1, c2 = f"tc1-{RUN}", f"tc2-{RUN}"

    arn = sm.create_experiment(ExperimentName=experiment, Description="boto3",
                               Tags=[{"Key": "run", "Value": RUN}])["ExperimentArn"]
    check(arn.endswith(f":experiment/{experiment.lower()}"), f"experiment arn {arn}")
    trial_arn = sm.create_trial(TrialName=trial, ExperimentName=experiment)["TrialArn"]
    check(trial_arn.endswith(f":experiment-trial/{trial.lower()}"), f"trial arn {trial_arn}")
    components = {}
    for name, hp1, tags in ((c1, 5, [{"Key": "stage", "Value": f"dev-{RUN}"}]), (c2, 10, [])):
        components[name] = sm.create_trial_component(
            TrialComponentName=name, Parameters={"hp1": {"NumberValue": hp1}}, Tags=tags)["TrialComponentArn"]
        sm.associate_trial_component(TrialComponentName=name, TrialName=trial)

    d = sm.describe_trial(TrialName=trial)
    eq(d["ExperimentName"], experiment, "trial's experiment")
    is_time(d["CreationTime"], "trial CreationTime")
    eq(sm.describe_experiment(ExperimentName=experiment)["DisplayName"], experiment, "experiment display name")
    listed, count = pages(sm.list_trial_components, "TrialComponentSummaries", TrialName=trial, MaxResults=1)
    eq(sorted(s["TrialComponentName"] for s in listed), [c1, c2], "components of the trial")
    eq(count, 2, "pages of one component")
    eq([t["TrialName"] for t in sm.list_trials(ExperimentName=experiment)["TrialSummaries"]], [trial], "trials of the experiment")

    # --- Search by parent, by parameter, by tag ---
    by_parent = sm.search(Resource="ExperimentTrialComponent", SearchExpression={
        "Filters": [{"Name": "Parents.TrialName", "Operator": "Equals", "Value": trial}]})
    eq(names(by_parent["Results"]), [c1, c2], "search by parent")
    eq(by_parent["TotalHits"]["Value"], 2, "total hits")
    for r in by_parent["Results"]:
        eq(r["TrialComponent"]["Parents"], [{"TrialName": trial, "ExperimentName": experiment}], "parents")
        is_time(r["TrialComponent"]["LastModifiedTime"], "search record LastModifiedTime")
    by_parameter = sm.search(Resource="ExperimentTrialComponent", SearchExpression={"Filters": [
        {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": experiment},
        {"Name": "Parameters.hp1", "Operator": "GreaterThanOrEqualTo", "Value": "10"}]})
    eq(names(by_parameter["Results"]), [c2], "search by parameter")
    by_tag = sm.search(Resource="ExperimentTrialComponent", SearchExpression={
        "Filters": [{"Name": "Tags.stage", "Operator": "Equals", "Value": f"dev-{RUN}"}]})
    eq(names(by_tag["Results"]), [c1], "search by tag")
    experiments = sm.search(Resource="Experiment", SearchExpression={
        "Filters": [{"Name": "Tags.run", "Operator": "Equals", "Value": RUN}]})["Results"]
    eq([e["Experiment"]["ExperimentArn"] for e in experiments], [arn], "experiment search by tag")
    paged, count = pages(sm.search, "Results", Resource="ExperimentTrialComponent", MaxResults=1, SortBy="Parameters.hp1",
                         SortOrder="Ascending", SearchExpression={"Filters": [
                             {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": experiment}]})
    eq([r["TrialComponent"]["TrialComponentName"] for r in paged], [c1, c2], "sorted search pages")
    eq(count, 2, "search pages")

    # --- the SDK's downstream_trials walk: artifact -> trial components -> their trials ---
    artifact = sm.create_artifact(ArtifactType="DataSet", Source={"SourceUri": f"s3://conformance-{RUN}/exp"})["ArtifactArn"]
    sm.add_association(SourceArn=artifact, DestinationArn=components[c1], AssociationType="ContributedTo")
    vertices = sm.query_lineage(StartArns=[artifact], Direction="Descendants", IncludeEdges=False,
                                Filters={"LineageTypes": ["TrialComponent"]})["Vertices"]
    found = [v["Arn"] for v in vertices]
    eq(found, [components[c1]], "trial components downstream of the artifact")
    results = sm.search(Resource="ExperimentTrialComponent", SearchExpression={
        "Filters": [{"Name": "TrialComponentArn", "Operator": "Equals", "Value": a} for a in found],
        "Operator": "Or"})["Results"]
    eq(sorted({p["TrialName"] for r in results for p in r["TrialComponent"]["Parents"]}), [trial], "downstream trials")

    # --- delete rules: children first ---
    expect_error("ValidationException", sm.delete_experiment, ExperimentName=experiment)
    expect_error("ValidationException", sm.delete_trial, TrialName=trial)
    expect_error("ValidationException", sm.delete_trial_component, TrialComponentName=c1)
    for name in (c1, c2):
        sm.disassociate_trial_component(TrialComponentName=name, TrialName=trial)
        sm.delete_trial_component(TrialComponentName=name)
    sm.delete_trial(TrialName=trial)
    eq(sm.delete_experiment(ExperimentName=experiment)["ExperimentArn"], arn, "deleted experiment")
    expect_error("ResourceNotFound", sm.describe_experiment, ExperimentName=experiment,
                 exception_class=sm.exceptions.ResourceNotFound)


if __name__ == "__main__":
    main(scenario)
