"""A valid inventory (the local one, with the role defaults and example ARNs) and a runner of the rules."""

import copy

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.inventory_rules import validate

ACCOUNT = "123456789012"
VALID = dict(
    ecs_environment="local", ecs_project="demo", ecs_owner="platform-team", ecs_aws_region="us-east-1",
    ecs_aws_account_id=ACCOUNT, ecs_tags={"CostCenter": "42"},
    ecs_state_bucket=f"demo-local-tfstate-{ACCOUNT}", ecs_lock_table="demo-local-tflock", ecs_state_kms_key_arn="",
    ecs_vpc_cidr="10.40.0.0/16", ecs_azs=["us-east-1a", "us-east-1b"],
    ecs_public_subnet_cidrs=["10.40.0.0/24", "10.40.1.0/24"],
    ecs_private_subnet_cidrs=["10.40.10.0/24", "10.40.11.0/24"],
    ecs_interface_endpoints=["ssm", "ssmmessages", "ec2messages", "ecr.api", "ecr.dkr", "logs"],
    ecs_flow_log_retention_days=30,
    ecs_certificate_arn=f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
    ecs_ssl_policy="ELBSecurityPolicy-TLS13-1-2-2021-06", ecs_alb_idle_timeout=60, ecs_alb_access_logs_bucket="",
    ecs_route53_zone_id="Z0123456789ABCDEFGHIJ", ecs_domain_name="demo.local.test",
    ecs_instance_types=["t3.large", "t3a.large", "m5.large"], ecs_ami_id="",
    ecs_ami_ssm_parameter="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    ecs_root_volume_size=30, ecs_asg_min_size=2, ecs_asg_max_size=6, ecs_asg_desired_capacity=2,
    ecs_on_demand_base_capacity=2, ecs_on_demand_percentage_above_base=0,
    ecs_spot_allocation_strategy="price-capacity-optimized", ecs_capacity_target=80,
    ecs_ebs_kms_key_arn="", ecs_log_kms_key_arn="",
    ecs_secret_kms_key_arns=[f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ecs_allow_cross_region_secrets=False, ecs_alarm_email_endpoints=["oncall@example.com"],
    ecs_spot_interruption_threshold=3, ecs_container_insights=True, ecs_tasks_below_desired_alarm=True,
    ecs_services=[
        dict(name="web", image="public.ecr.aws/nginx/nginx:1.27", container_port=8080, cpu=256, memory=512,
             desired_count=2, min_count=2, max_count=6, listener_priority=100, health_check_path="/health",
             health_check_matcher="200", path_patterns=["/*"], host_headers=[], environment={"APP_ENV": "local"},
             secrets=[dict(name="DB_PASSWORD", value_from=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/demo/db"),
                      dict(name="API_TOKEN",
                           value_from=f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:demo/token-AbCdEf")],
             cpu_target=60, memory_target=70, log_retention_days=30,
             scheduled_scaling=[dict(name="night", schedule="cron(0 20 ? * MON-FRI *)", min_count=1, max_count=2)]),
        dict(name="api", image="public.ecr.aws/docker/library/httpd:2.4", container_port=8081, cpu=256, memory=512,
             desired_count=2, min_count=2, max_count=4, listener_priority=90, path_patterns=["/api/*"]),
    ],
)


@pytest.fixture
def inventory():
    """A fresh copy of a valid inventory for each test to break."""
    return copy.deepcopy(VALID)


@pytest.fixture
def check():
    """check(inventory) -> the findings as dicts (key, value, reason, action, rule)."""
    return lambda inv: validate(inv).as_list()


@pytest.fixture
def keys_of():
    """keys_of(findings, rule=None) -> the keys named, in order, optionally of one rule only."""
    return lambda found, rule=None: [f["key"] for f in found if rule is None or f["rule"] == rule]
