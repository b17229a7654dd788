"""`make test` runs every suite in one pytest session, which imports test modules by basename (rootdir-less)."""

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
