"""Version floors and committed lock files: every layer has a .terraform.lock.hcl that pins the tested provider
release within its versions.tf constraint; every versions.tf states the floors the toolchain enforces; terraform init
from the mirror accepts the lock files as they are, and they hold an install to the locked release."""

import fnmatch
import glob
import json
import os
import shutil
import subprocess

import pytest
import yaml
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import terraform_toolchain as tt

from tests.helpers import ROOT, hcl_one, parse_hcl, terraform_env

LAYERS_DIR = os.path.join(ROOT, "terraform", "layers")
LAYERS = sorted(d for d in os.listdir(LAYERS_DIR) if os.path.isdir(os.path.join(LAYERS_DIR, d)))
LOCK = ".terraform.lock.hcl"
AWS = "registry.terraform.io/hashicorp/aws"


def version(text):
    return tt.parse_version(text) + (0,) * (3 - len(tt.parse_version(text)))


def constraint(text):
    """'>= 5.77, < 6.0' -> {'>=': (5, 77, 0), '<': (6, 0, 0)}."""
    parts = [p.strip().split(None, 1) for p in text.split(",")]
    return dict((op, version(v)) for op, v in parts)


@pytest.fixture(scope="module")
def versions_files():
    paths = sorted(glob.glob(os.path.join(ROOT, "terraform", "*", "*", "versions.tf")))
    assert len(paths) >= len(LAYERS), paths
    return dict((p, hcl_one(doc["terraform"])) for p, doc in parse_hcl(paths).items())


@pytest.fixture(scope="module")
def lock_files():
    missing = [layer for layer in LAYERS if not os.path.isfile(os.path.join(LAYERS_DIR, layer, LOCK))]
    assert not missing, "layers without a committed %s: %s (docs/layers.md, Version floors)" % (LOCK, missing)
    paths = [os.path.join(LAYERS_DIR, layer, LOCK) for layer in LAYERS]
    return dict((p, next(hcl_one(b[AWS]) for b in doc["provider"] if AWS in b)) for p, doc in parse_hcl(paths).items())


def test_every_versions_tf_states_the_toolchain_s_terraform_floor(versions_files):
    floors = dict((path, constraint(hcl_one(block["required_version"]))) for path, block in versions_files.items())
    wrong = dict((os.path.relpath(p, ROOT), c) for p, c in floors.items() if c != {">=": tt.MIN_TERRAFORM})
    assert not wrong, "required_version must be '>= %s' (terraform_toolchain.MIN_TERRAFORM): %s" % (
        ".".join(map(str, tt.MIN_TERRAFORM)), wrong)


def test_every_provider_constraint_is_the_floor_bounded_by_the_locked_major(versions_files):
    bound = (version(tt.PROVIDER_LOCKED)[0] + 1, 0, 0)
    for path, block in versions_files.items():
        aws = hcl_one(hcl_one(block["required_providers"])["aws"])
        assert constraint(aws["version"]) == {">=": tt.PROVIDER_FLOOR, "<": bound}, path


def test_every_layer_locks_the_tested_release_within_its_constraint(versions_files, lock_files):
    for path, lock in lock_files.items():
        layer_versions = os.path.join(os.path.dirname(path), "versions.tf")
        wanted = constraint(hcl_one(hcl_one(versions_files[layer_versions]["required_providers"])["aws"])["version"])
        assert hcl_one(lock["version"]) == tt.PROVIDER_LOCKED, path
        # The constraints line is what versions.tf said when the lock was made: a stale one means it was not redone.
        assert constraint(hcl_one(lock["constraints"])) == wanted, path
        assert wanted[">="] <= version(hcl_one(lock["version"])) < wanted["<"], path
        assert any(h.startswith("h1:") for h in hcl_one(lock["hashes"])), path


def test_the_provider_floor_is_the_newest_argument_the_modules_set():
    docs = parse_hcl(sorted(glob.glob(os.path.join(ROOT, "terraform", "modules", "*", "*.tf"))))

    def sets(node, argument):
        if isinstance(node, dict):
            return argument in node or any(sets(v, argument) for v in node.values())
        return isinstance(node, list) and any(sets(v, argument) for v in node)

    for _release, rtype, argument in tt.PROVIDER_FEATURES:
        bodies = [r[rtype] for doc in docs.values() for r in doc.get("resource", []) if rtype in r]
        assert any(sets(body, argument) for body in bodies), "%s.%s is not used any more" % (rtype, argument)


def test_docs_say_where_each_floor_comes_from():
    with open(os.path.join(ROOT, "docs", "layers.md")) as handle:
        section = handle.read().split("## Version floors", 1)[1].split("\n## ", 1)[0]
    for release, _what in tt.TERRAFORM_FEATURES + tt.TEST_FEATURES:
        assert ".".join(map(str, release)) in section
    for release, _rtype, argument in tt.PROVIDER_FEATURES:
        assert ".".join(map(str, release)) in section and argument in section
    assert tt.PROVIDER_LOCKED in section and "-platform=" in section


