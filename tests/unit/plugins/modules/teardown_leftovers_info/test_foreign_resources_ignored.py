"""teardown_leftovers_info never returns a resource that lacks one of the deployment's tags, whatever its name, nor
one that is already going away (INACTIVE cluster, deregistered task definition)."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.teardown_leftovers import LeftoverFinder
from leftover_tags import ENV, PROJECT, default_tags

NOT_OURS = {
    "other environment": {"Environment": "prod"},
    "other project": {"Project": "shop"},
    "no ManagedBy": {"ManagedBy": None},
    "not managed by terraform": {"ManagedBy": "cloudformation"},
    "no Layer": {"Layer": None},
    "no Project": {"Project": None},
}


@pytest.mark.parametrize("changes", NOT_OURS.values(), ids=NOT_OURS.keys())
def test_a_resource_missing_a_tag_is_not_a_leftover(api, account, changes):
    """The names are exactly the deployment's: only the tags decide."""
    account.alb("demo-local-alb", default_tags("loadbalancer", **changes))
    account.cluster("demo-local-cluster", default_tags("compute", **changes))
    account.task_definition("demo-local-web", default_tags("services", **changes))
    account.bucket("demo-local-tfstate", default_tags("bootstrap", **changes))
    account.table("demo-local-tflock", default_tags("bootstrap", **changes))
    finder = LeftoverFinder(api, PROJECT, ENV, ["bootstrap", "loadbalancer", "compute", "services"],
                            ["demo-local-tfstate"], ["demo-local-tflock"])
    assert finder.collect() == []


def test_an_untagged_bucket_and_missing_names_are_not_leftovers(api, account):
    account.bucket("demo-local-tfstate", {})
    finder = LeftoverFinder(api, PROJECT, ENV, ["bootstrap"], ["demo-local-tfstate", "never-made"], ["never-made"])
    assert finder.collect() == []


def test_a_tagged_bucket_not_named_is_not_looked_at(api, account):
    """Buckets are checked by the names given (the state bucket), never by listing the account's."""
    account.bucket("someone-elses-bucket", default_tags("bootstrap"))
    assert LeftoverFinder(api, PROJECT, ENV, ["bootstrap"], ["demo-local-tfstate"]).collect() == []


def test_what_is_already_going_away_is_not_a_leftover(api, account):
    cluster = account.cluster("demo-local-cluster", default_tags("compute"))
    account.ecs.delete_cluster(cluster=cluster)
    revision = account.task_definition("demo-local-web", default_tags("services"))
    account.ecs.deregister_task_definition(taskDefinition=revision)
    assert LeftoverFinder(api, PROJECT, ENV, ["compute", "services"]).collect() == []


def test_task_definitions_outside_the_family_prefix_are_not_looked_at(api, account):
    account.task_definition("demo-localother-web", default_tags("services"))
    account.task_definition("web", default_tags("services"))
    assert LeftoverFinder(api, PROJECT, ENV, ["services"]).collect() == []
