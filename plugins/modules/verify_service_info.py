#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: verify_service_info
short_description: Verify ECS services are steady, deployed as designed and serving the requested revision
version_added: 0.1.0
description:
  - Polls C(DescribeServices) until, for every service,
  - C(runningCount) equals C(desiredCount) and C(desiredCount) is at least I(min_count),
  - there is exactly one deployment, C(PRIMARY), with rollout state C(COMPLETED),
  - the deployment configuration is the design's (I(minimum_healthy_percent)/I(maximum_percent), circuit breaker
      enabled with rollback, health check grace period I(health_check_grace_period), Availability Zone rebalancing
      as I(availability_zone_rebalancing) says),
  - no deployment is C(FAILED) and no service event since I(events_since) (else the last I(events_window) seconds)
      matches I(rollback_pattern),
  - the PRIMARY deployment runs I(task_definition_arn). Terraform's apply succeeds even when the circuit breaker rolls
      the deployment back afterwards, so this is the only proof that the requested revision is serving.
  - A wrong setting, a rollback or another revision serving ends the wait at once.
author:
  - Platform engineering (@platform-ops)
options:
  cluster_name:
    description: ECS cluster (compute layer output C(cluster_name)).
    type: str
    required: true
  services:
    description: The services to verify.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Service key (the inventory's C(ecs_services[].name)), used to name results.
        type: str
        required: true
      service_name:
        description: ECS service name when it differs from I(name) (services layer output C(service_names)).
        type: str
      task_definition_arn:
        description: The task definition that must be serving (services layer output C(task_definition_arns)).
          Omit to skip that check.
        type: str
      min_count:
        description: Lowest acceptable C(desiredCount) (the inventory's C(min_count)).
        type: int
        default: 1
  minimum_healthy_percent:
    description: Expected C(deploymentConfiguration.minimumHealthyPercent).
    type: int
    default: 100
  maximum_percent:
    description: Expected C(deploymentConfiguration.maximumPercent).
    type: int
    default: 200
  health_check_grace_period:
    description: Expected C(healthCheckGracePeriodSeconds).
    type: int
    default: 60
  circuit_breaker_rollback:
    description: Expected C(deploymentCircuitBreaker.rollback) (the breaker itself must always be enabled).
    type: bool
    default: true
  availability_zone_rebalancing:
    description: Expected C(availabilityZoneRebalancing) C(ENABLED) (true) or C(DISABLED) (false).
    type: bool
    default: true
  events_since:
    description: Epoch seconds; service events from then on count as recent. Overrides I(events_window).
    type: float
  events_window:
    description: Seconds back from now that count as recent when I(events_since) is not given.
    type: int
    default: 3600
  rollback_pattern:
    description: Regular expression of the service event messages that mean a failed or rolled-back deployment.
    type: str
    default: (?i)rolling back|rolled back|circuit breaker|deployment failed
  wait_timeout:
    description:
      - Seconds to keep polling until every check passes. C(0) polls once.
      - The wait ends early when every failing check is one that waiting cannot fix (a wrong setting, a rollback
        already seen).
    type: int
    default: 300
  poll_interval:
    description: Seconds between two polls.
    type: int
    default: 10
  fail_on_problems:
    description:
      - Fail the task when a check has not passed by the end of the wait; the message lists every failed check.
      - Set to C(false) to collect the results of several modules and fail once, as the
        C(platform_ops.ecs_ec2.verify) role does. AWS errors that stop the check itself always fail.
    type: bool
    default: true
notes:
  - The module only reads. It supports check mode and always reports C(changed=false).
extends_documentation_fragment:
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Verify every service after the services layer
  platform_ops.ecs_ec2.verify_service_info:
    cluster_name: "{{ terraform_layer_outputs.compute.cluster_name }}"
    services:
      - name: web
        service_name: "{{ terraform_layer_outputs.services.service_names.web }}"
        task_definition_arn: "{{ terraform_layer_outputs.services.task_definition_arns.web }}"
        min_count: 2
    wait_timeout: 600
  register: services
"""

RETURN = r"""
passed:
  description: Whether every check passed at the last poll.
  returned: always
  type: bool
checks:
  description: >-
    Every check of the last poll, in report order: C(resource) (the service or resource), C(name), C(passed),
    C(expected), C(actual) (rendered as short strings for a table).
  returned: always
  type: list
  elements: dict
  sample: [{resource: web, name: healthy targets, passed: true, expected: ">= 2", actual: "2 (2 healthy)"}]
problems:
  description: One record per failed check, sorted by key, as the pre-flight modules report them.
  returned: always
  type: list
  elements: dict
  sample: [{key: web, value: "1 (1 healthy, 1 unhealthy)", reason: "...", action: "..."}]
polls:
  description: How many times the condition was read.
  returned: always
  type: int
waited_seconds:
  description: Seconds from the first poll to the last.
  returned: always
  type: float
timed_out:
  description: Whether the wait ended at I(wait_timeout) with checks still failing that waiting could fix.
  returned: always
  type: bool
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
services:
  description: >-
    Per service at the last poll: C(name), C(status), C(desired_count), C(running_count), C(pending_count),
    C(task_definition), C(serving_task_definition) (of the PRIMARY deployment), C(deployment_configuration),
    C(availability_zone_rebalancing), C(deployments) (PRIMARY first, each with C(id), C(status), C(task_definition),
    C(revision), C(rollout_state), C(rollout_state_reason), counts and times) and recent C(events) (newest first).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_checks import VERIFICATIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import run_verify, verify_argument_spec


def main():
    options, build, label = VERIFICATIONS["services"]
    module = AnsibleAWSModule(argument_spec=verify_argument_spec(**options), supports_check_mode=True)
    run_verify(module, lambda api: build(api, module.params), label)


if __name__ == "__main__":
    main()
