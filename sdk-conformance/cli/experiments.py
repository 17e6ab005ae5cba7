"""Experiments with the AWS CLI: an experiment and a trial with trial components, Search by parent, parameter
and tag, and the SageMaker Python SDK's downstream_trials_v2() walk (QueryLineage for trial components, then
Search on them and read their Parents). Every call starts a CLI process, so the scenario stays short."""
from awscli import RUN, aws, aws_error, check, eq, is_epoch, main

ACCOUNT = "121212121212"


def sm(operation, *extra, **params):
    return aws(ACCOUNT, "sagemaker", operation, *extra, **params)


def names(result):
    return sorted(r["TrialComponent"]["TrialComponentName"] for r in result["Results"])


def scenario():
    experiment, trial = f"exp-{RUN}", f"trial-{RUN}"
    c1, c2 = f"tc1-{RUN}", f"tc2-{RUN}"
    arn = sm("create-experiment", experiment_name=experiment, tags=[{"Key": "run", "Value": RUN}])["ExperimentArn"]
    check(arn.endswith(f":experiment/{experiment.lower()}"), f"experiment arn {arn}")
    sm("create-trial", trial_name=trial, experiment_name=experiment)
    components = {}
    for name, hp1, tags in ((c1, 5, [{"Key": "stage", "Value": f"dev-{RUN}"}]), (c2, 10, [])):
        params = {"trial_component_name": name, "parameters": {"hp1": {"NumberValue": hp1}}}
        if tags:
            params["tags"] = tags
        components[name] = sm("create-trial-component", **params)["TrialComponentArn"]
        sm("associate-trial-component", trial_component_name=name, trial_name=trial)

    eq(sorted(s["TrialComponentName"] for s in sm("list-trial-components", trial_name=trial)["TrialComponentSummaries"]),
       [c1, c2], "components of the trial")

    by_parent = sm("search", resource="ExperimentTrialComponent", search_expression={
        "Filters": [{"Name": "Parents.TrialName", "Operator": "Equals", "Value": trial}]})
    eq(names(by_parent), [c1, c2], "search by parent")
    for r in by_parent["Results"]:
        eq(r["TrialComponent"]["Parents"], [{"TrialName": trial, "ExperimentName": experiment}], "parents")
        is_epoch(r["TrialComponent"]["CreationTime"], "search record CreationTime")
    eq(names(sm("search", resource="ExperimentTrialComponent", search_expression={"Filters": [
        {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": experiment},
        {"Name": "Parameters.hp1", "Operator": "GreaterThanOrEqualTo", "Value": "10"}]})), [c2], "search by parameter")
    eq(names(sm("search", resource="ExperimentTrialComponent", search_expression={
        "Filters": [{"Name": "Tags.stage", "Operator": "Equals", "Value": f"dev-{RUN}"}]})), [c1], "search by tag")
    # The CLI follows NextToken itself (Search is paginated in botocore's model): one page of one, merged.
    paged = sm("search", resource="ExperimentTrialComponent", sort_by="Parameters.hp1", sort_order="Ascending",
               search_expression={"Filters": [{"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": experiment}]},
               page_size=1)
    eq([r["TrialComponent"]["TrialComponentName"] for r in paged["Results"]], [c1, c2], "sorted search pages")

    artifact = sm("create-artifact", artifact_type="DataSet", source={"SourceUri": f"s3://conformance-{RUN}/cli-exp"})["ArtifactArn"]
    sm("add-association", source_arn=artifact, destination_arn=components[c1], association_type="ContributedTo")
    found = [v["Arn"] for v in sm("query-lineage", start_arns=[artifact], direction="Descendants",
                                  filters={"LineageTypes": ["TrialComponent"]})["Vertices"]]
    eq(found, [components[c1]], "trial components downstream of the artifact")
    results = sm("search", resource="ExperimentTrialComponent", search_expression={
        "Filters": [{"Name": "TrialComponentArn", "Operator": "Equals", "Value": a} for a in found], "Operator": "Or"})
    eq(sorted({p["TrialName"] for r in results["Results"] for p in r["TrialComponent"]["Parents"]}), [trial], "downstream trials")

    aws_error("ValidationException", ACCOUNT, "sagemaker", "delete-experiment", experiment_name=experiment)
    sm("disassociate-trial-component", trial_component_name=c1, trial_name=trial)
    eq(sm("list-trials", trial_component_name=c1)["TrialSummaries"], [], "trials of a disassociated component")


if __name__ == "__main__":
    main(scenario)
