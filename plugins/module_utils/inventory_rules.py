# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Inventory validation: every value and relationship Terraform or the AWS API would refuse, checked in Python before
anything is planned or written (no AWS call, no file).

RULES is the table of every rule (id, what it refuses, check), family by family; `validate(inventory)` runs them all
and returns every finding at once. TERRAFORM_VALIDATIONS maps each `validation` block of terraform/layers/*/variables.tf
and terraform/modules/*/variables.tf to the rule that refuses the same input first (or says why no inventory value can
reach it); tests/unit/plugins/module_utils/inventory_rules/test_terraform_coverage.py fails on a validation that is
missing from it. A new rule is one function with the @rule decorator in its family's file (or a new family listed
in FAMILIES).
"""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import (
    inventory_rules_names,
    inventory_rules_network,
    inventory_rules_platform,
    inventory_rules_services,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import Findings

FAMILIES = (inventory_rules_names, inventory_rules_network, inventory_rules_platform, inventory_rules_services)
RULES = [r for family in FAMILIES for r in family.RULES]
RULE_IDS = {r.id for r in RULES}

# Values no inventory key sets: outputs of earlier layers, or module inputs the layers leave at their defaults.
LAYER_OUTPUT = "an output of an earlier layer, not an inventory value"
MODULE_DEFAULT = "the layers leave it at the module's default; no inventory key sets it"

# (Terraform variable, start of the validation's error_message) -> rule id, or (None, why no inventory value reaches it)
TERRAFORM_VALIDATIONS = {
    # common variables of every layer
    ("environment", "environment must be 2-16"): "names.environment",
    ("project", "project must be 2-20"): "names.project",
    ("owner", "owner must be 1-64 characters"): "names.owner",
    ("aws_region", "aws_region must"): "identity.region",
    ("aws_account_id", "aws_account_id must be exactly 12 digits"): "identity.account",
    ("tags", "tags keys must be"): "tags.keys",
    # state backend
    ("bucket_name", "bucket_name must be 3-63"): "state.bucket",
    ("lock_table_name", "lock_table_name must be 3-255"): "state.lock_table",
    ("kms_key_arn", "kms_key_arn must be null or a KMS key ARN"): "kms.key_arn",  # ecs_state_kms_key_arn
    ("noncurrent_version_expiration_days", "noncurrent_version_expiration_days must"): (None, MODULE_DEFAULT),
    ("noncurrent_versions_to_keep", "noncurrent_versions_to_keep must"): (None, MODULE_DEFAULT),
    # network
    ("vpc_cidr", "vpc_cidr must be a valid IPv4 CIDR block"): "network.vpc_cidr",
    ("azs", "azs must list at least 2 distinct"): "network.azs",
    ("azs", "Every entry of azs must be an availability zone"): "network.azs",
    ("public_subnet_cidrs", "Every entry of public_subnet_cidrs must be a valid"): "network.subnet_cidr",
    ("public_subnet_cidrs", "public_subnet_cidrs must have exactly one"): "network.subnet_count",
    ("private_subnet_cidrs", "Every entry of private_subnet_cidrs must be a valid"): "network.subnet_cidr",
    ("private_subnet_cidrs", "private_subnet_cidrs must have exactly one"): "network.subnet_count",
    ("private_subnet_cidrs", "Public and private subnet CIDR blocks must all be different"): "network.subnet_overlap",
    ("interface_endpoints", "Every entry of interface_endpoints"): "network.interface_endpoints",
    ("interface_endpoints", "interface_endpoints must not contain duplicates"): "network.interface_endpoints",
    ("flow_log_retention_days", "flow_log_retention_days must be one of"): "network.flow_log_retention",
    ("flow_log_kms_key_arn", "flow_log_kms_key_arn must be null"): (None, MODULE_DEFAULT),
    # security
    ("vpc_id", "vpc_id must"): (None, LAYER_OUTPUT),
    ("secret_kms_key_arns", "Every entry of secret_kms_key_arns"): "kms.key_arn",
    ("alb_ingress_cidr_blocks", "alb_ingress_cidr_blocks must"): (None, MODULE_DEFAULT),
    # load balancer
    ("name", "name must be 1-32 letters"): "names.derived",
    ("public_subnet_ids", "public_subnet_ids must hold at least two"): "network.azs",
    ("public_subnet_ids", "Every public_subnet_ids entry"): (None, LAYER_OUTPUT),
    ("alb_security_group_id", "alb_security_group_id must"): (None, LAYER_OUTPUT),
    ("security_group_ids", "security_group_ids must"): (None, LAYER_OUTPUT),
    ("certificate_arn", "certificate_arn must be an ACM certificate ARN"): "alb.certificate_arn",
    ("ssl_policy", "ssl_policy must"): "alb.ssl_policy",
    ("idle_timeout", "idle_timeout must"): "alb.idle_timeout",
    ("access_logs_bucket", "access_logs_bucket must be null or a valid S3 bucket name"): "alb.access_logs_bucket",
    ("route53_zone_id", "route53_zone_id must be null or a hosted zone ID"): "alb.dns",
    ("domain_name", "domain_name must be null or a lowercase DNS name"): "alb.dns",
    ("domain_name", "domain_name is needed when route53_zone_id is set"): "alb.dns",
    # compute
    ("name_prefix", "name_prefix must be 3-40"): "names.derived",
    ("private_subnet_ids", "private_subnet_ids must hold at least two"): "network.azs",
    ("private_subnet_ids", "private_subnet_ids must hold IDs"): (None, LAYER_OUTPUT),
    ("instances_security_group_id", "instances_security_group_id must"): (None, LAYER_OUTPUT),
    ("instance_profile_arn", "instance_profile_arn must"): (None, LAYER_OUTPUT),
    ("instance_types", "instance_types must hold at least two"): "compute.instance_types",
    ("instance_types", "Every instance_types entry"): "compute.instance_types",
    ("ami_id", "ami_id must be null or look like"): "compute.ami",
    ("ami_ssm_parameter", "ami_ssm_parameter must be a public"): "compute.ami",
    ("root_volume_size", "root_volume_size must"): "compute.root_volume",
    ("ebs_kms_key_arn", "ebs_kms_key_arn must be null or a KMS key ARN"): "kms.key_arn",
    ("container_stop_timeout", "container_stop_timeout must"): (None, MODULE_DEFAULT),
    ("asg_min_size", "asg_min_size must"): "compute.asg_sizes",
    ("asg_max_size", "asg_max_size must"): "compute.asg_sizes",
    ("asg_desired_capacity", "asg_desired_capacity must"): "compute.asg_sizes",
    ("on_demand_base_capacity", "on_demand_base_capacity must"): "compute.on_demand",
    ("on_demand_percentage_above_base", "on_demand_percentage_above_base must"): "compute.on_demand",
    ("spot_allocation_strategy", "spot_allocation_strategy must"): "compute.spot",
    ("capacity_provider_target_capacity", "capacity_provider_target_capacity must"): "compute.spot",
    ("minimum_scaling_step_size", "minimum_scaling_step_size must"): (None, MODULE_DEFAULT),
    ("maximum_scaling_step_size", "maximum_scaling_step_size must"): (None, MODULE_DEFAULT),
    ("instance_warmup_period", "instance_warmup_period must"): (None, MODULE_DEFAULT),
    # services (the services layer's list, the security module's list and the ecs-service module's one service)
    ("services", "services must hold at least one service"): "services.name",
    ("services", "Service names must be unique"): "services.name",
    ("services", "Every service name must match"): "services.name",
    ("service", "service.name must match"): "services.name",
    ("services", "Every service needs an image"): "services.image",
    ("services", "container_port must be a whole number"): "services.port",
    ("services", "Every container_port must be a whole number"): "services.port",
    ("service", "service.container_port must"): "services.port",
    ("services", "cpu must be 128-196608"): "services.size",
    ("service", "service.cpu must be 128-196608"): "services.size",
    ("services", "Every service needs 0 <= min_count"): "services.counts",
    ("service", "service counts must satisfy"): "services.counts",
    ("services", "listener_priority must be unique"): "services.priority",
    ("service", "service.listener_priority must"): "services.priority",
    ("services", "Every secrets value_from must be the full ARN"): "services.secret_arn",
    ("services", "Every secrets[].value_from must be the full ARN"): "services.secret_arn",
    ("service", "Every service.secrets value_from must"): "services.secret_arn",
    ("services", "Every services[].secret_kms_key_arns entry"): "services.secret_kms_keys",
    ("services", "environment keys and secrets names must be unique"): "services.env_names",
    ("services", "Every secrets[].name must be an environment variable name"): "services.env_names",
    ("services", "Secret names must be unique within a service"): "services.env_names",
    ("service", "service.environment keys and service.secrets names"): "services.env_names",
    ("services", "An environment key looks like a secret"): "services.env_secret_looking",
    ("service", "service.environment looks like it holds a secret"): "services.env_secret_looking",
    ("services", "cpu_target and memory_target must"): "services.scaling",
    ("service", "service.cpu_target and service.memory_target"): "services.scaling",
    ("services", "scheduled_scaling entries need"): "services.scaling",
    ("service", "service.scheduled_scaling entries need"): "services.scaling",
    ("services", "user must be a non-root user"): "services.user",
    ("service", "service.user must be a non-root user"): "services.user",
    ("services", "log_retention_days must be a CloudWatch"): "services.log_retention",
    ("service", "service.log_retention_days must"): "services.log_retention",
    ("services", "Each service needs 1-5 path_patterns"): "services.routing",
    ("service", "service needs 1-5 path_patterns"): "services.routing",
    ("cluster_name", "cluster_name must"): (None, LAYER_OUTPUT),
    ("cluster_arn", "cluster_arn must"): (None, LAYER_OUTPUT),
    ("capacity_provider_name", "capacity_provider_name must"): (None, LAYER_OUTPUT),
    ("tasks_security_group_id", "tasks_security_group_id must"): (None, LAYER_OUTPUT),
    ("https_listener_arn", "https_listener_arn must"): (None, LAYER_OUTPUT),
    ("execution_role_arn", "execution_role_arn must"): (None, LAYER_OUTPUT),
    ("task_role_arn", "task_role_arn must"): (None, LAYER_OUTPUT),
    ("log_kms_key_arn", "log_kms_key_arn must be null or a KMS key ARN"): "kms.key_arn",
    # observability
    ("asg_name", "asg_name must"): (None, LAYER_OUTPUT),
    ("alb_arn_suffix", "alb_arn_suffix must"): (None, LAYER_OUTPUT),
    ("target_group_arn_suffixes", "Every target_group_arn_suffixes value"): (None, LAYER_OUTPUT),
    ("alarm_email_endpoints", "Every alarm_email_endpoints entry"): "observability.alarms",
    ("spot_interruption_threshold", "spot_interruption_threshold must"): "observability.alarms",
    ("event_log_retention_days", "event_log_retention_days must"): (None, MODULE_DEFAULT),
    ("container_insights", "container_insights is false while"): "observability.tasks_below_desired",
    ("instance_warmup_period", "The capacity provider's instance_warmup_period"): (None, LAYER_OUTPUT),
    ("task_start_seconds", "task_start_seconds must"): (None, MODULE_DEFAULT),
    ("failed_rollout_seconds", "failed_rollout_seconds values must"): (None, LAYER_OUTPUT),
    ("failed_rollout_seconds", "failed_rollout_seconds needs a value"): (None, LAYER_OUTPUT),
}


def coverage_for(variable, error_message):
    """The table entry of one Terraform validation: a rule id, (None, reason), or None when it is not listed."""
    for (name, start), entry in TERRAFORM_VALIDATIONS.items():
        if name == variable and error_message.startswith(start):
            return entry
    return None


def validate(inventory, rules=None):
    """Run every rule on the inventory (a dict of ecs_* keys); return the Findings."""
    found = Findings()
    for entry in rules or RULES:
        entry.check(inventory, found)
    return found


def rule_table():
    """id and summary of every rule, in table order (for the module's result and the docs)."""
    return [dict(id=r.id, summary=r.summary) for r in RULES]
