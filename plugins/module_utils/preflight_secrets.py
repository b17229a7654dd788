# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Secret reference checks: ARN shape, wildcard, region, existence (describe calls only) and KMS keys.

Only describe-style calls are made: ssm:DescribeParameters, secretsmanager:DescribeSecret, kms:DescribeKey.
None of them returns a secret value, and no response is copied into the result: only derived fields are.
"""

from __future__ import annotations

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    AwsCallError,
    Problems,
    arn_format_errors,
    has_wildcard,
    parse_arn,
)

SSM_FILTER_MAX_VALUES = 50  # ParameterStringFilter.Values holds 1..50 names (SSM API reference)
SSM_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-/]+$")
SECRET_NAME_RE = re.compile(r"^[A-Za-z0-9/_+=.@-]+$")
SECRET_SUFFIX_RE = re.compile(r"-[A-Za-z0-9]{6}$")
KMS_RESOURCE_RE = re.compile(r"^(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$")
SECRET_NOT_FOUND = {"ResourceNotFoundException"}
KMS_NOT_FOUND = {"NotFoundException"}

FIX_ARN = "Write the full ARN of the secret, as ECS valueFrom expects it"


class SecretRef:
    """One inventory reference to a secret, parsed; `errors` says why it cannot be checked."""

    def __init__(self, key, arn):
        self.key = key
        self.arn = arn or ""
        self.kind = "unknown"
        self.region = None
        self.name = None  # SSM parameter name, or the Secrets Manager secret ARN without ECS's json-key suffix
        self.errors = []
        self.status = "invalid"
        self._parse()

    def _parse(self):
        if has_wildcard(self.arn):
            self.errors.append("contains a wildcard: ECS needs one exact secret and the execution role grants "
                               "exactly these ARNs")
        parts = parse_arn(self.arn)
        if parts is None:
            self.errors.append("is not an ARN (expected arn:PARTITION:ssm|secretsmanager:REGION:ACCOUNT:RESOURCE)")
            return
        self.region = parts["region"]
        self.errors.extend(arn_format_errors(parts, ("ssm", "secretsmanager")))
        resource = parts["resource"]
        if parts["service"] == "ssm":
            self.kind = "ssm_parameter"
            self._parse_ssm(resource)
        elif parts["service"] == "secretsmanager":
            self.kind = "secretsmanager_secret"
            self._parse_secret(parts, resource)

    def _parse_ssm(self, resource):
        if not resource.startswith("parameter/") or len(resource) == len("parameter/"):
            self.errors.append("its resource must be parameter/NAME")
            return
        path = resource[len("parameter/"):]
        if not SSM_NAME_RE.match(path.replace("*", "").replace("?", "")):
            self.errors.append("its parameter name holds characters SSM does not allow")
        # Hierarchical names start with "/" but the ARN drops it: parameter/app/db is the parameter /app/db.
        self.name = "/" + path if "/" in path else path

    def _parse_secret(self, parts, resource):
        # ECS allows secret:NAME-XXXXXX[:json-key:version-stage:version-id]
        pieces = resource.split(":")
        if pieces[0] != "secret" or len(pieces) < 2 or not pieces[1]:
            self.errors.append("its resource must be secret:NAME")
            return
        if len(pieces) > 5:
            self.errors.append("has more than json-key:version-stage:version-id after the secret name")
        if not SECRET_NAME_RE.match(pieces[1].replace("*", "").replace("?", "")):
            self.errors.append("its secret name holds characters Secrets Manager does not allow")
        self.name = ":".join(["arn", parts["partition"], "secretsmanager", parts["region"], parts["account"],
                              "secret", pieces[1]])

    def as_dict(self):
        return dict(key=self.key, arn=self.arn, kind=self.kind, region=self.region, status=self.status)


class SecretsCheck:
    """Checks every secret reference and KMS key, collecting all problems."""

    def __init__(self, api, secret_refs, kms_key_refs, allow_cross_region=False):
        self.api = api
        self.region = api.region
        self.secrets = [SecretRef(ref["key"], ref["arn"]) for ref in secret_refs]
        self.kms_refs = kms_key_refs
        self.allow_cross_region = allow_cross_region
        self.problems = Problems()

    def run(self):
        checkable = [ref for ref in self.secrets if self._valid(ref)]
        self._check_ssm([ref for ref in checkable if ref.kind == "ssm_parameter"])
        self._check_secretsmanager([ref for ref in checkable if ref.kind == "secretsmanager_secret"])
        kms_keys = [self._check_kms_key(ref["key"], ref["arn"]) for ref in self.kms_refs]
        secrets = sorted((ref.as_dict() for ref in self.secrets), key=lambda s: (s["arn"], s["key"]))
        return dict(problems=self.problems, secrets=secrets, kms_keys=kms_keys)

    # ---- shape and region -------------------------------------------------------------------------------------
    def _valid(self, ref):
        for error in ref.errors:
            self.problems.add(ref.key, ref.arn, f"the secret reference {error}", FIX_ARN)
        if ref.errors:
            return False
        return self._region_allowed(ref.key, ref.arn, ref.region, "secret", ref)

    def _region_allowed(self, key, arn, region, what, ref=None):
        if region == self.region or self.allow_cross_region:
            return True
        self.problems.add(
            key, arn,
            f"the {what} is in region {region}, not in the deployment's region {self.region}",
            f"Use a {what} in {self.region}, or set ecs_allow_cross_region_secrets: true if the cross-region "
            "reference is intended")
        if ref is not None:
            ref.status = "other_region"
        return False

    # ---- existence ----------------------------------------------------------------------------------------------
    def _check_ssm(self, refs):
        by_region = {}
        for ref in refs:
            by_region.setdefault(ref.region, set()).add(ref.name)
        found = {}
        for region, names in sorted(by_region.items()):
            names = sorted(names)
            found[region] = set()
            for start in range(0, len(names), SSM_FILTER_MAX_VALUES):
                chunk = names[start:start + SSM_FILTER_MAX_VALUES]
                try:
                    params = self.api.paginate(
                        "ssm", "describe_parameters", "Parameters", region=region, MaxResults=50,
                        ParameterFilters=[dict(Key="Name", Option="Equals", Values=chunk)])
                except AwsCallError as exc:
                    self._not_checked([ref for ref in refs if ref.region == region and ref.name in chunk], exc)
                    found[region].update(chunk)  # reported as not checked, not as missing
                    continue
                found[region].update(p["Name"] for p in params)
        for ref in refs:
            if ref.status == "not_checked":
                continue
            if ref.name in found[ref.region]:
                ref.status = "found"
            else:
                ref.status = "missing"
                self.problems.add(ref.key, ref.arn, f"SSM parameter {ref.name} does not exist in {ref.region}",
                                  "Create the parameter (outside Terraform) or correct the ARN")

    def _check_secretsmanager(self, refs):
        seen = {}
        for ref in refs:
            if ref.name not in seen:
                seen[ref.name] = self._describe_secret(ref)
            outcome, detail = seen[ref.name]
            ref.status = outcome
            if outcome == "missing":
                self.problems.add(ref.key, ref.arn, f"Secrets Manager secret {ref.name} does not exist",
                                  "Create the secret (outside Terraform) or correct the ARN")
            elif outcome == "scheduled_for_deletion":
                self.problems.add(ref.key, ref.arn, f"the secret is scheduled for deletion on {detail}",
                                  "Restore it with `aws secretsmanager restore-secret` or reference another secret")
            elif outcome == "not_checked":
                self._not_checked([ref], detail)
            elif outcome == "found" and detail != ref.name:
                self.problems.add(ref.key, ref.arn,
                                  f"it is a partial ARN; the secret's full ARN is {detail} and the execution role "
                                  "grants exactly the ARN written here", FIX_ARN)

    def _describe_secret(self, ref):
        try:
            secret = self.api.call("secretsmanager", "describe_secret", region=ref.region, SecretId=ref.name)
        except AwsCallError as exc:
            if exc.fatal:
                raise
            if exc.code in SECRET_NOT_FOUND:
                return "missing", None
            return "not_checked", exc
        if secret.get("DeletedDate"):
            return "scheduled_for_deletion", str(secret["DeletedDate"])[:10]
        # A name-only or suffix-less ARN resolves too; report it since IAM needs the exact ARN.
        return "found", secret.get("ARN", ref.name)

    def _not_checked(self, refs, exc):
        if exc.fatal:
            raise exc
        for ref in refs:
            ref.status = "not_checked"
            self.problems.add(ref.key, ref.arn, f"it could not be checked ({exc.code}: {exc.message})",
                              "Allow ssm:DescribeParameters, secretsmanager:DescribeSecret and kms:DescribeKey "
                              "to the deploying identity")

    # ---- KMS ----------------------------------------------------------------------------------------------------
    def _check_kms_key(self, key, arn):
        seen = dict(key=key, arn=arn, state=None, status="invalid")
        parts = parse_arn(arn)
        errors = ["contains a wildcard"] if has_wildcard(arn or "") else []
        if parts is None:
            errors.append("is not an ARN (expected arn:PARTITION:kms:REGION:ACCOUNT:key/ID)")
        else:
            errors.extend(arn_format_errors(parts, ("kms",)))
            if not KMS_RESOURCE_RE.match(parts["resource"]):
                errors.append("its resource must be key/KEY_ID or alias/NAME")
        for error in errors:
            self.problems.add(key, arn, f"the KMS key ARN {error}", "Write the full ARN of the KMS key")
        if errors or not self._region_allowed(key, arn, parts["region"], "KMS key"):
            return seen
        try:
            meta = self.api.call("kms", "describe_key", region=parts["region"], KeyId=arn)["KeyMetadata"]
        except AwsCallError as exc:
            if exc.fatal:
                raise
            if exc.code in KMS_NOT_FOUND:
                seen["status"] = "missing"
                self.problems.add(key, arn, "the KMS key does not exist", "Correct the ARN or create the key")
            else:
                seen["status"] = "not_checked"
                self.problems.add(key, arn, f"the KMS key could not be checked ({exc.code}: {exc.message})",
                                  "Allow kms:DescribeKey to the deploying identity")
            return seen
        seen["state"] = meta.get("KeyState")
        if seen["state"] == "Enabled":
            seen["status"] = "found"
        else:
            seen["status"] = "not_enabled"
            self.problems.add(key, arn, f"the KMS key is {seen['state']}, so secrets encrypted with it cannot be "
                              "decrypted", "Enable the key (or cancel its deletion) or name another key")
        return seen
