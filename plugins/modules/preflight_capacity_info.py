#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: preflight_capacity_info
short_description: Check availability zones, instance type offerings, vCPU quotas and the ECS AMI
version_added: 0.1.0
description:
  - Checks, collecting every problem.
  - the chosen zones (I(azs), or the zones of I(subnet_ids) when given) exist in the region, are available and
      are at least two distinct zones,
  - at least two distinct instance types are listed, for Spot diversity, and each exists,
  - every instance type is offered in every chosen zone (one C(DescribeInstanceTypeOfferings) call filtered on
      all zones and types),
  - I(asg_max_size) times the largest vCPU count fits the account's On-Demand and Spot vCPU quotas of the
      types' quota group (Service Quotas C(GetServiceQuota)); a quota that cannot be read is reported as such,
  - the AMI (I(ami_id), else the public SSM parameter I(ami_ssm_parameter)) exists, is an ECS-optimized image
      and matches the architecture of every instance type.
  - An Amazon Linux 2 AMI (an C(amazon-linux-2) parameter, or an image whose name or description says Amazon
      Linux 2) is still accepted, with a notice that it is past end of support (2026-06-30) and how to move to
      Amazon Linux 2023.
  - The quota check is an upper bound, it does not subtract vCPUs already running in the account.
author:
  - Platform engineering (@platform-ops)
options:
  azs:
    description: Availability zones of the deployment (inventory key C(ecs_azs)).
    type: list
    elements: str
    default: []
  subnet_ids:
    description:
      - Subnets the instances will run in; when given, their zones are checked instead of I(azs).
    type: list
    elements: str
    default: []
  instance_types:
    description: Instance types of the mixed-instances ASG (inventory key C(ecs_instance_types)).
    type: list
    elements: str
    required: true
  asg_max_size:
    description: Maximum size of the ASG (inventory key C(ecs_asg_max_size)); 0 skips the quota check.
    type: int
    required: true
  ami_id:
    description: AMI of the container instances (inventory key C(ecs_ami_id)); empty means use I(ami_ssm_parameter).
    type: str
  ami_ssm_parameter:
    description:
      - Public SSM parameter holding the ECS-optimized AMI id (inventory key C(ecs_ami_ssm_parameter)).
      - Read with C(GetParameter); it is a public AWS parameter, not a secret.
      - The default is the ECS-optimized Amazon Linux 2023 image.
    type: str
    default: /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id
  ami_name_regex:
    description: Regular expression an AMI name must match to count as ECS-optimized.
    type: str
    default: (?i)(^|[-_])ecs([-_]|$)|ecs[-_]optimized
  unreadable_quota:
    description:
      - What a vCPU quota that cannot be read is, C(problem) or C(warning).
    type: str
    choices: [problem, warning]
    default: problem
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Check zones, offerings, quotas and AMI
  platform_ops.ecs_ec2.preflight_capacity_info:
    region: "{{ ecs_aws_region }}"
    azs: "{{ ecs_azs }}"
    instance_types: "{{ ecs_instance_types }}"
    asg_max_size: "{{ ecs_asg_max_size }}"
    ami_id: "{{ ecs_ami_id | default(omit, true) }}"
    fail_on_problems: false
  register: capacity

- name: After the network layer, check the private subnets' zones
  platform_ops.ecs_ec2.preflight_capacity_info:
    subnet_ids: "{{ network_outputs.private_subnet_ids }}"
    instance_types: [m6i.large, m5.large, c6i.large]
    asg_max_size: 6
    key_names:
      subnet_ids: private_subnet_ids
"""

RETURN = r"""
azs:
  description: The valid chosen zones, sorted.
  returned: always
  type: list
  elements: str
  sample: [us-east-1a, us-east-1b, us-east-1c]
instance_types:
  description: The known instance types with C(vcpus), C(memory_mib) and C(architectures), sorted by name.
  returned: always
  type: list
  elements: dict
offerings:
  description: For each known instance type, the chosen zones it is offered in.
  returned: always
  type: list
  elements: dict
  sample: [{instance_type: m5.large, azs: [us-east-1a, us-east-1b]}]
quotas:
  description: >-
    Each vCPU quota checked, with C(group), C(kind) (C(on_demand) or C(spot)), C(quota_code), C(name), C(value)
    (null when unreadable), C(required_vcpus), C(status) (C(ok), C(too_small), C(unreadable)) and C(error).
  returned: always
  type: list
  elements: dict
ami:
  description: The AMI checked, with C(image_id), C(source), C(name), C(architecture) and C(ecs_optimized).
  returned: always
  type: dict
notices:
  description: >-
    Findings that are not problems (unknown quota group, unreadable quota when I(unreadable_quota=warning), an
    Amazon Linux 2 AMI past end of support).
    Returned rather than raised as warnings so the role can show them once.
  returned: always
  type: list
  elements: str
problems:
  description: Every problem found, sorted by key; each has C(key), C(value), C(reason), C(action).
  returned: always
  type: list
  elements: dict
  sample:
    - key: ecs_instance_types[2]
      value: c6i.large
      reason: it is not offered in us-east-1c
      action: Choose instance types offered in every chosen zone, or drop the zone
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
  sample: {ec2: 4, service_quotas: 2, ssm: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import preflight_checks
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import check_argument_spec, run_check


def main():
    spec = check_argument_spec(**preflight_checks.CAPACITY)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    run_check(module, lambda api: preflight_checks.capacity(api, module.params))


if __name__ == "__main__":
    main()
