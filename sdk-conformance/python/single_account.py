"""Single account: every lineage entity kind through create, describe, update, paged list, tags,
associations, QueryLineage and delete, with boto3."""
import re

from conformance import (RUN, DEFAULT_GROUP_SUFFIX, a_while_ago, check, eq, expect_error, is_time, main, pages,
                         sagemaker)

ACCOUNT = "666666666666"
GRAPHS_ACCOUNT = "676767676767"


def scenario():
    sm = sagemaker(ACCOUNT)
    sent = []
    sm.meta.events.register("before-send.sagemaker.ListArtifacts", lambda request, **_: sent.append(request.body))
    since = a_while_ago()
    uri = f"s3://conformance-{RUN}/boto3-single"

    # --- create: two of each kind so that MaxResults=1 needs NextToken ---
    artifacts = [sm.create_artifact(
        ArtifactName=f"art-{RUN}-{i}", Source={"SourceUri": f"{uri}/data{i}",
                                               "SourceTypes": [{"SourceIdType": "S3ETag", "Value": f"etag{i}"}]},
        ArtifactType="DataSet", Properties={"stage": "raw", "drop": "me"}, Tags=[{"Key": "team", "Value": "ml"}],
    )["ArtifactArn"] for i in range(2)]
    actions = [sm.create_action(
        ActionName=f"act-{RUN}-{i}", Source={"SourceUri": f"{uri}/job{i}", "SourceType": "TrainingJob"},
        ActionType="ModelDeployment", Status="InProgress", Properties={"drop": "me"},
    )["ActionArn"] for i in range(2)]
    contexts = [sm.create_context(
        ContextName=f"ctx-{RUN}-{i}", Source={"SourceUri": f"{uri}/endpoint{i}"}, ContextType="Endpoint",
        Description="before", Properties={"drop": "me"},
    )["ContextArn"] for i in range(2)]
    components = [sm.create_trial_component(
        TrialComponentName=f"tc-{RUN}-{i}", DisplayName="before", Status={"PrimaryStatus": "InProgress"},
        Parameters={"lr": {"NumberValue": 0.1}, "drop": {"StringValue": "me"}},
    )["TrialComponentArn"] for i in range(2)]
    print("created", artifacts + actions + contexts + components)

    # --- describe ---
    a = sm.describe_artifact(ArtifactArn=artifacts[0])
    eq(a["ArtifactName"], f"art-{RUN}-0", "artifact name")
    eq(a["Source"]["SourceUri"], f"{uri}/data0", "artifact source uri")
    eq(a["ArtifactType"], "DataSet", "artifact type")
    eq(a["Properties"], {"stage": "raw", "drop": "me"}, "artifact properties")
    is_time(a["CreationTime"], "artifact CreationTime")
    check(a["LineageGroupArn"].endswith(DEFAULT_GROUP_SUFFIX), f"artifact LineageGroupArn {a.get('LineageGroupArn')}")
    act = sm.describe_action(ActionName=f"act-{RUN}-0")
    eq(act["ActionArn"], actions[0], "action arn")
    eq(act["Status"], "InProgress", "action status")
    eq(act["Source"]["SourceType"], "TrainingJob", "action source type")
    is_time(act["CreationTime"], "action CreationTime")
    ctx = sm.describe_context(ContextName=f"ctx-{RUN}-0")
    eq(ctx["ContextArn"], contexts[0], "context arn")
    eq(ctx["Description"], "before", "context description")
    tc = sm.describe_trial_component(TrialComponentName=f"tc-{RUN}-0")
    eq(tc["TrialComponentArn"], components[0], "trial component arn")
    eq(tc["Status"]["PrimaryStatus"], "InProgress", "trial component status")
    eq(tc["Parameters"]["lr"], {"NumberValue": 0.1}, "trial component parameter")

    # --- update ---
    sm.update_artifact(ArtifactArn=artifacts[0], ArtifactName=f"art-{RUN}-renamed", Properties={"stage": "clean"},
                       PropertiesToRemove=["drop"])
    a = sm.describe_artifact(ArtifactArn=artifacts[0])
    eq(a["ArtifactName"], f"art-{RUN}-renamed", "updated artifact name")
    eq(a["Properties"], {"stage": "clean"}, "updated artifact properties")
    check(a["LastModifiedTime"] >= a["CreationTime"], "artifact LastModifiedTime before CreationTime")
    sm.update_action(ActionName=f"act-{RUN}-0", Status="Completed", Description="after", PropertiesToRemove=["drop"])
    act = sm.describe_action(ActionName=f"act-{RUN}-0")
    eq((act["Status"], act.get("Description"), act.get("Properties", {})), ("Completed", "after", {}), "updated action")
    sm.update_context(ContextName=f"ctx-{RUN}-0", Description="after", Properties={"k": "v"}, PropertiesToRemove=["drop"])
    ctx = sm.describe_context(ContextName=f"ctx-{RUN}-0")
    eq((ctx["Description"], ctx["Properties"]), ("after", {"k": "v"}), "updated context")
    sm.update_trial_component(TrialComponentName=f"tc-{RUN}-0", DisplayName="after",
                              Status={"PrimaryStatus": "Completed"}, ParametersToRemove=["drop"])
    tc = sm.describe_trial_component(TrialComponentName=f"tc-{RUN}-0")
    eq((tc["DisplayName"], tc["Status"]["PrimaryStatus"], sorted(tc["Parameters"])), ("after", "Completed", ["lr"]),
       "updated trial component")

    # --- list, one item a page, following NextToken (CreatedAfter is sent as integer seconds by boto3) ---
    for fn, key, arn_key, created, extra in [
        (sm.list_artifacts, "ArtifactSummaries", "ArtifactArn", artifacts, {"ArtifactType": "DataSet"}),
        (sm.list_actions, "ActionSummaries", "ActionArn", actions, {"ActionType": "ModelDeployment"}),
        (sm.list_contexts, "ContextSummaries", "ContextArn", contexts, {"ContextType": "Endpoint"}),
        (sm.list_trial_components, "TrialComponentSummaries", "TrialComponentArn", components, {}),
    ]:
        items, count = pages(fn, key, MaxResults=1, CreatedAfter=since, SortBy="CreationTime", SortOrder="Ascending",
                             **extra)
        eq(sorted(i[arn_key] for i in items), sorted(created), f"{fn.__name__} items over all pages")
        times = [i["CreationTime"] for i in items]
        eq(times, sorted(times), f"{fn.__name__} ascending by CreationTime")
        eq(count, len(created), f"{fn.__name__} page count with MaxResults=1")
        for i in items:
            is_time(i["CreationTime"], f"{fn.__name__} CreationTime")
    filtered = [b.decode() for b in sent if b and b"CreatedAfter" in b]
    check(filtered and re.search(r'"CreatedAfter": \d+[,}]', filtered[0]),
          f"boto3 sends CreatedAfter as integer seconds: {filtered}")
    items, _ = pages(sm.list_artifacts, "ArtifactSummaries", SourceUri=f"{uri}/data1")
    eq([i["ArtifactArn"] for i in items], [artifacts[1]], "list_artifacts SourceUri filter")
    groups = sm.list_lineage_groups()["LineageGroupSummaries"]
    eq(len(groups), 1, "one default lineage group per account")
    eq(groups[0]["LineageGroupArn"], a["LineageGroupArn"], "the group artifacts report")

    # --- tags (ListTags MaxResults has a minimum of 50 in the model, so no paging here) ---
    for arn in (artifacts[0], actions[0], contexts[0], components[0]):
        sm.add_tags(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}, {"Key": "temp", "Value": "1"}])
        sm.delete_tags(ResourceArn=arn, TagKeys=["temp"])
        tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}
        expected = {"env": "dev", "team": "ml"} if arn == artifacts[0] else {"env": "dev"}
        eq(tags, expected, f"tags of {arn}")

    # --- associations: artifact0 -> action0 -> context0, artifact0 -> tc0 -> artifact1 ---
    edges = [(artifacts[0], actions[0], "ContributedTo"), (actions[0], contexts[0], "AssociatedWith"),
             (artifacts[0], components[0], "ContributedTo"), (components[0], artifacts[1], "Produced")]
    for src, dst, kind in edges:
        r = sm.add_association(SourceArn=src, DestinationArn=dst, AssociationType=kind)
        eq((r["SourceArn"], r["DestinationArn"]), (src, dst), "add_association response")
    items, count = pages(sm.list_associations, "AssociationSummaries", SourceArn=artifacts[0], MaxResults=1)
    eq(count, 2, "list_associations pages with MaxResults=1")
    eq(sorted((i["DestinationArn"], i["AssociationType"]) for i in items),
       sorted([(actions[0], "ContributedTo"), (components[0], "ContributedTo")]), "associations from artifact0")
    for i in items:
        eq(i["SourceType"], "DataSet", "association SourceType")
        is_time(i["CreationTime"], "association CreationTime")
    items, _ = pages(sm.list_associations, "AssociationSummaries", DestinationArn=contexts[0])
    eq([(i["SourceArn"], i["DestinationType"]) for i in items], [(actions[0], "Endpoint")], "associations into context0")

    # --- QueryLineage ---
    q = sm.query_lineage(StartArns=[artifacts[0]], Direction="Descendants", IncludeEdges=True, MaxDepth=10)
    vertices = {v["Arn"]: v["LineageType"] for v in q["Vertices"]}
    for arn, kind in [(actions[0], "Action"), (contexts[0], "Context"), (components[0], "TrialComponent"),
                      (artifacts[1], "Artifact")]:
        eq(vertices.get(arn), kind, f"descendant {arn} of artifact0")
    got_edges = {(e["SourceArn"], e["DestinationArn"], e["AssociationType"]) for e in q["Edges"]}
    check(set(edges) <= got_edges, f"QueryLineage edges: expected {edges}, got {sorted(got_edges)}")
    q = sm.query_lineage(StartArns=[contexts[0]], Direction="Ascendants", IncludeEdges=False)
    arns = {v["Arn"] for v in q["Vertices"]}
    check({actions[0], artifacts[0]} <= arns, f"ascendants of context0: got {sorted(arns)}")
    check(actions[1] not in arns and contexts[1] not in arns, "unconnected entities in QueryLineage")
    q = sm.query_lineage(StartArns=[artifacts[0]], Direction="Descendants", MaxDepth=1)
    eq({v["Arn"] for v in q["Vertices"]} - {artifacts[0]}, {actions[0], components[0]}, "descendants at MaxDepth=1")
    q = sm.query_lineage(StartArns=[artifacts[0]], Direction="Descendants", Filters={"LineageTypes": ["Context"]})
    eq([v["Arn"] for v in q["Vertices"]], [contexts[0]], "QueryLineage LineageTypes filter")
    # Graphs of their own, in another account, so the checks of what is left after deleting stay exact.
    graphs = sagemaker(GRAPHS_ACCOUNT)
    visualizer_shaped_query(graphs, uri)
    fan_out_without_max_results(graphs, uri)

    # --- delete an association, then every entity ---
    sm.delete_association(SourceArn=components[0], DestinationArn=artifacts[1])
    items, _ = pages(sm.list_associations, "AssociationSummaries", DestinationArn=artifacts[1])
    eq(items, [], "associations into artifact1 after delete_association")
    eq(sm.delete_artifact(ArtifactArn=artifacts[0])["ArtifactArn"], artifacts[0], "delete_artifact")
    expect_error("ResourceNotFound", sm.describe_artifact, ArtifactArn=artifacts[0],
                 exception_class=sm.exceptions.ResourceNotFound)
    items, _ = pages(sm.list_associations, "AssociationSummaries", DestinationArn=actions[0])
    eq(items, [], "associations of a deleted artifact")
    eq(sm.delete_artifact(Source={"SourceUri": f"{uri}/data1"})["ArtifactArn"], artifacts[1], "delete_artifact by Source")
    for i in range(2):
        eq(sm.delete_action(ActionName=f"act-{RUN}-{i}")["ActionArn"], actions[i], "delete_action")
        eq(sm.delete_context(ContextName=f"ctx-{RUN}-{i}")["ContextArn"], contexts[i], "delete_context")
        eq(sm.delete_trial_component(TrialComponentName=f"tc-{RUN}-{i}")["TrialComponentArn"], components[i],
           "delete_trial_component")
    expect_error("ResourceNotFound", sm.describe_action, ActionName=f"act-{RUN}-0")
    expect_error("ResourceNotFound", sm.describe_context, ContextName=f"ctx-{RUN}-0")
    expect_error("ResourceNotFound", sm.describe_trial_component, TrialComponentName=f"tc-{RUN}-0")
    items, _ = pages(sm.list_artifacts, "ArtifactSummaries", CreatedAfter=since)
    eq(items, [], "artifacts left after deleting all")


