"""Shared by the cost_floor_estimate_info tests.

- `layer_inputs(env, **overrides)` renders roles/ecs/templates/layer_inputs.json.j2 (the template the play uses)
  with inventories/<env>/group_vars/all/main.yml over roles/ecs/defaults/main.yml, `ecs_*` keys overridden.
- `fixture_plans(env)` loads the plan JSON of this project's own layers planned with the same inventory
  (tests/unit/fixtures/plans, tools/gen_cost_fixtures.py), which the plan-based floor prices.
"""

import json
from pathlib import Path

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_inventory import inventory_plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PRICE_TABLE, PriceBook

ROOT = Path(__file__).resolve().parents[5]
FIXTURES = ROOT / "tests" / "unit" / "fixtures" / "plans"
LAYERS = ("network", "security", "loadbalancer", "compute", "services", "observability")
REGION = "eu-west-1"  # the dev and prod inventories' region
H = PRICE_TABLE["assumptions"]["hours_per_month"]
PRICE = PRICE_TABLE["regions"][REGION]


def inventory(env, **overrides):
    values = yaml.safe_load((ROOT / "roles" / "ecs" / "defaults" / "main.yml").read_text())
    values.update(yaml.safe_load((ROOT / "inventories" / env / "group_vars" / "all" / "main.yml").read_text()))
    values.update(overrides)
    return values


def layer_inputs(env, **overrides):
    template = (ROOT / "roles" / "ecs" / "templates" / "layer_inputs.json.j2").read_text()
    rendered = Templar(loader=DataLoader(), variables=inventory(env, **overrides)).template(trust_as_template(template))
    return json.loads(rendered) if isinstance(rendered, str) else rendered


def fixture_plans(env, layers=LAYERS):
    return [{"layer": layer, "plan": json.loads((FIXTURES / env / ("%s.json" % layer)).read_text())}
            for layer in layers if (FIXTURES / env / ("%s.json" % layer)).exists()]


def floor_of_plans(plans):
    return cost_floor(plans, PriceBook.from_table(REGION))


def estimate(inputs):
    plans, not_estimated = inventory_plans(inputs)
    assert not_estimated == []
    return floor_of_plans(plans)


def component(report, name):
    """The items of one component, by detail."""
    return {c["detail"]: c for c in report["components"] if c["component"] == name}


def monthly(report, name):
    return sum(c["monthly"] for c in report["components"] if c["component"] == name)
