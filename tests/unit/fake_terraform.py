"""A scripted terraform behind AnsibleModule.run_command (exact argv recorded), shared by the unit tests of the modules
that run terraform themselves (terraform_drift_info, terraform_layers_plan)."""

import json
import threading
import time
import zipfile


def _resources(module):
    yield from module.get("resources") or []
    for child in module.get("child_modules") or []:
        yield from _resources(child)


def ui_events(plan_doc):
    """What `terraform plan -json` streams: one refresh event per resource of the prior state, then a summary."""
    root = (((plan_doc or {}).get("prior_state") or {}).get("values") or {}).get("root_module") or {}
    lines = [json.dumps({"type": "refresh_complete", "hook": {"resource": {
        "addr": r.get("address"), "resource_type": r.get("type")}}}) for r in _resources(root)]
    return "\n".join(lines + [json.dumps({"type": "change_summary", "changes": {"operation": "plan"}})]) + "\n"


def write_planfile(path, planfile):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tfplan", b"binary plan")
        archive.writestr("tfstate", json.dumps(planfile["tfstate"]))
        for name, text in sorted(planfile.get("tfconfig", {"m-/main.tf.json": "{}"}).items()):
            archive.writestr("tfconfig/" + name, text)


class FakeTerraform:
    """Scripted terraform: per layer directory, the rc/stderr of init and plan (a list: one per call) and the plan."""

    def __init__(self, binary):
        self.binary = binary
        self.calls = []
        self.layers = {}
        self.delay = 0.0
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def layer(self, project, plan_doc=None, plan_rc=None, plan_err=None, init_rc=0, init_err="", plan_log=None,
              planfile=None):
        """plan_log: what each plan writes to TF_LOG_PATH (terraform's core log), one string per call. planfile:
        {"tfstate": refreshed state, "tfconfig": {name: text}} written as the saved plan (a zip, as terraform's)."""
        self.layers[project] = {"plan": plan_doc, "plan_rc": list(plan_rc or [2 if plan_doc else 0]),
                                "plan_err": list(plan_err or [""]), "init_rc": init_rc, "init_err": init_err,
                                "plan_log": list(plan_log or [""]), "planfile": planfile}

    def argvs(self, project=None):
        return [c["argv"] for c in self.calls if project is None or c["cwd"] == project]

    def __call__(self, module, argv, cwd=None, environ_update=None, **_kw):
        with self._lock:
            self.calls.append({"argv": list(argv), "cwd": cwd, "env": dict(environ_update or {})})
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        try:
            time.sleep(self.delay)
            script = self.layers[cwd]
            sub = argv[1]
            if sub == "init":
                return script["init_rc"], "", script["init_err"]
            if sub == "force-unlock":  # with S3 lock files on, terraform reports the S3 file it had already released
                return 1, "", "Failed to unlock state: failed to unlock S3: ... NoSuchKey"
            if sub == "plan":
                log = script["plan_log"].pop(0) if len(script["plan_log"]) > 1 else script["plan_log"][0]
                if "TF_LOG_PATH" in environ_update:  # per-layer plans log; the combined plan takes no lock
                    with open(environ_update["TF_LOG_PATH"], "a") as handle:
                        handle.write(log)
                rc = script["plan_rc"].pop(0) if len(script["plan_rc"]) > 1 else script["plan_rc"][0]
                out = [a[len("-out="):] for a in argv if a.startswith("-out=")]
                if script["planfile"] and out and rc != 1:
                    write_planfile(out[0], script["planfile"])
                err = script["plan_err"].pop(0) if len(script["plan_err"]) > 1 else script["plan_err"][0]
                return rc, "" if rc == 1 else ui_events(script["plan"]), err
            if sub == "show":
                return 0, json.dumps(script["plan"]), ""
            raise AssertionError("unexpected terraform command %s" % argv)
        finally:
            with self._lock:
                self.running -= 1
