# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""What every inventory rule family shares: the rule table entry, the findings collector and small value helpers.

A rule is a function `check(inv, found)` that reads the inventory (a dict of ecs_* keys, defaults applied) and adds
findings; it never calls AWS and never writes anything. `found.add(rule, key, value, reason, action)` records one
problem in the project's one shape, `key = value: reason. action`, with the rule id kept beside it.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import Problems

REDACTED = "(redacted)"
CLOUDWATCH_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                             2922, 3288, 3653)
KMS_KEY_ARN_RE = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$")


class Rule:
    """One row of the rule table: an id (`family.what`), what it refuses, and the check function."""

    def __init__(self, rule_id, summary, check):
        self.id = rule_id
        self.summary = summary
        self.check = check


def rule(table, rule_id, summary):
    """Decorator that appends a check function to a family's rule table."""
    def register(check):
        table.append(Rule(rule_id, summary, check))
        return check
    return register


class Findings(Problems):
    """Every problem found, once each, sorted by inventory key (pre-flight's Problems), with the rule id beside it."""

    def add(self, rule_id, key, value, reason, action):  # pylint: disable=arguments-differ
        super().add(key, value, reason, action, rule=rule_id)


# ---- value helpers --------------------------------------------------------------------------------------------------

def whole(value):
    """The value as an int when it is a whole number (bools are not), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def text(value):
    return "" if value is None else str(value)


def matches(pattern, value):
    return isinstance(value, str) and re.search(pattern, value) is not None


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else []


def parse_cidr(value):
    """(network, None) for a valid IPv4 network address with a prefix, else (None, why)."""
    if not isinstance(value, str) or "/" not in value:
        return None, "is not an IPv4 CIDR block (ADDRESS/PREFIX)"
    address, prefix = value.split("/", 1)
    if not re.fullmatch(r"\d{1,2}", prefix) or int(prefix) > 32:
        return None, f"its prefix /{prefix} is not an IPv4 prefix length (0-32)"
    try:
        ipaddress.IPv4Address(address)
    except ValueError:
        return None, f"{address} is not an IPv4 address"
    try:
        return ipaddress.IPv4Network(value, strict=True), None
    except ValueError:
        network = ipaddress.IPv4Network(value, strict=False)
        return None, f"it has host bits set; the network address of this block is {network}"


def partition_of(region):
    """The ARN partition of a region (aws, aws-cn, aws-us-gov, ...)."""
    region = text(region)
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("eu-isoe-"):
        return "aws-iso-e"
    if region.startswith("us-isof-"):
        return "aws-iso-f"
    return "aws"


def arn_parts(arn):
    """partition, service, region, account, resource of an ARN, or None."""
    match = re.fullmatch(r"arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.+)", text(arn))
    return match.groups() if match else None


def check_kms_key_arn(found, rule_id, inv, key, arn, same_region=True):
    """A KMS key ARN as Terraform takes it (key/ID, no alias, no wildcard), in the deployment's partition."""
    region = text(inv.get("ecs_aws_region"))
    if not KMS_KEY_ARN_RE.match(text(arn)):
        found.add(rule_id, key, arn, "it is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID; aliases and "
                  "wildcards are refused)", "Write the key's full ARN, e.g. arn:aws:kms:us-east-1:123456789012:key/"
                  "1234abcd-12ab-34cd-56ef-1234567890ab")
        return
    partition, _service, key_region, _account, _resource = arn_parts(arn)
    if partition != partition_of(region):
        found.add(rule_id, key, arn, f"its partition {partition} is not the partition of {region} "
                  f"({partition_of(region)})", "Use a key of the deployment's partition")
    elif same_region and key_region != region:
        found.add(rule_id, key, arn, f"the key is in {key_region}, not in the deployment's region {region}",
                  f"Use a KMS key in {region}")
