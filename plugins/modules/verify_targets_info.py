#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: verify_targets_info
short_description: Verify every service's target group has enough healthy targets, over enough AZs
version_added: 0.1.0
description:
  - Polls C(DescribeTargetHealth) of each service's target group until, for every service,
  - at least the expected number of targets are C(healthy), where the expected number is the larger of the
      service's I(min_healthy) and, when I(cluster_name) is given, the service's current C(desiredCount) (service auto
      scaling may have changed it since creation),
  - the healthy targets span at least I(min_azs) availability zones,
  - at most I(unhealthy_tolerance) targets are C(unhealthy), C(unavailable) or C(unhealthy.draining)
      (C(initial) and C(draining) are transitions and do not count).
  - A target's zone comes from the response, else from its network interface (IP targets) or instance.
  - Every poll is kept in C(samples), and C(min_healthy_seen) is the lowest healthy count over all polls.
author:
  - Platform engineering (@platform-ops)
options:
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
      target_group_arn:
        description: ARN of the service's target group (services layer output C(target_group_arns)).
        type: str
        required: true
      min_healthy:
        description: Healthy targets needed at least (the inventory's C(min_count)).
        type: int
        default: 1
      service_name:
        description: ECS service name when it differs from I(name) (services layer output C(service_names)).
        type: str
  cluster_name:
    description:
      - ECS cluster of the services (compute layer output C(cluster_name)). When given, each service's current
        C(desiredCount) raises its expected healthy count.
    type: str
  min_azs:
    description: Distinct availability zones the healthy targets of each service must span.
    type: int
    default: 2
  unhealthy_tolerance:
    description: Unhealthy targets accepted per service.
    type: int
    default: 0
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
- name: Verify healthy targets of every service
  platform_ops.ecs_ec2.verify_targets_info:
    cluster_name: "{{ terraform_layer_outputs.compute.cluster_name }}"
    services:
      - name: web
        target_group_arn: "{{ terraform_layer_outputs.services.target_group_arns.web }}"
        min_healthy: 2
    wait_timeout: 300
    poll_interval: 10
  register: targets
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
    Per service at the last poll: C(name), C(target_group_arn), C(expected_healthy), C(desired_count), C(healthy),
    C(healthy_azs), C(states) (count per state), C(targets) and C(unhealthy_targets) (each with C(id), C(port),
    C(az), C(state), C(reason), C(description)), and C(unhealthy_seen), every unhealthy reason seen during the
    whole wait with its description and target IDs (ECS replaces failing tasks, so the last poll may show only new
    C(initial) targets).
  returned: always
  type: list
  elements: dict
samples:
  description: One record per poll and service with C(poll), C(service), C(healthy), C(expected).
  returned: always
  type: list
  elements: dict
min_healthy_seen:
  description: Lowest healthy count over all polls, per service.
  returned: always
  type: dict
  sample: {web: 2, api: 2}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_checks import VERIFICATIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import run_verify, verify_argument_spec


def main():
    options, build, label = VERIFICATIONS["targets"]
    module = AnsibleAWSModule(argument_spec=verify_argument_spec(**options), supports_check_mode=True)
    run_verify(module, lambda api: build(api, module.params), label)


if __name__ == "__main__":
    main()
