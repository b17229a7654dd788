"""write_atomic: the one temp-file-and-rename writer (inputs, stamps, plan caches, the CLI config, combined state)."""

import os
import stat
from pathlib import Path

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


def test_reports_are_written_with_their_latest_copies(tmp_path):
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_reports

    files = write_reports(str(tmp_path / "reports"), "drift", "20261203T000000Z", '{"a": 1}\n', "# a\n")
    assert sorted(os.listdir(tmp_path / "reports")) == [
        "drift-20261203T000000Z.json", "drift-20261203T000000Z.md", "latest.json", "latest.md"]
    assert Path(files["latest_json"]).read_text() == '{"a": 1}\n' and Path(files["markdown"]).read_text() == "# a\n"
