"""The README's layout section is the tree: every path it names exists, every top-level folder of the checkout is in
it, and its lists of playbooks, roles, inventories and test suites are the ones on disk (issue 23 item 6)."""

import os
import re
import subprocess

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="module")
def layout():
    """{path named in the left column: the line's description, continuation lines included}."""
    with open(os.path.join(ROOT, "README.md")) as handle:
        text = handle.read()
    block = re.search(r"^## Layout\n\n```\n(.*?)```", text, re.M | re.S).group(1)
    rows, last = {}, None
    for line in block.splitlines():
        left, _dummy, right = re.match(r"^(\S.*?)?(\s{2,}|$)(.*)$", line).groups()
        if left:
            last = [p.strip() for p in left.split(",")]
            for path in last:
                rows[path] = right
        elif last:
            for path in last:
                rows[path] += " " + right.strip()
    return rows


def names(description):
    return set(re.findall(r"[a-z_]+(?:\.yml)?", re.sub(r"\(.*?\)", "", description)))


def test_every_path_it_names_exists(layout):
    missing = [p for p in layout if not os.path.exists(os.path.join(ROOT, p.rstrip("/")))]
    assert missing == []


def test_every_top_level_folder_is_in_it(layout):
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    folders = {p.split("/")[0] for p in tracked if "/" in p}
    named = {p.split("/")[0] for p in layout}
    assert folders - named == set()


@pytest.mark.parametrize("path, on_disk", [
    ("playbooks/", lambda: {f for f in os.listdir(os.path.join(ROOT, "playbooks")) if f.endswith(".yml")}),
    ("roles/", lambda: set(os.listdir(os.path.join(ROOT, "roles")))),
    ("inventories/", lambda: set(os.listdir(os.path.join(ROOT, "inventories")))),
    ("tests/", lambda: {d for d in os.listdir(os.path.join(ROOT, "tests"))
                        if os.path.isdir(os.path.join(ROOT, "tests", d)) and not d.startswith("__")}),
])
def test_its_lists_are_the_ones_on_disk(layout, path, on_disk):
    assert names(layout[path]) >= on_disk(), on_disk() - names(layout[path])
