#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: verify_capacity_provider_info
short_description: Verify the cluster's capacity provider, its container instances and the On-Demand baseline
version_added: 0.1.0
description:
  - Polls until the capacity provider and its Auto Scaling group hold the design.
  - The capacity provider is C(ACTIVE), attached to the cluster and bound to I(asg_name).
  - Managed scaling is C(ENABLED) with target capacity I(target_capacity); managed termination protection is
      C(ENABLED).
  - At least I(on_demand_base_capacity) container instances are C(ACTIVE) with a connected agent, spread over at
      least min(I(min_azs), I(on_demand_base_capacity)) availability zones.
  - The ASG has at least I(on_demand_base_capacity) C(InService) On-Demand instances (an instance without
      C(InstanceLifecycle) in C(DescribeInstances) is On-Demand).
  - A wrong setting ends the wait at once, missing instances are waited for.
author:
  - Platform engineering (@platform-ops)
options:
  cluster_name:
    description: ECS cluster (compute layer output C(cluster_name)).
    type: str
    required: true
  capacity_provider_name:
    description: Capacity provider (compute layer output C(capacity_provider_name)).
    type: str
    required: true
  asg_name:
    description: Auto Scaling group of the capacity provider (compute layer output C(asg_name)).
    type: str
    required: true
  on_demand_base_capacity:
    description: On-Demand baseline (inventory key C(ecs_on_demand_base_capacity)).
    type: int
    required: true
  target_capacity:
    description: Managed scaling target capacity in percent (inventory key C(ecs_capacity_target)).
    type: int
    default: 80
  min_azs:
    description: Distinct availability zones the container instances must span.
    type: int
    default: 2
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
- name: Verify the capacity provider and the On-Demand baseline
  platform_ops.ecs_ec2.verify_capacity_provider_info:
    cluster_name: "{{ terraform_layer_outputs.compute.cluster_name }}"
    capacity_provider_name: "{{ terraform_layer_outputs.compute.capacity_provider_name }}"
    asg_name: "{{ terraform_layer_outputs.compute.asg_name }}"
    on_demand_base_capacity: "{{ ecs_on_demand_base_capacity }}"
    target_capacity: "{{ ecs_capacity_target }}"
  register: capacity
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
capacity_provider:
  description: >-
    The capacity provider seen (C(name), C(arn), C(status), C(asg_arn), C(managed_scaling), C(target_capacity),
    C(managed_termination_protection), C(managed_draining)), or null when it does not exist.
  returned: always
  type: dict
container_instances:
  description: ACTIVE container instances with C(ec2_instance_id), C(status), C(agent_connected), C(az),
    C(instance_type), C(running_tasks), sorted by instance id.
  returned: always
  type: list
  elements: dict
auto_scaling_group:
  description: >-
    The ASG (C(name), C(arn), C(min_size), C(max_size), C(desired_capacity)) with its C(instances) (C(instance_id),
    C(az), C(lifecycle_state), C(health), C(market) C(on-demand) or C(spot), C(instance_type)); null when missing.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_checks import VERIFICATIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import run_verify, verify_argument_spec


def main():
    options, build, label = VERIFICATIONS["capacity"]
    module = AnsibleAWSModule(argument_spec=verify_argument_spec(**options), supports_check_mode=True)
    run_verify(module, lambda api: build(api, module.params), label)


if __name__ == "__main__":
    main()
