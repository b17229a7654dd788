# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Run the drift check's combined plan (drift_combined) and turn it into one drift record per layer.

A state snapshot is taken from S3 (object and ETag) for every layer. A layer whose state is locked (a run is
changing it) or missing, or whose state object changed while the plan ran, is handed back to the caller to be
planned on its own, the way that waits for the lock (``-lock-timeout``) and reads the state under it. If the
combined plan itself fails, every layer is handed back with the reason, so the per-layer plans say which layer is
broken. Nothing is written to the remote states.

The plan is read through Terraform's supported interfaces only: its machine-readable UI (``plan -json``) and, when
the plan changes something or cannot be told clean otherwise, ``terraform show -json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_combined
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsCallError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_runner import (
    NEEDS_INIT,
    plan_events,
    plan_failure,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_sg_rules import (
    RULE_RESOURCE_TYPES,
    group_ids,
    unmanaged_rules,
    with_live_rules,
)
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import TerraformCLI, TerraformError

INIT_STAMP = "combined-init.sha256"
PLAN_FILE = "combined.tfplan"


def backend_settings(path):
    """``key = "value"`` lines of a .tfbackend file (what the orchestrator renders) as a dict of strings."""
    found = {}
    with open(path) as handle:
        for line in handle:
            key, sep, value = line.partition("=")
            if sep and not line.lstrip().startswith("#"):
                found[key.strip()] = value.strip().strip('"')
    return found


def _unchanged_plan(prior_state, configuration):
    """A plan of exit code 0 in the shape of `terraform show -json`, without running it."""
    return {"resource_changes": [], "resource_drift": [], "output_changes": {}, "prior_state": prior_state,
            "configuration": configuration}


class CombinedPlan:
    """``run(layers)`` -> (records by layer name, [(layer, why) handed back], facts about the plan)."""

    def __init__(self, module, binary, states, combined_dir, ignored_attributes, clock=time.monotonic, groups=None,
                 changes_only=False):
        self.module = module
        # site.yml's plan-ahead asks only which layers have changes to apply: an exit code 0 says none has, and
        # drift that plans nothing (a rule added by hand) is the drift check's business, not an apply's.
        self.changes_only = changes_only
        self.states = states  # state_object.StateSnapshots (S3 + lock table) or a test double
        self.groups = groups  # drift_sg_rules.LiveGroups (EC2) or a test double; None: a plan with groups is shown
        self.dir = combined_dir
        self.data_dir = os.path.join(combined_dir, ".terraform")
        self.ignored = ignored_attributes
        self.clock = clock
        self.cli = TerraformCLI(module, binary, combined_dir, self.data_dir)
        self.timings = {}

    @contextmanager
    def _timed(self, step):
        """Where the combined plan's time goes (facts["timings"], seconds per step), so a slow check says why."""
        started = self.clock()
        try:
            yield
        finally:
            self.timings[step] = round(self.timings.get(step, 0.0) + self.clock() - started, 2)

    def run(self, layers):
        started = self.clock()
        self.timings = {}
        facts = {"used": False, "layers": [], "seconds": 0.0, "error": None, "timings": self.timings}
        snapshots, handed_back = {}, []
        backends = [backend_settings(layer["backend_config_file"]) for layer in layers]
        with self._timed("snapshot"):
            taken = self._each(self.states.snapshot, backends)
        for layer, backend, snap in zip(layers, backends, taken, strict=True):
            if snap["locked"]:
                handed_back.append((layer, "state locked by another run: planned on its own, waiting for the lock"))
            elif snap["state"] is None:
                handed_back.append((layer, "no state object"))
            else:
                snapshots[layer["name"]] = (layer, backend, snap)
        if len(snapshots) < 2:  # one layer gains nothing from a combined root
            return {}, handed_back + [(layer, None) for layer, _b, _s in snapshots.values()], facts
        together = [layer for layer, _b, _s in snapshots.values()]
        try:
            plan, rc, initialised = self._plan(together, snapshots)
        except (TerraformError, OSError, ValueError) as exc:
            facts["error"] = str(exc)[-1500:]
            facts["seconds"] = round(self.clock() - started, 1)
            return {}, handed_back + [(layer, "combined plan failed") for layer in together], facts
        seconds = round(self.clock() - started, 1)
        records = {}
        names = list(snapshots)
        with self._timed("recheck"):
            after = self._each(self.states.current, [snapshots[name][1] for name in names])
        for name, again in zip(names, after, strict=True):
            layer, _backend, snap = snapshots[name]
            if again["locked"] or again["etag"] != snap["etag"]:
                handed_back.append((layer, "state changed while the combined plan ran: planned again on its own"))
                continue
            records[name] = dict(self._record(plan, name, rc, initialised, seconds),
                                 state_serial=snap["state"].get("serial"), state_lineage=snap["state"].get("lineage"))
        facts.update(used=True, layers=sorted(records), seconds=seconds)
        return records, handed_back, facts

    @staticmethod
    def _each(call, backends):
        """call(backend) for every backend, a few at a time (a state read is a round trip or three)."""
        if not backends:
            return []
        with ThreadPoolExecutor(max_workers=min(8, len(backends))) as pool:
            return list(pool.map(call, backends))

    def _init(self, digest):
        with self._timed("init"):
            self.cli.init(backend=False)
        os.makedirs(self.data_dir, exist_ok=True)
        with open(os.path.join(self.data_dir, INIT_STAMP), "w") as handle:
            handle.write(digest)

    def _run_plan(self, plan_file):
        """(rc, error text, the plan's UI messages). -lock=false: the state is a local snapshot nobody else uses; the
        remote locks were checked before and are checked again after."""
        with self._timed("plan"):
            rc, out, err = self.cli.plan(plan_file, drift_combined.VAR_FILE, lock=False)
        return rc, (plan_failure(out, err) if rc == 1 else ""), plan_events(out)

    def _initialised(self, digest):
        try:
            with open(os.path.join(self.data_dir, INIT_STAMP)) as handle:
                return handle.read().strip() == digest
        except OSError:
            return False

    def _plan(self, layers, snapshots):
        states = dict((name, snap["state"]) for name, (_l, _b, snap) in snapshots.items())
        inputs = {}
        for layer in layers:
            with open(layer["var_file"]) as handle:
                inputs[layer["name"]] = json.load(handle)
        lock_file = os.path.join(layers[0]["project_path"], ".terraform.lock.hcl")
        with self._timed("write"):
            digest = drift_combined.write(self.dir, layers, states, inputs, lock_file)
        plan_file = os.path.join(self.dir, PLAN_FILE)
        prior_state = drift_combined.state_values(drift_combined.merge_states(states))
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            # EC2 lists the groups' rules while Terraform plans (its client alone is a quarter second of CPU); only a
            # plan that changes nothing uses them.
            live = pool.submit(self._read_groups, group_ids(prior_state))
            rc, initialised, events = self._init_and_plan(digest, plan_file)
            if rc == 0 and self.changes_only:
                clean = _unchanged_plan(prior_state, {})
            else:
                clean = self._clean(events, prior_state, live, digest) if rc == 0 else None
        finally:
            pool.shutdown(wait=False)
        if clean is not None:
            return clean, rc, initialised
        with self._timed("show"):
            plan = self.cli.show_json(plan_file)
        drift_combined.store_configuration(self.dir, digest, plan.get("configuration") or {})
        return plan, rc, initialised

    def _init_and_plan(self, digest, plan_file):
        """(rc 0 or 2, whether init ran, the plan's UI messages); TerraformError when the plan fails."""
        initialised = False
        if not self._initialised(digest):
            self._init(digest)
            initialised = True
        rc, error, events = self._run_plan(plan_file)
        if rc == 1 and not initialised and any(marker in error for marker in NEEDS_INIT):
            self._init(digest)
            initialised = True
            rc, error, events = self._run_plan(plan_file)
        if rc == 1:
            raise TerraformError("terraform plan failed: %s" % error, rc=rc)
        return rc, initialised, events

    def _read_groups(self, ids):
        """{group id: its rules as EC2 lists them} (drift_sg_rules.LiveGroups), {} without groups, None without a
        reader."""
        if not ids:
            return {}
        if self.groups is None:
            return None
        with self._timed("groups"):
            return self.groups.read(ids)

    def _clean(self, events, prior_state, live, digest):
        """The plan of an exit code 0 without `terraform show -json` (as much CPU as a quarter of the plan), or None
        when only the full plan can tell. ``prior_state``: the state snapshot in the shape of a plan's prior state;
        ``live``: the future of _read_groups.

        Nothing is planned, so the one thing left to find is a security group rule added by hand (drift_sg_rules):
        a rule in AWS that no rule resource declares. The rule resources are as in the state snapshot when the
        plan's UI stream reports none of them changed outside of Terraform; the groups' rules are those EC2 lists,
        as the plan's refresh reads them (a group's rules in state are stale whenever rule resources were created
        after it). Without the configuration every rule that no rule resource declares is a candidate (inline rules
        too); none means none. Candidates are ruled out with the configuration of an earlier plan of the same code,
        else by `terraform show -json`."""
        drifted = drift_combined.ui_drifted_types(events)
        if drifted is None or drifted & set(RULE_RESOURCE_TYPES):
            return None
        try:
            groups = live.result()
        except AwsCallError as exc:
            self.module.warn("Could not read the security groups' rules from EC2 (%s); the combined plan was read "
                             "with terraform show -json instead" % exc.describe())
            return None
        prior_state = groups is not None and with_live_rules(prior_state, groups)
        if not prior_state:  # no reader, or a group EC2 does not list: the full plan tells what Terraform saw
            return None
        for configuration in ({}, drift_combined.load_configuration(self.dir, digest)):
            clean = _unchanged_plan(prior_state, configuration)
            if configuration is not None and not unmanaged_rules(clean):
                return clean
        return None

    def _record(self, plan, name, rc, initialised, seconds):
        found = drift_combined.strip_layer(analyse(drift_combined.layer_plan(plan, name), self.ignored), name)
        changes = bool(found["changes"] or found["output_changes"])
        return {
            "name": name, "error": None, "exit_code": 2 if changes else 0, "initialised": initialised,
            "status": "drifted" if found["drifted"] else "clean",
            "resources": found["resources"], "drift": found["drift"], "changes": found["changes"],
            "output_changes": found["output_changes"], "plan_read": True, "seconds": seconds,
            "released_own_lock": None, "planned_with": "combined",
        }
