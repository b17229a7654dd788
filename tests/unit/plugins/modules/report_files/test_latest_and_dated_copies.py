"""report_files: latest.* always the last report, a dated copy only of a report whose JSON changed, `changed` only
when asked to count it, files readable by the group (0640), and a clear error when the folder cannot be written."""

import os
import stat

from ansible_collections.platform_ops.ecs_ec2.plugins.modules import report_files


def args(folder, **extra):
    return dict({"path": str(folder), "name": "drift", "json": '{"status": "clean"}\n', "markdown": "# clean\n"},
                **extra)


def test_first_report_writes_latest_and_a_dated_copy(run_main, tmp_path):
    folder = tmp_path / "reports" / "drift"  # does not exist yet
    failed, result = run_main(report_files.main, args(folder), aws=False)
    assert not failed, result
    assert result["changed"] and result["new"]
    assert (folder / "latest.json").read_text() == '{"status": "clean"}\n'
    assert (folder / "latest.md").read_text() == "# clean\n"
    assert sorted(os.path.basename(p).split("-", 1)[0] + os.path.splitext(p)[1] for p in result["dated"]) \
        == ["drift.json", "drift.md"]
    assert all(os.path.isfile(p) for p in result["dated"])
    assert stat.S_IMODE(os.stat(folder / "latest.json").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o750


def test_the_same_report_again_is_no_change_and_no_copy(run_main, tmp_path):
    run_main(report_files.main, args(tmp_path), aws=False)
    before = sorted(os.listdir(tmp_path))
    failed, result = run_main(report_files.main, args(tmp_path), aws=False)
    assert not failed and not result["changed"] and not result["new"] and result["dated"] == []
    assert sorted(os.listdir(tmp_path)) == before


def test_a_changed_report_replaces_latest_and_is_kept_dated(run_main, tmp_path, monkeypatch):
    monkeypatch.setattr(report_files.time, "time", lambda: 2e9)  # both in the same second: the second is -2
    run_main(report_files.main, args(tmp_path), aws=False)
    failed, result = run_main(report_files.main, args(tmp_path, json='{"status": "drifted"}\n', markdown="# drifted\n"),
                              aws=False)
    assert not failed and result["changed"] and result["new"]
    assert (tmp_path / "latest.json").read_text() == '{"status": "drifted"}\n'
    assert len(list(tmp_path.glob("drift-*.json"))) == 2 and len(list(tmp_path.glob("drift-*.md"))) == 2
    assert [os.path.basename(p) for p in result["dated"]] == ["drift-20330518T033320Z-2.json",
                                                              "drift-20330518T033320Z-2.md"]
    assert (tmp_path / "drift-20330518T033320Z.json").read_text() == '{"status": "clean"}\n'


def test_not_counted_as_a_change_even_when_new(run_main, tmp_path):
    failed, result = run_main(report_files.main, args(tmp_path / "new", count_as_change=False), aws=False)
    assert not failed and not result["changed"] and result["new"]
    assert (tmp_path / "new" / "latest.md").read_text() == "# clean\n"


def test_an_unwritable_folder_fails_naming_the_report_and_folder(run_main, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    failed, result = run_main(report_files.main, args(blocker / "drift"), aws=False)
    assert failed
    assert result["msg"].startswith("cannot write the drift report in %s" % (blocker / "drift"))
