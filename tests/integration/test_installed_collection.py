"""The collection as users install it (issue 23 item 2): built into a tarball, installed into a collections path of
its own and made read-only, then run by name from another directory (`ansible-playbook platform_ops.ecs_ec2.site`)
against the session's deployment, with nothing of the checkout's set-up (no ansible.cfg, no TF_CLI_CONFIG_FILE).

Runs write under the inventory's folder (ecs_output_root), never into the collection: the installed tree is the
same file for file afterwards (root ignores the missing write permission, so the tree is compared, not trusted).
"""

import json
import os
import shutil
import stat
import subprocess

import pytest

from tests.awx.awx_runner_kit import SITE_COLLECTIONS
from tests.helpers import ROOT, VENV_BIN
from tests.integration.conftest import recap

TARBALL_LIMIT = 600 * 1024  # README, "Installing the collection": the size users download


def tree(path):
    """Every file and directory under path with its size and mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            info = os.lstat(full)
            out[os.path.relpath(full, path)] = (info.st_size, info.st_mtime_ns)
    return out


def read_only(path):
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames + [""]:
            full = os.path.join(dirpath, name)
            if not os.path.islink(full):
                os.chmod(full, os.stat(full).st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    build = tmp_path_factory.mktemp("build")
    galaxy = os.path.join(VENV_BIN, "ansible-galaxy")
    proc = subprocess.run([galaxy, "collection", "build", "--output-path", str(build)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (tarball,) = build.iterdir()
    collections = tmp_path_factory.mktemp("collections")
    # From elsewhere, without the checkout's ansible.cfg: its collections path holds the checkout itself, and the
    # install would find the collection "already installed".
    proc = subprocess.run([galaxy, "collection", "install", "--offline", "--no-deps", "--force",
                           "-p", str(collections), str(tarball)], cwd=collections, env=user_env(),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    root = collections / "ansible_collections" / "platform_ops" / "ecs_ec2"
    read_only(root)
    yield dict(tarball=tarball, collections=collections, root=root, before=tree(root))
    for dirpath, dirnames, _files in os.walk(root):  # let pytest clean up
        for name in dirnames + [""]:
            os.chmod(os.path.join(dirpath, name), 0o700)


@pytest.fixture(scope="module")
def project(deployment, tmp_path_factory):
    """A user's project folder: their inventory (the session's, fixtures included) and nothing else."""
    folder = tmp_path_factory.mktemp("user-project")
    inventory = folder / "inventory"
    inventory.mkdir()
    shutil.copy(os.path.join(deployment.inventory, "hosts.yml"), inventory / "hosts.yml")
    shutil.copytree(os.path.join(deployment.inventory, "group_vars"), inventory / "group_vars")
    return folder


def user_env(**extra):
    """A user's environment: none of the checkout's Ansible or Terraform settings."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "TF_")))
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **extra)
    return env


def run(installed, project, deployment, playbook, *args):
    env = user_env(ANSIBLE_COLLECTIONS_PATH="%s:%s" % (installed["collections"], SITE_COLLECTIONS),
                   EMULATOR_PORT=str(deployment.emulator.port), CHECKPOINT_DISABLE="1")
    argv = [os.path.join(VENV_BIN, "ansible-playbook"), "platform_ops.ecs_ec2." + playbook, "-i", "inventory", *args]
    return subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=1200, check=False)


def test_the_tarball_holds_what_a_run_reads_and_nothing_else(installed):
    root = installed["root"]
    for path in ("playbooks/site.yml", "roles/terraform_layer/tasks/main.yml", "terraform/layers/network/main.tf",
                 "terraform/layers/network/.terraform.lock.hcl", "plugins/modules/terraform_layers_plan.py"):
        assert (root / path).exists(), path
    for path in ("tests", "emulator", "bench", "extensions", "tools", ".ruff_cache", "terraform/modules/vpc/tests"):
        assert not (root / path).exists(), path
    assert installed["tarball"].stat().st_size < TARBALL_LIMIT, installed["tarball"].stat().st_size


def test_site_check_and_drift_check_run_from_the_read_only_install(installed, project, deployment):
    site = run(installed, project, deployment, "site", "--check")
    assert site.returncode == 0, site.stdout[-6000:] + site.stderr[-3000:]
    assert recap(site.stdout)["failed"] == 0
    drift = run(installed, project, deployment, "drift_check")
    assert drift.returncode == 0, drift.stdout[-6000:] + drift.stderr[-3000:]
    # What the runs wrote is in .ecs_ec2 in the inventory's folder (ecs_output_root's default)...
    output = project / "inventory" / ".ecs_ec2"
    assert (output / ".work" / "terraform" / "cli.tfrc").exists()
    assert (output / ".work" / "local").is_dir()
    report = json.loads((output / "reports" / "local" / "drift" / "latest.json").read_text())
    assert report["status"] == "clean", json.dumps(report, indent=1)[:6000]
    # ...where Ansible does not read it as inventory: the reports of the runs before are not parsed as groups.
    assert "not a valid group definition" not in drift.stderr and "Skipping key" not in drift.stderr, drift.stderr
    # ...and the installed collection is what it was, file for file.
    assert tree(installed["root"]) == installed["before"]
