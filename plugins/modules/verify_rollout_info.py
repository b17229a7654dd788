#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: verify_rollout_info
short_description: Follow one ECS service deployment until it completes, fails or is rolled back
version_added: 0.1.0
description:
  - Polls C(DescribeServices) for I(service) and, at every poll, counts the healthy targets of I(target_group_arn).
  - Ends when the deployment of I(task_definition_arn) is the only, C(COMPLETED), C(PRIMARY) deployment (passed);
      when it is C(FAILED) without rollback; or when the circuit breaker rolled it back and the rollback deployment
      has itself completed, so nothing is left half-deployed (failed, naming the failed deployment's
      C(rolloutStateReason) and the revision serving now).
  - Fails as well when the healthy targets were below max(I(min_healthy), C(desiredCount)) at any poll.
author:
  - Platform engineering (@platform-ops)
options:
  cluster_name:
    description: ECS cluster (compute layer output C(cluster_name)).
    type: str
    required: true
  service:
    description: Service key (the inventory's C(ecs_services[].name)).
    type: str
    required: true
  service_name:
    description: ECS service name when it differs from I(service) (services layer output C(service_names)).
    type: str
  task_definition_arn:
    description: The task definition the rollout deploys (services layer output C(task_definition_arns) after apply).
    type: str
    required: true
  target_group_arn:
    description: Target group of the service; omit to skip the healthy-target samples.
    type: str
  min_healthy:
    description: Healthy targets needed at every poll at least (the inventory's C(min_count)); the service's current
      C(desiredCount) raises it.
    type: int
    default: 0
  events_since:
    description: Epoch seconds when the rollout started; service events from then on are returned and searched for a
      rollback reason. Default the last 900 seconds.
    type: float
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
- name: Follow the deployment of web
  platform_ops.ecs_ec2.verify_rollout_info:
    cluster_name: "{{ terraform_layer_outputs.compute.cluster_name }}"
    service: web
    task_definition_arn: "{{ terraform_layer_outputs.services.task_definition_arns.web }}"
    target_group_arn: "{{ terraform_layer_outputs.services.target_group_arns.web }}"
    min_healthy: 2
    wait_timeout: 900
    poll_interval: 15
  register: rollout
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
outcome:
  description: C(completed), C(rolled_back), C(failed), C(in_progress) (timed out) or C(missing) (no such service).
  returned: always
  type: str
  sample: rolled_back
requested_task_definition:
  description: C(family:revision) of I(task_definition_arn).
  returned: when the service exists
  type: str
serving_task_definition:
  description: C(family:revision) of the PRIMARY deployment at the last poll.
  returned: when the service exists
  type: str
  sample: demo-local-web:4
failure_reason:
  description: The failed deployment's C(rolloutStateReason) (else the first matching event), null unless rolled back
    or failed.
  returned: when the service exists
  type: str
deployment:
  description: The followed deployment (null when ECS no longer lists it).
  returned: when the service exists
  type: dict
deployments:
  description: Every deployment at the last poll, PRIMARY first.
  returned: when the service exists
  type: list
  elements: dict
events:
  description: Service events since I(events_since), newest first (at most 20).
  returned: when the service exists
  type: list
  elements: dict
samples:
  description: One record per poll with C(poll), C(outcome), C(healthy), C(expected), C(primary), C(primary_running).
  returned: when the service exists
  type: list
  elements: dict
min_healthy_seen:
  description: Lowest healthy count over all polls (null without I(target_group_arn)).
  returned: when the service exists
  type: int
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import run_verify, verify_argument_spec
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_rollout import RolloutFollower
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_service import DEFAULT_ROLLBACK_PATTERN


def main():
    spec = verify_argument_spec(
        cluster_name=dict(type="str", required=True),
        service=dict(type="str", required=True),
        service_name=dict(type="str"),
        task_definition_arn=dict(type="str", required=True),
        target_group_arn=dict(type="str"),
        min_healthy=dict(type="int", default=0),
        events_since=dict(type="float"),
        rollback_pattern=dict(type="str", default=DEFAULT_ROLLBACK_PATTERN),
    )
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    p = module.params
    run_verify(module, lambda api: RolloutFollower(
        api, p["cluster_name"], p["service"], p["task_definition_arn"], p["target_group_arn"], p["service_name"],
        p["min_healthy"], p["events_since"], rollback_pattern=p["rollback_pattern"]), f"Rollout of {p['service']}")


if __name__ == "__main__":
    main()
