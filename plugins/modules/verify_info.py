#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: verify_info
short_description: Run the post-deploy verifications in one task
version_added: 0.3.0
description:
  - Runs the verifications of M(platform_ops.ecs_ec2.verify_service_info), M(platform_ops.ecs_ec2.verify_targets_info),
    M(platform_ops.ecs_ec2.verify_capacity_provider_info) and M(platform_ops.ecs_ec2.verify_alarms_info) with the same
    code, options and results, in one module run (one start-up instead of four).
  - The services are verified first, since their wait covers a deployment still in progress; the targets, the
    capacity provider and the alarms are then read on a settled system, side by side, each with its own clients,
    API call count and wait of up to O(wait_timeout). Requests through the load balancer (O(traffic)) go last, once
    the targets were seen healthy.
  - Each verification's options are validated as its own module validates them; an error names the verification.
  - A verification stopped by an AWS error fails the module with every such error, as its module would.
author:
  - Platform engineering (@platform-ops)
options:
  services:
    description: Options of M(platform_ops.ecs_ec2.verify_service_info); left out when omitted.
    type: dict
  targets:
    description: Options of M(platform_ops.ecs_ec2.verify_targets_info); left out when omitted.
    type: dict
  capacity:
    description: Options of M(platform_ops.ecs_ec2.verify_capacity_provider_info); left out when omitted.
    type: dict
  alarms:
    description: Options of M(platform_ops.ecs_ec2.verify_alarms_info); left out when omitted.
    type: dict
  traffic:
    description:
      - Real requests through the load balancer; left out when omitted. Suboptions C(url) (the listener's base URL,
        required), C(services) (list of C(name) and C(path), the path each service answers, required),
        C(host_header), C(validate_certs) (default true), C(requests) (per poll, default 100), C(concurrency)
        (default 4), C(timeout) (seconds per request, default 10), C(time_limit) (seconds per poll, default 60) and
        C(max_failed) (default 0).
      - A poll passes when every request was answered 2xx or 3xx; any other status, connection error or timeout is a
        failed request. Every poll's requests count in C(requests_sent) and C(requests_failed).
    type: dict
  wait_timeout:
    description: Seconds each verification may wait for its checks to pass (0 checks once).
    type: int
    default: 300
  poll_interval:
    description: Seconds between two polls of a verification.
    type: int
    default: 10
  fail_on_problems:
    description: Fail when a check did not pass, listing every problem of every verification.
    type: bool
    default: true
extends_documentation_fragment:
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Verify the services, then their targets and the capacity provider
  platform_ops.ecs_ec2.verify_info:
    region: "{{ ecs_aws_region }}"
    services: {cluster_name: demo-dev, services: [{name: web, min_count: 2}]}
    capacity: {cluster_name: demo-dev, capacity_provider_name: demo-dev-cp, asg_name: demo-dev-asg,
               on_demand_base_capacity: 1}
"""

RETURN = r"""
verifications:
  description: Each verification's result by name (C(services), C(targets), C(capacity), C(alarms), C(traffic)), as
    its module returns it (C(passed), C(checks), C(problems), the wait's timing, C(api_calls) and its facts); the
    traffic verification's facts are C(requests_sent), C(requests_failed), C(batches) and C(last_batch) (C(sent),
    C(failed), C(unsent), C(outcomes) per service, C(p50_ms), C(p99_ms)).
  returned: always
  type: dict
passed:
  description: Every verification run passed.
  returned: always
  type: bool
"""

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
    validated_suboptions,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_checks import VERIFICATIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import (
    VERIFY_ARGUMENT_SPEC,
    problem_line,
    verify,
)


def run_one(module, clients, name, params):
    """(name, module-shaped result, AwsCallError or None)."""
    _options, build, _label = VERIFICATIONS[name]
    api = clients.sharing()  # the module's clients, with this verification's own call count
    try:
        result = verify(build(api, params), module.params["wait_timeout"], module.params["poll_interval"])
    except AwsCallError as exc:
        return name, dict(changed=False, api_calls=api.api_calls, problems=[], passed=False), exc
    result.update(changed=False, api_calls=api.api_calls)
    return name, result, None


def main():
    spec = dict(VERIFY_ARGUMENT_SPEC, **RETRY_ARGUMENT_SPEC)
    spec.update((name, dict(type="dict")) for name in VERIFICATIONS)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    todo = dict((name, validated_suboptions(module, name, VERIFICATIONS[name][0], module.params[name]))
                for name in VERIFICATIONS if module.params[name] is not None)
    clients = AwsClients.from_module(module)
    done = []
    if "services" in todo:  # first: its wait covers a deployment still in progress
        done.append(run_one(module, clients, "services", todo.pop("services")))
    traffic = todo.pop("traffic", None)  # last: requests go out once the targets were seen healthy
    if todo:
        with ThreadPoolExecutor(max_workers=len(todo)) as pool:
            done += list(pool.map(lambda item: run_one(module, clients, *item), todo.items()))
    if traffic is not None:
        done.append(run_one(module, clients, "traffic", traffic))
    results = dict((name, result) for name, result, _exc in done)
    passed = all(result["passed"] for result in results.values())
    errors = [(name, exc) for name, _result, exc in done if exc]
    if errors:
        module.fail_json(msg="; ".join("%s: %s" % (name, exc.describe()) for name, exc in errors),
                         error_code=errors[0][1].code, verifications=results, passed=False)
    if not passed and module.params["fail_on_problems"]:
        lines = []
        for name, result in results.items():
            failed = [c for c in result["checks"] if not c["passed"]]
            if failed:
                lines.append("%s: %d check(s) failed%s:" % (VERIFICATIONS[name][2], len(failed), (
                    " (timed out after %s s, %s polls)" % (result["waited_seconds"], result["polls"])
                    if result["timed_out"] else "")))
                lines += [problem_line(p) for p in result["problems"]]
        module.fail_json(msg="%s\nRunbook: docs/runbooks.md#verification-failed-or-timed-out" % "\n".join(lines),
                         verifications=results, passed=False)
    module.exit_json(changed=False, verifications=results, passed=passed)


if __name__ == "__main__":
    main()
