"""Test layout: `make test` runs every test module in exactly one lane (tools/test_lanes.py); `make test
TEST_SUITES=...` runs suites in one pytest session, which imports test modules by basename (rootdir-less)."""

import collections
import os

from tests.helpers import ROOT

SUITE_ROOTS = ["tests", os.path.join("terraform", "checkov", "tests")]


def test_every_test_module_has_a_basename_of_its_own():
    seen = collections.defaultdict(list)
    for root in SUITE_ROOTS:
        for dirpath, _dirs, files in os.walk(os.path.join(ROOT, root)):
            for name in files:
                if name.startswith("test_") and name.endswith(".py"):
                    seen[name].append(os.path.relpath(os.path.join(dirpath, name), ROOT))
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, "pytest cannot collect two test modules of the same name: %s" % clashes


def lane_modules():
    """{test module: [lanes that collect it]} from tools/test_lanes.py's paths and --ignore options."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_test_lanes", os.path.join(ROOT, "tools", "test_lanes.py"))
    lanes_module = sys.modules["make_test_lanes"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(lanes_module)
    found = collections.defaultdict(list)
    for lane in lanes_module.expand(lanes_module.LANES):
        ignored = [lane.args[i + 1] for i, arg in enumerate(lane.args) if arg == "--ignore"]
        paths = [arg for i, arg in enumerate(lane.args) if not arg.startswith("-") and lane.args[i - 1] != "--ignore"]
        for root in SUITE_ROOTS:
            for dirpath, _dirs, files in os.walk(os.path.join(ROOT, root)):
                for name in files:
                    module = os.path.relpath(os.path.join(dirpath, name), ROOT)
                    if not (name.startswith("test_") and name.endswith(".py")):
                        continue
                    inside = any(module == p or module.startswith(p.rstrip("/") + "/") for p in paths)
                    if inside and not any(module == p or module.startswith(p.rstrip("/") + "/") for p in ignored):
                        found[module].append(lane.name)
    return found


def test_make_test_runs_every_test_module_in_exactly_one_lane():
    found = lane_modules()
    modules = [os.path.relpath(os.path.join(d, n), ROOT) for root in SUITE_ROOTS
               for d, _dirs, files in os.walk(os.path.join(ROOT, root))
               for n in files if n.startswith("test_") and n.endswith(".py")]
    missing = sorted(m for m in modules if not found.get(m))
    twice = {m: lanes for m, lanes in found.items() if len(lanes) > 1}
    assert not missing and not twice, "tools/test_lanes.py: in no lane: %s; in several: %s" % (missing, twice)
    assert len(modules) > 100  # the walk found the suites
