"""teardown_leftovers_info: every protected type carrying the deployment's default tags is found, with its layer."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.teardown_leftovers import LeftoverFinder
from ansible_collections.platform_ops.ecs_ec2.plugins.modules.teardown_leftovers_info import main
from leftover_tags import ENV, PROJECT, default_tags

LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]


def deployment(account):
    """What a failed destroy can leave: one of each protected type, in its own layer."""
    return [
        {"layer": "bootstrap", "type": "aws_dynamodb_table", "name": "demo-local-tflock",
         "id": account.table("demo-local-tflock", default_tags("bootstrap"))},
        {"layer": "bootstrap", "type": "aws_s3_bucket", "name": "demo-local-tfstate",
         "id": account.bucket("demo-local-tfstate", default_tags("bootstrap"))},
        {"layer": "compute", "type": "aws_ecs_cluster", "name": "demo-local-cluster",
         "id": account.cluster("demo-local-cluster", default_tags("compute"))},
        {"layer": "loadbalancer", "type": "aws_lb", "name": "demo-local-alb",
         "id": account.alb("demo-local-alb", default_tags("loadbalancer"))},
    ]


def test_each_protected_type_is_found_in_its_layer(api, account):
    expected = deployment(account)
    account.task_definition("demo-local-web", default_tags("services"))
    newest = account.task_definition("demo-local-web", default_tags("services"))
    expected.append({"layer": "services", "type": "aws_ecs_task_definition", "name": "demo-local-web", "id": newest})
    found = LeftoverFinder(api, PROJECT, ENV, LAYERS, ["demo-local-tfstate"], ["demo-local-tflock"]).collect()
    assert found == sorted(expected, key=lambda r: (r["layer"], r["type"], r["id"]))


def test_only_the_layers_asked_for(api, account):
    deployment(account)
    found = LeftoverFinder(api, PROJECT, ENV, ["loadbalancer"], ["demo-local-tfstate"], ["demo-local-tflock"]).collect()
    assert [(r["layer"], r["type"]) for r in found] == [("loadbalancer", "aws_lb")]


def test_module_returns_them_per_layer_and_changes_nothing(account, run_main):
    resources = deployment(account)
    failed, result = run_main(main, {"project": PROJECT, "environment": ENV, "layers": ["loadbalancer", "compute",
                                                                                        "services"]})
    assert not failed and result["changed"] is False
    alb = next(r for r in resources if r["type"] == "aws_lb")
    cluster = next(r for r in resources if r["type"] == "aws_ecs_cluster")
    assert result["by_layer"] == {"loadbalancer": [alb], "compute": [cluster], "services": []}
    assert result["lines"] == ["compute: aws_ecs_cluster demo-local-cluster (%s)" % cluster["id"],
                               "loadbalancer: aws_lb demo-local-alb (%s)" % alb["id"]]
    assert account.elbv2.describe_load_balancers()["LoadBalancers"][0]["LoadBalancerArn"] == alb["id"]
