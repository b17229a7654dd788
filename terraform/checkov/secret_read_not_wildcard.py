"""CKV_ECSEC2_2 / CKV_ECSEC2_3: no identity policy lets secrets be read from every resource.

A statement that allows ssm:GetParameter*, secretsmanager:GetSecretValue or kms:Decrypt (also through wildcards such as
ssm:Get*, kms:* or *) must name its resources: "*" or an ARN ending in a bare "*" (parameter/*, key/*, secret:*)
fails. Statements with a Principal belong to resource policies (key, bucket, topic policies), where "*" means "this
resource", and are skipped.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any, Iterable

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.data.base_check import BaseDataCheck
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

SENSITIVE_ACTIONS = (
    "ssm:getparameter",
    "ssm:getparameters",
    "ssm:getparametersbypath",
    "ssm:getparameterhistory",
    "secretsmanager:getsecretvalue",
    "kms:decrypt",
)


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for element in value for item in _flatten(element)]
    return [] if value is None else [value]


def _grants_secret_read(actions: Iterable[Any]) -> bool:
    patterns = [a.lower() for a in actions if isinstance(a, str)]
    return any(fnmatch.fnmatchcase(sensitive, p) for p in patterns for sensitive in SENSITIVE_ACTIONS)


def _is_wildcard_resource(resource: Any) -> bool:
    if not isinstance(resource, str):
        return False
    return resource == "*" or resource.endswith((":*", "/*"))


def _statement_fails(effect: Any, actions: Any, resources: Any, has_principal: bool) -> bool:
    effects = _flatten(effect)
    if has_principal or (effects and effects[0] != "Allow"):
        return False
    return _grants_secret_read(_flatten(actions)) and any(_is_wildcard_resource(r) for r in _flatten(resources))


def _policy_documents(conf: dict[str, list[Any]]) -> list[dict[str, Any]]:
    raw = list(conf.get("policy", []))
    raw += [block.get("policy", [None])[0] for block in conf.get("inline_policy", []) if isinstance(block, dict)]
    documents = []
    for item in raw:
        item = item[0] if isinstance(item, list) and item else item
        if isinstance(item, str):
            try:
                item = json.loads(item)
            except ValueError:
                continue  # an unresolved reference: nothing to judge
        if isinstance(item, dict):
            documents.append(item)
    return documents


class SecretReadNotWildcardPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure IAM policies do not allow reading secrets (SSM, Secrets Manager, KMS Decrypt) on Resource *",
            id="CKV_ECSEC2_2",
            categories=(CheckCategories.IAM,),
            supported_resources=(
                "aws_iam_policy",
                "aws_iam_role_policy",
                "aws_iam_user_policy",
                "aws_iam_group_policy",
                "aws_iam_role",
            ),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        for document in _policy_documents(conf):
            for stmt in _flatten(document.get("Statement")):
                if isinstance(stmt, dict) and _statement_fails(
                    stmt.get("Effect", "Allow"),
                    stmt.get("Action"),
                    stmt.get("Resource"),
                    "Principal" in stmt or "NotPrincipal" in stmt,
                ):
                    return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["policy", "inline_policy"]


class SecretReadNotWildcardDocument(BaseDataCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure IAM policy documents do not allow reading secrets (SSM, Secrets Manager, KMS Decrypt) on *",
            id="CKV_ECSEC2_3",
            categories=(CheckCategories.IAM,),
            supported_data=("aws_iam_policy_document",),
        )

    def scan_data_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        for stmt in conf.get("statement", []):
            if isinstance(stmt, dict) and _statement_fails(
                stmt.get("effect", ["Allow"]),
                stmt.get("actions"),
                stmt.get("resources"),
                bool(stmt.get("principals") or stmt.get("not_principals")),
            ):
                return CheckResult.FAILED
        return CheckResult.PASSED


resource_check = SecretReadNotWildcardPolicy()
data_check = SecretReadNotWildcardDocument()
