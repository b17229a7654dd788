"""ansible-test sanity, the ecosystem's own checks (validate-modules, import, pylint, pep8, yamllint, shebang,
compile, ansible-doc, ...), offline: tools/ansible_test_sanity.py. Ignore entries: tests/sanity/ignore-2.19.txt, each
with its reason."""

import os
import re
import subprocess
import sys

from tests.helpers import ROOT

IGNORES = os.path.join(ROOT, "tests", "sanity", "ignore-2.19.txt")


def test_sanity_is_clean_on_every_supported_python_found():
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "ansible_test_sanity.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800, check=False)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    errors = [line for line in proc.stdout.splitlines() if line.startswith("ERROR:")]
    assert proc.returncode == 0, "%s\n%s\n%s" % (summary, "\n".join(errors[:80]), proc.stderr[-3000:])
    assert re.search(r"every test on Python 3\.\d+.*: clean$", summary), summary
    print(summary)


def test_every_ignore_entry_says_why():
    with open(IGNORES) as handle:
        entries = [line.rstrip("\n") for line in handle if line.strip()]
    assert all(re.match(r"^\S+ \S+:\S+ # \S.{10,}$", entry) for entry in entries), entries
    # Only the licence header check is ignored: the collection is Apache-2.0, the check is for GPL code.
    assert {entry.split()[1] for entry in entries} == {"validate-modules:missing-gplv3-license"}
