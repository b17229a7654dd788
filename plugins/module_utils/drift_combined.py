# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""One Terraform plan for every layer of a drift check: the layers become child modules of a generated root, and
their remote states are merged into one local state with the same resources under ``module.<layer>``.

Why: on a small machine a layer's plan is almost all start-up (Terraform, the AWS provider and its schema: ~2.7 s
of a ~2.8 s plan), and a single plan already fills two cores, so plans in parallel cost what sequential ones do.
One plan pays the start-up once and refreshes every layer's resources together.

Same answer as a plan per layer: each layer keeps its own provider block (its default tags), its own inputs and its
own module tree; each root output becomes a root output ``<layer>__<name>``. Pure functions here (files in, files
and dicts out); ``drift_runner`` runs Terraform and decides which layers go this way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import hashlib
import json
import os
import re
import zipfile

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

BLOCK = re.compile(r'^(variable|output)\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{', re.MULTILINE)
OUTPUT_SEPARATOR = "__"
STATE_FILE = "terraform.tfstate"
CONFIG_FILE = "main.tf.json"
VAR_FILE = "layers.tfvars.json"
CONFIGURATION_CACHE = "configuration.json"
LOCK_FILE = ".terraform.lock.hcl"


def declared(project_path):
    """({variable names}, {output names}) of a root module, from its top-level blocks."""
    found = {"variable": set(), "output": set()}
    for path in sorted(glob.glob(os.path.join(project_path, "*.tf"))):
        with open(path) as handle:
            for kind, name in BLOCK.findall(handle.read()):
                found[kind].add(name)
    return found["variable"], found["output"]


def source_roots(layers):
    """{layer: source path relative to the combined dir}: a link per distinct ``terraform/`` tree, so the layers'
    ``../../modules/...`` sources resolve as they do in place."""
    roots, sources = {}, {}
    for layer in layers:
        tree = os.path.dirname(os.path.dirname(os.path.realpath(layer["project_path"])))
        link = roots.setdefault(tree, "tree%d" % len(roots))
        rel = os.path.relpath(os.path.realpath(layer["project_path"]), tree)
        sources[layer["name"]] = (link, tree, "./%s/%s" % (link, rel.replace(os.sep, "/")))
    return sources


def root_config(layers, sources, inputs):
    """The generated root (JSON syntax) and its var file. ``inputs`` is {layer: the layer's tfvars dict}.

    Each layer's inputs go in as one variable of type any; module arguments only reference it, so no input value is
    ever read as a template. Undeclared keys are left out, as Terraform ignores them in a var file."""
    config = {"variable": {}, "module": {}, "output": {}}
    var_values = {}
    for layer in layers:
        name = layer["name"]
        variables, outputs = declared(layer["project_path"])
        given = dict((k, v) for k, v in inputs[name].items() if k in variables)
        config["variable"][name] = {"type": "any"}
        var_values[name] = given
        module = {"source": sources[name][2]}
        for key in sorted(given):
            module[key] = "${var.%s[\"%s\"]}" % (name, key)
        config["module"][name] = module
        for output in sorted(outputs):
            # Sensitive on both sides (here and in the merged state): a layer output may be sensitive, and only a
            # changed value, not a changed flag, is drift.
            config["output"][output_name(name, output)] = {
                "value": "${module.%s.%s}" % (name, output), "sensitive": True}
    if not config["output"]:
        del config["output"]
    return config, var_values


def output_name(layer, output):
    return "%s%s%s" % (layer, OUTPUT_SEPARATOR, output)


def _prefix_address(address, module):
    return "%s.%s" % (module, address) if address else module


