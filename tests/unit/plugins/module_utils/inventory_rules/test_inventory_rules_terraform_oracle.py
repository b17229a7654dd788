"""Every Terraform `validation` block has an inventory rule, and Terraform itself is the oracle of the bad inputs.

The validation blocks are read with a maintained HCL parser (python-hcl2, from the project's checkov environment).
For each one mapped to a rule, BAD_INPUTS gives inventory changes; Terraform evaluates the block's own condition on
the values the layers would receive (`terraform console`, no provider, no state) and must refuse them, and the
Python rules must refuse the same inventory with the mapped rule. On the valid inventory every condition holds and no
rule fires. A new validation without a table entry, or an entry without a bad input, fails here.
"""

import copy
import hashlib
import json
import os
import re
import subprocess

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules import (
    RULE_IDS,
    TERRAFORM_VALIDATIONS,
    coverage_for,
    validate,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_services import SECRET_KEY_RE

from tests.helpers import HCL_PYTHON, ROOT, terraform_env

READ_VALIDATIONS = r"""
import glob, json, sys
import hcl2
out = []
paths = glob.glob("terraform/layers/*/variables.tf") + glob.glob("terraform/modules/*/variables.tf")
for path in sorted(paths) + ["terraform/common/variables_common.tf"]:  # each layer's variables_common.tf copies it
    with open(path) as handle:
        for block in hcl2.load(handle).get("variable", []):
            for name, body in block.items():
                for v in body.get("validation", []):
                    out.append(dict(path=path, variable=name, message=v["error_message"][0],
                                    condition=v["condition"][0]))
json.dump(out, sys.stdout)
"""

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _service(index, **changes):
    def patch(inv):
        inv["ecs_services"][index].update(changes)
    return patch


def _set(**changes):
    def patch(inv):
        inv.update(changes)
    return patch


def _one_az(inv):
    inv.update(ecs_azs=["us-east-1a"], ecs_public_subnet_cidrs=["10.40.0.0/24"],
               ecs_private_subnet_cidrs=["10.40.10.0/24"])


def _env(**environment):
    return _service(0, environment=environment)


def _secret(value_from):
    def patch(inv):
        inv["ecs_services"][0]["secrets"][0]["value_from"] = value_from
    return patch


def _schedule(**changes):
    def patch(inv):
        inv["ecs_services"][0]["scheduled_scaling"][0].update(changes)
    return patch


# (variable, start of error_message) of TERRAFORM_VALIDATIONS -> inventory changes Terraform must refuse
BAD_INPUTS = {
    ("environment", "environment must be 2-16"): [_set(ecs_environment="Dev"), _set(ecs_environment="e" * 17)],
    ("project", "project must be 2-20"): [_set(ecs_project="1shop"), _set(ecs_project="p" * 21)],
    ("owner", "owner must be 1-64 characters"): [_set(ecs_owner="o" * 65), _set(ecs_owner="team#1")],
    ("aws_region", "aws_region must"): [_set(ecs_aws_region="useast1")],
    ("aws_account_id", "aws_account_id must be exactly 12 digits"): [_set(ecs_aws_account_id="1234")],
    ("tags", "tags keys must be"): [_set(ecs_tags={"aws:owner": "x"}), _set(ecs_tags={"a": "v" * 257})],
    ("bucket_name", "bucket_name must be 3-63"): [_set(ecs_state_bucket="State_Bucket"),
                                                  _set(ecs_state_bucket="demo..state")],
    ("lock_table_name", "lock_table_name must be 3-255"): [_set(ecs_lock_table="lk")],
    ("kms_key_arn", "kms_key_arn must be null or a KMS key ARN"): [_set(ecs_state_kms_key_arn="alias/aws/s3")],
    ("vpc_cidr", "vpc_cidr must be a valid IPv4 CIDR block"): [_set(ecs_vpc_cidr="10.40.0.0/33"),
                                                               _set(ecs_vpc_cidr="10.0.0.0/12")],
    ("azs", "azs must list at least 2 distinct"): [_one_az],
    ("azs", "Every entry of azs must be an availability zone"): [_set(ecs_azs=["us-east-1a", "use1-az2"])],
    ("public_subnet_cidrs", "Every entry of public_subnet_cidrs must be a valid"): [
        _set(ecs_public_subnet_cidrs=["10.40.0.0/24", "10.40.1.0/33"])],
    ("public_subnet_cidrs", "public_subnet_cidrs must have exactly one"): [
        _set(ecs_public_subnet_cidrs=["10.40.0.0/24"])],
    ("private_subnet_cidrs", "Every entry of private_subnet_cidrs must be a valid"): [
        _set(ecs_private_subnet_cidrs=["10.40.10.0/24", "banana"])],
    ("private_subnet_cidrs", "private_subnet_cidrs must have exactly one"): [
        _set(ecs_private_subnet_cidrs=["10.40.10.0/24", "10.40.11.0/24", "10.40.12.0/24"])],
    ("private_subnet_cidrs", "Public and private subnet CIDR blocks must all be different"): [
        _set(ecs_private_subnet_cidrs=["10.40.0.0/24", "10.40.11.0/24"])],
    ("interface_endpoints", "Every entry of interface_endpoints"): [_set(ecs_interface_endpoints=["ssm", "ECR"])],
    ("interface_endpoints", "interface_endpoints must not contain duplicates"): [
        _set(ecs_interface_endpoints=["ssm", "ssm"])],
    ("flow_log_retention_days", "flow_log_retention_days must be one of"): [_set(ecs_flow_log_retention_days=31)],
    ("secret_kms_key_arns", "Every entry of secret_kms_key_arns"): [
        _set(ecs_secret_kms_key_arns=["arn:aws:kms:us-east-1:123456789012:alias/secrets"])],
    ("name", "name must be 1-32 letters"): [],  # names.project/environment bound the ALB name: unreachable
    ("public_subnet_ids", "public_subnet_ids must hold at least two"): [_one_az],
    ("certificate_arn", "certificate_arn must be an ACM certificate ARN"): [
        _set(ecs_certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/*")],
    ("ssl_policy", "ssl_policy must"): [_set(ecs_ssl_policy="ELBSecurityPolicy-2016-08")],
    ("idle_timeout", "idle_timeout must"): [_set(ecs_alb_idle_timeout=0), _set(ecs_alb_idle_timeout=4001)],
    ("access_logs_bucket", "access_logs_bucket must be null or a valid S3 bucket name"): [
        _set(ecs_alb_access_logs_bucket="Logs")],
    ("route53_zone_id", "route53_zone_id must be null or a hosted zone ID"): [
        _set(ecs_route53_zone_id="/hostedzone/Z0123456789ABCDEFGHIJ")],
    ("domain_name", "domain_name must be null or a lowercase DNS name"): [_set(ecs_domain_name="*.demo.test"),
                                                                          _set(ecs_domain_name="Demo.test.")],
    ("domain_name", "domain_name is needed when route53_zone_id is set"): [_set(ecs_domain_name="")],
    ("services", "user must be a non-root user"): [_service(1, user="root"), _service(1, user="0:0")],
    ("service", "service.user must be a non-root user"): [_service(1, user="app user")],
    ("name_prefix", "name_prefix must be 3-40"): [_set(ecs_environment="dev-")],
    ("private_subnet_ids", "private_subnet_ids must hold at least two"): [_one_az],
    ("instance_types", "instance_types must hold at least two"): [_set(ecs_instance_types=["m5.large", "m5.large"])],
    ("instance_types", "Every instance_types entry"): [_set(ecs_instance_types=["m5.large", "m5"])],
    ("ami_id", "ami_id must be null or look like"): [_set(ecs_ami_id="ami-XYZ")],
    ("ami_ssm_parameter", "ami_ssm_parameter must be a public"): [_set(ecs_ami_ssm_parameter="/my/ami")],
    ("root_volume_size", "root_volume_size must"): [_set(ecs_root_volume_size=29)],
    ("ebs_kms_key_arn", "ebs_kms_key_arn must be null or a KMS key ARN"): [_set(ecs_ebs_kms_key_arn="alias/ebs")],
    ("asg_min_size", "asg_min_size must"): [_set(ecs_asg_min_size=-1, ecs_on_demand_base_capacity=0)],
    ("asg_max_size", "asg_max_size must"): [_set(ecs_asg_max_size=0, ecs_asg_min_size=0, ecs_asg_desired_capacity=0,
                                                 ecs_on_demand_base_capacity=0)],
    ("asg_desired_capacity", "asg_desired_capacity must"): [_set(ecs_asg_desired_capacity=-1)],
    ("on_demand_base_capacity", "on_demand_base_capacity must"): [_set(ecs_on_demand_base_capacity=-1)],
    ("on_demand_percentage_above_base", "on_demand_percentage_above_base must"): [
        _set(ecs_on_demand_percentage_above_base=101)],
    ("spot_allocation_strategy", "spot_allocation_strategy must"): [_set(ecs_spot_allocation_strategy="cheap")],
    ("capacity_provider_target_capacity", "capacity_provider_target_capacity must"): [_set(ecs_capacity_target=0)],
    ("services", "services must hold at least one service"): [_set(ecs_services=[])],
    ("services", "Service names must be unique"): [_service(1, name="web")],
    ("services", "Every service name must match"): [_service(1, name="a"), _service(1, name="API")],
    ("service", "service.name must match"): [_service(1, name="Api")],
    ("services", "Every service needs an image"): [_service(1, image=" ")],
    ("services", "container_port must be a whole number"): [_service(1, container_port=0)],
    ("services", "Every container_port must be a whole number"): [_service(1, container_port=65536)],
    ("service", "service.container_port must"): [_service(1, container_port=70000)],
    ("services", "cpu must be 128-196608"): [_service(1, cpu=64), _service(1, memory=100)],
    ("service", "service.cpu must be 128-196608"): [_service(1, cpu=200000)],
    ("services", "Every service needs 0 <= min_count"): [_service(1, min_count=3, desired_count=2)],
    ("service", "service counts must satisfy"): [_service(1, desired_count=5, max_count=4)],
    ("services", "listener_priority must be unique"): [_service(1, listener_priority=100),
                                                       _service(1, listener_priority=0)],
    ("service", "service.listener_priority must"): [_service(1, listener_priority=50001)],
    ("services", "Every secrets value_from must be the full ARN"): [_secret("s3cr3t-value"),
                                                                    _secret("arn:aws:ssm:us-east-1:123456789012:x")],
    ("services", "Every secrets[].value_from must be the full ARN"): [
        _secret("arn:aws:ssm:us-east-1:123456789012:parameter/demo/*")],
    ("service", "Every service.secrets value_from must"): [
        _secret("arn:aws:secretsmanager:us-east-1:123456789012:secret:*")],
    ("services", "Every services[].secret_kms_key_arns entry"): [
        _service(0, secret_kms_key_arns=["arn:aws:kms:us-east-1:123456789012:alias/x"])],
    ("services", "environment keys and secrets names must be unique"): [_env(API_TOKEN2="x", **{"1X": "y"})],
    ("services", "Every secrets[].name must be an environment variable name"): [
        lambda inv: inv["ecs_services"][0]["secrets"][0].update(name="DB-PASSWORD")],
    ("services", "Secret names must be unique within a service"): [
        lambda inv: inv["ecs_services"][0]["secrets"][1].update(name="DB_PASSWORD")],
    ("service", "service.environment keys and service.secrets names"): [_env(API_TOKEN_URL="x", **{"A-B": "y"})],
    ("services", "An environment key looks like a secret"): [_env(DB_PASSWORD="hunter2"), _env(GITHUB_TOKEN="x")],
    ("service", "service.environment looks like it holds a secret"): [_env(APIKEY="x")],
    ("services", "cpu_target and memory_target must"): [_service(1, cpu_target=5), _service(1, memory_target=99)],
    ("service", "service.cpu_target and service.memory_target"): [_service(1, cpu_target=96)],
    ("services", "scheduled_scaling entries need"): [_schedule(schedule="0 20 * * *"), _schedule(min_count=3)],
    ("service", "service.scheduled_scaling entries need"): [_schedule(name="night shift")],
    ("services", "log_retention_days must be a CloudWatch"): [_service(1, log_retention_days=10)],
    ("service", "service.log_retention_days must"): [_service(1, log_retention_days=0)],
    ("services", "Each service needs 1-5 path_patterns"): [_service(1, path_patterns=[]),
                                                           _service(1, health_check_path="health"),
                                                           _service(1, health_check_matcher="2xx")],
    ("service", "service needs 1-5 path_patterns"): [_service(1, path_patterns=["/a", "/b", "/c"],
                                                              host_headers=["a.test", "b.test", "c.test"])],
    ("log_kms_key_arn", "log_kms_key_arn must be null or a KMS key ARN"): [
        _set(ecs_log_kms_key_arn=KEY.replace(":key/", ":key/*"))],
    ("alarm_email_endpoints", "Every alarm_email_endpoints entry"): [_set(ecs_alarm_email_endpoints=["oncall"])],
    ("spot_interruption_threshold", "spot_interruption_threshold must"): [_set(ecs_spot_interruption_threshold=0)],
    ("container_insights", "container_insights is false while"): [_set(ecs_container_insights=False)],
}

SERVICE_DEFAULTS = dict(health_check_path="/health", health_check_matcher="200", path_patterns=["/*"], host_headers=[],
                        environment={}, secrets=[], cpu_target=60, memory_target=70, scheduled_scaling=[],
                        log_retention_days=30, readonly_root_filesystem=True, secret_kms_key_arns=None, user=None)


def terraform_values(inv):
    """What the layers and modules receive from this inventory (layer_inputs.json.j2 and the layers' wiring)."""
    prefix = f"{inv['ecs_project']}-{inv['ecs_environment']}"
    services = [dict(SERVICE_DEFAULTS, **s) for s in inv["ecs_services"]]
    zones = [f"subnet-{hashlib.sha1(az.encode()).hexdigest()[:17]}" for az in inv["ecs_azs"]]  # noqa: S324
    return dict(
        environment=inv["ecs_environment"], project=inv["ecs_project"], owner=inv["ecs_owner"],
        aws_region=inv["ecs_aws_region"], aws_account_id=str(inv["ecs_aws_account_id"]), tags=inv["ecs_tags"],
        bucket_name=inv["ecs_state_bucket"], lock_table_name=inv["ecs_lock_table"],
        kms_key_arn=inv["ecs_state_kms_key_arn"] or None,
        vpc_cidr=inv["ecs_vpc_cidr"], azs=inv["ecs_azs"], public_subnet_cidrs=inv["ecs_public_subnet_cidrs"],
        private_subnet_cidrs=inv["ecs_private_subnet_cidrs"], interface_endpoints=inv["ecs_interface_endpoints"],
        flow_log_retention_days=inv["ecs_flow_log_retention_days"], secret_kms_key_arns=inv["ecs_secret_kms_key_arns"],
        services=services, certificate_arn=inv["ecs_certificate_arn"], ssl_policy=inv["ecs_ssl_policy"],
        idle_timeout=inv["ecs_alb_idle_timeout"], access_logs_bucket=inv["ecs_alb_access_logs_bucket"] or None,
        name=f"{prefix[:28].removesuffix('-')}-alb", name_prefix=prefix,
        route53_zone_id=inv["ecs_route53_zone_id"] or None,
        domain_name=(inv["ecs_domain_name"] or None) if inv["ecs_route53_zone_id"] else None,
        public_subnet_ids=zones, private_subnet_ids=zones,
        instance_types=inv["ecs_instance_types"], ami_id=inv["ecs_ami_id"] or None,
        ami_ssm_parameter=inv["ecs_ami_ssm_parameter"], root_volume_size=inv["ecs_root_volume_size"],
        ebs_kms_key_arn=inv["ecs_ebs_kms_key_arn"] or None, asg_min_size=inv["ecs_asg_min_size"],
        asg_max_size=inv["ecs_asg_max_size"], asg_desired_capacity=inv["ecs_asg_desired_capacity"],
        on_demand_base_capacity=inv["ecs_on_demand_base_capacity"],
        on_demand_percentage_above_base=inv["ecs_on_demand_percentage_above_base"],
        spot_allocation_strategy=inv["ecs_spot_allocation_strategy"],
        capacity_provider_target_capacity=inv["ecs_capacity_target"],
        log_kms_key_arn=inv["ecs_log_kms_key_arn"] or None,
        alarm_email_endpoints=inv["ecs_alarm_email_endpoints"],
        spot_interruption_threshold=inv["ecs_spot_interruption_threshold"],
        container_insights=inv["ecs_container_insights"],
        tasks_below_desired_alarm=inv["ecs_tasks_below_desired_alarm"],
    )


def hcl_json(value):
    """An HCL expression for a JSON value: jsondecode of a quoted string (escapes and template markers doubled)."""
    text = json.dumps(value).replace("\\", "\\\\").replace('"', '\\"').replace("${", "$${").replace("%{", "%%{")
    return f'jsondecode("{text}")'


def expressions(validation, values):
    """The validation's condition on these values; the ecs-service module's on every service."""
    condition = validation["condition"]
    condition = condition[2:-1] if condition.startswith("${") and condition.endswith("}") else condition
    # python-hcl2 renders null as None and list strings in single quotes: back to HCL
    condition = re.sub(r"'([^'\"]*)'", r'"\1"', re.sub(r"\bNone\b", "null", condition))
    bindings = [dict(values)]
    if validation["variable"] == "service":
        bindings = [dict(values, service=s) for s in values["services"]] or [values]

    def substitute(binding):
        return re.sub(r"\bvar\.([a-z0-9_]+)", lambda m: hcl_json(binding[m.group(1)]), condition)

    return [f'try(tobool({substitute(b)}), "error")' for b in bindings]


CONSOLE_LINE_MAX = 60_000  # terraform console reads one line of at most 64 KiB


def _console(expressions):
    """Results of the expressions from one `terraform console` run (it prints only the last line's result)."""
    proc = subprocess.run(["terraform", "console"], input=f"jsonencode([{', '.join(expressions)}])\n", text=True,
                          capture_output=True, cwd=os.path.join(ROOT, "terraform"), env=terraform_env(), timeout=300,
                          check=False)
    assert proc.returncode == 0 and proc.stdout.strip(), re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr)[-3000:]
    return json.loads(json.loads(proc.stdout.strip()))


def terraform_verdicts(cases):
    """[[condition results of case 1], ...]: the cases' expressions evaluated in as few console runs as fit."""
    results, batch, size = [], [], 0
    for case in cases:
        for expression in case:
            if batch and size + len(expression) > CONSOLE_LINE_MAX:
                results += _console(batch)
                batch, size = [], 0
            batch.append(expression)
            size += len(expression) + 2
    results += _console(batch) if batch else []
    out, start = [], 0
    for case in cases:
        out.append(results[start:start + len(case)])
        start += len(case)
    return out


@pytest.fixture(scope="module")
def validations():
    assert os.path.exists(HCL_PYTHON), "the checkov virtualenv (make venv) provides python-hcl2 for this test"
    proc = subprocess.run([HCL_PYTHON, "-c", READ_VALIDATIONS], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert len(found) > 50  # the parser really read the files
    return found


def test_every_terraform_validation_has_a_rule_or_a_reason(validations):
    missing = [f"{v['path']}: {v['variable']}: {v['message']}" for v in validations
               if coverage_for(v["variable"], v["message"]) is None]
    assert missing == [], "add these to inventory_rules.TERRAFORM_VALIDATIONS:\n" + "\n".join(missing)
    for entry in TERRAFORM_VALIDATIONS.values():
        assert entry in RULE_IDS or (isinstance(entry, tuple) and entry[0] is None and entry[1]), entry


def test_no_table_entry_is_stale(validations):
    used = {(name, start) for (name, start) in TERRAFORM_VALIDATIONS
            for v in validations if v["variable"] == name and v["message"].startswith(start)}
    assert set(TERRAFORM_VALIDATIONS) - used == set()


def test_every_mapped_validation_has_bad_inputs():
    mapped = {k for k, v in TERRAFORM_VALIDATIONS.items() if isinstance(v, str)}
    assert mapped - set(BAD_INPUTS) == set()
    unreachable = {k for k, v in BAD_INPUTS.items() if not v}
    assert unreachable == {("name", "name must be 1-32 letters")}


def test_the_secret_looking_rule_is_the_services_layers_own(validations):
    conditions = [v["condition"] for v in validations if "looks like" in v["message"] and "secret" in v["message"]]
    assert len(conditions) >= 2
    assert all(f'"{SECRET_KEY_RE.pattern}"' in c for c in conditions)


def test_terraform_refuses_each_bad_input_and_so_do_the_rules_first(validations, inventory):
    cases, labels = [], []
    # The valid inventory: every condition holds (so the values handed to Terraform are the right ones).
    for v in validations:
        entry = coverage_for(v["variable"], v["message"])
        if isinstance(entry, str):
            cases.append(expressions(v, terraform_values(inventory)))
            labels.append(("valid", v, None, None))
    for (name, start), patches in BAD_INPUTS.items():
        for number, patch in enumerate(patches):
            bad = copy.deepcopy(inventory)
            patch(bad)
            for v in validations:
                if v["variable"] == name and v["message"].startswith(start):
                    cases.append(expressions(v, terraform_values(bad)))
                    labels.append(("bad", v, number, bad))
    verdicts = terraform_verdicts(cases)
    errors = []
    for (kind, v, number, bad), results in zip(labels, verdicts, strict=True):
        where = f"{v['path']} {v['variable']}: {v['message'][:60]}"
        if kind == "valid":
            if results != [True] * len(results):
                errors.append(f"valid inventory fails {where}: {results}")
            continue
        if all(r is True for r in results):
            errors.append(f"bad input #{number} is accepted by Terraform ({where}): not a bad input")
        rule = TERRAFORM_VALIDATIONS[next(k for k in TERRAFORM_VALIDATIONS
                                          if k[0] == v["variable"] and v["message"].startswith(k[1]))]
        if rule not in {f["rule"] for f in validate(bad).as_list()}:
            errors.append(f"bad input #{number} of {where} is not refused by rule {rule}")
    assert validate(inventory).as_list() == []
    assert errors == []
