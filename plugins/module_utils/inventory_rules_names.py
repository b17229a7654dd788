# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Identity and naming rules: environment, project, owner, region, account, tags, the state backend's names, and
the resource names Terraform derives from them (computed here the way the layers compute them)."""

from __future__ import annotations

import hashlib
import ipaddress
import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import (
    as_list,
    matches,
    rule,
    text,
)

RULES = []
REGION_RE = r"^[a-z]{2}(-[a-z]+)+-[0-9]$"  # the strictest of the layers' aws_region validations
LB_NAME_RE = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$"  # ALB and target group names (AWS ELB rules)
IAM_ROLE_RE = r"^[\w+=,.@-]{1,64}$"
# Prefixes and suffixes S3 reserves (Amazon S3 user guide, "General purpose bucket naming rules").
S3_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
S3_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


@rule(RULES, "names.environment", "ecs_environment: 2-16 lowercase letters, digits, '-', starting with a letter")
def _environment(inv, found):
    value = inv.get("ecs_environment")
    if not matches(r"^[a-z][a-z0-9-]{1,15}$", value):
        found.add("names.environment", "ecs_environment", value, "it must be 2-16 lowercase letters, digits or '-', "
                  "starting with a letter (it is part of every resource name and state key)",
                  "Use a short name such as dev, staging or prod")


@rule(RULES, "names.project", "ecs_project: 2-20 lowercase letters, digits, '-', starting with a letter")
def _project(inv, found):
    value = inv.get("ecs_project")
    if not matches(r"^[a-z][a-z0-9-]{1,19}$", value):
        found.add("names.project", "ecs_project", value, "it must be 2-20 lowercase letters, digits or '-', "
                  "starting with a letter (the prefix of every resource name)", "Use a short name such as shop")


def name_prefix(inv):
    return f"{text(inv.get('ecs_project'))}-{text(inv.get('ecs_environment'))}"


def _lb_name(prefix):
    # terraform/layers/loadbalancer/main.tf: alb_name
    return f"{prefix[:28].removesuffix('-')}-alb"


def _tg_name(prefix, service):
    # terraform/modules/ecs-service/locals.tf: tg_name
    full = f"{prefix}-{service}"
    if len(full) <= 32:
        return full
    return f"{full[:25].removesuffix('-')}-{hashlib.sha1(full.encode()).hexdigest()[:6]}"  # noqa: S324 - a name


def _role_name(prefix, service, kind):
    # terraform/modules/security/locals.tf: role_names
    full = f"{prefix}-{service}-{kind}"
    if len(full) <= 64:
        return full
    return f"{full[:55]}-{hashlib.sha1(full.encode()).hexdigest()[:8]}"  # noqa: S324 - a name, not a secret


@rule(RULES, "names.derived", "resource names built from project, environment and service names fit AWS's rules "
      "(ALB and target group 32, IAM role 64, no trailing '-')")
def _derived(inv, found):
    project, environment = inv.get("ecs_project"), inv.get("ecs_environment")
    if not (matches(r"^[a-z][a-z0-9-]{1,19}$", project) and matches(r"^[a-z][a-z0-9-]{1,15}$", environment)):
        return  # names.project / names.environment say what is wrong
    prefix = name_prefix(inv)
    if not matches(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$", prefix):
        found.add("names.derived", "ecs_environment", environment, f"the name prefix {prefix} (project-environment) "
                  "must not end with '-' (the cluster, the Auto Scaling group and the alarms are named after it)",
                  "Drop the trailing '-' of ecs_environment")
        return
    if not matches(LB_NAME_RE, _lb_name(prefix)) or _lb_name(prefix).startswith("internal-"):
        found.add("names.derived", "ecs_project", project, f"the load balancer name {_lb_name(prefix)} is not a "
                  "valid ALB name (1-32 letters, digits, '-', not starting with internal-)", "Choose another project")
    for kind in ("ecs-instance",):
        if not matches(IAM_ROLE_RE, f"{prefix}-{kind}"):
            found.add("names.derived", "ecs_project", project, f"the IAM role name {prefix}-{kind} is longer than 64",
                      "Shorten ecs_project or ecs_environment")
    for index, service in enumerate(as_list(inv.get("ecs_services"))):
        name = text(service.get("name") if isinstance(service, dict) else None)
        if not matches(r"^[a-z][a-z0-9-]{1,30}$", name):
            continue  # services.name says what is wrong
        key = f"ecs_services[{index}].name"
        tg_name = _tg_name(prefix, name)
        if not matches(LB_NAME_RE, tg_name):
            found.add("names.derived", key, name, f"the target group name {tg_name} is not valid: 1-32 letters, "
                      "digits or '-', not starting or ending with '-'", "End the service name with a letter or digit")
        for kind in ("exec", "task"):
            if not matches(IAM_ROLE_RE, _role_name(prefix, name, kind)):
                found.add("names.derived", key, name, f"the IAM role name {_role_name(prefix, name, kind)} is not "
                          "valid (1-64 characters)", "Shorten the service name")


@rule(RULES, "names.owner", "ecs_owner: 1-64 characters valid in a tag value, not blank")
def _owner(inv, found):
    value = inv.get("ecs_owner")
    if not matches(r"^[A-Za-z0-9 _.:/=+@-]{1,64}$", value) or not text(value).strip():
        found.add("names.owner", "ecs_owner", value, "it must be 1-64 characters valid in a tag value (letters, "
                  "digits, spaces and _ . : / = + - @), not only spaces", "Name the owning team, e.g. platform-team")


@rule(RULES, "identity.region", "ecs_aws_region: a region name such as us-east-1")
def _region(inv, found):
    value = inv.get("ecs_aws_region")
    if not matches(REGION_RE, value):
        found.add("identity.region", "ecs_aws_region", value, "it is not an AWS region name",
                  "Use a region name such as us-east-1 or eu-west-3")


@rule(RULES, "identity.account", "ecs_aws_account_id: exactly 12 digits")
def _account(inv, found):
    value = inv.get("ecs_aws_account_id")
    if not matches(r"^[0-9]{12}$", text(value)):
        found.add("identity.account", "ecs_aws_account_id", value, "an AWS account ID is exactly 12 digits",
                  "Quote it in YAML (\"012345678901\") so leading zeros are kept")


@rule(RULES, "tags.keys", "ecs_tags: keys 1-128 characters not starting with aws:, values at most 256")
def _tags(inv, found):
    tags = inv.get("ecs_tags") or {}
    for name, value in (tags.items() if isinstance(tags, dict) else []):
        key = f"ecs_tags.{name}"
        if not 1 <= len(text(name)) <= 128 or text(name).lower().startswith("aws:"):
            found.add("tags.keys", key, name, "a tag key must be 1-128 characters and must not start with aws: "
                      "(reserved by AWS)", "Rename the tag")
        if len(text(value)) > 256:
            found.add("tags.keys", key, f"({len(text(value))} characters)", "a tag value is at most 256 characters",
                      "Shorten the value")


def s3_bucket_name_errors(name):
    """Why `name` is not a valid general purpose S3 bucket name (empty list when it is)."""
    name = text(name)
    errors = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", name):
        errors.append("it must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or "
                      "digit")
    if ".." in name:
        errors.append("it must not contain '..'")
    try:
        ipaddress.IPv4Address(name)
        errors.append("it must not be formatted as an IP address")
    except ValueError:
        pass
    if name.startswith(S3_RESERVED_PREFIXES) or name.endswith(S3_RESERVED_SUFFIXES):
        errors.append("S3 reserves its prefix or suffix (xn--, sthree-, amzn-s3-demo-, -s3alias, --ol-s3, .mrap, "
                      "--x-s3, --table-s3)")
    return errors


@rule(RULES, "state.bucket", "ecs_state_bucket: S3 bucket naming rules")
def _state_bucket(inv, found):
    value = inv.get("ecs_state_bucket")
    for error in s3_bucket_name_errors(value):
        found.add("state.bucket", "ecs_state_bucket", value, f"not a valid S3 bucket name: {error}",
                  "Use a name such as <project>-<environment>-tfstate-<account id>")


@rule(RULES, "state.lock_table", "ecs_lock_table: 3-255 letters, digits, '_', '.', '-' (DynamoDB table name)")
def _lock_table(inv, found):
    value = inv.get("ecs_lock_table")
    if not matches(r"^[A-Za-z0-9_.-]{3,255}$", value):
        found.add("state.lock_table", "ecs_lock_table", value, "a DynamoDB table name is 3-255 letters, digits, "
                  "'_', '.' or '-'", "Use a name such as <project>-<environment>-tflock")
