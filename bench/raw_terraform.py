"""The baseline: plain Terraform, layer after layer, no skipping and no parallelism.

deploy: per layer `terraform init` + `terraform apply -auto-approve` with the same backend config and JSON tfvars as
roles/terraform_layer writes (inventory inputs from roles/ecs, earlier layers' outputs wired in by
ecs_layer_wiring, read with `terraform output -json` after each apply). The bootstrap layer is applied with a local
backend first and its state pushed into the new bucket, as roles/state_backend does: there is no other way to
create the bucket that holds the state.
deploy-parallel: the same, every layer whose inputs are known applied at once (dependency levels from
ecs_layer_wiring), as Terragrunt's `run --all apply` would: the fair peer of site.yml's own overlap.
plan: `terraform plan -detailed-exitcode` of every layer in order, on data dirs initialised beforehand.

  python -m bench.raw_terraform deploy|deploy-parallel --spec spec.json --work DIR   (AWS_ENDPOINT_URL etc. set)
  python -m bench.raw_terraform plan --work DIR
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench.common import LAYERS, ROOT, run, terraform_env

LAYERS = tuple(LAYERS)  # a default argument below: immutable

LAYERS_DIR = os.path.join(ROOT, "terraform", "layers")


def backend_file(backend: dict, environment: str, layer: str) -> str:
    """The same text as roles/terraform_layer/tasks/files.yml: sorted keys, JSON values."""
    values = dict(backend, key="%s/%s/terraform.tfstate" % (environment, layer))
    return "".join("%s = %s\n" % (k, json.dumps(v)) for k, v in sorted(values.items()))


def wired_inputs(spec: dict, layer: str, outputs: dict) -> dict:
    """Inventory inputs plus earlier layers' outputs, as roles/terraform_layer/tasks/render.yml combines them."""
    inputs = dict(spec["inputs"][layer])
    for source, keys in spec["wiring"][layer].items():
        for key in keys:
            inputs[key] = outputs[source][key]
    return inputs


