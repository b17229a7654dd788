"""plan_diff: what --check --diff shows per resource, from a canned plan JSON (update_plan.json)."""

import json
from pathlib import Path

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_diff import (
    ansible_diff,
    diff_lines,
    redact,
    resource_diffs,
)

PLAN = json.loads((Path(__file__).parent / "update_plan.json").read_text())
PLANTED = ("planted-plaintext", "planted-sensitive", "planted-smtp", "AKIAPLANTED")


def by_address():
    return dict((e["address"], e) for e in resource_diffs(PLAN))


def attributes(entry):
    return dict((a["attribute"], (a["before"], a["after"])) for a in entry["attributes"])


def test_only_changing_resources_and_only_their_changed_attributes_are_listed():
    entries = by_address()
    assert sorted(entries) == [
        "module.alb.aws_lb.this",
        "module.security.aws_iam_access_key.ci",
        "module.security.aws_ssm_parameter.db",
        'module.service["api"].aws_ecs_task_definition.this',
    ]  # the no-op listener and the data source are left out
    alb = entries["module.alb.aws_lb.this"]
    assert alb["action"] == "update"
    assert attributes(alb) == {"idle_timeout": (60, 90)}  # name, internal, tags unchanged: hidden


def test_a_terraform_sensitive_attribute_is_masked_but_its_neighbours_shown():
    ssm = attributes(by_address()["module.security.aws_ssm_parameter.db"])
    assert ssm["value"] == ("(sensitive value)", "(sensitive value)")
    assert ssm["description"] == ("db", "database")


def test_secret_looking_values_are_redacted_and_the_rest_of_the_change_shown():
    task = by_address()['module.service["api"].aws_ecs_task_definition.this']
    assert task["action"] == "replace"
    before, after = attributes(task)["container_definitions"]
    assert after[0]["image"] == "nginx:1.28" and before[0]["image"] == "nginx:1.27"
    assert {"name": "DB_PASSWORD", "value": "(redacted)"} in after[0]["environment"]
    assert {"name": "LOG_LEVEL", "value": "debug"} in after[0]["environment"]
    # A secret's ARN is where it lives, not the secret: still shown.
    assert after[0]["secrets"][0]["valueFrom"].startswith("arn:aws:ssm:")
    key = attributes(by_address()["module.security.aws_iam_access_key.ci"])
    assert key["ses_smtp_password_v4"] == ("(redacted)", "(redacted)")  # secret-looking name
    assert key["id"] == ("(redacted)", "(redacted)")  # access key id value
    assert key["status"] == ("Active", "Inactive")


def test_no_planted_value_reaches_the_diff_or_the_lines():
    entries = resource_diffs(PLAN)
    shown = json.dumps(ansible_diff(entries, "services")) + "\n".join(diff_lines(entries, "services"))
    assert all(p in json.dumps(PLAN) for p in PLANTED)  # planted in the plan on purpose
    for planted in PLANTED:
        assert planted not in shown, planted


def test_ansible_diff_has_one_before_after_pair_per_resource_headed_by_layer_and_address():
    diff = ansible_diff(resource_diffs(PLAN), "loadbalancer")
    alb = [d for d in diff if d["before_header"] == "loadbalancer: module.alb.aws_lb.this"]
    assert alb == [{"before_header": "loadbalancer: module.alb.aws_lb.this",
                    "after_header": "loadbalancer: module.alb.aws_lb.this (update)",
                    "before": "idle_timeout: 60\n", "after": "idle_timeout: 90\n"}]


def test_diff_lines_name_the_address_then_each_attribute_before_and_after():
    lines = diff_lines(resource_diffs(PLAN), "loadbalancer")
    at = lines.index("~ loadbalancer: module.alb.aws_lb.this (update)")
    assert lines[at + 1] == "    idle_timeout: 60 -> 90"


def test_a_created_resource_shows_its_values_after_and_what_is_known_after_apply():
    plan = {"resource_changes": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket",
                                  "change": {"actions": ["create"], "before": None,
                                             "after": {"bucket": "b", "tags": None},
                                             "after_unknown": {"arn": True}}}]}
    assert attributes(resource_diffs(plan)[0]) == {"arn": (None, "(known after apply)"), "bucket": (None, "b")}


def test_redact_leaves_ordinary_values_and_non_json_strings_alone():
    assert redact({"name": "web", "port": 80, "enabled": True}) == {"name": "web", "port": 80, "enabled": True}
    assert redact("[not json") == "[not json"
    assert redact({"api_key": "x" * 8, "token_enabled": True}) == {"api_key": "(redacted)", "token_enabled": True}


def test_a_list_changed_in_place_shows_only_its_changed_lines():
    lines = diff_lines(resource_diffs(PLAN), "services")
    at = lines.index("    container_definitions:")
    block = lines[at + 1:at + 12]
    assert '      -    "image": "nginx:1.27",' in block and '      +    "image": "nginx:1.28",' in block
    assert '      +        "value": "debug"' in block
    assert not any('"family"' in line or '"cpu"' in line for line in lines)  # unchanged attributes


def test_the_imdsv2_setting_is_shown_though_its_name_looks_secret():
    options = {"metadata_options": [{"http_tokens": "required"}]}
    assert redact(options) == options
