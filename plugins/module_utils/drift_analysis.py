# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Decide drift from one layer's plan JSON (``terraform show -json PLAN``): pure functions on dicts.

``resource_drift`` holds what changed outside of Terraform (found by refresh); ``resource_changes`` what applying
the configuration would do. An attribute changed behind Terraform's back usually shows in both: it is reported once,
as changed outside Terraform, with the configuration's planned change next to it. A change with no drift entry is a
pending configuration change (the code or inventory changed and was not applied): it is drift from the code too.

A ``resource_drift`` entry the configuration plans nothing for is refresh noise (computed attributes such as a route
table's routes or a group's rules filled in by separate resources); Terraform's own output hides it as irrelevant.
It is not drift, with one exception: a security group rule that exists in AWS and that no resource declares
(drift_sg_rules), which the configuration cannot see otherwise.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import unmanaged_rules
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import action_of, changed_attributes

# Attributes that autoscaling changes on purpose: a difference there is not drift.
DEFAULT_IGNORED_ATTRIBUTES = ("aws_ecs_service.desired_count", "aws_autoscaling_group.desired_capacity")

OUTSIDE = "changed outside Terraform"
PENDING = "pending change"
NOT_REVERTED = "none"  # the configuration does not manage what changed, so an apply would not revert it


def parse_ignored(entries):
    """``["aws_ecs_service.desired_count", ...]`` -> {type: set(attributes)}."""
    ignored = {}
    for entry in entries or ():
        rtype, _dummy, attribute = entry.partition(".")
        if rtype and attribute:
            ignored.setdefault(rtype, set()).add(attribute)
    return ignored


def _managed(entries):
    found = {}
    for rc in entries or []:
        if rc.get("mode") == "data":
            continue
        change = rc.get("change") or {}
        action = action_of(change.get("actions"))
        if action in ("no-op", "read"):
            continue
        found[rc.get("address")] = (rc, action)
    return found


def _diffs(rc, action, ignored):
    """Attribute diffs of a change without the ignored attributes; None when only ignored attributes differ."""
    if action not in ("update", "replace"):
        return []  # create/delete: the whole object appears or goes
    skip = ignored.get(rc.get("type"), set())
    all_diffs = changed_attributes(rc.get("change") or {})
    kept = [d for d in all_diffs if d["attribute"] not in skip]
    if all_diffs and not kept and action == "update":
        return None
    return kept


def _listing(entries, ignored):
    out = []
    for address, (rc, action) in sorted(entries.items()):
        diffs = _diffs(rc, action, ignored)
        if diffs is None:
            continue
        out.append({"address": address, "type": rc.get("type"), "action": action, "attributes": diffs})
    return out


def analyse(plan, ignored_attributes=DEFAULT_IGNORED_ATTRIBUTES):
    """Drift of one layer: ``drift`` (outside Terraform), ``changes`` (the configuration's), ``resources`` (merged)."""
    ignored = parse_ignored(ignored_attributes)
    changes = _managed(plan.get("resource_changes"))
    change_list = _listing(changes, ignored)
    planned = dict((e["address"], e) for e in change_list)
    all_drift = _listing(_managed(plan.get("resource_drift")), ignored)
    rules = unmanaged_rules(plan)
    # Only drift the configuration acts on, or that hides an unmanaged security group rule.
    drift_list = [e for e in all_drift if e["address"] in planned or e["address"] in rules]
    drifted = dict((e["address"], e) for e in drift_list)

    resources = []
    for address in sorted(set(drifted) | set(planned) | set(rules)):
        outside = drifted.get(address)
        change = planned.get(address)
        extra = rules.get(address)
        base = change or outside or {"type": "aws_security_group", "attributes": []}
        if outside and change and outside["action"] != "delete":
            # Refresh also fills in computed attributes the plan leaves alone: keep what the plan would set back.
            wanted = set(a["attribute"] for a in change["attributes"])
            outside = dict(outside, attributes=[a for a in outside["attributes"] if a["attribute"] in wanted])
            if not outside["attributes"]:
                outside = None  # only noise outside Terraform: a pending change
        elif outside and not change:
            outside = dict(outside, attributes=[])  # only the unmanaged rules below count
        is_outside = bool(outside or extra)
        attributes = list((outside or change or {"attributes": []})["attributes"])
        if extra:
            attributes = [a for a in attributes if a["attribute"] not in extra]
            attributes += [{"attribute": direction, "before": [], "after": extra[direction]}
                           for direction in sorted(extra)]
        entry = {
            "address": address,
            "type": base["type"],
            "kind": OUTSIDE if is_outside else PENDING,
            "outside_terraform": is_outside,
            "action": change["action"] if change else NOT_REVERTED,
            "attributes": sorted(attributes, key=lambda a: a["attribute"]),
        }
        if is_outside:
            entry["drift_action"] = outside["action"] if outside else "update"
            entry["planned_attributes"] = change["attributes"] if change else []
        if extra:
            entry["unmanaged_rules"] = extra
        if change and change["action"] == "replace":
            rc = changes[address][0]
            entry["replace_paths"] = sorted(
                ".".join(str(p) for p in path) for path in (rc.get("change") or {}).get("replace_paths") or []
            )
        resources.append(entry)

    output_changes = sorted(
        name for name, oc in (plan.get("output_changes") or {}).items()
        if action_of(oc.get("actions")) not in ("no-op", "read")
    )
    return {
        "drifted": bool(resources or output_changes),
        "resources": resources,
        "drift": drift_list,
        "changes": change_list,
        "output_changes": output_changes,
        "refresh_only_ignored": len(all_drift) - len(drift_list),
    }
