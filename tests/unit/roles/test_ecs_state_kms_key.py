"""ecs_state_kms_key_arn reaches the bootstrap layer (the bucket's and table's key) and every layer's S3 backend
(kms_key_id: with a customer key the bucket policy refuses a put that asks for AES256, which encrypt alone asks for)."""

import json
from pathlib import Path

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

ROOT = Path(__file__).resolve().parents[3]
KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def inventory(**overrides):
    values = yaml.safe_load((ROOT / "roles" / "ecs" / "defaults" / "main.yml").read_text())
    values.update(yaml.safe_load((ROOT / "inventories" / "local" / "group_vars" / "all" / "main.yml").read_text()))
    values.update(emulator_fixture_arns={k: "arn:aws:kms:us-east-1:123456789012:key/x" for k in (
        "alb_certificate", "secrets_kms_key", "web_db_password", "web_api_token", "api_signing_key", "demo_zone")})
    values.update(ecs_project_root=str(ROOT), role_path=str(ROOT / "roles" / "ecs"), **overrides)
    return values


def render(template, **overrides):
    rendered = Templar(loader=DataLoader(), variables=inventory(**overrides)).template(template)
    return json.loads(rendered) if isinstance(rendered, str) else rendered


def layer_inputs(**overrides):
    return render(trust_as_template((ROOT / "roles" / "ecs" / "templates" / "layer_inputs.json.j2").read_text()),
                  **overrides)


def backend(**overrides):
    """ecs_backend as roles/ecs/tasks/main.yml's set_fact templates it."""
    tasks = yaml.safe_load((ROOT / "roles" / "ecs" / "tasks" / "main.yml").read_text())
    facts = [t["ansible.builtin.set_fact"] for t in tasks if "ecs_backend" in t.get("ansible.builtin.set_fact", {})]
    assert len(facts) == 1
    spec = {k: trust_as_template(v) if isinstance(v, str) else v for k, v in facts[0]["ecs_backend"].items()}
    return render(spec, **overrides)


@pytest.mark.parametrize("unset", [None, ""])
def test_without_a_key_the_bucket_keeps_sse_s3_and_the_backend_encrypt_only(unset):
    overrides = {} if unset is None else {"ecs_state_kms_key_arn": unset}
    assert "state_kms_key_arn" not in layer_inputs(**overrides)["bootstrap"]
    config = backend(**overrides)
    assert "kms_key_id" not in config and config["encrypt"] is True


def test_the_key_reaches_the_bootstrap_layer_and_every_backend_config():
    inputs = layer_inputs(ecs_state_kms_key_arn=KEY)
    assert inputs["bootstrap"]["state_kms_key_arn"] == KEY
    assert all("state_kms_key_arn" not in v for k, v in inputs.items() if k != "bootstrap")
    config = backend(ecs_state_kms_key_arn=KEY)
    assert config["kms_key_id"] == KEY and config["encrypt"] is True