class RawTerraform:
    def __init__(self, work: str, aws_env: dict, log_path: str):
        self.work = work
        self.log_path = log_path
        self.aws_env = aws_env
        self.steps: list[dict] = []  # every command with its seconds, for "where the time goes"

    def _tf(self, layer: str, *args: str, chdir: str | None = None, data_dir: str | None = None, ok_codes=(0,)):
        env = terraform_env(dict(self.aws_env, TF_DATA_DIR=data_dir or os.path.join(self.work, layer, ".terraform")))
        res = run(["terraform", "-chdir=%s" % (chdir or os.path.join(LAYERS_DIR, layer)), *args, "-no-color"],
                  env, self.log_path, ok_codes=ok_codes)
        self.steps.append({"layer": layer, "command": args[0], "seconds": round(res.seconds, 2), "rc": res.rc})
        return res

    def _write(self, layer: str, spec: dict, outputs: dict) -> None:
        layer_dir = os.path.join(self.work, layer)
        os.makedirs(layer_dir, mode=0o700, exist_ok=True)
        with open(os.path.join(layer_dir, "backend.tfbackend"), "w", encoding="utf-8") as fh:
            fh.write(backend_file(spec["backend"], spec["environment"], layer))
        with open(os.path.join(layer_dir, "inputs.tfvars.json"), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(wired_inputs(spec, layer, outputs), indent=4, sort_keys=True) + "\n")

    def _outputs(self, layer: str, **kw) -> dict:
        res = self._tf(layer, "output", "-json", **kw)
        return {name: out["value"] for name, out in json.loads(res.stdout or "{}").items()}

    def deploy(self, spec: dict, parallel: bool = False) -> float:
        """Apply every layer in order (parallel: every layer whose inputs are known at once, level by level, as
        Terragrunt's `run --all apply` does with its dependency graph); returns the wall seconds."""
        started = time.monotonic()
        outputs: dict = {}
        for level in (levels(spec) if parallel else [[layer] for layer in spec["layers"]]):
            with ThreadPoolExecutor(max_workers=len(level)) as pool:
                for layer, values in zip(level, pool.map(lambda name: self._apply(name, spec, dict(outputs)), level),
                                         strict=True):
                    outputs[layer] = values
        return time.monotonic() - started

    def _apply(self, layer: str, spec: dict, outputs: dict) -> dict:
        self._write(layer, spec, outputs)
        var_file = "-var-file=%s" % os.path.join(self.work, layer, "inputs.tfvars.json")
        backend = "-backend-config=%s" % os.path.join(self.work, layer, "backend.tfbackend")
        if layer == "bootstrap":
            return self._bootstrap(spec, var_file, backend)
        self._tf(layer, "init", "-input=false", "-reconfigure", backend)
        self._tf(layer, "apply", "-input=false", "-auto-approve", "-lock-timeout=%ss" % spec.get("lock_timeout", 120),
                 var_file)
        return self._outputs(layer)

    def _bootstrap(self, spec: dict, var_file: str, backend: str) -> dict:
        local = os.path.join(self.work, "bootstrap-local")
        copy = os.path.join(local, "layers", "bootstrap")
        shutil.copytree(os.path.join(LAYERS_DIR, "bootstrap"), copy, ignore=shutil.ignore_patterns(".terraform"))
        os.symlink(os.path.join(ROOT, "terraform", "modules"), os.path.join(local, "modules"))
        state = os.path.join(local, "terraform.tfstate")
        with open(os.path.join(copy, "zz_local_backend_override.tf"), "w", encoding="utf-8") as fh:
            fh.write('terraform {\n  backend "local" {\n    path = %s\n  }\n}\n' % json.dumps(state))
        data = os.path.join(local, ".terraform")
        self._tf("bootstrap", "init", "-input=false", chdir=copy, data_dir=data)
        self._tf("bootstrap", "apply", "-input=false", "-auto-approve", var_file, chdir=copy, data_dir=data)
        outputs = self._outputs("bootstrap", chdir=copy, data_dir=data)
        self._tf("bootstrap", "init", "-input=false", "-reconfigure", backend)
        self._tf("bootstrap", "state", "push", state)
        return outputs

    def init_all(self, layers=LAYERS) -> None:
        """Initialise every layer's data dir on files already in work/<layer>/ (not timed by the callers)."""
        for layer in layers:
            self._tf(layer, "init", "-input=false", "-reconfigure",
                     "-backend-config=%s" % os.path.join(self.work, layer, "backend.tfbackend"))

    def plan_all(self, layers=LAYERS, lock_timeout: int = 120) -> dict:
        """`terraform plan` of every layer in order; returns wall seconds and each layer's exit code."""
        started = time.monotonic()
        codes, seconds = {}, {}
        for layer in layers:
            res = self._tf(layer, "plan", "-input=false", "-detailed-exitcode", "-lock-timeout=%ss" % lock_timeout,
                           "-var-file=%s" % os.path.join(self.work, layer, "inputs.tfvars.json"), ok_codes=(0, 2))
            codes[layer] = res.rc
            seconds[layer] = round(res.seconds, 2)
        return {"seconds": time.monotonic() - started, "exit_codes": codes, "layers": seconds}


def levels(spec: dict) -> list[list[str]]:
    """The layers in dependency levels: bootstrap first (it holds every other layer's state), then each layer as soon
    as every layer whose outputs it reads (ecs_layer_wiring) is applied."""
    rest = [layer for layer in spec["layers"] if layer != "bootstrap"]
    done, out = {"bootstrap"}, [["bootstrap"]] if "bootstrap" in spec["layers"] else []
    while rest:
        ready = [layer for layer in rest if set(spec["wiring"][layer]) <= done]
        if not ready:
            raise ValueError("ecs_layer_wiring has a cycle among %s" % rest)
        out.append(ready)
        done.update(ready)
        rest = [layer for layer in rest if layer not in ready]
    return out


def copy_rendered(site_work: str, raw_work: str, layers=LAYERS) -> None:
    """The exact backend config and tfvars that site.yml rendered, for the plan baseline."""
    for layer in layers:
        os.makedirs(os.path.join(raw_work, layer), mode=0o700, exist_ok=True)
        for name in ("backend.tfbackend", "inputs.tfvars.json"):
            shutil.copy(os.path.join(site_work, layer, name), os.path.join(raw_work, layer, name))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.raw_terraform", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["deploy", "deploy-parallel", "plan"])
    parser.add_argument("--spec", help="JSON written by bench/playbooks/render_inputs.yml (deploy)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--log", default="/dev/stderr")
    args = parser.parse_args(argv)
    aws_env = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    raw = RawTerraform(args.work, aws_env, args.log)
    if args.action in ("deploy", "deploy-parallel"):
        with open(args.spec, encoding="utf-8") as fh:
            print("deployed in %.1f s" % raw.deploy(json.load(fh), parallel=args.action == "deploy-parallel"))
    else:
        raw.init_all()
        print(json.dumps(raw.plan_all()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
