"""Service Quotas knows the EC2 vCPU quotas (On-Demand and Spot, per instance family).

moto only ships the VPC quotas: GetServiceQuota(ServiceCode=ec2, ...) raises NoSuchResourceException
and GetAWSDefaultServiceQuota / ListServiceQuotas are not implemented, so a pre-flight check that
compares an Auto Scaling group's maximum vCPUs with the account quota cannot run. AWS answers with
the quota in vCPUs, Unit "None", Adjustable true.

The applied values default to EC2_VCPU_QUOTA_DEFAULTS; EMULATOR_EC2_VCPU_QUOTAS="L-1216C47A=64,..."
overrides them (an unknown code is an error). GetAWSDefaultServiceQuota always reports the defaults.
"""

from __future__ import annotations

import json
import os
from typing import Any

from emulator.fixes import Fix, register

EC2_SERVICE_NAME = "Amazon Elastic Compute Cloud (Amazon EC2)"
OVERRIDE_ENV = "EMULATOR_EC2_VCPU_QUOTAS"

# code: (name, default vCPUs, usage class). Values are the emulator's documented defaults.
EC2_VCPU_QUOTA_DEFAULTS: dict[str, tuple[str, float, str]] = {
    "L-1216C47A": ("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", 640.0, "Standard/OnDemand"),
    "L-74FC7D96": ("Running On-Demand F instances", 128.0, "F/OnDemand"),
    "L-DB2E81BA": ("Running On-Demand G and VT instances", 64.0, "G/OnDemand"),
    "L-417A185B": ("Running On-Demand P instances", 64.0, "P/OnDemand"),
    "L-7295265B": ("Running On-Demand X instances", 128.0, "X/OnDemand"),
    "L-1945791B": ("Running On-Demand Inf instances", 64.0, "Inf/OnDemand"),
    "L-34B43A08": ("All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests", 640.0, "Standard/Spot"),
    "L-88CF9481": ("All F Spot Instance Requests", 128.0, "F/Spot"),
    "L-3819A6DF": ("All G and VT Spot Instance Requests", 64.0, "G/Spot"),
    "L-7212CCBC": ("All P Spot Instance Requests", 64.0, "P/Spot"),
    "L-E3A00192": ("All X Spot Instance Requests", 128.0, "X/Spot"),
    "L-B5D1601B": ("All Inf Spot Instance Requests", 64.0, "Inf/Spot"),
}


def parse_overrides(setting: str | None) -> dict[str, float]:
    """``"L-1216C47A=64,L-34B43A08=64"`` -> {code: value}; unknown codes and bad numbers are errors."""
    overrides: dict[str, float] = {}
    for part in (setting or "").split(","):
        if not part.strip():
            continue
        code, sep, value = part.partition("=")
        code = code.strip()
        if not sep or code not in EC2_VCPU_QUOTA_DEFAULTS:
            raise ValueError(f"{OVERRIDE_ENV}: {part.strip()!r} is not CODE=VALUE with a known EC2 vCPU quota code")
        try:
            overrides[code] = float(value)
        except ValueError:
            raise ValueError(f"{OVERRIDE_ENV}: {value!r} is not a number") from None
    return overrides


def ec2_quota(code: str, region: str, account_id: str | None, value: float | None = None) -> dict[str, Any]:
    name, default, usage_class = EC2_VCPU_QUOTA_DEFAULTS[code]
    family, market = usage_class.split("/")
    return {
        "ServiceCode": "ec2",
        "ServiceName": EC2_SERVICE_NAME,
        # applied quotas carry the account id, AWS defaults do not
        "QuotaArn": f"arn:aws:servicequotas:{region}:{account_id or ''}:ec2/{code}",
        "QuotaCode": code,
        "QuotaName": name,
        "Value": default if value is None else value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
        "UsageMetric": {
            "MetricNamespace": "AWS/Usage",
            "MetricName": "ResourceCount",
            "MetricDimensions": {
                "Class": f"{family}/{market}",
                "Resource": "vCPU",
                "Service": "EC2",
                "Type": "Resource",
            },
            "MetricStatisticRecommendation": "Maximum",
        },
    }


def _apply() -> None:
    from moto.servicequotas.exceptions import NoSuchResource
    from moto.servicequotas.resources.default_quotas.vpc import VPC_DEFAULT_QUOTAS
    from moto.servicequotas.responses import ServiceQuotasResponse

    overrides = parse_overrides(os.environ.get(OVERRIDE_ENV))

    def applied(self: Any, service_code: str) -> list[dict[str, Any]]:
        if service_code == "ec2":
            return [
                ec2_quota(code, self.region, self.current_account, overrides.get(code))
                for code in EC2_VCPU_QUOTA_DEFAULTS
            ]
        if service_code == "vpc":
            return VPC_DEFAULT_QUOTAS
        raise NoSuchResource

    def defaults(self: Any, service_code: str) -> list[dict[str, Any]]:
        if service_code == "ec2":
            return [ec2_quota(code, self.region, None) for code in EC2_VCPU_QUOTA_DEFAULTS]
        return applied(self, service_code)

    def pick(quotas: list[dict[str, Any]], code: str) -> str:
        for quota in quotas:
            if quota["QuotaCode"] == code:
                return json.dumps({"Quota": quota})
        raise NoSuchResource

    def get_service_quota(self: Any) -> str:
        params = json.loads(self.body)
        return pick(applied(self, str(params.get("ServiceCode"))), str(params.get("QuotaCode")))

    def get_aws_default_service_quota(self: Any) -> str:
        params = json.loads(self.body)
        return pick(defaults(self, str(params.get("ServiceCode"))), str(params.get("QuotaCode")))

    def list_service_quotas(self: Any) -> str:
        return json.dumps({"Quotas": applied(self, str(json.loads(self.body).get("ServiceCode")))})

    def list_aws_default_service_quotas(self: Any) -> str:
        return json.dumps({"Quotas": defaults(self, str(json.loads(self.body).get("ServiceCode")))})

    ServiceQuotasResponse.get_service_quota = get_service_quota
    ServiceQuotasResponse.get_aws_default_service_quota = get_aws_default_service_quota
    ServiceQuotasResponse.list_service_quotas = list_service_quotas
    ServiceQuotasResponse.list_aws_default_service_quotas = list_aws_default_service_quotas


FIX = register(
    Fix(
        id="servicequotas-ec2-quotas",
        gap="Service Quotas has no EC2 quotas: GetServiceQuota(ec2, L-1216C47A / L-34B43A08 ...) raises "
        "NoSuchResourceException; GetAWSDefaultServiceQuota and ListServiceQuotas are not implemented",
        symptom="a pre-flight vCPU quota check against the ASG's maximum size cannot run",
        apply=_apply,
    )
)
