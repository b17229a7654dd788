# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""What every post-deploy verifier shares: check records, the wait loop and the module runner.

A verifier is an object with `observe()` -> Observation: the checks of one poll plus what it saw. `verify()` calls it
until every check passes, until every failing check is one that waiting cannot fix (`settles=False`, e.g. a wrong
deployment configuration or a rollback already seen), or until `wait_timeout` passes. AWS calls go through
module_utils.aws.AwsClients; problem records reuse aws.Problems so pre-flight and verification report alike.
"""

from __future__ import annotations

import time

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    RETRY_ARGUMENT_SPEC,
    AwsCallError,
    AwsClients,
    Problems,
    render_value,
)

# Options of every verify_*_info module (documented in each module; see the report for a doc fragment).
VERIFY_ARGUMENT_SPEC = dict(
    wait_timeout=dict(type="int", default=300),
    poll_interval=dict(type="int", default=10),
    fail_on_problems=dict(type="bool", default=True),
)


def verify_argument_spec(**options):
    spec = dict(VERIFY_ARGUMENT_SPEC)
    spec.update(RETRY_ARGUMENT_SPEC)
    spec.update(options)
    return spec


class Check:
    """One expectation about one resource: `settles` says whether waiting may still make a failing check pass."""

    def __init__(self, resource, name, passed, expected, actual, settles=True, reason=None, action=None):
        self.resource = resource
        self.name = name
        self.passed = bool(passed)
        self.expected = render_value(expected)
        self.actual = render_value(actual)
        self.settles = settles
        self.reason = reason
        self.action = action

    def as_dict(self):
        return dict(resource=self.resource, name=self.name, passed=self.passed, expected=self.expected,
                    actual=self.actual)


def settle_together(checks):
    """One resource's checks: once one of them failed for good, waiting for the others proves nothing more."""
    if any(not c.passed and not c.settles for c in checks):
        for c in checks:
            c.settles = False
    return checks


class Observation:
    """What one poll saw: its checks (in report order) and the facts the module returns."""

    def __init__(self, checks=None, facts=None):
        self.checks = list(checks or [])
        self.facts = dict(facts or {})

    @property
    def passed(self):
        return all(c.passed for c in self.checks)

    @property
    def settled(self):
        """Nothing left to wait for: every check passed, or every failing one cannot pass by waiting."""
        return all(c.passed or not c.settles for c in self.checks)

    def problems(self):
        problems = Problems()
        for c in self.checks:
            if not c.passed:
                reason = c.reason or f"{c.name}: expected {c.expected}, saw {c.actual}"
                problems.add(c.resource, c.actual, reason, c.action or "See the checks in the result")
        return problems


class Waiter:
    """Poll `observe(poll_number)` every `poll_interval` seconds until settled or `wait_timeout` seconds passed."""

    def __init__(self, wait_timeout, poll_interval, clock=None, sleep=None):
        self.wait_timeout = max(0, wait_timeout)
        self.poll_interval = max(0, poll_interval)
        self._clock = clock or time.monotonic
        self._sleep = sleep or time.sleep

    def run(self, observe):
        started = self._clock()
        polls = 0
        while True:
            polls += 1
            observation = observe(polls)
            elapsed = self._clock() - started
            if observation.settled:
                return observation, dict(polls=polls, waited_seconds=round(elapsed, 1), timed_out=False)
            if elapsed + self.poll_interval > self.wait_timeout:
                return observation, dict(polls=polls, waited_seconds=round(elapsed, 1), timed_out=True)
            self._sleep(self.poll_interval)


def verify(verifier, wait_timeout, poll_interval, clock=None, sleep=None):
    """Run a verifier's wait loop; return the module result (without api_calls)."""
    waiter = Waiter(wait_timeout, poll_interval, clock, sleep)
    observation, timing = waiter.run(verifier.observe)
    problems = observation.problems()
    result = dict(passed=observation.passed, checks=[c.as_dict() for c in observation.checks],
                  problems=problems.as_list(), **timing)
    result.update(observation.facts)
    return result


def run_verify(module, build, label):
    """Build the verifier from AwsClients, wait, and exit (or fail when it did not pass and fail_on_problems)."""
    api = AwsClients.from_module(module)
    p = module.params
    try:
        result = verify(build(api), p["wait_timeout"], p["poll_interval"])
    except AwsCallError as exc:
        module.fail_json(msg=exc.describe(), error_code=exc.code, api_calls=api.api_calls, problems=[], passed=False)
    result.update(changed=False, api_calls=api.api_calls)
    if not result["passed"] and p["fail_on_problems"]:
        failed = [c for c in result["checks"] if not c["passed"]]
        waited = " (timed out after %s s, %s polls)" % (result["waited_seconds"], result["polls"]) \
            if result["timed_out"] else ""
        lines = "\n".join(problem_line(pr) for pr in result["problems"])
        module.fail_json(msg=f"{label}: {len(failed)} check(s) failed{waited}:\n{lines}\n"
                             "Runbook: docs/runbooks.md#verification-failed-or-timed-out", **result)
    module.exit_json(**result)


def problem_line(problem):
    return f"{problem['key']}: {problem['reason']}. {problem['action']}"


# ---- small helpers the verifiers share -------------------------------------------------------------------------

def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def count_by(items, key):
    counts = {}
    for item in items:
        counts[item[key]] = counts.get(item[key], 0) + 1
    return {k: counts[k] for k in sorted(counts, key=str)}


def describe_counts(counts):
    return ", ".join(f"{v} {k}" for k, v in counts.items()) or "none"
