# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The resources the cost floor prices, read from plans' (or states') JSON.

Resources are recognised by type, never by address, so any layer layout works.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError


class Resource:
    """One managed resource of a layer: its values, and which of them Terraform does not know yet."""

    def __init__(self, layer, address, rtype, values, unknown):
        self.layer = layer
        self.address = address
        self.type = rtype
        self.values = values or {}
        self.unknown = unknown if isinstance(unknown, dict) else {}

    @property
    def module(self):
        """Module path of the address (what precedes the resource type), to pair resources of one module."""
        head = self.address.rsplit(self.type + ".", 1)[0]
        return head.rstrip(".")

    def first(self, key):
        """First element of a nested block (blocks are lists in plan JSON)."""
        value = self.values.get(key)
        if isinstance(value, list):
            return value[0] if value else {}
        return value or {}

    def known_count(self, key):
        """Number of elements of a list attribute, or None when Terraform does not know it yet."""
        value = self.values.get(key)
        if isinstance(value, list) and value:
            return len(value)
        unknown = self.unknown.get(key)
        if isinstance(unknown, list):
            return len(unknown)
        return None


def _walk(module, out):
    for res in module.get("resources") or []:
        if res.get("mode", "managed") == "managed":
            out.append(res)
    for child in module.get("child_modules") or []:
        _walk(child, out)


def resources_of(plan, layer):
    """Managed resources of a plan (planned_values, with after_unknown from resource_changes) or a state (values)."""
    if not isinstance(plan, dict):
        raise CostError("layer %s: the plan is not a JSON object" % layer)
    root = (plan.get("planned_values") or plan.get("values") or {}).get("root_module")
    if root is None:
        return []
    unknown = {}
    for rc in plan.get("resource_changes") or []:
        unknown[rc.get("address")] = (rc.get("change") or {}).get("after_unknown")
    found = []
    _walk(root, found)
    return [Resource(layer, r["address"], r["type"], r.get("values"), unknown.get(r["address"])) for r in found]


def state_values(state):
    """A state object as stored in S3 (format 4) in the shape of ``terraform show -json`` of that state, so a layer's
    state is priced without starting Terraform and its provider: every module's managed resources in the root module,
    the address naming the module. Deposed instances (a replacement half done) are left out, as the show does."""
    if not isinstance(state, dict):
        raise CostError("the state is not a JSON object")
    found = []
    for res in state.get("resources") or []:
        if res.get("mode") != "managed":
            continue
        prefix = res["module"] + "." if res.get("module") else ""
        for instance in res.get("instances") or []:
            if instance.get("deposed"):
                continue
            key = instance.get("index_key")
            index = "" if key is None else "[%s]" % json.dumps(key)
            found.append({"address": "%s%s.%s%s" % (prefix, res["type"], res["name"], index), "mode": "managed",
                          "type": res["type"], "name": res["name"], "values": instance.get("attributes") or {}})
    return {"values": {"root_module": {"resources": found}}}


def collect(plans):
    """plans: list of {layer, plan}. Returns every managed resource, in layer then address order."""
    out = []
    for entry in plans:
        out.extend(sorted(resources_of(entry["plan"], entry.get("layer") or "?"), key=lambda r: r.address))
    return out


def instance_and_volume_types(plans):
    """Instance types and EBS volume types the plans use (what live pricing must ask for)."""
    instance_types, volume_types = set(), set()
    for res in collect(plans):
        if res.type == "aws_autoscaling_group":
            mixed = res.first("mixed_instances_policy")
            for override in ((mixed.get("launch_template") or [{}])[0].get("override") or []) if mixed else []:
                if override.get("instance_type"):
                    instance_types.add(override["instance_type"])
        elif res.type == "aws_launch_template":
            if res.values.get("instance_type"):
                instance_types.add(res.values["instance_type"])
            for mapping in res.values.get("block_device_mappings") or []:
                ebs = (mapping.get("ebs") or [{}])[0]
                if ebs:
                    volume_types.add(ebs.get("volume_type") or "gp2")
    return sorted(instance_types), sorted(volume_types)
