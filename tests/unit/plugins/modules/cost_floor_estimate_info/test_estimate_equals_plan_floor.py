"""The floor estimated from the inventory equals the floor of the plans of this project's own layers planned with
the same inventory, component by component (tests/unit/fixtures/plans, tools/gen_cost_fixtures.py)."""

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_inventory import inventory_plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_plan import collect
from cost_estimate_testkit import LAYERS, estimate, fixture_plans, floor_of_plans, layer_inputs


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_estimate_equals_the_plan_floor_component_by_component(env):
    estimated = estimate(layer_inputs(env))
    planned = floor_of_plans(fixture_plans(env))
    assert [(c["component"], c["detail"]) for c in estimated["components"]] == \
        [(c["component"], c["detail"]) for c in planned["components"]]
    for mine, theirs in zip(estimated["components"], planned["components"], strict=True):
        assert mine == theirs, "%s / %s" % (theirs["component"], theirs["detail"])
    assert estimated["monthly_total"] == planned["monthly_total"] > 0
    for key in ("spot_burst_range", "tradeoffs", "absent", "on_demand_type", "layers", "assumptions"):
        assert estimated[key] == planned[key], key


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_estimate_writes_the_priced_resources_each_layer_plans(env):
    """Same addresses and types, layer by layer, as the resources of the priced types in the real plans."""
    mine, _skipped = inventory_plans(layer_inputs(env))
    assert [p["layer"] for p in mine] == list(LAYERS)
    for own, real in zip(mine, fixture_plans(env), strict=True):
        assert [(r.address, r.type) for r in collect([own])] == [(r.address, r.type) for r in collect([real])], \
            own["layer"]


def test_the_estimate_follows_the_inventory_not_the_fixtures():
    """A changed inventory value moves the estimate away from the plan floor: the comparison above can fail."""
    planned = floor_of_plans(fixture_plans("dev"))
    for overrides in ({"ecs_instance_types": ["m6i.large", "t3.large"]}, {"ecs_root_volume_size": 60},
                      {"ecs_flow_log_retention_days": 90}, {"ecs_container_insights": False},
                      {"ecs_interface_endpoints": ["ssm", "logs"]},
                      {"ecs_asg_min_size": 3, "ecs_asg_desired_capacity": 3},
                      {"ecs_azs": ["eu-west-1a", "eu-west-1b", "eu-west-1c"]}):
        assert estimate(layer_inputs("dev", **overrides))["monthly_total"] != planned["monthly_total"], overrides
