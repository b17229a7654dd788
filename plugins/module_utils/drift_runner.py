# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Plan many layers, read-only: by default all of them in one combined plan (drift_one_plan), and on its own any layer
that cannot go there (locked or missing state, a failed combined plan, missing inputs); nothing is ever applied.

A layer planned on its own: init when needed, ``plan -refresh=true -detailed-exitcode``, ``show -json``. Every layer
has its own data dir, state key and plan file, so those plans are independent and run in threads.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp, terraform_lock
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import TerraformCLI, TerraformError

# Errors after which one `terraform init` and a second plan are worth it (data dir stale or from another config).
NEEDS_INIT = ("terraform init", "Backend initialization required", "Module not installed",
              "Inconsistent dependency lock file", "Required plugins are not installed",
              "backend configuration changed")
STDERR_TAIL = 1500
SG_TYPES = ("aws_security_group",)


def tail(text, size=STDERR_TAIL):
    text = (text or "").strip()
    return text if len(text) <= size else "..." + text[-size:]


def plan_events(stdout):
    """The JSON lines of ``terraform plan -json`` (anything else is ignored)."""
    events = []
    for line in (stdout or "").splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
    return events


def diagnostics(events):
    """Error diagnostics as Terraform prints them: summary, then detail."""
    texts = []
    for event in events:
        diag = event.get("diagnostic") or {}
        if event.get("type") == "diagnostic" and diag.get("severity") == "error":
            texts.append("Error: %s\n%s" % (diag.get("summary", ""), diag.get("detail", "")))
    return "\n".join(texts)


def plan_failure(stdout, stderr):
    """Why a ``plan -json`` failed, as Terraform would print it."""
    return tail(diagnostics(plan_events(stdout)) or stderr or stdout)


def needs_plan_json(events):
    """The full plan is needed unless nothing changes and no security group was refreshed (drift_sg_rules reads
    unmanaged rules from the groups' prior state; no UI event shows them)."""
    for event in events:
        if event.get("type") in ("refresh_complete", "refresh_start", "resource_drift", "planned_change"):
            resource = ((event.get("hook") or event.get("change") or {}).get("resource")) or {}
            if resource.get("resource_type") in SG_TYPES:
                return True
    return False


def init_fingerprint(layer):
    """What the data dir was initialised for (shared with site.yml's layers: one data dir, one init)."""
    return layer_stamp.init_fingerprint(layer["project_path"], layer["backend_config_file"])


