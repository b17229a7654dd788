"""CKV_ECSEC2_4: no AWS-managed policy that lets secrets be read from every resource is attached.

CKV_ECSEC2_2 reads the policy documents written in Terraform; an attached AWS-managed policy has its document at AWS
only, which is how AmazonSSMManagedInstanceCore (ssm:GetParameter(s) on "*") reached the instance role unseen.
aws_managed_secret_readers.txt lists the AWS-managed policies whose published document fails CKV_ECSEC2_2's rule;
terraform/checkov/tests/test_managed_secret_readers.py recomputes it from the documents moto ships, so a document
AWS changes is noticed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

_LINES = (Path(__file__).parent / "aws_managed_secret_readers.txt").read_text().splitlines()
READERS = frozenset(line.strip() for line in _LINES if line.strip() and not line.startswith("#"))
AWS_MANAGED = re.compile(r":iam::aws:policy(/.+)$")


def _arns(conf: dict[str, list[Any]]) -> list[str]:
    values = []
    for key in ("policy_arn", "policy_arns"):
        for value in conf.get(key, []):
            values += value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def secret_reading_policies(arns: list[str]) -> list[str]:
    """The AWS-managed policies (path + name) among `arns` whose published document reads secrets on "*"."""
    return [m.group(1) for m in map(AWS_MANAGED.search, arns) if m and m.group(1) in READERS]


class ManagedPolicyReadsSecrets(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure no AWS-managed policy that reads secrets (SSM, Secrets Manager, KMS Decrypt) on * is attached",
            id="CKV_ECSEC2_4",
            categories=(CheckCategories.IAM,),
            supported_resources=(
                "aws_iam_role_policy_attachment",
                "aws_iam_policy_attachment",
                "aws_iam_user_policy_attachment",
                "aws_iam_group_policy_attachment",
                "aws_iam_role_policy_attachments_exclusive",
            ),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        return CheckResult.FAILED if secret_reading_policies(_arns(conf)) else CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["policy_arn", "policy_arns"]


check = ManagedPolicyReadsSecrets()
