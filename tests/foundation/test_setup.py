"""The two-command set-up: Terraform is checked first, and a second set-up installs nothing."""

import glob
import os
import re
import shutil
import subprocess

from tests.helpers import ROOT


def path_without_terraform(tmp_path):
    """PATH minus every directory holding a terraform binary; python3 stays reachable through a link."""
    keep = [d for d in os.environ["PATH"].split(os.pathsep) if d and not os.path.exists(os.path.join(d, "terraform"))]
    links = tmp_path / "bin"
    links.mkdir()
    for tool in ("python3", "make"):
        os.symlink(shutil.which(tool), links / tool)
    return os.pathsep.join([str(links)] + keep)


def test_make_demo_stops_at_once_without_terraform(tmp_path):
    env = dict(os.environ, PATH=path_without_terraform(tmp_path))
    proc = subprocess.run(["make", "-C", ROOT, "demo"], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode != 0
    assert "terraform was not found on PATH" in proc.stderr
    assert "Install Terraform >= 1.10.0" in proc.stderr
    # It stopped before setting anything up or starting anything.
    assert "installing" not in proc.stdout and "emulator" not in proc.stdout


def test_second_setup_reinstalls_nothing():
    proc = subprocess.run(["make", "-C", ROOT, "setup"], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "installing" not in proc.stdout, proc.stdout
    assert "providers from" in proc.stdout  # it says which provider source is used


def test_ci_entry_point_is_make_test():
    with open(os.path.join(ROOT, ".ci", "run")) as f:
        assert "make test" in f.read()


def test_inventory_doc_documents_every_key():
    proc = subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), "tools/gen_inventory_doc.py", "--check"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


def test_every_layer_declares_the_common_variables_from_one_source():
    """terraform/common/variables_common.tf is the one definition; each layer's variables_common.tf is its copy and
    no other file of a layer declares those variables (the copies had drifted into two sets of validations)."""
    proc = subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), "tools/sync_layer_variables.py", "--check"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout
    with open(os.path.join(ROOT, "terraform", "common", "variables_common.tf")) as handle:
        common = set(re.findall(r'^variable "([^"]+)"', handle.read(), re.M))
    assert common >= {"environment", "project", "owner", "aws_region", "aws_account_id", "tags"}
    for layer in sorted(os.listdir(os.path.join(ROOT, "terraform", "layers"))):
        for path in glob.glob(os.path.join(ROOT, "terraform", "layers", layer, "*.tf")):
            if os.path.basename(path) != "variables_common.tf":
                with open(path) as handle:
                    again = common & set(re.findall(r'^variable "([^"]+)"', handle.read(), re.M))
                assert not again, "%s declares %s again" % (os.path.relpath(path, ROOT), sorted(again))
