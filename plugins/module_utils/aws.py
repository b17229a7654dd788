# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Shared boto3 helpers for the collection's AWS modules.

One place builds clients (through amazon.aws's AnsibleAWSModule, so the standard connection options, profiles and
AWS_* environment variables apply), wraps them in AWSRetry's jittered backoff, counts API calls per service and turns
every botocore exception into one exception type, AwsCallError. Modules and check logic never import botocore
exceptions: they catch AwsCallError and decide whether an error code is a finding (a problem record) or fatal.

Problem records ({key, value, reason, action}) live here too so every check module reports them the same way.
"""

from __future__ import annotations

import re
import threading

try:  # noqa: SIM105 - the import guard amazon.aws modules use; ansible-test recognises it
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
        PartialCredentialsError,
        TokenRetrievalError,
    )
except ImportError:  # AnsibleAWSModule reports a missing boto3/botocore
    pass

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Retry tuning shared by every module (documented by the platform_ops.ecs_ec2.retries doc fragment).
RETRY_ARGUMENT_SPEC = dict(
    backoff_retries=dict(type="int", default=10),
    backoff_delay=dict(type="float", default=3.0),
    backoff_max_delay=dict(type="float", default=60.0),
)

# Options every check module takes (documented by the platform_ops.ecs_ec2.preflight doc fragment).
CHECK_ARGUMENT_SPEC = dict(
    fail_on_problems=dict(type="bool", default=True),
    # Inventory key names to cite in problems (no_log=False: names, not values; "key" trips the secret heuristic).
    key_names=dict(type="dict", default={}, no_log=False),
)

# Error codes that mean "the credentials are the problem", whatever the service.
CREDENTIAL_ERROR_CODES = {
    "ExpiredToken": "The AWS credentials have expired",
    "ExpiredTokenException": "The AWS credentials have expired",
    "RequestExpired": "The AWS credentials have expired",
    "InvalidClientTokenId": "The AWS credentials are not valid",
    "UnrecognizedClientException": "The AWS credentials are not valid",
    "InvalidSignatureException": "The AWS credentials are not valid",
    "SignatureDoesNotMatch": "The AWS credentials are not valid",
    "AuthFailure": "The AWS credentials are not valid",
}
CREDENTIALS_ACTION = (
    "Provide valid credentials for the deployment's account (ecs_aws_env, AWS_PROFILE or a fresh SSO login) "
    "and run again"
)
ACCESS_DENIED_CODES = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException"}

ARN_RE = re.compile(
    r"^arn:(?P<partition>aws(?:-[a-z]+)*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>[^:]*):(?P<resource>.+)$"
)
REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")
ACCOUNT_RE = re.compile(r"^\d{12}$")


class AwsCallError(Exception):
    """One AWS call failed. `fatal` errors (credentials, connection, region) stop the module; others may be findings."""

    def __init__(self, service, operation, code, message, fatal=False, action=None):
        super().__init__(message)
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.fatal = fatal
        self.action = action

    @property
    def access_denied(self):
        return self.code in ACCESS_DENIED_CODES

    def describe(self):
        """One line for people: what failed and why, plus what to do when we know it."""
        text = f"{self.service}:{self.operation} failed: {self.code}: {self.message}"
        return f"{text}. {self.action}" if self.action else text


def to_call_error(exc, service, operation):
    """The single error handler: any botocore exception becomes an AwsCallError with a clear message."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = error.get("Code", "Unknown")
        message = error.get("Message", str(exc))
        if code in CREDENTIAL_ERROR_CODES:
            return AwsCallError(service, operation, code, f"{CREDENTIAL_ERROR_CODES[code]} ({message})", True,
                                CREDENTIALS_ACTION)
        return AwsCallError(service, operation, code, message)
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return AwsCallError(service, operation, "NoCredentials", f"No usable AWS credentials were found ({exc})",
                            True, CREDENTIALS_ACTION)
    if isinstance(exc, TokenRetrievalError):
        return AwsCallError(service, operation, "ExpiredToken", f"The AWS SSO token has expired ({exc})", True,
                            CREDENTIALS_ACTION)
    if isinstance(exc, NoRegionError):
        return AwsCallError(service, operation, "NoRegion", "No AWS region was given", True,
                            "Set the module's region option (the role passes ecs_aws_region)")
    if isinstance(exc, EndpointConnectionError):
        return AwsCallError(service, operation, "EndpointConnectionError", str(exc), True,
                            "Check network access to the AWS endpoint (or AWS_ENDPOINT_URL in ecs_aws_env)")
    return AwsCallError(service, operation, type(exc).__name__, str(exc), True)


