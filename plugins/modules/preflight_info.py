#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: preflight_info
short_description: Run every pre-flight check in one task, side by side
version_added: 0.3.0
description:
  - Runs the checks of M(platform_ops.ecs_ec2.preflight_identity_info), M(platform_ops.ecs_ec2.preflight_secrets_info),
    M(platform_ops.ecs_ec2.preflight_capacity_info), M(platform_ops.ecs_ec2.preflight_certificate_info),
    M(platform_ops.ecs_ec2.preflight_plan_info) and M(platform_ops.ecs_ec2.cost_floor_estimate_info) with the same
    code, options and results, in one module run (one start-up instead of six); the checks that call AWS run in
    threads, each with its own clients and API call count.
  - The identity check runs first and alone; with the wrong account or dead credentials the module fails with its
    problems and nothing else is called.
  - Each check's options are validated as its own module validates them; an error message starts with the check's
    name, for example C(secrets).
  - A check stopped by an AWS error (no credentials, no connection, a denied call) fails the module with every such
    error, as the check module would.
author:
  - Platform engineering (@platform-ops)
options:
  identity:
    description: Options of M(platform_ops.ecs_ec2.preflight_identity_info).
    type: dict
    required: true
  secrets:
    description: Options of M(platform_ops.ecs_ec2.preflight_secrets_info); the check is left out when omitted.
    type: dict
  capacity:
    description: Options of M(platform_ops.ecs_ec2.preflight_capacity_info); left out when omitted.
    type: dict
  certificate:
    description: Options of M(platform_ops.ecs_ec2.preflight_certificate_info); left out when omitted.
    type: dict
  plan:
    description: Options of M(platform_ops.ecs_ec2.preflight_plan_info); left out when omitted.
    type: dict
  cost_floor:
    description: Options of M(platform_ops.ecs_ec2.cost_floor_estimate_info); left out when omitted.
    type: dict
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Every pre-flight check, one failure listing every problem
  platform_ops.ecs_ec2.preflight_info:
    region: "{{ ecs_aws_region }}"
    identity: {account_id: "{{ ecs_aws_account_id }}"}
    capacity: {azs: "{{ ecs_azs }}", instance_types: "{{ ecs_instance_types }}", asg_max_size: 6}
    certificate: {certificate_arn: "{{ ecs_certificate_arn }}"}
"""

RETURN = r"""
checks:
  description: Each check's result by name (C(identity), C(secrets), ...), as its module returns it (C(problems),
    C(api_calls) and its facts).
  returned: always
  type: dict
problems:
  description: Every problem of every check, in the order of the checks; each has C(key), C(value), C(reason),
    C(action).
  returned: always
  type: list
  elements: dict
api_calls:
  description: AWS API calls per check, then per service.
  returned: always
  type: dict
seconds:
  description: Wall time of the checks.
  returned: always
  type: float
"""

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    AwsCallError,
    AwsClients,
    check_argument_spec,
    format_problem,
    validated_suboptions,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_estimate import OPTIONS as COST_OPTIONS
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_estimate import estimate
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_report import ignored_options
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_checks import CHECKS

ORDER = list(CHECKS) + ["cost_floor"]


def validated(module, name, options, given):
    spec = dict(options, key_names=dict(type="dict", default={}, no_log=False))
    return validated_suboptions(module, name, spec, dict(given, key_names=module.params["key_names"]))


class Preflight:
    def __init__(self, module):
        self.module = module
        self.clients = AwsClients.from_module(module)  # each check gets a view with its own call count
        self.params = {}
        for name in ORDER:
            given = module.params[name]
            if given is not None:
                options = COST_OPTIONS if name == "cost_floor" else CHECKS[name][0]
                self.params[name] = validated(module, name, options, given)

    def run_one(self, name):
        """(name, result or None, AwsCallError or None); a result holds the Problems object under "problems"."""
        params = self.params[name]
        api = None if name == "cost_floor" and params["price_source"] != "live" else self.clients.sharing()
        try:
            if name == "cost_floor":
                report, problems = estimate(params, self.module.region, api)
                facts = dict(report, problems=problems)
            else:
                facts = CHECKS[name][1](api, params)
        except AwsCallError as exc:
            return name, None, exc
        facts["api_calls"] = api.api_calls if api else {}
        return name, facts, None

    def run(self):
        started = time.monotonic()
        done = [self.run_one("identity")]
        if not done[0][2] and not len(done[0][1]["problems"]):
            rest = [name for name in ORDER if name != "identity" and name in self.params]
            with ThreadPoolExecutor(max_workers=max(1, len(rest))) as pool:
                done += list(pool.map(self.run_one, rest))
        return done, round(time.monotonic() - started, 2)


def main():
    # no_log=False: the secrets check takes ARNs and parameter names, never values.
    spec = check_argument_spec(**dict((name, dict(type="dict", no_log=False)) for name in ORDER))
    spec["identity"]["required"] = True
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    if not module.region:
        module.fail_json(msg="region is required")
    preflight = Preflight(module)
    for warning in ignored_options(preflight.params["cost_floor"]) if "cost_floor" in preflight.params else []:
        module.warn(warning)
    done, seconds = preflight.run()
    errors = [(name, exc) for name, _facts, exc in done if exc]
    checks, problems, api_calls = {}, [], {}
    for name, facts, _exc in done:
        if facts is None:
            continue
        found = facts.pop("problems")
        checks[name] = dict(facts, problems=found.as_list())
        problems += found.as_list()
        api_calls[name] = facts["api_calls"]
        if name == "cost_floor" and facts.get("error") and not len(found):
            module.warn("cost floor not estimated (no budget set, so nothing is blocked): %s" % facts["error"])
    result = dict(changed=False, checks=checks, problems=problems, api_calls=api_calls, seconds=seconds)
    if errors:
        module.fail_json(msg="; ".join("%s: %s" % (name, exc.describe()) for name, exc in errors),
                         error_code=errors[0][1].code, **result)
    identity = checks["identity"]["problems"]
    if identity or (problems and module.params["fail_on_problems"]):
        shown = identity or problems
        lines = [format_problem(p) for p in shown]
        module.fail_json(msg="%d pre-flight problem(s):\n%s\nRunbook: docs/runbooks.md#pre-flight-failure"
                         % (len(shown), "\n".join(lines)), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
