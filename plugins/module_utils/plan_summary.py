# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Read a plan's JSON (``terraform show -json PLAN``): what it would do, and whether that is allowed.

Pure functions on dicts, so the drift check and the cost report can reuse them and unit tests need no Terraform.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Resources whose replacement or destruction takes the service down or loses state.
DEFAULT_PROTECTED_TYPES = (
    "aws_s3_bucket",
    "aws_dynamodb_table",
    "aws_lb",
    "aws_ecs_cluster",
    "aws_autoscaling_group",
    "aws_ecs_service",
)

MASK = "(sensitive value)"


def action_of(actions):
    """Map Terraform's action list to one word. Create-before-destroy replacement is ["create", "delete"]."""
    actions = list(actions or [])
    if sorted(actions) == ["create", "delete"]:
        return "replace"
    if len(actions) == 1 and actions[0] in ("create", "update", "delete", "read", "no-op"):
        return actions[0]
    return "+".join(actions) or "no-op"


def _masked(value, sensitive):
    if sensitive is True:
        return MASK
    if isinstance(value, dict):
        sens = sensitive if isinstance(sensitive, dict) else {}
        return dict((k, _masked(v, sens.get(k))) for k, v in value.items())
    if isinstance(value, list):
        sens = sensitive if isinstance(sensitive, list) else []
        return [_masked(v, sens[i] if i < len(sens) else None) for i, v in enumerate(value)]
    return value


def changed_attributes(change):
    """Top-level attributes whose value differs between before and after, sensitive values masked."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    before_sens = change.get("before_sensitive") or {}
    after_sens = change.get("after_sensitive") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    diffs = []
    for key in sorted(set(before) | set(after) | set(k for k, v in unknown.items() if v)):
        if unknown.get(key) is True:
            new = "(known after apply)"
        else:
            new = _masked(after.get(key), after_sens.get(key) if isinstance(after_sens, dict) else None)
        # Compare the real values; mask only what is shown.
        if unknown.get(key) is not True and before.get(key) == after.get(key):
            continue
        old = _masked(before.get(key), before_sens.get(key) if isinstance(before_sens, dict) else None)
        diffs.append({"attribute": key, "before": old, "after": new})
    return diffs


def _resource_entry(rc, protected_types):
    change = rc.get("change") or {}
    action = action_of(change.get("actions"))
    entry = {
        "address": rc.get("address"),
        "type": rc.get("type"),
        "action": action,
        "protected": rc.get("type") in protected_types,
    }
    if action in ("update", "replace"):
        entry["attributes"] = changed_attributes(change)
    if action == "replace":
        entry["replace_paths"] = sorted(".".join(str(p) for p in path) for path in change.get("replace_paths") or [])
    return entry


def summarize(plan, protected_types=DEFAULT_PROTECTED_TYPES, protect_all_deletes=False, allow_replace=False):
    """Summarize a plan JSON document.

    ``blocked`` lists the changes that must stop the run before apply: replacement or destruction of a protected
    resource type, or (``protect_all_deletes``, for production) any destruction, unless ``allow_replace``.
    """
    protected_types = tuple(protected_types or ())
    resources = []
    for rc in plan.get("resource_changes") or []:
        if rc.get("mode") == "data":
            continue
        entry = _resource_entry(rc, protected_types)
        if entry["action"] not in ("no-op", "read"):
            resources.append(entry)
    resources.sort(key=lambda e: e["address"])

    drift = []
    for rc in plan.get("resource_drift") or []:
        if rc.get("mode") == "data":
            continue
        change = rc.get("change") or {}
        drift.append({
            "address": rc.get("address"),
            "type": rc.get("type"),
            "action": action_of(change.get("actions")),
            "attributes": changed_attributes(change),
        })
    drift.sort(key=lambda e: e["address"])

    output_changes = sorted(
        name for name, oc in (plan.get("output_changes") or {}).items()
        if action_of(oc.get("actions")) not in ("no-op", "read")
    )

    counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0}
    for e in resources:
        key = {"create": "add", "update": "change", "delete": "destroy", "replace": "replace"}.get(e["action"])
        if key:
            counts[key] += 1

    blocked = []
    for e in resources:
        destroys = e["action"] in ("delete", "replace")
        if destroys and (e["protected"] or protect_all_deletes):
            why = "protected resource type %s" % e["type"] if e["protected"] else "destroy in a production inventory"
            blocked.append({"address": e["address"], "action": e["action"], "reason": why})

    return {
        "has_changes": bool(resources or output_changes),
        "counts": counts,
        "resources": resources,
        "replaced": [e["address"] for e in resources if e["action"] == "replace"],
        "destroyed": [e["address"] for e in resources if e["action"] == "delete"],
        "output_changes": output_changes,
        "drift": drift,
        "blocked": [] if allow_replace else blocked,
        "allowed_by_override": blocked if allow_replace else [],
        "line": one_line(counts, output_changes),
    }


def one_line(counts, output_changes=()):
    if not any(counts.values()) and not output_changes:
        return "no changes"
    parts = ["%d to add" % counts["add"], "%d to change" % counts["change"], "%d to replace" % counts["replace"],
             "%d to destroy" % counts["destroy"]]
    if output_changes:
        parts.append("%d output(s) to update" % len(output_changes))
    return ", ".join(parts)
