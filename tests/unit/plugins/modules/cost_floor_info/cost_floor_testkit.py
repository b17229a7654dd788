"""Shared by the cost_floor_info tests: plan JSON fixtures of this project's own layers
(tools/gen_cost_fixtures.py) and the price table they are priced with.
Expected numbers in these tests are computed from the table's unit prices, never copied from a result."""

import json
from pathlib import Path

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PRICE_TABLE

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "plans"
LAYERS = ("network", "security", "loadbalancer", "compute", "services", "observability")
REGION = "eu-west-1"  # the dev and prod inventories' region
H = PRICE_TABLE["assumptions"]["hours_per_month"]


def load_plans(env, layers=LAYERS):
    return [{"layer": layer, "plan": json.loads((FIXTURES / env / ("%s.json" % layer)).read_text())}
            for layer in layers if (FIXTURES / env / ("%s.json" % layer)).exists()]


def unwrapped(table):
    """The play's table with its wrapped free-text lines (continuations indented by two) joined again."""
    out = []
    for line in table:
        if out and line.startswith("  ") and not line.startswith(" " * 27):
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return out
