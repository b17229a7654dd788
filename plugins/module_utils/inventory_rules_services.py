# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Service rules (ecs_services[i]): names, image, port, task size, counts, listener priorities, routing, health check,
secret ARNs, environment names and secret-looking plaintext, scaling targets, log retention, scheduled scaling.

The secret-looking rule is the services layer's own (terraform/layers/services/variables.tf): an environment key
matching SECRET_KEY_RE is refused. Its value is never shown: a plaintext secret must not reach a log either."""

from __future__ import annotations

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import (
    CLOUDWATCH_RETENTION_DAYS,
    REDACTED,
    arn_parts,
    as_list,
    check_kms_key_arn,
    matches,
    partition_of,
    rule,
    text,
    whole,
)

RULES = []
SERVICE_NAME_RE = r"^[a-z][a-z0-9-]{1,30}$"
ENV_NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
# The same expression as the services layer's validation (Terraform's RE2 and Python's re agree on it).
SECRET_KEY_RE = re.compile(r"(?i)(password|passwd|secret|token|private_?key|api_?key)")
# The security module's forms (stricter than the services layer's, which they imply).
SSM_PARAMETER_ARN_RE = r"^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9_.\-/]+$"
SECRETS_MANAGER_ARN_RE = (r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+"
                          r"(:[^:*?]*:[^:*?]*:[^:*?]*)?$")
MAX_CONDITION_VALUES = 5  # path patterns + host headers of one listener rule
MAX_CONDITION_VALUE_LENGTH = 128


def services(inv):
    """(index, key, service dict) of every service entry."""
    return [(i, f"ecs_services[{i}]", s if isinstance(s, dict) else {})
            for i, s in enumerate(as_list(inv.get("ecs_services")))]


def _label(service, index):
    return f"service {service.get('name') or '#' + str(index)}"


@rule(RULES, "services.name", "ecs_services: at least one; names ^[a-z][a-z0-9-]{1,30}$ and unique")
def _names(inv, found):
    entries = services(inv)
    if not entries:
        found.add("services.name", "ecs_services", [], "at least one service is needed", "Describe a service")
    first = {}
    for index, key, service in entries:
        name = service.get("name")
        if not matches(SERVICE_NAME_RE, name):
            found.add("services.name", f"{key}.name", name, "a service name is 2-31 lowercase letters, digits or "
                      "'-', starting with a letter", "Rename the service, e.g. web")
        elif name in first:
            found.add("services.name", f"{key}.name", name, f"the name is already used by ecs_services[{first[name]}]",
                      "Give every service its own name")
        first.setdefault(name, index)


@rule(RULES, "services.image", "every service has an image")
def _image(inv, found):
    for index, key, service in services(inv):
        if not text(service.get("image")).strip():
            found.add("services.image", f"{key}.image", service.get("image"), f"{_label(service, index)} has no "
                      "image", "Set the container image URI")


@rule(RULES, "services.port", "container_port 1-65535")
def _port(inv, found):
    for index, key, service in services(inv):
        port = whole(service.get("container_port"))
        if port is None or not 1 <= port <= 65535:
            found.add("services.port", f"{key}.container_port", service.get("container_port"),
                      f"{_label(service, index)}: a port is a whole number between 1 and 65535",
                      "Set the port the container listens on")


@rule(RULES, "services.size", "task cpu 128-196608 units, memory 128-1048576 MiB")
def _size(inv, found):
    for index, key, service in services(inv):
        for field, low, high, unit in (("cpu", 128, 196608, "CPU units"), ("memory", 128, 1048576, "MiB")):
            value = whole(service.get(field))
            if value is None or not low <= value <= high:
                found.add("services.size", f"{key}.{field}", service.get(field), f"{_label(service, index)}: task "
                          f"{field} must be a whole number of {unit} between {low} and {high}",
                          f"Set {field} between {low} and {high}")


@rule(RULES, "services.counts", "0 <= min_count <= desired_count <= max_count")
def _counts(inv, found):
    for index, key, service in services(inv):
        counts = {f: whole(service.get(f)) for f in ("min_count", "desired_count", "max_count")}
        for field, value in counts.items():
            if value is None or value < 0:
                found.add("services.counts", f"{key}.{field}", service.get(field), f"{_label(service, index)}: a "
                          "count is a whole number >= 0", "Set the count")
        low, desired, high = counts["min_count"], counts["desired_count"], counts["max_count"]
        if None not in (low, desired, high) and min(counts.values()) >= 0 and not low <= desired <= high:
            found.add("services.counts", f"{key}.desired_count", desired, f"{_label(service, index)}: the desired "
                      f"count is outside min_count {low} .. max_count {high}",
                      "Make min_count <= desired_count <= max_count")


@rule(RULES, "services.priority", "listener_priority 1-50000 and unique across services")
def _priority(inv, found):
    first = {}
    for index, key, service in services(inv):
        value = whole(service.get("listener_priority"))
        if value is None or not 1 <= value <= 50000:
            found.add("services.priority", f"{key}.listener_priority", service.get("listener_priority"),
                      f"{_label(service, index)}: a listener rule priority is a whole number between 1 and 50000",
                      "Set a priority between 1 and 50000")
            continue
        if value in first:
            found.add("services.priority", f"{key}.listener_priority", value, f"{_label(service, index)}: the "
                      f"priority is already used by ecs_services[{first[value]}]",
                      "Give every service its own priority (a lower number is matched first)")
        first.setdefault(value, index)


@rule(RULES, "services.routing", "1-5 path patterns + host headers of at most 128 characters; health check path "
      "starting with /; matcher like 200 or 200-299")
def _routing(inv, found):
    for index, key, service in services(inv):
        label = _label(service, index)
        patterns = as_list(service.get("path_patterns", ["/*"]))
        hosts = as_list(service.get("host_headers", []))
        if not patterns or len(patterns) + len(hosts) > MAX_CONDITION_VALUES:
            found.add("services.routing", f"{key}.path_patterns", patterns, f"{label}: a listener rule needs 1 to "
                      f"{MAX_CONDITION_VALUES} path patterns and host headers together ({len(patterns)} + "
                      f"{len(hosts)} given)", "Give at least one path pattern and at most five values in all")
        for field, values in (("path_patterns", patterns), ("host_headers", hosts)):
            for position, value in enumerate(values):
                if not text(value) or len(text(value)) > MAX_CONDITION_VALUE_LENGTH:
                    found.add("services.routing", f"{key}.{field}[{position}]", value, f"{label}: a condition value "
                              f"is 1-{MAX_CONDITION_VALUE_LENGTH} characters", "Shorten it")
        path = service.get("health_check_path", "/health")
        if not text(path).startswith("/"):
            found.add("services.routing", f"{key}.health_check_path", path, f"{label}: the health check path must "
                      "start with /", "Write the path the container answers on, e.g. /health")
        matcher = service.get("health_check_matcher", "200")
        if not matches(r"^[0-9]{3}([,-][0-9]{3})*$", text(matcher)):
            found.add("services.routing", f"{key}.health_check_matcher", matcher, f"{label}: the matcher must be HTTP "
                      "codes like 200, 200,204 or 200-299", "Write the codes that mean healthy")


def _secret_arn_problem(inv, arn):
    """Why `arn` is not a secret reference the layers and ECS accept, or None."""
    if not (matches(SSM_PARAMETER_ARN_RE, arn) or matches(SECRETS_MANAGER_ARN_RE, arn)):
        return ("it must be the full ARN of an SSM parameter (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) or of a "
                "Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key:stage:id]), "
                "without wildcards, never a value")
    region = text(inv.get("ecs_aws_region"))
    partition, _service, arn_region, _account, _resource = arn_parts(arn)
    if partition != partition_of(region):
        return f"its partition {partition} is not the partition of {region} ({partition_of(region)})"
    if arn_region != region and not inv.get("ecs_allow_cross_region_secrets"):
        return (f"the secret is in {arn_region}, not in the deployment's region {region} (set "
                "ecs_allow_cross_region_secrets: true if that is intended)")
    return None


@rule(RULES, "services.secret_arn", "secrets[].value_from is an SSM parameter or Secrets Manager ARN of the "
      "deployment's partition (and region, unless ecs_allow_cross_region_secrets)")
def _secret_arns(inv, found):
    for index, key, service in services(inv):
        for position, secret in enumerate(as_list(service.get("secrets"))):
            secret = secret if isinstance(secret, dict) else {}
            arn = secret.get("value_from")
            problem = _secret_arn_problem(inv, arn)
            if problem:
                # Not an ARN may mean a value was pasted here: never show it.
                shown = arn if matches(r"^arn:", arn) else REDACTED
                found.add("services.secret_arn", f"{key}.secrets[{position}].value_from", shown,
                          f"{_label(service, index)}: {problem}", "Store the value in SSM Parameter Store or Secrets "
                          "Manager and write its ARN here")


@rule(RULES, "services.secret_kms_keys", "ecs_services[i].secret_kms_key_arns are KMS key ARNs")
def _service_kms_keys(inv, found):
    cross = bool(inv.get("ecs_allow_cross_region_secrets"))
    for _index, key, service in services(inv):
        for position, arn in enumerate(as_list(service.get("secret_kms_key_arns"))):
            check_kms_key_arn(found, "services.secret_kms_keys", inv, f"{key}.secret_kms_key_arns[{position}]", arn,
                              same_region=not cross)


@rule(RULES, "services.env_names", "environment keys and secrets names are variable names, unique per container")
def _env_names(inv, found):
    for index, key, service in services(inv):
        environment = service.get("environment") or {}
        environment = environment if isinstance(environment, dict) else {}
        names = [(f"{key}.environment.{name}", name) for name in environment]
        names += [(f"{key}.secrets[{i}].name", (s if isinstance(s, dict) else {}).get("name"))
                  for i, s in enumerate(as_list(service.get("secrets")))]
        first = {}
        for path, name in names:
            if not matches(ENV_NAME_RE, name):
                found.add("services.env_names", path, name, f"{_label(service, index)}: it is not an environment "
                          "variable name (letters, digits and '_', not starting with a digit)",
                          "Rename it, e.g. DB_HOST")
            elif name in first:
                found.add("services.env_names", path, name, f"{_label(service, index)}: the variable is already set "
                          f"by {first[name]}", "Set each variable once, in environment or in secrets")
            first.setdefault(name, path)
        for name, value in environment.items():
            if isinstance(value, (dict, list)):
                found.add("services.env_names", f"{key}.environment.{name}", REDACTED, f"{_label(service, index)}: "
                          "an environment value must be a string, number or boolean", "Write the value as a string")


@rule(RULES, "services.env_secret_looking", "no environment key matching " + SECRET_KEY_RE.pattern +
      " (the services layer's rule): a secret goes through secrets as an ARN")
def _env_secret_looking(inv, found):
    for index, key, service in services(inv):
        environment = service.get("environment") or {}
        for name in (environment if isinstance(environment, dict) else {}):
            if SECRET_KEY_RE.search(text(name)):
                found.add("services.env_secret_looking", f"{key}.environment.{name}", REDACTED,
                          f"{_label(service, index)}: the name looks like a secret (PASSWORD, SECRET, TOKEN, "
                          "PRIVATE_KEY, API_KEY) and plaintext secrets are refused",
                          "Store the value in SSM Parameter Store or Secrets Manager and move it to secrets as "
                          f"{{name: {name}, value_from: <ARN>}}")


@rule(RULES, "services.scaling", "cpu_target and memory_target 10-95; scheduled_scaling names unique "
      "[A-Za-z0-9-]{1,64}, cron()/rate()/at() schedules, 0 <= min_count <= max_count")
def _scaling(inv, found):
    for index, key, service in services(inv):
        label = _label(service, index)
        for field, default in (("cpu_target", 60), ("memory_target", 70)):
            value = whole(service.get(field, default))
            if value is None or not 10 <= value <= 95:
                found.add("services.scaling", f"{key}.{field}", service.get(field), f"{label}: a target is a whole "
                          "percentage between 10 and 95", "Set a percentage between 10 and 95")
        seen = set()
        for position, action in enumerate(as_list(service.get("scheduled_scaling"))):
            action = action if isinstance(action, dict) else {}
            path = f"{key}.scheduled_scaling[{position}]"
            name = action.get("name")
            if not matches(r"^[A-Za-z0-9-]{1,64}$", name):
                found.add("services.scaling", f"{path}.name", name, f"{label}: an action name is 1-64 letters, "
                          "digits or '-'", "Rename the action, e.g. night")
            elif name in seen:
                found.add("services.scaling", f"{path}.name", name, f"{label}: the action name is used twice",
                          "Give every scheduled action its own name")
            seen.add(name)
            if not matches(r"^(cron|rate|at)\(.+\)$", action.get("schedule")):
                found.add("services.scaling", f"{path}.schedule", action.get("schedule"), f"{label}: the schedule "
                          "must be cron(...), rate(...) or at(...)", "Write e.g. cron(0 20 ? * MON-FRI *)")
            low, high = whole(action.get("min_count")), whole(action.get("max_count"))
            if low is None or high is None or low < 0 or low > high:
                found.add("services.scaling", f"{path}.min_count", action.get("min_count"), f"{label}: the action "
                          f"needs 0 <= min_count <= max_count ({action.get('max_count')})", "Fix the counts")


@rule(RULES, "services.user", "user, when set, is a non-root user or uid, optionally with a group")
def _user(inv, found):
    for index, key, service in services(inv):
        user = service.get("user")
        if user is None:
            continue
        if not matches(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$", text(user)) \
                or text(user).split(":", maxsplit=1)[0] in ("0", "root"):
            found.add("services.user", f"{key}.user", user, f"{_label(service, index)}: the container user must be a "
                      "non-root user or uid, optionally with a group", "Use e.g. 65534, 65534:65534 or app:app, or "
                      "leave it unset to keep the image's USER")


@rule(RULES, "services.log_retention", "log_retention_days is a CloudWatch Logs retention value")
def _log_retention(inv, found):
    for index, key, service in services(inv):
        value = service.get("log_retention_days", 30)
        if whole(value) not in CLOUDWATCH_RETENTION_DAYS:
            found.add("services.log_retention", f"{key}.log_retention_days", value, f"{_label(service, index)}: "
                      "CloudWatch Logs accepts only some retention periods",
                      "Use one of " + ", ".join(map(str, CLOUDWATCH_RETENTION_DAYS)))
