"""The shipped example inventories pass the pre-flight plan rules they will meet (issue 20 item 6).

Each inventory's group_vars are read as YAML; the keys PlanCheck reads hold no Jinja, so nothing is resolved.
verify_min_azs is the inventory's own when it sets one, else the verify role's default (PlanCheck's too).
"""

from pathlib import Path

import pytest
import yaml
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck

INVENTORIES = Path(__file__).resolve().parents[5] / "inventories"


def group_vars(name):
    return yaml.safe_load((INVENTORIES / name / "group_vars" / "all" / "main.yml").read_text())


@pytest.mark.parametrize("name", ["local", "dev", "prod"])
def test_example_inventory_passes_the_plan_rules(api, name):
    v = group_vars(name)
    result = PlanCheck(api, v["ecs_asg_min_size"], v["ecs_asg_max_size"], v.get("ecs_asg_desired_capacity"),
                       v.get("ecs_on_demand_base_capacity", 0), v["ecs_services"], v["ecs_instance_types"],
                       azs=v["ecs_azs"], verify_min_azs=v.get("verify_min_azs")).run()
    assert result["problems"].lines() == []
    assert all(s["fits"] for s in result["services"])