def merge_states(states):
    """One v4 state from {layer: state dict}: resources under module.<layer>, outputs as <layer>__<name>."""
    merged = {"version": 4, "terraform_version": "0.0.0", "serial": 1, "lineage": "", "outputs": {},
              "resources": [], "check_results": None}
    versions = []
    lineage = hashlib.sha256()
    for name in sorted(states):
        state = states[name]
        if state.get("version") != 4:
            raise ValueError("state of layer %s has format version %r, expected 4" % (name, state.get("version")))
        module = "module.%s" % name
        versions.append(state.get("terraform_version") or "0.0.0")
        lineage.update(("%s:%s:%s;" % (name, state.get("lineage"), state.get("serial"))).encode())
        for out_name, out in (state.get("outputs") or {}).items():
            merged["outputs"][output_name(name, out_name)] = dict(out, sensitive=True)
        for res in state.get("resources") or []:
            res = dict(res)
            res["module"] = _prefix_address(res.get("module"), module)
            provider = res.get("provider") or ""
            if provider.startswith("provider["):  # the layer's own provider block, now in the layer's module
                res["provider"] = "%s.%s" % (module, provider)
            instances = []
            for inst in res.get("instances") or []:
                inst = dict(inst)
                if inst.get("dependencies"):
                    inst["dependencies"] = ["%s.%s" % (module, dep) for dep in inst["dependencies"]]
                instances.append(inst)
            res["instances"] = instances
            merged["resources"].append(res)
    merged["terraform_version"] = max(versions, key=_version_key) if versions else "0.0.0"
    merged["lineage"] = "combined-" + lineage.hexdigest()[:24]
    return merged


def _version_key(text):
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.-]", text)[:3])


def lock_content(layers, lock_file=None):
    """The dependency lock file of the combined root: the layers' committed ones, which must all be the same (one
    root selects one provider release for every layer). ValueError, before anything is written, names a layer
    without one or with another, so the drift check plans the layers on their own."""
    paths = ([lock_file] if lock_file else []) + [os.path.join(layer["project_path"], LOCK_FILE) for layer in layers]
    contents = {}
    for path in paths:
        try:
            with open(path) as handle:
                contents[path] = handle.read()
        except OSError as exc:
            raise ValueError("%s is missing (%s): every layer commits its dependency lock file (docs/layers.md, "
                             "\"Version floors\")" % (path, exc.strerror)) from exc
    first = paths[0]
    other = [path for path in paths if contents[path] != contents[first]]
    if other:
        raise ValueError("the dependency lock files %s differ from %s: one combined root needs one provider "
                         "selection; run terraform providers lock in every layer (docs/layers.md)"
                         % (", ".join(other), first))
    return contents[first]


def write(combined_dir, layers, states, inputs, lock_file=None):
    """Write the combined root, its var file, its lock file (the layers' own) and the merged state; return a digest
    of what init depends on: the root's module calls, the layers' and shared modules' code (a module call added
    anywhere needs init) and the lock file."""
    lock = lock_content(layers, lock_file)
    os.makedirs(combined_dir, mode=0o700, exist_ok=True)
    sources = source_roots(layers)
    for link, tree, _source in sources.values():
        path = os.path.join(combined_dir, link)
        if os.path.islink(path) and os.readlink(path) != tree:
            os.unlink(path)
        if not os.path.lexists(path):
            os.symlink(tree, path)
    config, var_values = root_config(layers, sources, inputs)
    _write_json(os.path.join(combined_dir, CONFIG_FILE), config)
    _write_json(os.path.join(combined_dir, VAR_FILE), var_values)
    _write_json(os.path.join(combined_dir, STATE_FILE), merge_states(states))
    digest = hashlib.sha256(json.dumps([config["module"], sorted(sources.values())], sort_keys=True).encode())
    for layer in layers:
        tree = os.path.dirname(os.path.dirname(os.path.realpath(layer["project_path"])))
        digest.update(layer_stamp.code_fingerprint(layer["project_path"], os.path.join(tree, "modules")).encode())
    with open(os.path.join(combined_dir, LOCK_FILE), "w") as dst:
        dst.write(lock)
    digest.update(lock.encode())
    return digest.hexdigest()


