"""Service Quotas EC2 vCPU quotas (servicequotas-ec2-quotas)."""

import pytest
from botocore.exceptions import ClientError

from emulator.fixes.servicequotas_ec2_quotas import parse_overrides

STANDARD_ON_DEMAND, STANDARD_SPOT = "L-1216C47A", "L-34B43A08"


def test_servicequotas_ec2_quotas_fixed(fixed):
    quotas = fixed.client("service-quotas")
    quota = quotas.get_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_ON_DEMAND)["Quota"]
    assert quota["QuotaName"] == "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"
    assert quota["Value"] == 640.0
    assert quota["Unit"] == "None"
    assert quota["Adjustable"] is True
    assert quota["QuotaArn"] == f"arn:aws:servicequotas:us-east-1:123456789012:ec2/{STANDARD_ON_DEMAND}"
    assert quota["UsageMetric"]["MetricDimensions"]["Class"] == "Standard/OnDemand"
    spot = quotas.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_SPOT)["Quota"]
    assert spot["QuotaName"] == "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"
    assert spot["Value"] == 640.0
    listed = {q["QuotaCode"] for q in quotas.list_service_quotas(ServiceCode="ec2")["Quotas"]}
    assert {STANDARD_ON_DEMAND, STANDARD_SPOT, "L-DB2E81BA", "L-3819A6DF"} <= listed
    with pytest.raises(ClientError) as error:
        quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-00000000")
    assert error.value.response["Error"]["Code"] == "NoSuchResourceException"
    # the VPC quotas moto already had still answer
    assert quotas.get_aws_default_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")["Quota"]["Value"] > 0


def test_servicequotas_ec2_quotas_override_fixed(control_plane):
    """The control-plane test server runs with EMULATOR_EC2_VCPU_QUOTAS=L-1216C47A=64,L-34B43A08=32."""
    quotas = control_plane.client("service-quotas")
    assert quotas.get_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_ON_DEMAND)["Quota"]["Value"] == 64.0
    assert quotas.get_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_SPOT)["Quota"]["Value"] == 32.0
    # the AWS default does not move with the account's applied value
    default = quotas.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_ON_DEMAND)["Quota"]
    assert default["Value"] == 640.0


def test_servicequotas_ec2_quotas_override_setting():
    assert parse_overrides(" L-1216C47A=64 , L-34B43A08=8") == {"L-1216C47A": 64.0, "L-34B43A08": 8.0}
    assert parse_overrides("") == {}
    with pytest.raises(ValueError, match="L-TYPO"):
        parse_overrides("L-TYPO=1")
    with pytest.raises(ValueError, match="not a number"):
        parse_overrides("L-1216C47A=lots")


def test_servicequotas_ec2_quotas_gap_visible_unfixed(unfixed):
    quotas = unfixed.client("service-quotas")
    with pytest.raises(ClientError) as error:
        quotas.get_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_ON_DEMAND)
    assert error.value.response["Error"]["Code"] == "NoSuchResourceException"
    with pytest.raises(ClientError):  # not implemented in moto
        quotas.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode=STANDARD_ON_DEMAND)
