# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Plan every layer of a run ahead of site.yml's layer loop: first all of them in one combined plan (the drift
check's, drift_one_plan), then each layer that plan found changes in (or could not decide) on its own, in threads,
into its own saved plan.

One plan of every layer costs less than half the CPU of a plan per layer (Terraform, the provider's lock hash and its
schema are paid once), and a layer it finds nothing to change in needs no saved plan: the loop skips it. A layer
with changes still gets a plan of its own, under its lock, which the loop applies after its safety gates.

Each layer has its own data dir, state key, plan file and lock, so the plans are independent; what the loop then
does per layer is unchanged: a layer whose inputs are still those it was planned with uses the saved plan (no
changes: nothing to do; changes: the safety gates, then the apply of exactly that plan), and a layer whose inputs
changed since (an earlier layer's apply changed an output it reads) is planned again by the loop.
A plan that fails here is planned again by the loop, which reports why (prevent_destroy, a held lock...).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_runner import LayerPlanner, tail
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_files import write_files
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.layer_workdir import LayerWorkdir
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.plan_summary import summarize
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.terraform_cli import TerraformError


class LayerAhead:
    """One layer: the work dir check, then (unless converged or not created yet) init when needed and a plan."""

    def __init__(self, module, binary, layer, settings, identity, clock=time.monotonic):
        self.module = module
        self.binary = binary
        self.layer = layer
        self.settings = settings
        self.serial, self.lineage, self.managed = identity
        self.clock = clock
        self.workdir = LayerWorkdir(layer["work_dir"], layer["project_path"])
        self.fingerprint = self.stamp = None
        self.spent = 0.0  # the combined plan's seconds, when it decided this layer

    def run(self, step):
        """The result of ``step`` (one of the methods below), or an ``error`` result when Terraform or a file failed."""
        started = self.clock()
        result = {"name": self.layer["name"], "variables": self.layer["variables"], "status": "error",
                  "error": None, "line": None, "stamp": None, "outputs": {}, "initialised": False,
                  "released_own_lock": None}
        try:
            found = step()
        except TerraformError as exc:
            result["error"] = tail(str(exc))
        except (OSError, ValueError) as exc:
            result["error"] = "%s: %s" % (type(exc).__name__, exc)
        else:
            if found is None:
                return None
            result.update(found)
        result["seconds"] = round(self.clock() - started + self.spent, 1)
        return result

    def check(self):
        """The input files and the work dir check: a result when the layer needs no plan here, else None."""
        s, workdir = self.settings, self.workdir
        write_files(self.layer["work_dir"], self.layer["backend_config"], self.layer["variables"])
        self.fingerprint = workdir.fingerprint(s["modules_path"], s["terraform_version"])
        self.stamp = workdir.check(self.fingerprint, self.serial, self.lineage, self.managed, s["replan"])
        if self.stamp["converged"]:
            return {"status": "converged", "stamp": self.stamp,
                    "line": "no changes (not planned: %s)" % self.stamp["reason"]}
        if self.managed == 0:
            # Nothing in its state: the loop creates it in one run (and may run that in the background).
            return {"status": "not created", "line": "left to the layer loop: %s" % self.stamp["reason"]}
        return None

    def combined_spec(self):
        """What the combined plan (drift_one_plan.CombinedPlan) reads of this layer."""
        return {"name": self.layer["name"], "project_path": self.layer["project_path"],
                "backend_config_file": self.workdir.backend, "var_file": self.workdir.inputs}

    def unchanged_in(self, record):
        """The combined plan found nothing to change in this layer, on the state the work dir check read: converged,
        as after a plan of its own. Anything else (changes, another serial) is planned on its own."""
        read = (record["state_serial"], record["state_lineage"])
        if record["exit_code"] != 0 or read != (self.serial, self.lineage):
            return None
        self.spent = record["seconds"]
        self.workdir.record(self.fingerprint, self.serial, self.lineage)
        self.workdir.remove_saved_plan()
        return {"status": "no changes", "stamp": dict(self.stamp, converged=True, planned_ahead=True),
                "line": "no changes (planned with the other layers in one combined plan: %s)" % self.stamp["reason"]}

    def plan_alone(self):
        """init when needed, then a saved plan of this layer alone."""
        s, workdir, stamp = self.settings, self.workdir, self.stamp
        planner = LayerPlanner(self.module, self.binary, {
            "name": self.layer["name"], "project_path": self.layer["project_path"], "data_dir": workdir.data_dir,
            "backend_config_file": workdir.backend, "var_file": workdir.inputs, "plan_file": workdir.saved_plan,
        }, s["lock_timeout"], (), self.clock, log_name="terraform.log")
        initialised = False
        if stamp["init_needed"]:
            planner.init(workdir.init_fingerprint())
            initialised = True
        rc, _events, error = planner.plan()
        if rc == 1 and planner.release_own_lock(error):
            rc, _events, error = planner.plan()
        done = {"initialised": initialised, "released_own_lock": planner.released_lock}
        if rc == 1:
            workdir.remove_saved_plan()
            return dict(done, error="terraform plan failed: %s" % tail(error))
        planned = dict(stamp, init_needed=False, planned_ahead=True)
        if rc == 0:
            # Nothing to change: converged as after the loop's own plan. The saved plan goes: it says what the
            # state says, and the cost floor prices an unchanged layer from its state.
            workdir.record(self.fingerprint, self.serial, self.lineage)
            workdir.remove_saved_plan()
            return dict(done, status="no changes", stamp=dict(planned, converged=True),
                        line="no changes (planned with the other layers: %s)" % stamp["reason"])
        plan = planner.cli.show_json(workdir.saved_plan)  # kept as layer.tfplan.json: the loop reads it from there
        summary = summarize(plan, s["protected_types"], s["protect_all_deletes"], s["allow_replace"])
        outputs = ((plan.get("prior_state") or {}).get("values") or {}).get("outputs") or {}
        return dict(done, status="changes", line=summary["line"], stamp=planned, outputs=outputs)


def plan_layers(module, binary, layers, identities, settings, combined=None, clock=time.monotonic):
    """(results in the order of ``layers``, facts about the combined plan). ``identities`` maps a layer's name to its
    state's (serial, lineage, managed resources); ``combined`` is a drift_one_plan.CombinedPlan (changes_only), or
    None to plan each layer on its own."""
    facts = {"used": False, "layers": [], "seconds": 0.0, "error": None}
    workers = [LayerAhead(module, binary, layer, settings, identities[layer["name"]], clock) for layer in layers]
    if not workers:
        return [], facts
    results = [worker.run(worker.check) for worker in workers]
    waiting = [i for i, result in enumerate(results) if result is None]
    if combined is not None and len(waiting) > 1:
        records, _handed_back, facts = combined.run([workers[i].combined_spec() for i in waiting])
        for i in waiting:
            record = records.get(workers[i].layer["name"])
            results[i] = workers[i].run(lambda worker=workers[i], found=record: found and worker.unchanged_in(found))
    alone = [i for i, result in enumerate(results) if result is None]
    if alone:
        with ThreadPoolExecutor(max_workers=max(1, min(settings["parallelism"], len(alone)))) as pool:
            for i, result in zip(alone, pool.map(lambda i: workers[i].run(workers[i].plan_alone), alone),
                                 strict=True):
                results[i] = result
    return results, facts
