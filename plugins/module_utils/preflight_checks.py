# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Each pre-flight check as its options and one function ``run(api, params) -> facts with problems``: what the check
modules (preflight_*_info) take and do, in one place, so preflight_info runs the same checks side by side."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import (
    DEFAULT_AMI_NAME_REGEX,
    DEFAULT_AMI_SSM_PARAMETER,
    CapacityCheck,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_certificate import CertificateCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_dns import HostedZoneCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_identity import IdentityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck

REF_SPEC = dict(key=dict(type="str", required=True, no_log=False), arn=dict(type="str", required=True))

IDENTITY = dict(account_id=dict(type="str", required=True))

SECRETS = dict(
    secret_refs=dict(type="list", elements="dict", default=[], options=REF_SPEC, no_log=False),
    kms_key_refs=dict(type="list", elements="dict", default=[], options=REF_SPEC, no_log=False),
    allow_cross_region=dict(type="bool", default=False),
)

CAPACITY = dict(
    azs=dict(type="list", elements="str", default=[]),
    subnet_ids=dict(type="list", elements="str", default=[]),
    instance_types=dict(type="list", elements="str", required=True),
    asg_max_size=dict(type="int", required=True),
    ami_id=dict(type="str"),
    ami_ssm_parameter=dict(type="str", default=DEFAULT_AMI_SSM_PARAMETER),
    ami_name_regex=dict(type="str", default=DEFAULT_AMI_NAME_REGEX),
    unreadable_quota=dict(type="str", choices=["problem", "warning"], default="problem"),
)

CERTIFICATE = dict(certificate_arn=dict(type="str", required=True), domain_name=dict(type="str"),
                   route53_zone_id=dict(type="str"))

PLAN = dict(
    asg_min_size=dict(type="int", required=True),
    asg_max_size=dict(type="int", required=True),
    asg_desired_capacity=dict(type="int"),
    on_demand_base_capacity=dict(type="int", default=0),
    services=dict(type="list", elements="dict", default=[]),
    instance_types=dict(type="list", elements="str", required=True),
    reserved_memory_mib=dict(type="int", default=256),
    azs=dict(type="list", elements="str", default=[]),
    verify_min_azs=dict(type="int"),
)


def identity(api, p):
    return IdentityCheck(api, p["account_id"], p["key_names"]).run()


def secrets(api, p):
    return SecretsCheck(api, p["secret_refs"], p["kms_key_refs"], p["allow_cross_region"]).run()


def capacity(api, p):
    return CapacityCheck(api, p["azs"], p["subnet_ids"], p["instance_types"], p["asg_max_size"], p["ami_id"],
                         p["ami_ssm_parameter"], p["ami_name_regex"], p["unreadable_quota"], p["key_names"]).run()


def certificate(api, p):
    """The certificate, then the zone (when given): one problem list."""
    result = CertificateCheck(api, p["certificate_arn"], p["domain_name"], p["key_names"]).run()
    if p["route53_zone_id"]:
        zone = HostedZoneCheck(api, p["route53_zone_id"], p["domain_name"], p["key_names"]).run()
        for problem in zone["problems"].as_list():
            result["problems"].add(**problem)
        result["hosted_zone"] = zone["hosted_zone"]
    return result


def plan(api, p):
    return PlanCheck(api, p["asg_min_size"], p["asg_max_size"], p["asg_desired_capacity"],
                     p["on_demand_base_capacity"], p["services"], p["instance_types"], p["reserved_memory_mib"],
                     p["key_names"], p["azs"], p["verify_min_azs"]).run()


# name -> (options, run), in the order preflight_info reports them.
CHECKS = {
    "identity": (IDENTITY, identity),
    "secrets": (SECRETS, secrets),
    "capacity": (CAPACITY, capacity),
    "certificate": (CERTIFICATE, certificate),
    "plan": (PLAN, plan),
}
