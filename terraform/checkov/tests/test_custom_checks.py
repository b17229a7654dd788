"""The project checkov policies fail the bad examples and pass the good ones (runs the checkov CLI)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

CHECKS_DIR = Path(__file__).resolve().parents[1]
EXAMPLES = CHECKS_DIR / "tests" / "examples"
REPO = CHECKS_DIR.parents[1]
CHECKOV = Path(os.environ.get("CHECKOV_BIN", REPO / ".venv" / "checkov" / "bin" / "checkov"))
PROJECT_CHECKS = "CKV_ECSEC2_1,CKV_ECSEC2_2,CKV_ECSEC2_3,CKV_ECSEC2_4"


def _scan(directory: Path) -> dict[str, set[str]]:
    """Return {"passed": {...}, "failed": {...}} as "<check id>:<resource address>" strings."""
    proc = subprocess.run(
        [
            str(CHECKOV),
            "--directory",
            str(directory),
            "--framework",
            "terraform",
            "--external-checks-dir",
            str(CHECKS_DIR),
            "--check",
            PROJECT_CHECKS,
            "--output",
            "json",
            "--compact",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=directory,  # keep the repository's .checkov.yml out of the way
    )
    assert proc.returncode in (0, 1), proc.stderr
    results = json.loads(proc.stdout)["results"]
    return {
        state: {f"{c['check_id']}:{c['resource']}" for c in results.get(f"{state}_checks", [])}
        for state in ("passed", "failed")
    }


@pytest.fixture(scope="module")
def bad() -> dict[str, set[str]]:
    return _scan(EXAMPLES / "bad")


@pytest.fixture(scope="module")
def good() -> dict[str, set[str]]:
    return _scan(EXAMPLES / "good")


@pytest.mark.parametrize(
    "finding",
    [
        "CKV_ECSEC2_1:aws_launch_template.unencrypted_root",
        "CKV_ECSEC2_1:aws_launch_template.encryption_not_set",
        "CKV_ECSEC2_1:aws_launch_template.no_mappings",
        "CKV_ECSEC2_2:aws_iam_role_policy.secrets_everywhere",
        "CKV_ECSEC2_2:aws_iam_policy.ssm_wildcard_action_and_path",
        "CKV_ECSEC2_2:aws_iam_role.inline_kms_star",
        "CKV_ECSEC2_3:aws_iam_policy_document.decrypt_anything",
        "CKV_ECSEC2_4:aws_iam_role_policy_attachment.ssm_core",
        'CKV_ECSEC2_4:aws_iam_role_policy_attachment.managed_secret_readers["AmazonSSMManagedInstanceCore"]',
        'CKV_ECSEC2_4:aws_iam_role_policy_attachment.managed_secret_readers["SecretsManagerReadWrite"]',
    ],
)
def test_bad_example_fails(bad: dict[str, set[str]], finding: str) -> None:
    assert finding in bad["failed"]


def test_bad_examples_have_no_pass(bad: dict[str, set[str]]) -> None:
    assert bad["passed"] == set()


def test_good_examples_pass(good: dict[str, set[str]]) -> None:
    assert good["failed"] == set()
    assert good["passed"] == {
        "CKV_ECSEC2_1:aws_launch_template.encrypted_root",
        "CKV_ECSEC2_2:aws_iam_role_policy.exact_secret",
        "CKV_ECSEC2_3:aws_iam_policy_document.key_policy",
        "CKV_ECSEC2_3:aws_iam_policy_document.exact_key",
        'CKV_ECSEC2_4:aws_iam_role_policy_attachment.ecs_agent["service-role/AmazonEC2ContainerServiceforEC2Role"]',
    }
