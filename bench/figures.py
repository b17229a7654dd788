"""The six figures. Each records every sample; summaries (median/min/max) are computed in report.py."""

from __future__ import annotations

import json
import os
import shutil
import time

from bench.common import LAYERS, BenchError
from bench.emulators import Workspace
from bench.raw_terraform import RawTerraform, copy_rendered
from bench.services import create_preflight_secrets, scaled_services, write_json

SITE = "playbooks/site.yml"
DRIFT = "playbooks/drift_check.yml"
BENCH_PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
TOP_TASKS = 12


def _site_sample(run: dict) -> dict:
    return {"seconds": round(run["seconds"], 2), "recap": run["recap"], "layers": run["layers"],
            "top_tasks": run["tasks"][:TOP_TASKS]}


def _raw_layer_seconds(steps: list[dict]) -> dict:
    out: dict = {}
    for step in steps:
        out.setdefault(step["layer"], {}).setdefault(step["command"], 0.0)
        out[step["layer"]][step["command"]] = round(out[step["layer"]][step["command"]] + step["seconds"], 2)
    return out


class Bench:
    def __init__(self, root: str, repeat: int, scales: list[int], log_path: str, sampler):
        self.root = root
        self.repeat = repeat
        self.scales = scales
        self.log_path = log_path
        self.sampler = sampler
        self.results: dict = {}
        self.workspaces: dict[str, list[str]] = {}  # figure -> workspace dirs (for the disk figure)
        self._deployed: Workspace | None = None  # the inventory's deployment, shared by no-op and drift figures
        self._count = 0

    def workspace(self, figure: str, name: str, emulator_env: dict | None = None) -> Workspace:
        self._count += 1
        ws = Workspace(self.root, "%02d-%s-%s" % (self._count, figure, name), self.log_path, emulator_env)
        self.workspaces.setdefault(figure, []).append(ws.dir)
        return ws

    def raw(self, ws: Workspace) -> RawTerraform:
        return RawTerraform(ws.raw_dir, ws.emulator.aws_env, self.log_path)

    # ---- 1. full deploy ----
    def full_deploy(self) -> None:
        samples = []
        for i in range(self.repeat):
            site_ws = self.workspace("full_deploy", "site%d" % i)
            site = _site_sample(site_ws.playbook(SITE))
            raws = {}
            for kind, parallel in (("raw", False), ("raw_parallel", True)):
                raw_ws = self.workspace("full_deploy", "%s%d" % (kind, i))
                spec = self.render_spec(raw_ws)
                raw = self.raw(raw_ws)
                raws[kind] = {"seconds": round(raw.deploy(spec, parallel=parallel), 2),
                              "layers": _raw_layer_seconds(raw.steps)}
                _same_inputs(site_ws.work_dir, raw_ws.raw_dir)
                raw_ws.close()
            samples.append(dict(raws, site=site, ratio=round(site["seconds"] / raws["raw"]["seconds"], 3),
                                ratio_vs_parallel=round(site["seconds"] / raws["raw_parallel"]["seconds"], 3)))
            if i == self.repeat - 1 and self._deployed is None:
                self._deployed = site_ws  # a fresh deployment of the inventory: reused by the no-op/drift figures
            else:
                site_ws.close()
        self.results["full_deploy"] = samples

    def render_spec(self, ws: Workspace) -> dict:
        path = os.path.join(ws.dir, "spec.json")
        ws.playbook(os.path.join(BENCH_PLAYBOOKS, "render_inputs.yml"), "-e", "bench_spec_file=%s" % path)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)

    def deployed(self) -> Workspace:
        if self._deployed is None:
            ws = self.workspace("noop_rerun", "deploy")
            self.results.setdefault("setup", []).append({"what": "deploy for no-op/drift",
                                                         **_site_sample(ws.playbook(SITE))})
            self._deployed = ws
        return self._deployed

    def _raw_ready(self, ws: Workspace) -> RawTerraform:
        """Raw data dirs on the exact files site.yml rendered, initialised once (init is not timed)."""
        raw = self.raw(ws)
        copy_rendered(ws.work_dir, ws.raw_dir)
        raw.init_all()
        raw.steps.clear()
        return raw

    # ---- 1c. the emulator's data plane: make demo's site.yml with it against the same run without it ----
    def data_plane(self) -> None:
        """Back-to-back pairs, alternating which goes first. Without the data plane there is no listener endpoint,
        so that run also skips the requests through the load balancer: the ratio is the whole cost of serving."""
        samples = []
        for i in range(self.repeat):
            runs = {}
            for kind in (("on", "off") if i % 2 == 0 else ("off", "on")):
                off = kind == "off"
                ws = self.workspace("data_plane", "%s%d" % (kind, i), {"EMULATOR_DATA_PLANE": "off"} if off else None)
                args = ("-e", '{"ecs_traffic_check": {"enabled": false}}') if off else ()
                runs[kind] = _site_sample(ws.playbook(SITE, *args))
                ws.close()
            samples.append(dict(runs, ratio=round(runs["on"]["seconds"] / runs["off"]["seconds"], 3)))
        self.results["data_plane"] = samples

    # ---- 2. no-op re-run ----
    def noop_rerun(self) -> None:
        ws = self.deployed()
        raw = self._raw_ready(ws)
        samples = []
        for _dummy in range(self.repeat):
            site = _site_sample(ws.playbook(SITE))
            plans = raw.plan_all()
            samples.append({"site": site, "raw_plans": _plans(plans), "changed": site["recap"]["changed"],
                            "ratio": round(site["seconds"] / plans["seconds"], 3)})
        self.results["noop_rerun"] = samples

    # ---- 2b. replan: every layer planned (nothing skipped), nothing to apply ----
    def replan(self) -> None:
        ws = self.deployed()
        raw = self._raw_ready(ws)
        samples = []
        for _dummy in range(self.repeat):
            site = _site_sample(ws.playbook(SITE, "-e", "replan=true"))
            plans = raw.plan_all()
            samples.append({"site": site, "raw_plans": _plans(plans), "changed": site["recap"]["changed"],
                            "ratio": round(site["seconds"] / plans["seconds"], 3)})
        self.results["replan"] = samples

    # ---- 2c. an empty work dir (an AWX job): init + plan of every layer, against raw init + plan ----
    def fresh_workdir_plan(self) -> None:
        ws = self.deployed()
        samples = []
        for i in range(self.repeat):
            work = os.path.join(ws.dir, "fresh-work-%d" % i)
            site = _site_sample(ws.playbook(SITE, "-e", "ecs_work_dir=%s" % work))  # the later -e wins
            raw = RawTerraform(os.path.join(ws.dir, "fresh-raw-%d" % i), ws.emulator.aws_env, self.log_path)
            copy_rendered(ws.work_dir, raw.work)
            started = time.monotonic()
            raw.init_all()
            plans = raw.plan_all()
            raw_seconds = time.monotonic() - started
            raw_sample = {"seconds": round(raw_seconds, 2), "layers": _raw_layer_seconds(raw.steps)}
            samples.append({"site": site, "raw": raw_sample,
                            "changed": site["recap"]["changed"], "ratio": round(site["seconds"] / raw_seconds, 3),
                            "layers_with_changes": _plans(plans)["layers_with_changes"]})
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(raw.work, ignore_errors=True)
        self.results["fresh_workdir_plan"] = samples

    def _drift_ready(self, ws: Workspace, what: str) -> None:
        """One drift check before timing, recorded as set-up: it initialises the combined plan's root once, as
        _raw_ready initialises the raw directories before their plans are timed."""
        warm = ws.playbook(DRIFT, "-e", "drift_check_report_dir=%s" % os.path.join(ws.dir, "warm-up"))
        self.results.setdefault("setup", []).append({"what": "drift check warm-up (%s)" % what, **_site_sample(warm)})

    # ---- 3. drift check ----
    def drift_check(self) -> None:
        ws = self.deployed()
        raw = self._raw_ready(ws)
        self._drift_ready(ws, "drift figure")
        samples = []
        for _dummy in range(self.repeat):
            reports = "drift_check_report_dir=%s" % os.path.join(ws.dir, "reports")
            drift = _site_sample(ws.playbook(DRIFT, "-e", reports))
            plans = raw.plan_all()
            samples.append({"drift": drift, "raw_plans": _plans(plans),
                            "ratio": round(drift["seconds"] / plans["seconds"], 3)})
        self.results["drift_check"] = samples

    # ---- 4. pre-flight ----
    def preflight(self) -> None:
        ws = self.workspace("preflight", "secrets")
        ws.extra_vars = [write_json(os.path.join(ws.dir, "preflight-vars.json"),
                                    create_preflight_secrets(ws.emulator, ws.inventory))]
        samples = []
        for i in range(self.repeat):
            out = os.path.join(ws.dir, "preflight-%d.json" % i)
            run = ws.playbook(os.path.join(BENCH_PLAYBOOKS, "preflight.yml"), "-e", "bench_out=%s" % out)
            with open(out, encoding="utf-8") as fh:
                res = json.load(fh)
            if res["secrets"] != 50:
                raise BenchError("pre-flight checked %s secret references, expected 50" % res["secrets"])
            calls = sum(sum(per.values()) for per in res["api_calls"].values())
            samples.append({"seconds": float(res["seconds"]), "playbook_seconds": round(run["seconds"], 2),
                            "api_calls": calls, "api_calls_by_check": res["api_calls"], "problems": res["problems"]})
        ws.close()
        self.results["preflight"] = samples

    # ---- 5. scale ----
    def scale(self) -> None:
        ws = self.workspace("scale", "services")
        out = {}
        for count in self.scales:
            ws.extra_vars = [write_json(os.path.join(ws.dir, "services-%d.json" % count), scaled_services(count))]
            deploy = _site_sample(ws.playbook(SITE))  # adds the services (not a figure: setup of this scale)
            raw = self._raw_ready(ws)
            if count == self.scales[0]:
                self._drift_ready(ws, "scale figure")
            samples = []
            for _dummy in range(self.repeat):
                site = _site_sample(ws.playbook(SITE))
                drift = _site_sample(ws.playbook(DRIFT, "-e", "drift_check_report_dir=%s" % os.path.join(ws.dir, "r")))
                plans = raw.plan_all()
                samples.append({"noop": site, "changed": site["recap"]["changed"], "drift": drift,
                                "raw_plans": _plans(plans)})
            out[str(count)] = {"deploy": deploy, "samples": samples}
        ws.close()
        self.results["scale"] = out

    def close(self) -> None:
        if self._deployed is not None:
            self._deployed.close()


def _plans(plans: dict) -> dict:
    return {"seconds": round(plans["seconds"], 2), "exit_codes": plans["exit_codes"], "layers": plans["layers"],
            "layers_with_changes": sorted(k for k, v in plans["exit_codes"].items() if v == 2)}


def _same_inputs(site_work: str, raw_work: str) -> None:
    """The raw baseline fed every layer the same variables (names) as site.yml: else the comparison is not fair."""
    for layer in LAYERS:
        with open(os.path.join(site_work, layer, "inputs.tfvars.json"), encoding="utf-8") as fh:
            site = json.load(fh)
        with open(os.path.join(raw_work, layer, "inputs.tfvars.json"), encoding="utf-8") as fh:
            raw = json.load(fh)
        if sorted(site) != sorted(raw):
            diff = sorted(set(site) ^ set(raw))
            raise BenchError("raw baseline inputs of %s differ from site.yml's: %s" % (layer, diff))
