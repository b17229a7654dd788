# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The one wrapper through which the collection runs the terraform CLI itself (community.general.terraform plans and
applies the layers; everything else comes here).

Built on community.general's CmdRunner: argv is assembled from the argument formats declared once below, never from
strings. One environment (BASE_ENV plus the caller's: the CLI config, TF_DATA_DIR, TF_LOG_PATH), one logging rule
(the command line and its exit code go to the module's debug log; output is returned, never logged, since a plan's
output can hold values) and one error shape (TerraformError with argv, rc, stdout and stderr).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import hashlib
import json
import os
import time

from ansible_collections.community.general.plugins.module_utils.cmd_runner import CmdRunner, cmd_runner_fmt
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

# Environment every terraform call gets: stable output, no prompts, no phoning home (LC_ALL=C comes from CmdRunner).
BASE_ENV = {
    "TF_IN_AUTOMATION": "1",
    "TF_INPUT": "0",
    "CHECKPOINT_DISABLE": "1",
}

# Every option the collection passes to terraform, in the order it is written on the command line.
ARG_FORMATS = dict(
    command=cmd_runner_fmt.as_list(),  # the subcommand's words: ["init"], ["state", "push"]
    json=cmd_runner_fmt.as_bool("-json"),
    refresh=cmd_runner_fmt.as_bool("-refresh=true", "-refresh=false"),
    detailed_exitcode=cmd_runner_fmt.as_bool("-detailed-exitcode"),
    no_input=cmd_runner_fmt.as_fixed("-input=false"),
    no_color=cmd_runner_fmt.as_fixed("-no-color"),
    force=cmd_runner_fmt.as_bool("-force"),
    reconfigure=cmd_runner_fmt.as_bool("-reconfigure"),
    backend=cmd_runner_fmt.as_bool_not("-backend=false"),
    backend_config=cmd_runner_fmt.as_opt_eq_val("-backend-config"),
    lock=cmd_runner_fmt.as_bool_not("-lock=false"),
    lock_timeout=cmd_runner_fmt.as_func(lambda seconds: ["-lock-timeout=%ds" % int(seconds)]),
    out=cmd_runner_fmt.as_opt_eq_val("-out"),
    var_file=cmd_runner_fmt.as_opt_eq_val("-var-file"),
    operands=cmd_runner_fmt.as_list(),  # what follows the options: a plan file, a lock ID, a state file, addresses
)


def layer_argument_spec(**extra):
    """Options of a module that runs terraform in one layer (its root module, data dir and binary), plus its own."""
    return dict(project_path=dict(type="path", required=True), data_dir=dict(type="path", required=True),
                binary_path=dict(type="path", required=True), **extra)


class TerraformError(Exception):
    def __init__(self, msg, argv=None, rc=None, stdout="", stderr=""):
        super(TerraformError, self).__init__(msg)
        self.argv = argv or []
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr


class TerraformCLI:
    """terraform in a project directory with a given data dir. Each method is one subcommand; ``run`` is the one
    place that starts the process."""

    def __init__(self, module, binary, project_path, data_dir=None, env=None):
        self.module = module
        self.project_path = project_path
        environment = dict(BASE_ENV)
        if data_dir:
            environment["TF_DATA_DIR"] = data_dir
        environment.update(env or {})
        self.runner = CmdRunner(module, [binary], arg_formats=ARG_FORMATS, environ_update=environment)

    def run(self, command, ok_codes=(0,), **options):
        """``terraform <command> <options...> <operands>``; (rc, stdout, stderr), or TerraformError when the exit
        code is not in ``ok_codes``. ``options`` are ARG_FORMATS names; those not given are left out."""
        values = dict(options, command=command.split())
        order = [name for name in ARG_FORMATS if name in values and values[name] is not None]
        started = time.monotonic()
        with self.runner(order, check_rc=False, cwd=self.project_path) as ctx:
            rc, out, err = ctx.run(**values)
            argv = ctx.cmd
        self.module.debug("terraform: %s -> rc=%s in %.1f s" % (" ".join(argv), rc, time.monotonic() - started))
        if rc not in ok_codes:
            raise TerraformError("terraform %s failed (rc=%s): %s" % (command, rc, (err or out).strip()),
                                 argv, rc, out, err)
        return rc, out, err

    def init(self, backend_config=None, backend=True, reconfigure=False):
        return self.run("init", no_input=True, no_color=True, reconfigure=reconfigure, backend=backend,
                        backend_config=backend_config)

    def plan(self, plan_file, var_file, lock=True, lock_timeout=None):
        """A refreshing plan saved to ``plan_file``, with the machine-readable UI (-json): rc 0 no changes, 1 error,
        2 changes (the caller reads the rc)."""
        return self.run("plan", ok_codes=(0, 1, 2), json=True, refresh=True, detailed_exitcode=True, no_input=True,
                        lock=lock, lock_timeout=lock_timeout, out=plan_file, var_file=var_file)

    def force_unlock(self, lock_id):
        """Its exit code is not the verdict (see terraform_lock.release): rc 0 and 1 both return."""
        return self.run("force-unlock", ok_codes=(0, 1), force=True, no_color=True, operands=[lock_id])

    def state_list(self):
        _rc, out, _err = self.run("state list", no_color=True)
        return [line for line in out.splitlines() if line.strip()]

    def state_push(self, state_file):
        return self.run("state push", no_color=True, operands=[state_file])

    def state_rm(self, addresses, lock_timeout=None):
        return self.run("state rm", no_color=True, lock_timeout=lock_timeout, operands=list(addresses))

    def version(self):
        _rc, out, _err = self.run("version", json=True)
        try:
            return json.loads(out)
        except ValueError as exc:
            raise TerraformError("terraform version -json did not return JSON: %s" % exc) from exc

    def show_json(self, plan_file=None):
        """``terraform show -json`` of a saved plan (or of the state). A plan's JSON is kept next to it, keyed by the
        plan's digest, so the summary, the cost floor and a later run read it without starting the provider again."""
        cache = plan_file and PlanJsonCache(plan_file)
        if cache:
            found = cache.load()
            if found is not None:
                return found
        _rc, out, _err = self.run("show", json=True, no_color=True, operands=[plan_file] if plan_file else None)
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