def test_nothing_drops_or_ignores_the_layers_lock_files(tmp_path):
    relative = [os.path.join("terraform", "layers", layer, LOCK) for layer in LAYERS]
    ignored = subprocess.run(["git", "check-ignore"] + relative, cwd=ROOT, capture_output=True, text=True, check=False)
    assert ignored.stdout == "", "ignored by .gitignore: %s" % ignored.stdout
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        build_ignore = yaml.safe_load(handle)["build_ignore"]
    # ansible-galaxy collection build drops a file whose relative path fnmatch-es a build_ignore pattern.
    dropped = [p for p in relative if any(fnmatch.fnmatch(p, pattern) for pattern in build_ignore)]
    assert not dropped, "left out of the built collection by galaxy.yml build_ignore: %s" % dropped
    # make clean's lock-file commands, run on a copy of the tree: the layers' lock files stay.
    dry = subprocess.run(["make", "-n", "-C", ROOT, "clean"], capture_output=True, text=True, check=True).stdout
    commands = [line for line in dry.splitlines() if LOCK in line]
    shutil.copytree(os.path.join(ROOT, "terraform"), tmp_path / "terraform", symlinks=True,
                    ignore=shutil.ignore_patterns(".terraform"))
    for command in commands:
        subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True)
    assert [p for p in relative if not (tmp_path / p).exists()] == []


def mirror_or_skip():
    mirror = tt.find_provider_mirror()
    if not mirror:
        pytest.skip("no unpacked provider mirror on this machine (online set-up): init is checked where one is")
    return mirror


@pytest.mark.parametrize("layer", LAYERS)
def test_init_from_the_mirror_accepts_the_lock_file_as_it_is(layer, tmp_path):
    mirror_or_skip()
    path = os.path.join(LAYERS_DIR, layer)
    with open(os.path.join(path, LOCK)) as handle:
        before = handle.read()
    env = terraform_env(TF_DATA_DIR=str(tmp_path / ".terraform"))
    proc = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color", "-lockfile=readonly"],
                          cwd=path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]  # the h1: hash matches the mirror's
    with open(os.path.join(path, LOCK)) as handle:
        assert handle.read() == before


def installed(data_dir):
    return sorted(os.listdir(os.path.join(data_dir, "providers", AWS)))


def test_the_lock_file_holds_an_install_to_the_locked_release_when_newer_ones_exist(tmp_path):
    """A mirror that also offers a newer 5.x and a 6.x, as the registry does: with the lock, 5.100.0; without it,
    init floats to the newest 5.x (never 6.x: the bound)."""
    real = os.path.join(mirror_or_skip(), AWS, tt.PROVIDER_LOCKED, tt.os_arch())
    mirror = tmp_path / "mirror" / AWS
    (mirror / tt.PROVIDER_LOCKED).mkdir(parents=True)
    os.symlink(real, mirror / tt.PROVIDER_LOCKED / tt.os_arch())
    for newer in ("5.999.0", "6.0.0"):
        (mirror / newer / tt.os_arch()).mkdir(parents=True)
        (mirror / newer / tt.os_arch() / ("terraform-provider-aws_v%s_x5" % newer)).write_text("not a provider")
    config = tmp_path / "cli.tfrc"
    config.write_text('provider_installation {\n  filesystem_mirror {\n    path = %s\n  }\n}\n'
                      % json.dumps(str(tmp_path / "mirror")))
    layer = tmp_path / "terraform" / "layers" / "network"
    shutil.copytree(os.path.join(LAYERS_DIR, "network"), layer, ignore=shutil.ignore_patterns(".terraform"))
    os.symlink(os.path.join(ROOT, "terraform", "modules"), tmp_path / "terraform" / "modules")
    argv = ["terraform", "init", "-backend=false", "-input=false", "-no-color"]

    locked = terraform_env(TF_CLI_CONFIG_FILE=str(config), TF_DATA_DIR=str(tmp_path / "locked"))
    proc = subprocess.run(argv + ["-lockfile=readonly"], cwd=layer, env=locked, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert installed(tmp_path / "locked") == [tt.PROVIDER_LOCKED]

    (layer / LOCK).unlink()
    floating = terraform_env(TF_CLI_CONFIG_FILE=str(config), TF_DATA_DIR=str(tmp_path / "floating"))
    proc = subprocess.run(argv, cwd=layer, env=floating, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert installed(tmp_path / "floating") == ["5.999.0"]


def test_the_terraform_on_path_can_run_the_module_tests():
    """tests/terraform runs `terraform test` with override_during: on an older Terraform say so, not a parse error."""
    path, found = tt.find_terraform()
    missing = tt.missing_features(tt.parse_version(found), tt.TEST_FEATURES)
    assert not missing, "Terraform %s at %s cannot run the modules' tests: %s" % (found, path, "; ".join(missing))
