"""Generate the cost-floor plan JSON fixtures from this project's own Terraform layers.

    .venv/bin/python tools/gen_cost_fixtures.py [--port 4710] [--only dev/network]

For each environment (the dev and prod inventories, plus variants that differ in exactly one input) and each
priced layer, it copies terraform/ to a scratch directory, adds a backend_override.tf with a local backend,
plans the layer against the embedded emulator (AWS_ENDPOINT_URL + dummy credentials, account 123456789012) with
the inventory's values, and writes `terraform show -json` of the plan, stripped to what the cost logic reads, to
tests/unit/fixtures/plans/<env>/<layer>.json.

- Values: inventories/<env>/group_vars/all/main.yml over roles/ecs/defaults/main.yml, mapped to layer
  inputs as roles/ecs/templates/layer_inputs.json.j2 does. The account is replaced by 123456789012
  (the emulator's, and the providers refuse any other); the region stays the inventory's (eu-west-1).
- Earlier layers' outputs are replaced by the fake IDs in FAKE_OUTPUTS, so every layer is planned alone.
- The compute layer gets a fake pinned AMI so no SSM lookup is needed.
- bootstrap is not planned: its S3 bucket and on-demand DynamoDB table cost nothing at zero traffic.
- Stripping: planned_values keeps only resources of PRICED_TYPES (all attributes except tags and policies);
  resource_changes keeps address/type/actions/after_unknown of the same resources (after_unknown says how many
  elements a list such as subnet_ids will have when the elements are not known yet).
"""

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "unit", "fixtures", "plans")
ACCOUNT = "123456789012"
LAYERS = ["network", "security", "loadbalancer", "compute", "services", "observability"]

# Resource types the cost logic prices or reads (keep in sync with plugins/module_utils/cost_floor.py).
PRICED_TYPES = {
    "aws_nat_gateway", "aws_eip", "aws_lb", "aws_vpc_endpoint", "aws_subnet", "aws_autoscaling_group",
    "aws_launch_template", "aws_cloudwatch_log_group", "aws_ecs_cluster", "aws_ecs_service",
    "aws_ecs_task_definition", "aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_route53_zone", "aws_flow_log",
}
DROPPED_ATTRIBUTES = {"tags", "tags_all", "policy", "user_data", "container_definitions", "tag", "alarm_actions",
                      "ok_actions", "insufficient_data_actions", "alarm_description"}

# Plausible outputs of earlier layers, so a layer can be planned alone. Per environment, by number of AZs.


def fake_outputs(env, project, azs, services):
    n = len(azs)
    prefix = f"{project}-{env}"
    region = azs[0][:-1]
    names = [s["name"] for s in services]
    return {
        "vpc_id": "vpc-0c05f100000000001",
        "public_subnet_ids": [f"subnet-0c05f1000000001{i}" for i in range(n)],
        "private_subnet_ids": [f"subnet-0c05f1000000002{i}" for i in range(n)],
        "alb_security_group_id": "sg-0c05f100000000001",
        "tasks_security_group_id": "sg-0c05f100000000002",
        "instances_security_group_id": "sg-0c05f100000000003",
        "instance_profile_arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{prefix}-ecs-instance",
        "execution_role_arns": {s: f"arn:aws:iam::{ACCOUNT}:role/{prefix}-{s}-execution" for s in names},
        "task_role_arns": {s: f"arn:aws:iam::{ACCOUNT}:role/{prefix}-{s}-task" for s in names},
        "https_listener_arn": (f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:listener/app/{prefix}-alb/"
                               "0c05f10000000001/0c05f10000000002"),
        "alb_arn_suffix": f"app/{prefix}-alb/0c05f10000000001",
        "cluster_name": f"{prefix}-cluster",
        "cluster_arn": f"arn:aws:ecs:{region}:{ACCOUNT}:cluster/{prefix}-cluster",
        "capacity_provider_name": f"{prefix}-cp",
        "asg_name": f"{prefix}-ecs",
        "instance_warmup_period": 300,  # the ecs-cluster module's default
        "service_names": {s: s for s in names},
        "target_group_arn_suffixes": {s: f"targetgroup/{prefix}-{s}/0c05f1000000000{i}" for i, s in
                                      enumerate(names)},
        "failed_rollout_seconds": {s: 210 for s in names},  # the ecs-service module's bound at 2 tasks
    }


QUOTE_ARN = re.compile(r"^(\s*value_from:\s*)(arn:[^\s\"']+)\s*$", re.M)

