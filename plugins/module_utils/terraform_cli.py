# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The one place where the collection runs the terraform CLI itself (community.general.terraform does the rest).

Argv is built from lists, never strings; output is parsed JSON, never grepped.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import hashlib
import json
import os

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

# Environment every terraform call gets: stable output, no prompts, no phoning home.
BASE_ENV = {
    "LC_ALL": "C",
    "TF_IN_AUTOMATION": "1",
    "TF_INPUT": "0",
    "CHECKPOINT_DISABLE": "1",
}


class TerraformError(Exception):
    def __init__(self, msg, argv=None, rc=None, stdout="", stderr=""):
        super(TerraformError, self).__init__(msg)
        self.argv = argv or []
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr


class TerraformCLI:
    """Runs terraform in a project directory with a given data dir, through AnsibleModule.run_command."""

    def __init__(self, module, binary, project_path, data_dir=None, env=None):
        self.module = module
        self.binary = binary
        self.project_path = project_path
        self.env = dict(BASE_ENV)
        if data_dir:
            self.env["TF_DATA_DIR"] = data_dir
        self.env.update(env or {})

    def run(self, args, ok_codes=(0,)):
        argv = [self.binary] + list(args)
        rc, out, err = self.module.run_command(argv, cwd=self.project_path, environ_update=self.env)
        if rc not in ok_codes:
            raise TerraformError(
                "terraform %s failed (rc=%s): %s" % (args[0], rc, (err or out).strip()), argv, rc, out, err
            )
        return rc, out, err

    def show_json(self, plan_file=None):
        """``terraform show -json`` of a saved plan (or of the state). A plan's JSON is kept next to it, keyed by the
        plan's digest, so the summary, the cost floor and a later run read it without starting the provider again."""
        cache = plan_file and PlanJsonCache(plan_file)
        if cache:
            found = cache.load()
            if found is not None:
                return found
        args = ["show", "-json", "-no-color"]
        if plan_file:
            args.append(plan_file)
        _rc, out, _err = self.run(args)
        try:
            parsed = json.loads(out)
        except ValueError as exc:
            raise TerraformError("terraform show -json did not return JSON: %s" % exc) from exc
        if cache:
            cache.store(parsed)
        return parsed


class PlanJsonCache:
    """``<plan>.json``: {"plan_sha256": digest of the plan file, "plan": its JSON}. A new plan file never matches."""

    def __init__(self, plan_file):
        self.plan_file = plan_file
        self.path = plan_file + ".json"

    def _digest(self):
        digest = hashlib.sha256()
        with open(self.plan_file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def load(self):
        try:
            with open(self.path) as handle:
                cached = json.load(handle)
            return cached["plan"] if cached.get("plan_sha256") == self._digest() else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, plan):
        # a cache that cannot be written only costs the next reader a `terraform show`
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps({"plan_sha256": self._digest(), "plan": plan}))


def find_binary(module, binary_path=None):
    if binary_path:
        if not os.access(binary_path, os.X_OK):
            module.fail_json(msg="terraform binary %s is not executable" % binary_path)
        return binary_path
    return module.get_bin_path("terraform", required=True)
