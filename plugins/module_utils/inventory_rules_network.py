# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Network rules: the VPC and subnet CIDR blocks (syntax, the /16-/28 sizes AWS allows, every subnet inside the VPC,
no two subnets overlapping, one per AZ), the AZ names against the region, the endpoints and the flow log retention.

The EC2 API refuses a subnet outside its VPC or overlapping another only at apply time, after the plan has already
replaced what stood in the way (a NAT gateway in a subnet being replaced is destroyed first), so these relations are
checked before anything is planned."""

from __future__ import annotations

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import (
    CLOUDWATCH_RETENTION_DAYS,
    as_list,
    matches,
    parse_cidr,
    rule,
    text,
    whole,
)

RULES = []
PREFIX_MIN, PREFIX_MAX = 16, 28  # the IPv4 block sizes AWS allows for a VPC and for a subnet
SUBNET_KEYS = ("ecs_public_subnet_cidrs", "ecs_private_subnet_cidrs")


def _sized(found, rule_id, key, value, what):
    network, why = parse_cidr(value)
    if network is None:
        found.add(rule_id, key, value, f"{why}", f"Write the {what} as an IPv4 network address with a prefix "
                  "between /16 and /28, e.g. 10.0.0.0/16")
        return None
    if not PREFIX_MIN <= network.prefixlen <= PREFIX_MAX:
        found.add(rule_id, key, value, f"AWS allows a {what} between /{PREFIX_MIN} and /{PREFIX_MAX}, not "
                  f"/{network.prefixlen}", f"Use a prefix between /{PREFIX_MIN} and /{PREFIX_MAX}")
        return None
    return network


@rule(RULES, "network.vpc_cidr", "ecs_vpc_cidr: an IPv4 network address, /16 to /28")
def _vpc_cidr(inv, found):
    _sized(found, "network.vpc_cidr", "ecs_vpc_cidr", inv.get("ecs_vpc_cidr"), "VPC CIDR block")


@rule(RULES, "network.azs", "ecs_azs: at least 2 distinct availability zones of ecs_aws_region")
def _azs(inv, found):
    azs = as_list(inv.get("ecs_azs"))
    region = text(inv.get("ecs_aws_region"))
    if len(set(map(text, azs))) < 2:
        found.add("network.azs", "ecs_azs", azs, "at least 2 distinct availability zones are needed (the ALB and "
                  "the verification need two)", f"List two or more zones of {region or 'the region'}")
    seen = set()
    for index, az in enumerate(azs):
        key = f"ecs_azs[{index}]"
        if not matches(r"^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$", az):
            found.add("network.azs", key, az, "it is not an availability zone name", "Use a name such as us-east-1a")
        elif region and not matches(rf"^{re.escape(region)}[a-z]$", az):
            found.add("network.azs", key, az, f"the zone is not in the deployment's region {region}",
                      f"Use a zone of {region}, e.g. {region}a")
        if az in seen:
            found.add("network.azs", key, az, "the zone is listed twice", "List each zone once")
        seen.add(az)


@rule(RULES, "network.subnet_cidr", "every subnet CIDR: an IPv4 network address, /16 to /28")
def _subnet_cidrs(inv, found):
    for name in SUBNET_KEYS:
        for index, value in enumerate(as_list(inv.get(name))):
            _sized(found, "network.subnet_cidr", f"{name}[{index}]", value, "subnet CIDR block")


@rule(RULES, "network.subnet_count", "one public and one private subnet per entry of ecs_azs")
def _subnet_counts(inv, found):
    azs = as_list(inv.get("ecs_azs"))
    for name in SUBNET_KEYS:
        cidrs = as_list(inv.get(name))
        if len(cidrs) != len(azs):
            found.add("network.subnet_count", name, cidrs, f"{len(cidrs)} CIDR block(s) for {len(azs)} availability "
                      "zone(s) in ecs_azs", "Give exactly one block per zone, in the order of ecs_azs")


def _subnets(inv):
    """(key, value, network) of every subnet whose CIDR is valid."""
    out = []
    for name in SUBNET_KEYS:
        for index, value in enumerate(as_list(inv.get(name))):
            network, _why = parse_cidr(value)
            if network is not None and PREFIX_MIN <= network.prefixlen <= PREFIX_MAX:
                out.append((f"{name}[{index}]", value, network))
    return out


@rule(RULES, "network.subnet_in_vpc", "every subnet CIDR lies inside ecs_vpc_cidr")
def _subnet_in_vpc(inv, found):
    vpc, _why = parse_cidr(inv.get("ecs_vpc_cidr"))
    if vpc is None:
        return
    for key, value, network in _subnets(inv):
        if not network.subnet_of(vpc):
            found.add("network.subnet_in_vpc", key, value, f"the subnet is not inside the VPC CIDR block {vpc}",
                      f"Choose a block inside {vpc}")


@rule(RULES, "network.subnet_overlap", "no two subnet CIDR blocks overlap (public and private together)")
def _subnet_overlap(inv, found):
    subnets = _subnets(inv)
    for later, (key, value, network) in enumerate(subnets):
        for other_key, other_value, other in subnets[:later]:
            if network.overlaps(other):
                found.add("network.subnet_overlap", key, value, f"it overlaps {other_key} = {other_value}",
                          "Give every subnet its own block")
                break


@rule(RULES, "network.interface_endpoints", "ecs_interface_endpoints: short service names, no duplicates")
def _endpoints(inv, found):
    seen = set()
    for index, name in enumerate(as_list(inv.get("ecs_interface_endpoints"))):
        key = f"ecs_interface_endpoints[{index}]"
        if not matches(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", name):
            found.add("network.interface_endpoints", key, name, "it is not a short service name",
                      "Use a name such as ssm, ecr.api or logs (com.amazonaws.<region>. is added)")
        if name in seen:
            found.add("network.interface_endpoints", key, name, "the endpoint is listed twice", "List it once")
        seen.add(name)


@rule(RULES, "network.flow_log_retention", "ecs_flow_log_retention_days: a CloudWatch Logs retention value")
def _flow_log_retention(inv, found):
    value = inv.get("ecs_flow_log_retention_days")
    if whole(value) not in CLOUDWATCH_RETENTION_DAYS:
        found.add("network.flow_log_retention", "ecs_flow_log_retention_days", value, "CloudWatch Logs accepts only "
                  "some retention periods", "Use one of " + ", ".join(map(str, CLOUDWATCH_RETENTION_DAYS)))