WIRING = {
    "network": [],
    "security": ["vpc_id"],
    "loadbalancer": ["vpc_id", "public_subnet_ids", "alb_security_group_id"],
    "compute": ["private_subnet_ids", "instances_security_group_id", "instance_profile_arn"],
    "services": ["vpc_id", "private_subnet_ids", "tasks_security_group_id", "execution_role_arns", "task_role_arns",
                 "https_listener_arn", "cluster_name", "cluster_arn", "capacity_provider_name"],
    "observability": ["alb_arn_suffix", "cluster_name", "asg_name", "instance_warmup_period", "service_names",
                      "target_group_arn_suffixes", "failed_rollout_seconds"],
}

# Environments: inventory name, and overrides that make a variant differ in exactly one input.
ENVIRONMENTS = {
    "dev": ("dev", {}, LAYERS),
    "prod": ("prod", {}, LAYERS),
    # The dev network with a NAT gateway per AZ: exactly one NAT gateway (and its EIP) more than dev.
    "dev-nat-per-az": ("dev", {"ecs_single_nat_gateway": False}, ["network"]),
}


def load_values(inventory, overrides):
    with open(os.path.join(ROOT, "roles", "ecs", "defaults", "main.yml")) as f:
        values = {k: v for k, v in yaml.safe_load(f).items() if not (isinstance(v, str) and "{{" in v)}
    with open(os.path.join(ROOT, "inventories", inventory, "group_vars", "all", "main.yml")) as f:
        text = f.read()
    try:
        values.update(yaml.safe_load(text))
    except yaml.YAMLError:
        # An unquoted ARN ending in "::" (Secrets Manager JSON key reference) is not valid YAML; quote it here.
        values.update(yaml.safe_load(QUOTE_ARN.sub(r'\1"\2"', text)))
    values.update(overrides)
    # The emulator's account everywhere (the provider's allowed_account_ids must match it).
    text = json.dumps(values)
    text = text.replace(str(values["ecs_aws_account_id"]), ACCOUNT)
    return json.loads(text)


def layer_inputs(v):
    """What layer_inputs.json.j2 renders; empty optional values left out."""
    common = {"environment": v["ecs_environment"], "project": v["ecs_project"], "owner": v["ecs_owner"],
              "aws_region": v["ecs_aws_region"], "aws_account_id": ACCOUNT, "tags": v.get("ecs_tags") or {}}
    layers = {
        "network": {"vpc_cidr": v["ecs_vpc_cidr"], "azs": v["ecs_azs"],
                    "public_subnet_cidrs": v["ecs_public_subnet_cidrs"],
                    "private_subnet_cidrs": v["ecs_private_subnet_cidrs"],
                    "single_nat_gateway": v["ecs_single_nat_gateway"],
                    "interface_endpoints": v["ecs_interface_endpoints"],
                    "flow_log_retention_days": v["ecs_flow_log_retention_days"]},
        "security": {"services": v["ecs_services"], "secret_kms_key_arns": v["ecs_secret_kms_key_arns"]},
        "loadbalancer": {"certificate_arn": v["ecs_certificate_arn"], "ssl_policy": v["ecs_ssl_policy"],
                         "deletion_protection": v["ecs_alb_deletion_protection"],
                         "idle_timeout": v["ecs_alb_idle_timeout"],
                         "access_logs_bucket": v["ecs_alb_access_logs_bucket"] or None},
        "compute": {"instance_types": v["ecs_instance_types"], "ami_id": "ami-0c05f1000000000a1",
                    "ami_ssm_parameter": v["ecs_ami_ssm_parameter"], "asg_min_size": v["ecs_asg_min_size"],
                    "asg_max_size": v["ecs_asg_max_size"], "asg_desired_capacity": v["ecs_asg_desired_capacity"],
                    "on_demand_base_capacity": v["ecs_on_demand_base_capacity"],
                    "on_demand_percentage_above_base": v["ecs_on_demand_percentage_above_base"],
                    "spot_allocation_strategy": v["ecs_spot_allocation_strategy"],
                    "capacity_provider_target_capacity": v["ecs_capacity_target"],
                    "root_volume_size": v["ecs_root_volume_size"],
                    "ebs_kms_key_arn": v["ecs_ebs_kms_key_arn"] or None,
                    "container_insights": v["ecs_container_insights"]},
        "services": {"services": v["ecs_services"], "log_kms_key_arn": v["ecs_log_kms_key_arn"] or None,
                     "on_demand_base_capacity": v["ecs_on_demand_base_capacity"]},
        "observability": {"on_demand_base_capacity": v["ecs_on_demand_base_capacity"],
                          "alarm_email_endpoints": v["ecs_alarm_email_endpoints"],
                          "spot_interruption_threshold": v["ecs_spot_interruption_threshold"],
                          "container_insights": v["ecs_container_insights"],
                          "tasks_below_desired_alarm": v["ecs_tasks_below_desired_alarm"]},
    }
    fakes = fake_outputs(v["ecs_environment"], v["ecs_project"], v["ecs_azs"], v["ecs_services"])
    result = {}
    for name, inputs in layers.items():
        kept = {k: val for k, val in inputs.items() if val is not None}
        kept.update({k: fakes[k] for k in WIRING[name]})
        result[name] = dict(common, **kept)
    return result