THROTTLING_CODES = ["ThrottlingException", "ProvisionedThroughputExceededException"]


# The call count of the AwsClients whose call or pagination runs in this thread (clients may be shared).
_COUNTING = threading.local()


class AwsClients:
    """Retrying, counted boto3 clients, one per (service, region), and the only place AWS calls are made.

    `factory(service, region)` returns a plain boto3 client; `from_module` uses AnsibleAWSModule.client so the
    standard AWS connection options apply, tests pass boto3.client directly.
    """

    def __init__(self, factory, region, retries=10, delay=3.0, max_delay=60.0, _shared=None):
        self._factory = factory
        self.region = region
        self._settings = (retries, delay, max_delay)
        # (service, region) -> client, and the lock that creates them: shared by sharing() views.
        self._clients, self._lock = _shared or ({}, threading.Lock())
        self._calls = {}
        # amazon.aws retries EC2's and STS's `Throttling`, not the `ThrottlingException` of ECS, SSM, Secrets
        # Manager and ELB, nor DynamoDB's throughput error.
        self._retry = AWSRetry.jittered_backoff(retries=retries, delay=delay, max_delay=max_delay,
                                                catch_extra_error_codes=THROTTLING_CODES)

    @classmethod
    def from_module(cls, module):
        params = module.params

        def factory(service, region):
            return module.client(service, region=region)

        return cls(factory, module.region, params["backoff_retries"], params["backoff_delay"],
                   params["backoff_max_delay"])

    @property
    def api_calls(self):
        """API calls made so far, per service (snake_case keys, sorted), retries included."""
        return {name: self._calls[name] for name in sorted(self._calls)}

    def sharing(self):
        """Another AwsClients on the same clients, with a call count of its own: for checks run side by side in one
        module (a new client from amazon.aws's module.client starts a new boto3 session and parses the service's
        model again, 0.1-0.2 s of CPU each). Clients are thread-safe once created; creating them is serialised."""
        return AwsClients(self._factory, self.region, *self._settings, _shared=(self._clients, self._lock))

    def client(self, service, region=None):
        region = region or self.region
        label = service.replace("-", "_")
        with self._lock:
            if (service, region) not in self._clients:
                client = self._factory(service, region)

                def count(**_kwargs):
                    calls = getattr(_COUNTING, "calls", None)
                    if calls is not None:
                        calls[label] = calls.get(label, 0) + 1

                # Emitted once per attempt of an operation (each page of a paginator too), stubbed or not; counted
                # for the AwsClients making the call in this thread.
                client.meta.events.register("before-parameter-build", count)
                self._clients[(service, region)] = client
        self._calls.setdefault(label, 0)
        return self._clients[(service, region)]

    def call(self, service, operation, region=None, **params):
        """Call one operation with jittered-backoff retries; return the response without ResponseMetadata."""
        method = getattr(self.client(service, region), operation)
        _COUNTING.calls = self._calls
        try:
            response = self._retry(method)(**params)
        except (BotoCoreError, ClientError) as exc:  # every botocore error goes through the one handler
            raise to_call_error(exc, service, operation) from exc
        response.pop("ResponseMetadata", None)
        return response

    def paginate(self, service, operation, result_key, region=None, **params):
        """All items of `result_key` over every page; the whole pagination is retried on throttling."""
        paginator = self.client(service, region).get_paginator(operation)
        _COUNTING.calls = self._calls

        def run():
            return paginator.paginate(**params).build_full_result().get(result_key, [])

        try:
            return self._retry(run)()
        except (BotoCoreError, ClientError) as exc:
            raise to_call_error(exc, service, operation) from exc


