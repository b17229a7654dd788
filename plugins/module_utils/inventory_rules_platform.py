# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Load balancer, compute and observability rules: certificate and KMS key ARNs, TLS policy, idle timeout, access log
bucket, instance types, AMI, Auto Scaling group sizes and the On-Demand floor, alarm e-mail addresses, the
tasks-below-desired alarms' need of Container Insights."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import (
    arn_parts,
    as_list,
    check_kms_key_arn,
    matches,
    partition_of,
    rule,
    text,
    whole,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_names import s3_bucket_name_errors

RULES = []
SPOT_STRATEGIES = ("price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price")


def _range(found, rule_id, inv, key, low, high, what):
    value = inv.get(key)
    number = whole(value)
    if number is None or number < low or (high is not None and number > high):
        bound = f"between {low} and {high}" if high is not None else f">= {low}"
        found.add(rule_id, key, value, f"{what} must be a whole number {bound}", f"Set {key} {bound}")
        return None
    return number


# ---- load balancer --------------------------------------------------------------------------------------------------

@rule(RULES, "alb.certificate_arn", "ecs_certificate_arn: an ACM certificate ARN of the deployment's region")
def _certificate(inv, found):
    arn, region = inv.get("ecs_certificate_arn"), text(inv.get("ecs_aws_region"))
    if not matches(r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$", arn):
        found.add("alb.certificate_arn", "ecs_certificate_arn", arn, "it is not an ACM certificate ARN",
                  "Write the full ARN: arn:aws:acm:REGION:ACCOUNT:certificate/ID")
        return
    partition, _service, cert_region, _account, _resource = arn_parts(arn)
    if partition != partition_of(region) or cert_region != region:
        found.add("alb.certificate_arn", "ecs_certificate_arn", arn, f"an ALB serves only certificates of its own "
                  f"region and partition ({region}, {partition_of(region)})",
                  f"Request or import it in ACM in {region}")


@rule(RULES, "alb.ssl_policy", "ecs_ssl_policy: ELBSecurityPolicy-TLS13-* or ELBSecurityPolicy-FS-1-2-*")
def _ssl_policy(inv, found):
    value = text(inv.get("ecs_ssl_policy"))
    if not value.startswith(("ELBSecurityPolicy-TLS13-", "ELBSecurityPolicy-FS-1-2-")):
        found.add("alb.ssl_policy", "ecs_ssl_policy", value, "only TLS 1.2+ policies are allowed",
                  "Use ELBSecurityPolicy-TLS13-1-2-2021-06 (or another ELBSecurityPolicy-TLS13-* / -FS-1-2-*)")


@rule(RULES, "alb.idle_timeout", "ecs_alb_idle_timeout: 1-4000 seconds")
def _idle_timeout(inv, found):
    _range(found, "alb.idle_timeout", inv, "ecs_alb_idle_timeout", 1, 4000, "the ALB idle timeout (seconds)")


@rule(RULES, "alb.access_logs_bucket", "ecs_alb_access_logs_bucket: empty or a valid S3 bucket name")
def _access_logs(inv, found):
    value = inv.get("ecs_alb_access_logs_bucket")
    if value:
        for error in s3_bucket_name_errors(value):
            found.add("alb.access_logs_bucket", "ecs_alb_access_logs_bucket", value, f"not a valid S3 bucket name: "
                      f"{error}", "Name an existing bucket, or leave the key empty for no access logs")


@rule(RULES, "alb.dns", "ecs_route53_zone_id a hosted zone ID; with it, ecs_domain_name a lowercase DNS name")
def _dns(inv, found):
    zone, domain = inv.get("ecs_route53_zone_id"), inv.get("ecs_domain_name")
    if not zone:
        return  # no alias record: the domain name is only what pre-flight checks the certificate against
    if not matches(r"^[A-Z0-9]{1,32}$", zone):
        found.add("alb.dns", "ecs_route53_zone_id", zone, "it is not a hosted zone ID",
                  "Write the ID alone, e.g. Z0123456789ABCDEFGHIJ (without /hostedzone/)")
    if not domain:
        found.add("alb.dns", "ecs_domain_name", domain, "the alias record in ecs_route53_zone_id needs a name",
                  "Set ecs_domain_name, e.g. shop.example.com")
    elif not matches(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", domain):
        found.add("alb.dns", "ecs_domain_name", domain, "it is not a lowercase DNS name (no trailing dot, no "
                  "wildcard)", "Write the record's name, e.g. shop.example.com")


# ---- compute --------------------------------------------------------------------------------------------------------

@rule(RULES, "compute.instance_types", "ecs_instance_types: at least two distinct <family>.<size> types")
def _instance_types(inv, found):
    types = as_list(inv.get("ecs_instance_types"))
    if len(set(map(text, types))) < 2:
        found.add("compute.instance_types", "ecs_instance_types", types, "at least two distinct instance types are "
                  "needed so Spot can pick from several pools", "Add another type of the same size, e.g. m5.large")
    for index, name in enumerate(types):
        if not matches(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$", name):
            found.add("compute.instance_types", f"ecs_instance_types[{index}]", name, "it is not an instance type",
                      "Use a name such as m6i.large")


@rule(RULES, "compute.ami", "ecs_ami_id like ami-0123456789abcdef0; ecs_ami_ssm_parameter a /aws/service/.../image_id")
def _ami(inv, found):
    ami = inv.get("ecs_ami_id")
    if ami and not matches(r"^ami-[0-9a-f]{8,17}$", ami):
        found.add("compute.ami", "ecs_ami_id", ami, "it is not an AMI ID", "Use an ID like ami-0123456789abcdef0, or "
                  "leave it empty for the recommended ECS-optimized AMI")
    parameter = text(inv.get("ecs_ami_ssm_parameter"))
    if not (parameter.startswith("/aws/service/") and parameter.endswith("/image_id")):
        found.add("compute.ami", "ecs_ami_ssm_parameter", parameter, "it must be a public /aws/service/... parameter "
                  "ending in /image_id (a plain AMI ID)",
                  "Use e.g. /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")


@rule(RULES, "compute.root_volume", "ecs_root_volume_size: 30-16384 GiB")
def _root_volume(inv, found):
    _range(found, "compute.root_volume", inv, "ecs_root_volume_size", 30, 16384, "the root volume size (GiB)")


@rule(RULES, "compute.asg_sizes", "0 <= ecs_asg_min_size <= ecs_asg_desired_capacity <= ecs_asg_max_size, max >= 1")
def _asg_sizes(inv, found):
    low = _range(found, "compute.asg_sizes", inv, "ecs_asg_min_size", 0, None, "the ASG min size")
    high = _range(found, "compute.asg_sizes", inv, "ecs_asg_max_size", 1, None, "the ASG max size")
    desired = _range(found, "compute.asg_sizes", inv, "ecs_asg_desired_capacity", 0, None, "the ASG desired capacity")
    if None in (low, high, desired):
        return
    if low > high:
        found.add("compute.asg_sizes", "ecs_asg_min_size", low, f"the ASG min size is above the max size {high}",
                  "Make ecs_asg_min_size <= ecs_asg_max_size")
    elif not low <= desired <= high:
        found.add("compute.asg_sizes", "ecs_asg_desired_capacity", desired, f"the desired capacity is outside min "
                  f"{low} .. max {high}", "Make ecs_asg_min_size <= ecs_asg_desired_capacity <= ecs_asg_max_size")


@rule(RULES, "compute.on_demand", "0 <= ecs_on_demand_base_capacity <= ecs_asg_min_size; percentage above base 0-100")
def _on_demand(inv, found):
    base = _range(found, "compute.on_demand", inv, "ecs_on_demand_base_capacity", 0, None, "the On-Demand base")
    low = whole(inv.get("ecs_asg_min_size"))
    if base is not None and low is not None and 0 <= low < base:
        found.add("compute.on_demand", "ecs_on_demand_base_capacity", base, f"the On-Demand base is above the ASG "
                  f"min size {low}: the floor of On-Demand instances could never be kept",
                  "Make ecs_on_demand_base_capacity <= ecs_asg_min_size")
    _range(found, "compute.on_demand", inv, "ecs_on_demand_percentage_above_base", 0, 100,
           "the On-Demand percentage above the base")


@rule(RULES, "compute.spot", "ecs_spot_allocation_strategy one of the four; ecs_capacity_target 1-100")
def _spot(inv, found):
    strategy = inv.get("ecs_spot_allocation_strategy")
    if strategy not in SPOT_STRATEGIES:
        found.add("compute.spot", "ecs_spot_allocation_strategy", strategy, "it is not a Spot allocation strategy",
                  "Use one of " + ", ".join(SPOT_STRATEGIES))
    _range(found, "compute.spot", inv, "ecs_capacity_target", 1, 100, "the capacity provider target (percent)")


# ---- KMS keys -------------------------------------------------------------------------------------------------------

@rule(RULES, "kms.key_arn", "every KMS key ARN: arn:PARTITION:kms:REGION:ACCOUNT:key/ID of the deployment's "
      "partition (EBS, log and state keys in its region; secret keys too unless ecs_allow_cross_region_secrets)")
def _kms_keys(inv, found):
    for key in ("ecs_ebs_kms_key_arn", "ecs_log_kms_key_arn", "ecs_state_kms_key_arn"):
        if inv.get(key):
            check_kms_key_arn(found, "kms.key_arn", inv, key, inv.get(key))
    cross = bool(inv.get("ecs_allow_cross_region_secrets"))
    for index, arn in enumerate(as_list(inv.get("ecs_secret_kms_key_arns"))):
        check_kms_key_arn(found, "kms.key_arn", inv, f"ecs_secret_kms_key_arns[{index}]", arn, same_region=not cross)


# ---- observability --------------------------------------------------------------------------------------------------

@rule(RULES, "observability.alarms", "ecs_alarm_email_endpoints are e-mail addresses; "
      "ecs_spot_interruption_threshold >= 1")
def _alarms(inv, found):
    for index, address in enumerate(as_list(inv.get("ecs_alarm_email_endpoints"))):
        if not matches(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", address):
            found.add("observability.alarms", f"ecs_alarm_email_endpoints[{index}]", address,
                      "it is not an e-mail address", "Use an address like oncall@example.com")
    _range(found, "observability.alarms", inv, "ecs_spot_interruption_threshold", 1, None,
           "the Spot interruption threshold")


def _flag(value, default):
    """An inventory boolean as Ansible may pass it (a bool, or its text); None keeps the role default."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


@rule(RULES, "observability.tasks_below_desired", "ecs_container_insights: false needs "
      "ecs_tasks_below_desired_alarm: false (the alarm reads Container Insights metrics)")
def _tasks_below_desired(inv, found):
    insights = _flag(inv.get("ecs_container_insights"), True)
    if not insights and _flag(inv.get("ecs_tasks_below_desired_alarm"), True):
        found.add("observability.tasks_below_desired", "ecs_container_insights", inv.get("ecs_container_insights"),
                  "the tasks-below-desired alarms (ecs_tasks_below_desired_alarm: true) read Container Insights' "
                  "RunningTaskCount and DesiredTaskCount; without them every alarm would page for missing data",
                  "Set ecs_container_insights: true, or ecs_tasks_below_desired_alarm: false to run without "
                  "Container Insights and without those alarms")
