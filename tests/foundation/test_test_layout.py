"""Test layout: `make test` runs every test module in exactly one lane (tools/test_lanes.py); `make test
TEST_SUITES=...` runs suites in one pytest session, which imports test modules by basename (rootdir-less)."""

import collections
import importlib.util
import os
import sys

from tests.helpers import ROOT

SUITE_ROOTS = ["tests", os.path.join("terraform", "checkov", "tests")]


def suite_modules():
    """Every test module of the suites, as a path relative to the checkout."""
    return [os.path.relpath(os.path.join(dirpath, name), ROOT)
            for root in SUITE_ROOTS for dirpath, _dirs, files in os.walk(os.path.join(ROOT, root))
            for name in files if name.startswith("test_") and name.endswith(".py")]


def test_every_test_module_has_a_basename_of_its_own():
    seen = collections.defaultdict(list)
    for module in suite_modules():
        seen[os.path.basename(module)].append(module)
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, "pytest cannot collect two test modules of the same name: %s" % clashes


def under(module, paths):
    return any(module == p or module.startswith(p.rstrip("/") + "/") for p in paths)


def lane_modules(modules):
    """{test module: [lanes that collect it]} from tools/test_lanes.py's paths and --ignore options."""
    spec = importlib.util.spec_from_file_location("make_test_lanes", os.path.join(ROOT, "tools", "test_lanes.py"))
    lanes_module = sys.modules["make_test_lanes"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(lanes_module)
    found = collections.defaultdict(list)
    for lane in lanes_module.expand(lanes_module.LANES):
        ignored = [lane.args[i + 1] for i, arg in enumerate(lane.args) if arg == "--ignore"]
        paths = [arg for i, arg in enumerate(lane.args) if not arg.startswith("-") and lane.args[i - 1] != "--ignore"]
        for module in modules:
            if under(module, paths) and not under(module, ignored):
                found[module].append(lane.name)
    return found


def test_make_test_runs_every_test_module_in_exactly_one_lane():
    modules = suite_modules()
    found = lane_modules(modules)
    missing = sorted(m for m in modules if not found.get(m))
    twice = {m: lanes for m, lanes in found.items() if len(lanes) > 1}
    assert not missing and not twice, "tools/test_lanes.py: in no lane: %s; in several: %s" % (missing, twice)
    assert len(modules) > 100  # the walk found the suites
