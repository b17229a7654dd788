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
and dicts out); ``drift_one_plan`` runs Terraform and decides which layers go this way.

Only supported interfaces: a layer's variables and outputs are read with a maintained HCL parser (python-hcl2), the
plan with Terraform's machine-readable UI (``plan -json``) and ``terraform show -json``; never Terraform's own files.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import hashlib
import json
import os
import re
import traceback

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

try:
    import hcl2
except ImportError:
    HAS_HCL2 = False
    HCL2_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_HCL2 = True
    HCL2_IMPORT_ERROR = None

OUTPUT_SEPARATOR = "__"
STATE_FILE = "terraform.tfstate"
CONFIG_FILE = "main.tf.json"
VAR_FILE = "layers.tfvars.json"
CONFIGURATION_CACHE = "configuration.json"
DECLARED_CACHE = "declared.json"
LOCK_FILE = ".terraform.lock.hcl"
KINDS = ("variable", "output")
UI_MAJOR_VERSION = "1"


# ---- what a layer declares ----------------------------------------------------------------------------------------

def _labels(blocks):
    """Block labels of one block type: HCL gives a list of {label: body}, Terraform's JSON syntax an object of them
    or a list of such objects."""
    for block in blocks if isinstance(blocks, list) else [blocks]:
        for label in block if isinstance(block, dict) else ():
            if not label.startswith("__"):  # python-hcl2's own keys (comments, line numbers)
                yield label


def declared_in(path, text):
    """{"variable": [names], "output": [names]} of one configuration file (native or JSON syntax)."""
    try:
        if path.endswith(".tf.json"):
            body = json.loads(text)
        elif not HAS_HCL2:
            raise ValueError("python-hcl2 is not installed")
        else:
            body = hcl2.loads(text, serialization_options=hcl2.SerializationOptions(
                strip_string_quotes=True, with_comments=False))
    except Exception as exc:  # pylint: disable=broad-except  # python-hcl2 raises lark errors (no ValueError)
        raise ValueError("%s cannot be read as Terraform configuration: %s" % (path, str(exc).strip())) from exc
    if not isinstance(body, dict):
        raise ValueError("%s cannot be read as Terraform configuration: not an object" % path)
    return dict((kind, sorted(set(_labels(body.get(kind) or [])))) for kind in KINDS)


def _parser_version():
    return "python-hcl2 %s" % (hcl2.version.__version__ if HAS_HCL2 else None)


class DeclaredCache:
    """declared_in() of each file by the file's digest, kept in the combined dir: an unchanged file is not parsed
    again (python-hcl2 takes about 0.4 s for the layers of this project, several seconds where it cannot keep its
    compiled grammar). Only the files read last are kept; another parser release starts afresh."""

    def __init__(self, combined_dir=None):
        self.path = os.path.join(combined_dir, DECLARED_CACHE) if combined_dir else None
        self.known, self.used = {}, {}
        if self.path:
            try:
                with open(self.path) as handle:
                    cached = json.load(handle)
                if cached.get("parser") == _parser_version() and isinstance(cached.get("files"), dict):
                    self.known = cached["files"]
            except (OSError, AttributeError, ValueError):
                pass

    def names(self, path):
        with open(path, "rb") as handle:
            content = handle.read()
        digest = hashlib.sha256(("json:" if path.endswith(".tf.json") else "hcl:").encode() + content).hexdigest()
        if digest not in self.used:
            found = self.known.get(digest)
            if not (isinstance(found, dict) and all(isinstance(found.get(kind), list) for kind in KINDS)):
                found = declared_in(path, content.decode("utf-8"))
            self.used[digest] = found
        return self.used[digest]

    def save(self):
        if self.path:
            _write_json(self.path, {"parser": _parser_version(), "files": self.used})


def declared(project_path, cache=None):
    """({variable names}, {output names}) of a root module, from the top-level blocks of its ``*.tf`` and
    ``*.tf.json`` files."""
    cache = cache or DeclaredCache()
    found = dict((kind, set()) for kind in KINDS)
    paths = glob.glob(os.path.join(project_path, "*.tf")) + glob.glob(os.path.join(project_path, "*.tf.json"))
    for path in sorted(paths):
        names = cache.names(path)
        for kind in KINDS:
            found[kind].update(names[kind])
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


def root_config(layers, sources, inputs, cache=None):
    """The generated root (JSON syntax) and its var file. ``inputs`` is {layer: the layer's tfvars dict}; ``cache`` a
    DeclaredCache.

    Each layer's inputs go in as one variable of type any; module arguments only reference it, so no input value is
    ever read as a template. Undeclared keys are left out, as Terraform ignores them in a var file."""
    config = {"variable": {}, "module": {}, "output": {}}
    var_values = {}
    for layer in layers:
        name = layer["name"]
        variables, outputs = declared(layer["project_path"], cache)
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
    cache = DeclaredCache(combined_dir)
    config, var_values = root_config(layers, sources, inputs, cache)
    cache.save()
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


# ---- an exit code 0 without `terraform show -json` ----------------------------------------------------------------

def ui_drifted_types(events):
    """The resource types of the ``resource_drift`` messages of a ``terraform plan -json`` stream (Terraform's
    machine-readable UI: a ``version`` message first, one ``resource_drift`` message per instance that changed outside
    of Terraform, a ``change_summary`` when the plan is complete), or None when the stream is not one this reads: no
    version message, a UI major version other than 1 (which the UI's documentation says to reject), or no summary."""
    versions = [e for e in events if e.get("type") == "version"]
    if not versions or str(versions[0].get("ui", "")).split(".", 1)[0] != UI_MAJOR_VERSION:
        return None
    if not any(e.get("type") == "change_summary" and (e.get("changes") or {}).get("operation") == "plan"
               for e in events):
        return None
    return set((((e.get("change") or {}).get("resource") or {}).get("resource_type"))
               for e in events if e.get("type") == "resource_drift")


def _instance_address(res, inst):
    base = "%s%s.%s" % ("data." if res.get("mode") == "data" else "", res.get("type"), res.get("name"))
    if res.get("module"):
        base = "%s.%s" % (res["module"], base)
    if "index_key" in inst:
        key = inst["index_key"]
        base += "[%s]" % (json.dumps(key) if isinstance(key, str) else key)
    return base


def state_values(merged):
    """The merged state (merge_states) in the shape of ``terraform show -json``'s ``prior_state``: one child module
    per layer, resources with full addresses and their attributes as ``values``."""
    modules = {}
    for res in merged.get("resources") or []:
        layer = ".".join((res.get("module") or "").split(".")[:2])
        for inst in res.get("instances") or []:
            modules.setdefault(layer, []).append({
                "address": _instance_address(res, inst), "mode": res.get("mode"), "type": res.get("type"),
                "name": res.get("name"), "values": inst.get("attributes") or {}})
    children = [{"address": layer, "resources": modules[layer]} for layer in sorted(modules)]
    return {"values": {"root_module": {"child_modules": children}}}


def load_configuration(combined_dir, digest):
    """The ``configuration`` of an earlier combined plan JSON of the same code (``digest``: what write() returned),
    or None."""
    try:
        with open(os.path.join(combined_dir, CONFIGURATION_CACHE)) as handle:
            cached = json.load(handle)
        return cached["configuration"] if cached.get("digest") == digest else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store_configuration(combined_dir, digest, configuration):
    _write_json(os.path.join(combined_dir, CONFIGURATION_CACHE), {"digest": digest, "configuration": configuration})
