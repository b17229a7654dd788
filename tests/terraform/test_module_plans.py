"""`terraform test` (mock provider, plan only) of every module: each guarantee of the design and each validation."""

import os
import subprocess

import pytest

from tests.helpers import ROOT, terraform_env

MODULES_DIR = os.path.join(ROOT, "terraform", "modules")
MODULES = sorted(m for m in os.listdir(MODULES_DIR) if os.path.isdir(os.path.join(MODULES_DIR, m, "tests")))


def test_every_module_has_plan_tests():
    assert MODULES, "no terraform module has tests/"
    without = [m for m in os.listdir(MODULES_DIR) if m not in MODULES]
    assert without == [], "modules without tests/*.tftest.hcl: %s" % without


@pytest.mark.parametrize("module", MODULES)
def test_module(module, tmp_path):
    path = os.path.join(MODULES_DIR, module)
    env = terraform_env(TF_DATA_DIR=str(tmp_path / ".terraform"))
    for argv in (["terraform", "init", "-backend=false", "-input=false", "-no-color"],
                 ["terraform", "test", "-no-color"]):
        proc = subprocess.run(argv, cwd=path, env=env, capture_output=True, text=True, check=False)
        detail = "%s in %s\n%s\n%s" % (" ".join(argv), module, proc.stdout[-8000:], proc.stderr[-4000:])
        assert proc.returncode == 0, detail
    assert " 0 failed" in proc.stdout or "Success!" in proc.stdout