def _write_json(path, content):
    write_atomic(path, json.dumps(content, indent=1, sort_keys=True))  # state: owner only


# ---- splitting the combined plan back into layers ------------------------------------------------------------------

def _in_layer(address, layer):
    prefix = "module.%s" % layer
    return address == prefix or (address or "").startswith(prefix + ".") or (address or "").startswith(prefix + "[")


def layer_plan(plan, layer):
    """The part of the combined plan JSON that is ``layer``'s, addresses still under module.<layer>."""
    prior = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
    children = [c for c in prior.get("child_modules") or [] if c.get("address") == "module.%s" % layer]
    calls = ((plan.get("configuration") or {}).get("root_module") or {}).get("module_calls") or {}
    prefix = output_name(layer, "")
    return {
        "resource_changes": [rc for rc in plan.get("resource_changes") or [] if _in_layer(rc.get("address"), layer)],
        "resource_drift": [rc for rc in plan.get("resource_drift") or [] if _in_layer(rc.get("address"), layer)],
        "output_changes": dict((name[len(prefix):], oc) for name, oc in (plan.get("output_changes") or {}).items()
                               if name.startswith(prefix)),
        "prior_state": {"values": {"root_module": {"child_modules": children}}},
        "configuration": {"root_module": {"module_calls": dict((k, v) for k, v in calls.items() if k == layer)}},
    }


def strip_layer(found, layer):
    """drift_analysis.analyse's result with ``module.<layer>.`` taken off every address (as a layer plan says it)."""
    prefix = "module.%s." % layer

    def strip(entry):
        address = entry.get("address") or ""
        return dict(entry, address=address[len(prefix):] if address.startswith(prefix) else address)

    return dict(found, resources=[strip(e) for e in found["resources"]], drift=[strip(e) for e in found["drift"]],
                changes=[strip(e) for e in found["changes"]])


# ---- reading a saved plan without Terraform (a clean plan needs no `terraform show -json`) -------------------------

def _instance_address(res, inst):
    base = "%s%s.%s" % ("data." if res.get("mode") == "data" else "", res.get("type"), res.get("name"))
    if res.get("module"):
        base = "%s.%s" % (res["module"], base)
    if "index_key" in inst:
        key = inst["index_key"]
        base += "[%s]" % (json.dumps(key) if isinstance(key, str) else key)
    return base


def planfile_parts(plan_file):
    """(digest of the configuration snapshot inside a saved plan, the refreshed prior state in the shape of
    ``terraform show -json``'s ``prior_state``: one child module per layer, resources with full addresses)."""
    with zipfile.ZipFile(plan_file) as archive:
        digest = hashlib.sha256()
        for name in sorted(n for n in archive.namelist() if n.startswith("tfconfig/")):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
        state = json.loads(archive.read("tfstate"))
    modules = {}
    for res in state.get("resources") or []:
        layer = ".".join((res.get("module") or "").split(".")[:2])
        for inst in res.get("instances") or []:
            modules.setdefault(layer, []).append({
                "address": _instance_address(res, inst), "mode": res.get("mode"), "type": res.get("type"),
                "name": res.get("name"), "values": inst.get("attributes") or {}})
    children = [{"address": layer, "resources": modules[layer]} for layer in sorted(modules)]
    return digest.hexdigest(), {"values": {"root_module": {"child_modules": children}}}


def load_configuration(combined_dir, digest):
    """The ``configuration`` of an earlier combined plan JSON with the same configuration snapshot, or None."""
    try:
        with open(os.path.join(combined_dir, CONFIGURATION_CACHE)) as handle:
            cached = json.load(handle)
        return cached["configuration"] if cached.get("digest") == digest else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_configuration(combined_dir, digest, configuration):
    _write_json(os.path.join(combined_dir, CONFIGURATION_CACHE), {"digest": digest, "configuration": configuration})