def _strip_values(values):
    return {k: v for k, v in values.items() if k not in DROPPED_ATTRIBUTES}


def _strip_module(module):
    out = {"resources": []}
    if module.get("address"):
        out["address"] = module["address"]
    for res in module.get("resources", []):
        if res.get("mode") == "managed" and res.get("type") in PRICED_TYPES:
            res = dict(res, values=_strip_values(res.get("values") or {}))
            res.pop("sensitive_values", None)
            out["resources"].append(res)
    children = [_strip_module(c) for c in module.get("child_modules", [])]
    children = [c for c in children if c["resources"] or c.get("child_modules")]
    if children:
        out["child_modules"] = children
    return out


def strip_plan(plan):
    """Keep what the cost logic reads; the rest (tags, policies, other types) only makes fixtures big."""
    changes = []
    for rc in plan.get("resource_changes", []):
        if rc.get("mode") == "managed" and rc.get("type") in PRICED_TYPES:
            change = rc["change"]
            unknown = change.get("after_unknown") or {}
            changes.append({"address": rc["address"], "mode": "managed", "type": rc["type"], "name": rc["name"],
                            "change": {"actions": change["actions"],
                                       "after_unknown": _strip_values(unknown) if isinstance(unknown, dict) else
                                       unknown}})
    return {
        "format_version": plan.get("format_version"),
        "terraform_version": plan.get("terraform_version"),
        "planned_values": {"root_module": _strip_module(plan["planned_values"]["root_module"])},
        "resource_changes": changes,
    }


def run(argv, cwd, env):
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s failed in %s:\n%s%s" % (" ".join(argv), cwd, proc.stdout[-3000:], proc.stderr[-3000:]))
    return proc.stdout


def plan_layer(scratch, env_name, layer, inputs, env):
    tree = os.path.join(scratch, env_name, "terraform")
    if not os.path.isdir(tree):
        shutil.copytree(os.path.join(ROOT, "terraform"), tree,
                        ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", "tests"))
    layer_dir = os.path.join(tree, "layers", layer)
    with open(os.path.join(layer_dir, "backend_override.tf"), "w") as f:
        f.write('terraform {\n  backend "local" {\n    path = "%s"\n  }\n}\n'
                % os.path.join(scratch, env_name, layer + ".tfstate"))
    with open(os.path.join(layer_dir, "inputs.tfvars.json"), "w") as f:
        json.dump(inputs, f, indent=2)
    layer_env = dict(env, TF_DATA_DIR=os.path.join(scratch, env_name, layer + ".terraform"))
    run(["terraform", "init", "-input=false", "-no-color"], layer_dir, layer_env)
    run(["terraform", "plan", "-input=false", "-no-color", "-lock=false", "-var-file=inputs.tfvars.json",
         "-out=layer.tfplan"], layer_dir, layer_env)
    return json.loads(run(["terraform", "show", "-json", "layer.tfplan"], layer_dir, layer_env))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4710)
    parser.add_argument("--only", action="append", default=[], help="env/layer to (re)generate, e.g. dev/network")
    parser.add_argument("--scratch", default=os.path.join(tempfile.gettempdir(), "cost-fixtures"))
    args = parser.parse_args()

    # The emulator's dummy credentials (the documented "testing" pair), never real ones.
    env = dict(os.environ, AWS_ENDPOINT_URL="http://127.0.0.1:%d" % args.port, AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106
               TF_CLI_CONFIG_FILE=os.path.join(ROOT, ".work", "terraform", "cli.tfrc"),
               CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    env.pop("AWS_PROFILE", None)
    failures = []
    for env_name, (inventory, overrides, layers) in ENVIRONMENTS.items():
        values = load_values(inventory, copy.deepcopy(overrides))
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = values["ecs_aws_region"]
        inputs = layer_inputs(values)
        for layer in layers:
            key = "%s/%s" % (env_name, layer)
            if args.only and key not in args.only:
                continue
            try:
                plan = plan_layer(args.scratch, env_name, layer, inputs[layer], env)
            except RuntimeError as exc:
                failures.append("%s: %s" % (key, exc))
                print("FAILED", key, file=sys.stderr)
                continue
            os.makedirs(os.path.join(OUT, env_name), exist_ok=True)
            with open(os.path.join(OUT, env_name, layer + ".json"), "w") as f:
                json.dump(strip_plan(plan), f, indent=1, sort_keys=True)
                f.write("\n")
            print("wrote", key)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