def visualizer_shaped_query(sm, uri):
    """The SageMaker Python SDK's LineageQuery.query (Both, IncludeEdges, no filter, MaxDepth 10, no
    MaxResults) on the graph of its test_graph_visualize; pyvis needs every edge's ends among the vertices."""
    def artifact(kind):
        return sm.create_artifact(Source={"SourceUri": f"{uri}/viz-{kind}"}, ArtifactType=kind)["ArtifactArn"]
    model, image, dataset = artifact("Model"), artifact("Image"), artifact("DataSet")
    deploy = sm.create_action(ActionName=f"viz-deploy-{RUN}", Source={"SourceUri": f"{uri}/viz-deploy"},
                              ActionType="ModelDeploy")["ActionArn"]
    endpoint = sm.create_context(ContextName=f"viz-endpoint-{RUN}", Source={"SourceUri": f"{uri}/viz-endpoint"},
                                 ContextType="Endpoint")["ContextArn"]
    for source, destination in [(image, model), (dataset, model), (model, deploy), (deploy, endpoint)]:
        sm.add_association(SourceArn=source, DestinationArn=destination, AssociationType="ContributedTo")
    q = sm.query_lineage(StartArns=[model], Direction="Both", IncludeEdges=True, Filters={}, MaxDepth=10)
    vertices = {v["Arn"] for v in q["Vertices"]}
    eq(vertices, {model, image, dataset, deploy, endpoint}, "visualizer-shaped QueryLineage vertices (start included)")
    eq(len(q["Edges"]), 4, "visualizer-shaped QueryLineage edges")
    for e in q["Edges"]:
        check(e["SourceArn"] in vertices and e["DestinationArn"] in vertices, f"edge end not in Vertices: {e}")
    check("NextToken" not in q, "visualizer-shaped QueryLineage is one page")


def fan_out_without_max_results(sm, uri):
    """Twelve children of one artifact, read as the SDK reads them: no MaxResults, no NextToken followed."""
    root = sm.create_artifact(Source={"SourceUri": f"{uri}/fan-root"}, ArtifactType="DataSet")["ArtifactArn"]
    children = set()
    for i in range(12):
        child = sm.create_artifact(Source={"SourceUri": f"{uri}/fan-{i}"}, ArtifactType="Model")["ArtifactArn"]
        sm.add_association(SourceArn=root, DestinationArn=child)
        children.add(child)
    q = sm.query_lineage(StartArns=[root], Direction="Descendants", IncludeEdges=True)
    eq({v["Arn"] for v in q["Vertices"]}, children | {root}, "12-child fan-out without MaxResults")
    eq(len(q["Edges"]), 12, "12-child fan-out edges")
    check("NextToken" not in q, "12-child fan-out is one page")


if __name__ == "__main__":
    main(scenario)
