# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Fingerprints that say when a layer's plan cannot have changed, and when its data dir must be initialised again.

A layer's plan is a function of its code (the layer and the modules it calls), its input variables, its backend,
the Terraform version and its state. The first four are files and a string; the state is identified by its lineage
and serial, which Terraform bumps on every write. When all of them equal what they were at the last plan with no
changes (or the last apply), planning again can only find changes made outside Terraform: that is the drift
check's job, not the deploy's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import time

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

CONVERGED_STAMP = "converged.json"
INIT_STAMP = "init.sha256"
# What never changes a plan: Terraform's own data, saved plans, plan-level tests and docs.
SKIP_DIRS = {".terraform", "tests"}
CODE_SUFFIXES = (".tf", ".tftpl", ".tpl", ".json", ".hcl", ".sh", ".yaml", ".yml")


# Terraform reads the root module's dependency lock file only: a shared module's own (written by `terraform test`
# or an editor's init in its directory) cannot change a layer's plan.
MODULE_LOCK_FILE = ".terraform.lock.hcl"


def _code_files(root, skip_lock_files=False):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if skip_lock_files and name == MODULE_LOCK_FILE:
                continue
            if name.endswith(CODE_SUFFIXES) and not name.endswith(".tfstate"):
                yield os.path.join(dirpath, name)


def _digest_files(digest, paths, root):
    for path in paths:
        digest.update(os.path.relpath(path, root).encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read() + b"\0")


def code_fingerprint(project_path, modules_path=None):
    """Every file of the layer and of the shared modules that can change what Terraform plans."""
    digest = hashlib.sha256()
    _digest_files(digest, _code_files(project_path), project_path)
    if modules_path:
        _digest_files(digest, _code_files(modules_path, skip_lock_files=True), modules_path)
    return digest.hexdigest()


def init_fingerprint(project_path, backend_config_file):
    """What `terraform init` depends on: the layer's own files (module calls, providers, lock file) and backend."""
    digest = hashlib.sha256(os.path.abspath(project_path).encode() + b"\0")
    files = [os.path.join(project_path, n) for n in sorted(os.listdir(project_path))
             if n.endswith((".tf", ".hcl")) and os.path.isfile(os.path.join(project_path, n))]
    _digest_files(digest, files + [backend_config_file], "/")
    return digest.hexdigest()


def initialised(data_dir, fingerprint):
    """True when the data dir was initialised (it records its backend) for exactly this fingerprint."""
    if not os.path.exists(os.path.join(data_dir, "terraform.tfstate")):
        return False
    try:
        with open(os.path.join(data_dir, INIT_STAMP)) as handle:
            return handle.read().strip() == fingerprint
    except OSError:
        return False


def record_init(data_dir, fingerprint):
    os.makedirs(data_dir, exist_ok=True)
    _write(os.path.join(data_dir, INIT_STAMP), fingerprint + "\n")


def layer_fingerprint(project_path, modules_path, input_files, terraform_version):
    """Code, inputs, backend and Terraform version in one digest (the state is compared separately)."""
    digest = hashlib.sha256(("terraform %s\0" % terraform_version).encode())
    digest.update(code_fingerprint(project_path, modules_path).encode() + b"\0")
    _digest_files(digest, input_files, "/")
    return digest.hexdigest()


def read_converged(work_dir):
    try:
        with open(os.path.join(work_dir, CONVERGED_STAMP)) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def record_converged(work_dir, fingerprint, serial, lineage, clock=time.time):
    stamp = {"fingerprint": fingerprint, "serial": serial, "lineage": lineage,
             "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock()))}
    _write(os.path.join(work_dir, CONVERGED_STAMP), json.dumps(stamp, sort_keys=True) + "\n")
    return stamp


def forget_converged(work_dir):
    """The saved plan on disk is no longer the converged one (a plan with changes was not applied)."""
    path = os.path.join(work_dir, CONVERGED_STAMP)
    if os.path.exists(path):
        os.remove(path)


def compare(stamp, fingerprint, serial, lineage):
    """(converged, reason): why the layer must be planned, or since when it is known to be converged."""
    if serial is None:
        return False, "no state yet"
    if not stamp:
        return False, "no record of an earlier plan in this work dir"
    if stamp.get("lineage") != lineage:
        return False, "the state is another one (lineage %s, recorded %s)" % (lineage, stamp.get("lineage"))
    if stamp.get("serial") != serial:
        return False, "the state was written since the last plan (serial %s, recorded %s)" % (
            serial, stamp.get("serial"))
    if stamp.get("fingerprint") != fingerprint:
        return False, "code, inputs or Terraform version changed since the last plan"
    return True, "same code, inputs and state (serial %s) as the last apply or plan without changes (%s)" % (
        serial, stamp.get("recorded_at"))


def _write(path, content):
    write_atomic(path, content)
