"""The fix registry and its documentation."""

import re
from pathlib import Path

import pytest

from emulator import fixes

README = Path(__file__).resolve().parents[2] / "emulator" / "README.md"
TEST_DIR = Path(__file__).resolve().parent


def test_every_fix_is_described():
    registered = fixes.all_fixes()
    assert len(registered) >= 9
    for fix in registered:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", fix.id)
        assert fix.gap and fix.symptom and callable(fix.apply)


def test_disable_setting():
    ids = {f.id for f in fixes.all_fixes()}
    assert fixes.disabled_ids("") == set()
    assert fixes.disabled_ids(None) == set()
    assert fixes.disabled_ids("all") == ids
    assert fixes.disabled_ids(" asg-az-balance , elbv2-deletion-protection") == {
        "asg-az-balance",
        "elbv2-deletion-protection",
    }
    with pytest.raises(ValueError, match="typo-fix"):
        fixes.disabled_ids("asg-az-balance,typo-fix")


def test_every_fix_has_a_fixed_and_a_gap_test_and_a_readme_row():
    sources = "\n".join(path.read_text() for path in TEST_DIR.glob("test_emulator_fix_*.py"))
    readme = README.read_text()
    for fix in fixes.all_fixes():
        stem = fix.id.replace("-", "_")
        assert f"def test_{stem}_fixed(" in sources, fix.id
        assert f"def test_{stem}_gap_visible_unfixed(" in sources, fix.id
        assert re.search(rf"^\|.*`{re.escape(fix.id)}`.*`test_{stem}_fixed`", readme, re.M), fix.id
