"""aws_managed_secret_readers.txt is what AWS's published documents say (moto ships them), by CKV_ECSEC2_2's rule."""

from __future__ import annotations

import json
from pathlib import Path

from moto.iam.aws_managed_policies import aws_managed_policies_data

DATA = Path(__file__).resolve().parents[1] / "aws_managed_secret_readers.txt"
SECRET_READS = ("ssm:getparameter", "ssm:getparameters", "ssm:getparametersbypath", "ssm:getparameterhistory",
                "secretsmanager:getsecretvalue", "kms:decrypt")


def _flatten(value):
    return value if isinstance(value, list) else ([] if value is None else [value])


def _reads_secrets_everywhere(document) -> bool:
    from fnmatch import fnmatchcase

    for st in _flatten(document.get("Statement")):
        if not isinstance(st, dict) or st.get("Effect") != "Allow" or "Principal" in st:
            continue
        actions = [a.lower() for a in _flatten(st.get("Action")) if isinstance(a, str)]
        wildcard = any(r == "*" or r.endswith((":*", "/*")) for r in _flatten(st.get("Resource")) if isinstance(r, str))
        if wildcard and any(fnmatchcase(read, a) for a in actions for read in SECRET_READS):
            return True
    return False


def listed() -> list[str]:
    return [line.strip() for line in DATA.read_text().splitlines() if line.strip() and not line.startswith("#")]


def published_readers() -> list[str]:
    published = json.loads(aws_managed_policies_data)
    return sorted(p["Path"] + name for name, p in published.items() if _reads_secrets_everywhere(p["Document"]))


def test_the_list_matches_the_published_documents():
    fresh = published_readers()
    assert listed() == fresh, f"AWS-managed policy documents changed: write this list into {DATA}\n" + "\n".join(fresh)


def test_the_list_holds_the_policy_that_slipped_through():
    policies = listed()
    assert "/AmazonSSMManagedInstanceCore" in policies
    assert "/service-role/AmazonEC2ContainerServiceforEC2Role" not in policies
    assert "/service-role/AmazonECSTaskExecutionRolePolicy" not in policies
