"""The shipped example inventories pass every inventory rule (local is covered end to end, its ARNs are generated)."""

import glob
import os

import pytest
import yaml
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules import validate

from tests.helpers import ROOT


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_an_example_inventory_passes(name):
    with open(os.path.join(ROOT, "roles", "ecs", "defaults", "main.yml")) as handle:
        inventory = yaml.safe_load(handle)
    for path in sorted(glob.glob(os.path.join(ROOT, "inventories", name, "group_vars", "all", "*.yml"))):
        with open(path) as handle:
            inventory.update(yaml.safe_load(handle) or {})
    assert not any("{{" in str(v) for k, v in inventory.items() if k.startswith("ecs_") and k not in (
        "ecs_work_dir", "ecs_project_root", "ecs_output_root")), "the example is expected to hold literal values"
    assert validate(inventory).lines() == []
