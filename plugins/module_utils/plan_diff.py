# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""What a plan changes, attribute by attribute, for Ansible's diff mode (``--check --diff``).

The before/after table is plan_summary.changed_attributes, the one the drift report uses (Terraform-sensitive values
already masked there); on top of it, secret-looking values are redacted so the job log can be shown to a reviewer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import json
import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_common import REDACTED
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules_services import SECRET_KEY_RE
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import action_of, changed_attributes

# Values that are secrets whatever their key is called.
SECRET_VALUE_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b")
# Provider attributes whose name matches SECRET_KEY_RE but hold a setting (IMDSv2: "required"/"optional").
NOT_SECRET_KEYS = ("http_tokens",)
LINE_LIMIT = 300  # one value on one debug line; the native diff keeps the whole value
SYMBOLS = {"create": "+", "delete": "-", "update": "~", "replace": "-/+"}


def _secret_scalar(value):
    # An ARN names a secret, it is not one (container secrets' valueFrom, secret_arns).
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and not str(value).startswith("arn:")


def _json_document(value):
    """A JSON object or list held in a string (container_definitions, policies), else None."""
    if not isinstance(value, str) or value[:1] not in ("{", "["):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def redact(value, key=None):
    """Hide secret-looking values: under a secret-looking key, in a {name, value} pair with a secret-looking name
    (container environment), or looking like a private key or access key themselves. JSON in a string is parsed so
    its inside can be redacted (and shown as a structure)."""
    if key is not None and key not in NOT_SECRET_KEYS and SECRET_KEY_RE.search(str(key)) and _secret_scalar(value):
        return REDACTED
    document = _json_document(value)
    if document is not None:
        return redact(document)
    if isinstance(value, dict):
        pair_secret = SECRET_KEY_RE.search(str(value.get("name", ""))) and "value" in value
        return dict((k, REDACTED if pair_secret and k == "value" and _secret_scalar(v) else redact(v, k))
                    for k, v in value.items())
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str) and SECRET_VALUE_RE.search(value):
        return REDACTED
    return value


def resource_diffs(plan):
    """Each resource the plan changes, by address: action and the attributes that change, before and after
    (unchanged attributes left out; sensitive and secret-looking values hidden)."""
    entries = []
    for rc in plan.get("resource_changes") or []:
        if rc.get("mode") == "data":
            continue
        change = rc.get("change") or {}
        action = action_of(change.get("actions"))
        if action in ("no-op", "read"):
            continue
        attributes = [dict(a, before=redact(a["before"], a["attribute"]), after=redact(a["after"], a["attribute"]))
                      for a in changed_attributes(change)]
        entries.append({"address": rc.get("address"), "action": action, "attributes": attributes})
    return sorted(entries, key=lambda e: e["address"])


def _block(attributes, side):
    present = [a for a in attributes if a[side] is not None]
    return "".join("%s: %s\n" % (a["attribute"], json.dumps(a[side], indent=2, sort_keys=True)) for a in present)


def ansible_diff(entries, layer):
    """Ansible's diff list: one before/after pair per resource, headed by layer and address."""
    return [{
        "before_header": "%s: %s" % (layer, e["address"]),
        "after_header": "%s: %s (%s)" % (layer, e["address"], e["action"]),
        "before": _block(e["attributes"], "before"),
        "after": _block(e["attributes"], "after"),
    } for e in entries]


def _short(value):
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= LINE_LIMIT else text[:LINE_LIMIT] + "..."


def _structure_lines(attribute, before, after):
    """A list or map (container definitions, a policy): only its changed lines, with one line of context."""
    old = json.dumps(before, indent=2, sort_keys=True).splitlines()
    new = json.dumps(after, indent=2, sort_keys=True).splitlines()
    body = [line for line in difflib.unified_diff(old, new, n=1, lineterm="") if not line.startswith(("---", "+++"))]
    return ["    %s:" % attribute] + ["      %s" % line for line in body]


def diff_lines(entries, layer):
    """The same for a debug task: a line per resource, then per attribute ``name: before -> after`` (a list or map
    changed in place: its changed lines, unified-diff style)."""
    lines = []
    for e in entries:
        lines.append("%s %s: %s (%s)" % (SYMBOLS.get(e["action"], "~"), layer, e["address"], e["action"]))
        for a in e["attributes"]:
            if isinstance(a["before"], (dict, list)) and isinstance(a["after"], (dict, list)):
                lines += _structure_lines(a["attribute"], a["before"], a["after"])
            else:
                lines.append("    %s: %s -> %s" % (a["attribute"], _short(a["before"]), _short(a["after"])))
    return lines
