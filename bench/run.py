"""`make bench`: the orchestration against raw Terraform on private embedded emulators (docs/bench.md).

  .venv/bin/python bench/run.py [--repeat N] [--scales 1,5,20] [--quick] [--only full_deploy,noop_rerun,...]
Writes bench/results/<timestamp>.json and bench/results/latest.json; exits non-zero when any run errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import ROOT, TF_CLI_CONFIG, BenchError
from bench.emulators import Emulator
from bench.figures import Bench
from bench.measure import TreeSampler, machine, now_iso, terraform_dirs_usage
from bench.report import layer_table, summarize, table

# the resources figure is always on
FIGURES = ["full_deploy", "data_plane", "noop_rerun", "replan", "fresh_workdir_plan", "drift_check", "preflight",
           "scale"]


def parse(argv):
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=3, help="runs per figure (median, min, max); default 3")
    p.add_argument("--scales", default="1,5,20", help="service counts of the scale figure; default 1,5,20")
    p.add_argument("--quick", action="store_true", help="repeat 1, scales 1 (no 5/20-service deploys)")
    p.add_argument("--only", default=",".join(FIGURES), help="comma list of: " + ", ".join(FIGURES))
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results"), help="results directory")
    p.add_argument("--keep", action="store_true", help="keep the work dirs and logs (kept anyway on failure)")
    args = p.parse_args(argv)
    if args.quick:
        args.repeat, args.scales = 1, "1"
    args.scales = [int(n) for n in args.scales.split(",") if n]
    args.only = [f.strip() for f in args.only.split(",") if f.strip()]
    unknown = sorted(set(args.only) - set(FIGURES))
    if unknown or args.repeat < 1:
        p.error("unknown figure(s) %s or --repeat < 1" % unknown)
    return args


def code_version() -> dict:
    """Which code was measured: the commit, and the product files changed on top of it (read-only git calls)."""
    def git(*args):
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return proc.stdout.strip()

    dirty = git("status", "--porcelain", "--", "playbooks", "roles", "plugins", "terraform", "emulator")
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": dirty.splitlines()}


def main(argv=None) -> int:
    args = parse(argv)
    if not os.path.exists(TF_CLI_CONFIG):
        print("bench: %s is missing; run `make setup` first" % TF_CLI_CONFIG, file=sys.stderr)
        return 2
    root = tempfile.mkdtemp(prefix="ecs-bench-")
    log_path = os.path.join(root, "commands.log")
    print("bench: work dirs and the command log in %s" % root, flush=True)
    sampler = TreeSampler(lambda: [p for p in (e.pid() for e in Emulator.live) if p])
    sampler.start()
    bench = Bench(root, args.repeat, args.scales, log_path, sampler)
    started, error = time.monotonic(), None
    options = {"repeat": args.repeat, "scales": args.scales, "quick": args.quick, "only": args.only}
    doc = {"date": now_iso(), "code": code_version(), "options": options}
    try:
        for figure in FIGURES:
            if figure in args.only:
                sampler.figure = figure
                t0 = time.monotonic()
                print("bench: %s ..." % figure, flush=True)
                getattr(bench, figure)()
                print("bench: %s done in %.0f s" % (figure, time.monotonic() - t0), flush=True)
    except BenchError as exc:
        error = str(exc)
    except Exception:  # any other crash is a failed run too, with its traceback
        error = traceback.format_exc()
    finally:
        sampler.figure = "teardown"
        bench.close()
        stop_errors = Emulator.stop_all()
        sampler.stop()
    doc.update({
        "machine": machine(sampler), "seconds": round(time.monotonic() - started, 1), "results": bench.results,
        "summary": summarize(bench.results),
        "resources": {"peak_rss_bytes": sampler.peak_all, "peak_rss_bytes_by_figure": sampler.peak,
                      "terraform_dirs": terraform_dirs_usage([root]),
                      "terraform_dirs_by_figure": {f: terraform_dirs_usage(d) for f, d in bench.workspaces.items()}},
    })
    doc.update({k: v for k, v in doc["summary"].items() if k != "scale"})  # the top-level keys of latest.json
    if error or stop_errors:
        doc["error"] = "\n".join(filter(None, [error, *stop_errors]))
    os.makedirs(args.out, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = os.path.join(args.out, ("%s-FAILED.json" if error else "%s.json") % stamp)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, sort_keys=True)
    m = doc["machine"]
    print("\nmachine: %s CPU(s) %s, %s GiB, load during run %s; %s; %.0f s\n" % (
        m["nproc"], m["cpu"], m["memory_gib"], m.get("load_during_run"), doc["date"], doc["seconds"]))
    print(table(doc))
    print("\nwhere the time goes (seconds per layer, last sample):")
    print(layer_table(bench.results))
    print("\nresults: %s" % path)
    if doc.get("error"):
        print("\nbench FAILED (work dirs and log kept in %s):\n%s" % (root, doc["error"]), file=sys.stderr)
        return 1
    shutil.copy(path, os.path.join(args.out, "latest.json"))
    if args.keep:
        print("work dirs kept in %s" % root)
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
