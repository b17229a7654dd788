"""Extra-vars files for the scale figure (N services) and the pre-flight figure (50 secrets, 3 AZs)."""

from __future__ import annotations

import json
import secrets

import yaml


def scaled_services(count: int) -> dict:
    """N small services with unique names, ports, listener priorities and paths; each reads one secret by ARN.
    Two tasks each (verify wants healthy targets in 2 AZs), and an ASG sized so 2N awsvpc tasks can be placed
    (t3.large: 2 task ENIs per instance) and the pre-flight's max-count placement check passes. The size goes in
    the minimum: Terraform ignores desired_capacity after creation (managed scaling owns it), so on one cluster
    that grows from 5 to 20 services only the minimum adds instances (in both AZs) before the new services."""
    services = []
    for i in range(1, count + 1):
        services.append({
            "name": "svc-%02d" % i, "image": "public.ecr.aws/nginx/nginx:1.27", "container_port": 8100 + i,
            "cpu": 128, "memory": 256, "desired_count": 2, "min_count": 2, "max_count": 2,
            "listener_priority": 1000 + i, "health_check_path": "/health", "path_patterns": ["/svc-%02d/*" % i],
            "secrets": [{"name": "DB_PASSWORD", "value_from": "{{ emulator_fixture_arns.web_db_password }}"}],
        })
    return {"ecs_services": services, "ecs_asg_min_size": max(2, count), "ecs_asg_desired_capacity": max(2, count),
            "ecs_asg_max_size": max(6, 2 * count)}


def write_json(path: str, data: dict) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
    return path


def fixture_arns(inventory: str) -> dict:
    with open("%s/group_vars/all/generated_fixtures.yml" % inventory, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["emulator_fixture_arns"]


def create_preflight_secrets(emulator, inventory: str, per_kind: int = 25) -> dict:
    """per_kind SSM SecureString parameters and per_kind Secrets Manager secrets in the emulator, encrypted with the
    fixtures' KMS key; values are random and sent straight to the emulator. Returns the extra vars that reference
    them (ARNs only): web reads the SSM ones, api the Secrets Manager ones; 3 AZs and 3 instance types."""
    kms_key = fixture_arns(inventory)["secrets_kms_key"]
    ssm, sm = emulator.client("ssm"), emulator.client("secretsmanager")
    ssm_arns, sm_arns = [], []
    for i in range(per_kind):
        name = "/bench/preflight/param-%02d" % i
        ssm.put_parameter(Name=name, Type="SecureString", KeyId=kms_key, Value=secrets.token_hex(16))
        ssm_arns.append("arn:aws:ssm:us-east-1:123456789012:parameter%s" % name)
        sm_arns.append(sm.create_secret(Name="bench/preflight/secret-%02d" % i, KmsKeyId=kms_key,
                                        SecretString=secrets.token_hex(16))["ARN"])
    base = {"image": "public.ecr.aws/nginx/nginx:1.27", "cpu": 256, "memory": 512, "desired_count": 2,
            "min_count": 2, "max_count": 4, "health_check_path": "/health"}
    services = [
        dict(base, name="web", container_port=8080, listener_priority=100, path_patterns=["/*"],
             secrets=[{"name": "SSM_%02d" % i, "value_from": arn} for i, arn in enumerate(ssm_arns)]),
        dict(base, name="api", container_port=8081, listener_priority=90, path_patterns=["/api/*"],
             secrets=[{"name": "SM_%02d" % i, "value_from": arn} for i, arn in enumerate(sm_arns)]),
    ]
    return {"ecs_services": services, "ecs_azs": ["us-east-1a", "us-east-1b", "us-east-1c"],
            "ecs_public_subnet_cidrs": ["10.40.0.0/24", "10.40.1.0/24", "10.40.2.0/24"],
            "ecs_private_subnet_cidrs": ["10.40.10.0/24", "10.40.11.0/24", "10.40.12.0/24"],
            "ecs_instance_types": ["t3.large", "t3a.large", "m5.large"]}
