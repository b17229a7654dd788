"""write_atomic: the one temp-file-and-rename writer (inputs, stamps, plan caches, the CLI config, combined state)."""

import os
import stat

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic


def test_replaces_the_file_owner_only_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "inputs.tfvars.json"
    path.write_text("old")
    write_atomic(str(path), "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["inputs.tfvars.json"]
    write_atomic(str(path), "shared", mode=0o644)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_its_temp_file(tmp_path):
    path = tmp_path / "stamp.json"
    path.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(str(path), b"not text")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["stamp.json"]
