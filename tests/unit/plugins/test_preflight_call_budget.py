"""Pre-flight for 50 secret ARNs and 3 instance types in 3 AZs makes a bounded number of API calls.

How long it takes is measured by `make bench` (preflight_seconds), never asserted here: a timed assertion fails on
a loaded machine and passes on a fast one whatever the code does.
"""

import boto3
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_capacity import CapacityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_identity import IdentityCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_plan import PlanCheck
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.preflight_secrets import SecretsCheck
from moto.servicequotas.models import ServiceQuotasBackend

AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
TYPES = ["m5.large", "c5.large", "t3.medium"]


def _plant_secrets():
    ssm, asm = boto3.client("ssm"), boto3.client("secretsmanager")
    refs = []
    for i in range(25):
        ssm.put_parameter(Name=f"/bench/p{i}", Value="ignored", Type="SecureString")
        refs.append(f"arn:aws:ssm:us-east-1:123456789012:parameter/bench/p{i}")
        refs.append(asm.create_secret(Name=f"bench/s{i}", SecretString="ignored")["ARN"])
    return [{"key": f"ecs_services[{i // 10}].secrets[{i % 10}].value_from", "arn": arn} for i, arn in enumerate(refs)]


def test_fifty_secrets_three_types_three_azs_make_a_bounded_number_of_calls(api, monkeypatch):
    def quota(self, service_code, quota_code):
        return {"ServiceCode": service_code, "QuotaCode": quota_code, "Value": 512.0}

    monkeypatch.setattr(ServiceQuotasBackend, "get_service_quota", quota)
    refs = _plant_secrets()
    boto3.client("ec2").describe_availability_zones()  # warm moto's EC2 data, as a running emulator would be
    services = [dict(name=f"s{i}", cpu=256, memory=512, min_count=1, desired_count=1, max_count=2) for i in range(5)]

    results = [
        IdentityCheck(api, "123456789012").run(),
        SecretsCheck(api, refs, []).run(),
        CapacityCheck(api, azs=AZS, instance_types=TYPES, asg_max_size=6,
                      ami_ssm_parameter="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id").run(),
        PlanCheck(api, 2, 6, 2, 1, services, TYPES).run(),
    ]

    assert [len(r["problems"]) for r in results] == [0, 0, 0, 0]
    calls = api.api_calls
    # 25 names fit one DescribeParameters batch (moto pages it by 10: 3 pages); one DescribeSecret per secret.
    assert calls["secretsmanager"] == 25
    assert calls["ssm"] == 3 + 1  # + the public AMI parameter
    assert calls["ec2"] == 5  # zones, types, offerings (one call), images, types for the plan
    assert calls["service_quotas"] == 2 and calls["sts"] == 1
