"""The state backend's first apply (site.yml, state_backend_push_later) targets what holds state safely; everything
else in the module runs in the background. A renamed or new resource must be placed in one list or the other."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "terraform" / "modules" / "state-backend"
# Left to the background part: the lifecycle rules (a minute of provider waiting), and the bucket, which every
# target depends on and -target pulls in.
BACKGROUND_ONLY = {"aws_s3_bucket_lifecycle_configuration.this"}
PULLED_IN = {"aws_s3_bucket.this"}


def module_resources():
    text = "".join(path.read_text() for path in sorted(MODULE.glob("*.tf")))
    return {"%s.%s" % m for m in re.findall(r'^resource "([^"]+)" "([^"]+)"', text, re.M)}


def first_targets():
    data = yaml.safe_load((ROOT / "roles" / "state_backend" / "vars" / "main.yml").read_text())
    return data["__state_backend_first_targets"]


def test_every_target_is_a_resource_of_the_module():
    targets = first_targets()
    assert targets and all(t.startswith("module.state_backend.") for t in targets)
    missing = {t.split("module.state_backend.", 1)[1] for t in targets} - module_resources()
    assert not missing, "targets that are not resources of terraform/modules/state-backend: %s" % sorted(missing)


def test_only_the_lifecycle_rules_are_left_to_the_background():
    targeted = {t.split("module.state_backend.", 1)[1] for t in first_targets()}
    assert module_resources() - targeted - PULLED_IN == BACKGROUND_ONLY
    assert "aws_dynamodb_table.this" in targeted and "aws_s3_bucket_versioning.this" in targeted