# ---- problem records ---------------------------------------------------------------------------------------------

def _natural_key(text):
    """Sort `x[10]` after `x[2]`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def render_value(value):
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(render_value(item) for item in value) or "(empty)"
    return str(value)


class Problems:
    """Every problem found, each naming the inventory key, the value, the reason and what to do."""

    def __init__(self):
        self._items = []

    def add(self, key, value, reason, action, **extra):
        item = dict(key=key, value=render_value(value), reason=reason.rstrip("."), action=action.rstrip("."), **extra)
        if item not in self._items:
            self._items.append(item)

    def __len__(self):
        return len(self._items)

    def as_list(self):
        return sorted(self._items, key=lambda p: (_natural_key(p["key"]), p["reason"], p["value"]))

    def lines(self):
        return [format_problem(p) for p in self.as_list()]


def format_problem(problem):
    return f"{problem['key']} = {problem['value']}: {problem['reason']}. {problem['action']}"


class KeyNames:
    """Inventory key names used in problem records; defaults follow the ecs_* contract, `key_names` overrides."""

    def __init__(self, defaults, overrides=None):
        self._names = dict(defaults)
        self._names.update(overrides or {})

    def __call__(self, option, index=None, suffix=""):
        name = self._names.get(option, option)
        if index is not None:
            name = f"{name}[{index}]"
        return name + suffix


# ---- ARNs --------------------------------------------------------------------------------------------------------

def parse_arn(arn):
    """Split an ARN into partition/service/region/account/resource, or None when it is not an ARN at all."""
    match = ARN_RE.match(arn or "")
    return match.groupdict() if match else None


def arn_format_errors(parts, services, region_required=True):
    """Reasons an already-split ARN is malformed for one of `services` (empty when it is well formed)."""
    errors = []
    if parts["service"] not in services:
        errors.append(f"its service is '{parts['service']}', expected {' or '.join(services)}")
    if region_required and not REGION_RE.match(parts["region"]):
        errors.append(f"its region '{parts['region']}' is not a region name")
    if not ACCOUNT_RE.match(parts["account"]):
        errors.append(f"its account '{parts['account']}' is not 12 digits")
    return errors


def has_wildcard(text):
    return "*" in text or "?" in text


# ---- module plumbing ---------------------------------------------------------------------------------------------

def check_argument_spec(**options):
    """Argument spec of a check module: its own options plus fail_on_problems, key_names and backoff_*."""
    spec = dict(CHECK_ARGUMENT_SPEC)
    spec.update(RETRY_ARGUMENT_SPEC)
    spec.update(options)
    return spec


def validated_suboptions(module, name, spec, given):
    """The options of one check given to a module that runs several, validated against that check's own spec (a
    nested dict option has no spec of its own, so the module fails naming the check)."""
    result = ArgumentSpecValidator(spec).validate(given)
    if result.error_messages:
        module.fail_json(msg="%s: %s" % (name, "; ".join(result.error_messages)))
    return result.validated_parameters


def run_check(module, check):
    """Run `check(api)` -> dict with `problems` (a Problems) and facts; exit or fail the module with the result."""
    api = AwsClients.from_module(module)
    try:
        facts = check(api)
    except AwsCallError as exc:
        module.fail_json(msg=exc.describe(), error_code=exc.code, api_calls=api.api_calls, problems=[])
    problems = facts.pop("problems")
    result = dict(changed=False, problems=problems.as_list(), api_calls=api.api_calls, **facts)
    if len(problems) and module.params["fail_on_problems"]:
        lines = "\n".join(problems.lines())
        module.fail_json(msg=f"{len(problems)} pre-flight problem(s):\n{lines}\n"
                             "Runbook: docs/runbooks.md#pre-flight-failure", **result)
    module.exit_json(**result)
