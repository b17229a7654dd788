"""Every private copy of inventories/local takes the inventory's files and leaves out what runs made in it: the
default ecs_output_root (.ecs_ec2, whose work dirs symlink each layer's provider into the mirror; a copy that follows
them writes 707 MB per layer) and the fixtures generated for the demo's emulator."""

import os
import shutil
import subprocess

import yaml

from tests.helpers import ROOT, copy_local_inventory


def tracked_entries():
    out = subprocess.run(["git", "ls-files", "inventories/local"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    return sorted({path.split("/")[2] for path in out})


def test_the_helper_copies_the_files_and_not_the_run_outputs(tmp_path, monkeypatch):
    source = tmp_path / "repo" / "inventories" / "local"
    shutil.copytree(os.path.join(ROOT, "inventories", "local"), source, ignore=shutil.ignore_patterns(".ecs_ec2"))
    work = source / ".ecs_ec2" / ".work" / "local" / "network" / ".terraform" / "providers"
    work.mkdir(parents=True)
    (work / "linux_amd64").symlink_to(tmp_path)  # as terraform init links the mirror
    (source / "group_vars" / "all" / "generated_fixtures.yml").write_text("---\n")
    monkeypatch.setattr("tests.helpers.ROOT", str(tmp_path / "repo"))
    copy = copy_local_inventory(tmp_path / "copy")
    assert sorted(os.listdir(copy)) == sorted(e for e in os.listdir(source) if e != ".ecs_ec2")
    assert not os.path.exists(os.path.join(copy, "group_vars", "all", "generated_fixtures.yml"))


def test_molecule_copies_every_tracked_entry_of_the_inventory():
    with open(os.path.join(ROOT, "extensions", "molecule", "shared", "create.yml")) as f:
        plays = yaml.safe_load(f)
    tasks = [t for play in plays for block in play.get("tasks", []) for t in block.get("block", [block])]
    [copy] = [t for t in tasks if t.get("name", "").startswith("Copy inventories/local")]
    assert sorted(copy["loop"]) == tracked_entries()