class LayerPlanner:
    """Plans one layer with TerraformCLI and returns its drift record."""

    def __init__(self, module, binary, layer, lock_timeout, ignored_attributes, clock=time.monotonic,
                 log_name="drift-terraform.log"):
        self.layer = layer
        self.lock_timeout = lock_timeout
        self.ignored = ignored_attributes
        self.clock = clock
        self.log_path = os.path.join(os.path.dirname(layer["data_dir"]), log_name)
        self.cli = TerraformCLI(module, binary, layer["project_path"], layer["data_dir"],
                                env=terraform_lock.log_environment(self.log_path))
        self.released_lock = None

    def plan_file(self):
        return self.layer.get("plan_file") or os.path.join(os.path.dirname(self.layer["data_dir"]), "drift.tfplan")

    def release_own_lock(self, error):
        """True when the plan failed on a lock this very plan left (terraform_lock) and it was released. Each plan
        starts a new log, so a lock released once is never released again."""
        lock_id = terraform_lock.release_own_lock(self.cli, error, self.log_path)
        if lock_id:
            self.released_lock = lock_id
        return bool(lock_id)

    def _initialised(self, fingerprint):
        return layer_stamp.initialised(self.layer["data_dir"], fingerprint)

    def init(self, fingerprint):
        self.cli.init(backend_config=self.layer["backend_config_file"], reconfigure=True)
        layer_stamp.record_init(self.layer["data_dir"], fingerprint)

    def plan(self):
        """(rc, events, error text): the plan's machine-readable UI stream (``-json``), errors as plain text."""
        terraform_lock.start_log(self.log_path)
        rc, out, err = self.cli.plan(self.plan_file(), self.layer["var_file"], lock_timeout=self.lock_timeout)
        events = plan_events(out)
        return rc, events, diagnostics(events) or err or out

    def check(self):
        started = self.clock()
        record = {"name": self.layer["name"], "status": "error", "error": None, "exit_code": None,
                  "initialised": False, "resources": [], "drift": [], "changes": [], "output_changes": []}
        try:
            record.update(self._check())
        except TerraformError as exc:  # init or show failed; the message carries the stderr
            record["error"] = tail(str(exc))
        except (OSError, ValueError) as exc:
            record["error"] = "%s: %s" % (type(exc).__name__, exc)
        record["seconds"] = round(self.clock() - started, 1)
        record["released_own_lock"] = self.released_lock
        return record

    def _check(self):
        layer = self.layer
        if layer.get("error"):
            return {"error": layer["error"]}
        if layer.get("missing_inputs"):
            return {"error": "inputs missing: %s (the earlier layers are not applied)"
                             % ", ".join(layer["missing_inputs"])}
        for key in ("backend_config_file", "var_file"):
            if not os.path.isfile(layer[key]):
                return {"error": "%s %s does not exist (inputs were not rendered)" % (key, layer[key])}
        fingerprint = init_fingerprint(layer)
        initialised = False
        if not self._initialised(fingerprint):
            self.init(fingerprint)
            initialised = True
        rc, events, error = self.plan()
        if rc == 1 and not initialised and any(s in error for s in NEEDS_INIT):
            self.init(fingerprint)
            initialised = True
            rc, events, error = self.plan()
        if rc == 1 and self.release_own_lock(error):
            rc, events, error = self.plan()
        if rc == 1:
            return {"exit_code": 1, "initialised": initialised, "error": "terraform plan failed: %s" % tail(error)}
        if rc == 0 and not needs_plan_json(events):
            # Nothing to change, and no security group whose rules only the plan's prior state can show: clean,
            # without paying `terraform show -json` (as much CPU as the plan itself).
            return {"exit_code": 0, "initialised": initialised, "status": "clean", "plan_read": False}
        found = analyse(self.cli.show_json(self.plan_file()), self.ignored)
        return {
            "exit_code": rc,
            "initialised": initialised,
            "status": "drifted" if found["drifted"] else "clean",
            "resources": found["resources"],
            "drift": found["drift"],
            "changes": found["changes"],
            "output_changes": found["output_changes"],
            "plan_read": True,
        }


def ready(layer):
    """Whether a layer has what a plan needs (else its own planner reports why, unplanned)."""
    return (not layer.get("error") and not layer.get("missing_inputs")
            and all(os.path.isfile(layer[key]) for key in ("backend_config_file", "var_file")))


def check_all(module, binary, layers, parallelism=4, lock_timeout=120, ignored_attributes=(), combined=None,
              clock=time.monotonic):
    """(records in the order of ``layers``, facts about the combined plan). ``combined`` is a
    drift_one_plan.CombinedPlan, or None to plan every layer on its own."""
    done, reasons = {}, {}
    facts = {"used": False, "layers": [], "seconds": 0.0, "error": None}
    if combined is not None:
        done, handed_back, facts = combined.run([layer for layer in layers if ready(layer)])
        reasons = dict((layer["name"], why) for layer, why in handed_back)
    alone = [layer for layer in layers if layer["name"] not in done]
    for layer, record in zip(alone, check_layers(module, binary, alone, parallelism, lock_timeout, ignored_attributes,
                                                 clock), strict=True):
        record["planned_with"] = "own plan" if ready(layer) else None  # None: could not be planned at all
        record["own_plan_reason"] = reasons.get(record["name"])
        done[record["name"]] = record
    return [done[layer["name"]] for layer in layers], facts


def check_layers(module, binary, layers, parallelism=4, lock_timeout=120, ignored_attributes=(),
                 clock=time.monotonic):
    """Plan every layer, ``parallelism`` at a time; records in the order of ``layers``."""
    planners = [LayerPlanner(module, binary, layer, lock_timeout, ignored_attributes, clock) for layer in layers]
    if not planners:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(parallelism, len(planners)))) as pool:
        return list(pool.map(lambda planner: planner.check(), planners))
