# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""A layer's work dir check: must the layer be planned, and must its data dir be initialised? Shared by
terraform_layer_workdir (one layer) and terraform_layers_plan (every layer at once)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import layer_stamp, terraform_lock
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.state_object import read_state

SAVED_PLAN = "layer.tfplan"


class LayerWorkdir:
    def __init__(self, work_dir, project_path):
        self.work_dir = work_dir
        self.project_path = project_path
        self.data_dir = os.path.join(work_dir, ".terraform")
        self.backend = os.path.join(work_dir, "backend.tfbackend")
        self.inputs = os.path.join(work_dir, "inputs.tfvars.json")
        self.log = os.path.join(work_dir, "terraform.log")
        self.saved_plan = os.path.join(work_dir, SAVED_PLAN)

    def files(self):
        return {"backend_config": self.backend, "variables": self.inputs}

    def log_environment(self):
        return terraform_lock.log_environment(self.log)

    def missing_files(self):
        return [path for path in (self.backend, self.inputs) if not os.path.isfile(path)]

    def init_fingerprint(self):
        return layer_stamp.init_fingerprint(self.project_path, self.backend)

    def fingerprint(self, modules_path, terraform_version):
        return layer_stamp.layer_fingerprint(self.project_path, modules_path, [self.backend, self.inputs],
                                             terraform_version)

    def init_needed(self):
        return not layer_stamp.initialised(self.data_dir, self.init_fingerprint())

    def remove_saved_plan(self):
        """The saved plan of an earlier run and its JSON (terraform_cli.PlanJsonCache) no longer describe the layer."""
        for path in (self.saved_plan, self.saved_plan + ".json"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def check(self, fingerprint, serial, lineage, managed, replan=False):
        """The record comparison of terraform_layer_workdir's state=check. When the layer must be planned, its
        Terraform log starts empty (the lock IDs in it are then only this run's) and an earlier saved plan goes."""
        if replan:
            converged, reason = False, "a plan was asked for (replan)"
        else:
            converged, reason = layer_stamp.compare(layer_stamp.read_converged(self.work_dir), fingerprint, serial,
                                                    lineage)
        if not converged:
            terraform_lock.start_log(self.log)
            self.remove_saved_plan()
        return {"converged": converged, "reason": reason, "serial": serial, "lineage": lineage,
                "managed_resources": managed, "files": self.files(), "init_needed": self.init_needed(),
                "terraform_log_environment": self.log_environment()}

    def record(self, fingerprint, serial, lineage):
        """After a plan without changes or a successful apply: the data dir is initialised for these files, and
        the next run with the same code, inputs and state can skip the plan."""
        layer_stamp.record_init(self.data_dir, self.init_fingerprint())
        return layer_stamp.record_converged(self.work_dir, fingerprint, serial, lineage)


def managed_resources(state):
    """Managed resources with instances in a parsed state (0 for none or no state)."""
    return len([r for r in (state or {}).get("resources") or [] if r.get("mode") == "managed" and r.get("instances")])


def state_identity(module, s3, bucket, key):
    """(serial, lineage, managed resources) of a layer's state object; (None, None, 0) when it does not exist."""
    state = read_state(module, s3, bucket, key) or {}
    return state.get("serial"), state.get("lineage"), managed_resources(state)
