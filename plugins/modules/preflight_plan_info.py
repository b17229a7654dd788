#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: preflight_plan_info
short_description: Check that the ASG and service counts are consistent and the tasks can be placed
version_added: 0.1.0
description:
  - Pure data checks on the inventory, plus one C(DescribeInstanceTypes) call for the instance sizes.
  - ASG C(min <= desired <= max), max at least 1,
  - the On-Demand base capacity is at most the ASG min size,
  - for every service, C(min_count <= desired_count <= max_count) and positive task CPU and memory,
  - every service's task CPU and memory fit the smallest instance type (smallest vCPU count and smallest memory
      over the listed types, less I(reserved_memory_mib)),
  - at every service's C(max_count), all tasks fit into I(asg_max_size) instances of the smallest type, so
      scaling cannot stall with tasks left C(PENDING).
  - What post-deploy verification (role C(platform_ops.ecs_ec2.verify)) requires, healthy targets of every service
      in I(verify_min_azs) AZs, so every service's C(desired_count) and C(min_count) and the ASG min size are at
      least I(verify_min_azs), and I(verify_min_azs) is at most the number of I(azs). Left out when I(azs) is empty
      and I(verify_min_azs) is not given.
  - Instance types that do not exist are left to M(platform_ops.ecs_ec2.preflight_capacity_info) to report.
author:
  - Platform engineering (@platform-ops)
options:
  asg_min_size:
    description: Inventory key C(ecs_asg_min_size).
    type: int
    required: true
  asg_max_size:
    description: Inventory key C(ecs_asg_max_size).
    type: int
    required: true
  asg_desired_capacity:
    description: Inventory key C(ecs_asg_desired_capacity); omit when the capacity provider manages it.
    type: int
  on_demand_base_capacity:
    description: Inventory key C(ecs_on_demand_base_capacity).
    type: int
    default: 0
  services:
    description:
      - Inventory key C(ecs_services), the service objects of the layer contract; C(name), C(cpu), C(memory),
        C(min_count), C(desired_count) and C(max_count) are read, other fields are ignored.
    type: list
    elements: dict
    default: []
  instance_types:
    description: Inventory key C(ecs_instance_types).
    type: list
    elements: str
    required: true
  reserved_memory_mib:
    description: Memory of each instance kept for the OS and the ECS agent, not available to tasks.
    type: int
    default: 256
  azs:
    description: Inventory key C(ecs_azs), the AZs the services and instances are spread over.
    type: list
    elements: str
    default: []
  verify_min_azs:
    description:
      - Distinct AZs the verify role requires of every service's healthy targets (its C(verify_min_azs)).
      - Default C(min(2, number of azs)), the verify role's default.
    type: int
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Check counts and task placement
  platform_ops.ecs_ec2.preflight_plan_info:
    region: "{{ ecs_aws_region }}"
    asg_min_size: "{{ ecs_asg_min_size }}"
    asg_max_size: "{{ ecs_asg_max_size }}"
    asg_desired_capacity: "{{ ecs_asg_desired_capacity }}"
    on_demand_base_capacity: "{{ ecs_on_demand_base_capacity }}"
    services: "{{ ecs_services }}"
    instance_types: "{{ ecs_instance_types }}"
    azs: "{{ ecs_azs }}"
    verify_min_azs: "{{ verify_min_azs | default(omit) }}"
    fail_on_problems: false
  register: plan
"""

RETURN = r"""
smallest_instance:
  description: >-
    Smallest capacity an instance offers tasks - C(cpu_units) and C(cpu_instance_type), C(memory_mib) (less
    I(reserved_memory_mib)) and C(memory_instance_type); null when no instance type is known.
  returned: always
  type: dict
services:
  description: Each service with its C(name), C(cpu), C(memory) and C(fits) (null when not decided).
  returned: always
  type: list
  elements: dict
problems:
  description: Every problem found, sorted by key; each has C(key), C(value), C(reason), C(action).
  returned: always
  type: list
  elements: dict
  sample:
    - key: ecs_services[0].memory
      value: "8192"
      reason: "service web: the task needs 8192 MiB but the smallest instance type t3.medium offers about 3840 MiB"
      action: Lower the task memory or drop the smaller instance types
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
  sample: {ec2: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import preflight_checks
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import check_argument_spec, run_check


def main():
    spec = check_argument_spec(**preflight_checks.PLAN)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    run_check(module, lambda api: preflight_checks.plan(api, module.params))


if __name__ == "__main__":
    main()
