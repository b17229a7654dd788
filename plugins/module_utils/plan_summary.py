# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Read a plan's JSON (``terraform show -json PLAN``): what it would do, and whether that is allowed.

Pure functions on dicts, so the drift check and the cost report can reuse them and unit tests need no Terraform.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

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


# ---------------------------------------------------------------------------------------------------------------------
# A plan Terraform refused because it would destroy a resource with lifecycle.prevent_destroy
# ---------------------------------------------------------------------------------------------------------------------

# Terraform's diagnostic (summary and detail, unchanged since 0.12). Only the addresses come from this text; what
# would happen to them comes from the errored plan Terraform saves with -out even when planning fails (1.4+,
# "errored": true in `terraform show -json`, never applyable). Human output wraps lines after the address, and the
# plan's own text above has lines that start with "Resource" too: the address is the rest of one line.
PREVENT_DESTROY_SUMMARY = "Instance cannot be destroyed"
_PREVENT_DESTROY = re.compile(r"^[ \t]*Resource[ \t]+([^\s].*?)\s+has\s+lifecycle\.prevent_destroy\s+set", re.M)

# Why a resource is deleted or replaced when no attribute forces it (the plan's action_reason).
ACTION_REASONS = {
    "replace_because_tainted": "the resource is tainted",
    "replace_by_request": "a -replace option asked for it",
    "replace_by_triggers": "lifecycle.replace_triggered_by",
    "delete_because_no_resource_config": "its resource block is no longer in the code",
    "delete_because_no_module": "its module call is no longer in the code",
    "delete_because_count_index": "its count index is gone",
    "delete_because_each_key": "its for_each key is gone (an inventory entry removed or renamed)",
    "delete_because_wrong_repetition": "its module or resource changed between count and for_each",
}


def prevent_destroy_addresses(error):
    """Addresses Terraform named as refused by prevent_destroy in a failed plan's output, in order, once each."""
    if PREVENT_DESTROY_SUMMARY not in (error or ""):
        return []
    found = []
    for match in _PREVENT_DESTROY.finditer(error):
        address = " ".join(match.group(1).split())
        if address not in found:
            found.append(address)
    return found


def _short(value, limit=60):
    text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else '"%s"' % value
    return text if len(text) <= limit else text[:limit - 3] + "..."


def prevent_destroy_refusals(plan, error):
    """What a plan refused by prevent_destroy would have done to each protected resource, from the errored plan.

    Each entry: address, action (replace/delete), forced_by (attribute paths that force the replacement, from
    ``replace_paths``), attributes (before/after of those, sensitive values masked) and reason (one readable line).
    A resource the errored plan did not record (an older Terraform) still gets an entry, action ``destroy``.
    """
    changes = dict((rc.get("address"), rc) for rc in (plan or {}).get("resource_changes") or [])
    refusals = []
    for address in prevent_destroy_addresses(error):
        rc = changes.get(address) or {}
        change = rc.get("change") or {}
        action = action_of(change.get("actions")) if change else "destroy"
        forced_by = sorted(".".join(str(p) for p in path) for path in change.get("replace_paths") or [])
        tops = set(path.split(".", 1)[0] for path in forced_by)
        attributes = [a for a in changed_attributes(change) if a["attribute"] in tops] if change else []
        if forced_by:
            shown = ", ".join("%s %s -> %s" % (a["attribute"], _short(a["before"]), _short(a["after"]))
                              for a in attributes) or ", ".join(forced_by)
            why = "replacement forced by %s" % shown
        elif rc.get("action_reason") in ACTION_REASONS:
            why = ACTION_REASONS[rc["action_reason"]]
        else:
            why = "the plan did not record why"
        refusals.append({
            "address": address,
            "type": rc.get("type"),
            "action": action,
            "forced_by": forced_by,
            "attributes": attributes,
            "reason": "protected by prevent_destroy; %s" % why,
        })
    return refusals
