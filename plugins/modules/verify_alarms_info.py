#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: verify_alarms_info
short_description: Verify the design's alarms exist, notify the alarm topic, are not in ALARM and cover the design
version_added: 0.1.0
description:
  - Polls C(DescribeAlarms) for I(alarm_names) until each alarm exists, has I(topic_arn) among its alarm actions
      (with actions enabled) and is not in C(ALARM). C(INSUFFICIENT_DATA) is accepted (new alarms start there).
  - Checks that the alarms cover the design, from each alarm's metrics (top-level or metric-math queries).
  - For every service in I(service_names), an alarm on C(ECS/ContainerInsights RunningTaskCount) of that service
      (unless I(running_tasks_alarm=false)).
  - For every target group in I(target_group_arns), an alarm on C(AWS/ApplicationELB UnHealthyHostCount).
  - When I(on_demand_base_capacity) > 0, an alarm on C(AWS/AutoScaling GroupInServiceInstances) of I(asg_name) with a
      threshold of at least the baseline.
  - For every rule in I(event_rule_names), an alarm on C(AWS/Events TriggeredRules) of that rule (deployment
      failure, instances of the group taken away by EC2), and no rule targets I(topic_arn) (C(ListTargetsByRule)),
      so that a condition pages once, through its alarm at its threshold, never on every event.
author:
  - Platform engineering (@platform-ops)
options:
  alarm_names:
    description: Alarms of the design (observability layer output C(alarm_names)).
    type: list
    elements: str
    required: true
  topic_arn:
    description: The alarm notification topic (observability layer output C(sns_topic_arn)).
    type: str
    required: true
  service_names:
    description: Service key => ECS service name (services layer output C(service_names)).
    type: dict
    default: {}
  target_group_arns:
    description: Service key => target group ARN (services layer output C(target_group_arns)).
    type: dict
    default: {}
  asg_name:
    description: Auto Scaling group (compute layer output C(asg_name)).
    type: str
  on_demand_base_capacity:
    description: On-Demand baseline (inventory key C(ecs_on_demand_base_capacity)); 0 skips the ASG alarm check.
    type: int
    default: 0
  event_rule_names:
    description:
      - EventBridge rules that must each have an alarm and must not target the topic (observability layer output
        C(event_rule_names)).
    type: list
    elements: str
    default: []
  running_tasks_alarm:
    description:
      - Whether every service must have a running-tasks alarm (inventory key C(ecs_tasks_below_desired_alarm)).
      - C(false) for a deployment without Container Insights, whose observability layer creates no such alarm.
    type: bool
    default: true
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
- name: Verify the alarms
  platform_ops.ecs_ec2.verify_alarms_info:
    alarm_names: "{{ terraform_layer_outputs.observability.alarm_names }}"
    topic_arn: "{{ terraform_layer_outputs.observability.sns_topic_arn }}"
    service_names: "{{ terraform_layer_outputs.services.service_names }}"
    target_group_arns: "{{ terraform_layer_outputs.services.target_group_arns }}"
    asg_name: "{{ terraform_layer_outputs.compute.asg_name }}"
    on_demand_base_capacity: "{{ ecs_on_demand_base_capacity }}"
    event_rule_names: "{{ terraform_layer_outputs.observability.event_rule_names }}"
    running_tasks_alarm: "{{ ecs_tasks_below_desired_alarm }}"
  register: alarms
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
alarms:
  description: >-
    Each alarm of I(alarm_names), sorted: C(name), C(exists), C(state), C(state_reason), C(notifies_topic),
    C(actions_enabled), C(metrics) (C(namespace/metric) it reads).
  returned: always
  type: list
  elements: dict
event_rules:
  description: Each rule of I(event_rule_names), sorted, with C(name), C(exists) and C(targets) (target ARNs, sorted).
  returned: always
  type: list
  elements: dict
  sample: [{name: demo-local-deployment-failed, exists: true,
            targets: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/demo-local"]}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_checks import VERIFICATIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import run_verify, verify_argument_spec


def main():
    options, build, label = VERIFICATIONS["alarms"]
    module = AnsibleAWSModule(argument_spec=verify_argument_spec(**options), supports_check_mode=True)
    run_verify(module, lambda api: build(api, module.params), label)


if __name__ == "__main__":
    main()
