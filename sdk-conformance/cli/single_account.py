"""Single account with the AWS CLI: each entity kind through create, describe, update, paged list, tags,
associations, QueryLineage and delete. Calls are kept few (one entity of each kind is deleted, not all): every call starts a CLI process."""
import datetime

from awscli import RUN, aws, aws_error, check, eq, is_epoch, main

ACCOUNT = "666666666666"


def sm(operation, *extra, **params):
    return aws(ACCOUNT, "sagemaker", operation, *extra, **params)


def scenario():
    since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    uri = f"s3://conformance-{RUN}/cli-single"
    artifacts = [sm("create-artifact", artifact_name=f"art-{RUN}-{i}", source={"SourceUri": f"{uri}/data{i}"},
                    artifact_type="DataSet", properties={"stage": "raw", "drop": "me"},
                    tags=[{"Key": "team", "Value": "ml"}])["ArtifactArn"] for i in range(2)]
    actions = [sm("create-action", action_name=f"act-{RUN}-{i}", source={"SourceUri": f"{uri}/job{i}"},
                  action_type="Training", status="InProgress")["ActionArn"] for i in range(2)]
    contexts = [sm("create-context", context_name=f"ctx-{RUN}-{i}", source={"SourceUri": f"{uri}/ep{i}"},
                   context_type="Endpoint")["ContextArn"] for i in range(2)]
    components = [sm("create-trial-component", trial_component_name=f"tc-{RUN}-{i}",
                     status={"PrimaryStatus": "InProgress"})["TrialComponentArn"] for i in range(2)]

    # --- update, then describe: fields from both the create and the update ---
    sm("update-artifact", artifact_arn=artifacts[0], properties={"stage": "clean"}, properties_to_remove=["drop"])
    a = sm("describe-artifact", artifact_arn=artifacts[0])
    eq((a["ArtifactName"], a["ArtifactType"], a["Source"]["SourceUri"], a["Properties"]),
       (f"art-{RUN}-0", "DataSet", f"{uri}/data0", {"stage": "clean"}), "described artifact")
    is_epoch(a["CreationTime"], "artifact CreationTime")
    check(a["LineageGroupArn"].endswith(":lineage-group/sagemaker-default-lineage-group"), f"LineageGroupArn {a}")
    sm("update-action", action_name=f"act-{RUN}-0", status="Completed", description="after")
    act = sm("describe-action", action_name=f"act-{RUN}-0")
    eq((act["ActionArn"], act["Status"], act["Description"]), (actions[0], "Completed", "after"), "described action")
    sm("update-context", context_name=f"ctx-{RUN}-0", description="after", properties={"k": "v"})
    ctx = sm("describe-context", context_name=f"ctx-{RUN}-0")
    eq((ctx["ContextArn"], ctx["Description"], ctx["Properties"]), (contexts[0], "after", {"k": "v"}), "described context")
    sm("update-trial-component", trial_component_name=f"tc-{RUN}-0", display_name="after",
       status={"PrimaryStatus": "Completed"})
    tc = sm("describe-trial-component", trial_component_name=f"tc-{RUN}-0")
    eq((tc["TrialComponentArn"], tc["DisplayName"], tc["Status"]["PrimaryStatus"]), (components[0], "after", "Completed"),
       "described trial component")

    # --- paged lists: --page-size 1 makes the CLI's paginator send MaxResults=1 and follow NextToken ---
    for op, key, arn_key, created in [("list-artifacts", "ArtifactSummaries", "ArtifactArn", artifacts),
                                      ("list-actions", "ActionSummaries", "ActionArn", actions),
                                      ("list-contexts", "ContextSummaries", "ContextArn", contexts),
                                      ("list-trial-components", "TrialComponentSummaries", "TrialComponentArn", components)]:
        listed = sm(op, "--page-size", "1", created_after=since)
        eq(sorted(i[arn_key] for i in listed[key]), sorted(created), f"{op} over all pages")
        check("NextToken" not in listed, f"{op}: the paginator left a NextToken")

    # --- tags ---
    sm("add-tags", resource_arn=artifacts[0], tags=[{"Key": "env", "Value": "dev"}, {"Key": "temp", "Value": "1"}])
    sm("delete-tags", resource_arn=artifacts[0], tag_keys=["temp"])
    tags = {t["Key"]: t["Value"] for t in sm("list-tags", resource_arn=artifacts[0])["Tags"]}
    eq(tags, {"env": "dev", "team": "ml"}, "artifact tags")

    # --- associations and QueryLineage: artifact0 -> action0 -> context0, artifact0 -> tc0 ---
    edges = [(artifacts[0], actions[0], "ContributedTo"), (actions[0], contexts[0], "AssociatedWith"),
             (artifacts[0], components[0], "ContributedTo")]
    for src, dst, kind in edges:
        sm("add-association", source_arn=src, destination_arn=dst, association_type=kind)
    listed = sm("list-associations", "--page-size", "1", source_arn=artifacts[0])
    eq(sorted(i["DestinationArn"] for i in listed["AssociationSummaries"]), sorted([actions[0], components[0]]),
       "associations from artifact0 over all pages")
    q = sm("query-lineage", start_arns=[artifacts[0]], direction="Descendants", include_edges=True)
    kinds = {v["Arn"]: v["LineageType"] for v in q["Vertices"]}
    for arn, kind in [(actions[0], "Action"), (contexts[0], "Context"), (components[0], "TrialComponent")]:
        eq(kinds.get(arn), kind, f"descendant {arn}")
    got = {(e["SourceArn"], e["DestinationArn"], e["AssociationType"]) for e in q["Edges"]}
    check(set(edges) <= got, f"QueryLineage edges: {sorted(got)}")
    sm("delete-association", source_arn=artifacts[0], destination_arn=components[0])

    # --- a 12-child fan-out read as the SageMaker Python SDK's visualizer reads it (LineageQuery.query: Both,
    #     IncludeEdges, no filter, no MaxResults, one page): one graph for both checks keeps the CLI calls few ---
    root = sm("create-artifact", source={"SourceUri": f"{uri}/fan-root"}, artifact_type="Model")["ArtifactArn"]
    children = set()
    for i in range(12):
        child = sm("create-artifact", source={"SourceUri": f"{uri}/fan-{i}"}, artifact_type="DataSet")["ArtifactArn"]
        sm("add-association", source_arn=child, destination_arn=root)
        children.add(child)
    q = sm("query-lineage", "--no-paginate", start_arns=[root], direction="Both", include_edges=True, filters={},
           max_depth=10)
    vertices = {v["Arn"] for v in q["Vertices"]}
    eq(vertices, children | {root}, "fan-out vertices without MaxResults (start included)")
    eq(len(q["Edges"]), 12, "fan-out edges")
    for e in q["Edges"]:
        check(e["SourceArn"] in vertices and e["DestinationArn"] in vertices, f"edge end not in Vertices: {e}")
    check("NextToken" not in q, "fan-out is one page")

    # --- delete one entity of each kind ---
    eq(sm("delete-artifact", artifact_arn=artifacts[0])["ArtifactArn"], artifacts[0], "delete-artifact")
    aws_error("ResourceNotFound", ACCOUNT, "sagemaker", "describe-artifact", artifact_arn=artifacts[0])
    eq(sm("delete-action", action_name=f"act-{RUN}-0")["ActionArn"], actions[0], "delete-action")
    eq(sm("delete-context", context_name=f"ctx-{RUN}-0")["ContextArn"], contexts[0], "delete-context")
    eq(sm("delete-trial-component", trial_component_name=f"tc-{RUN}-0")["TrialComponentArn"], components[0],
       "delete-trial-component")
    eq([a["ActionArn"] for a in sm("list-actions", created_after=since)["ActionSummaries"]], [actions[1]],
       "actions left after delete-action")


if __name__ == "__main__":
    main(scenario)
