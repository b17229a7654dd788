"""Unhealthy targets fail with their reason codes; too few AZs and a desiredCount above the floor fail too.

Target states other than `healthy` are planted by patching moto's FakeTargetGroup.health_for (target_health fixture).
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_targets_info


def _checks(result):
    return {c["name"]: c["passed"] for c in result["checks"]}


def test_unhealthy_target_is_listed_with_its_reason(api, deployment, target_health):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    target_health({"10.0.1.10": ("unhealthy", "Target.ResponseCodeMismatch")})
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}]), 0, 1)
    assert not result["passed"]
    assert _checks(result) == {"healthy targets": False, "healthy targets' AZs": False, "unhealthy targets": False}
    assert result["services"][0]["unhealthy_targets"][0]["reason"] == "Target.ResponseCodeMismatch"
    assert result["services"][0]["unhealthy_targets"][0]["az"] == "us-east-1b"
    assert "Target.ResponseCodeMismatch" in result["problems"][0]["reason"]


def test_tolerance_accepts_one_unhealthy(api, deployment, target_health):
    arn = deployment.target_group("web")
    for ip, az in [("10.0.0.10", "us-east-1a"), ("10.0.1.10", "us-east-1b"), ("10.0.1.11", "us-east-1b")]:
        deployment.task("web", ip, az)
    target_health({"10.0.1.11": ("unhealthy", "Target.Timeout")})
    verifier = TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}],
                               unhealthy_tolerance=1)
    assert verify(verifier, 0, 1)["passed"]


def test_initial_targets_do_not_count_as_unhealthy_nor_healthy(api, deployment, target_health):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    target_health({"10.0.1.10": ("initial", "Elb.RegistrationInProgress")})
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 1}],
                                    min_azs=1), 0, 1)
    assert result["passed"]
    assert result["services"][0]["states"] == {"healthy": 1, "initial": 1}


def test_healthy_targets_in_one_az_fail(api, deployment):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.0.11", "us-east-1a")
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}]), 0, 1)
    assert _checks(result) == {"healthy targets": True, "healthy targets' AZs": False, "unhealthy targets": True}
    assert "span 1 AZ(s) (us-east-1a), 2 needed" in result["problems"][0]["reason"]


def test_current_desired_count_raises_the_floor(api, deployment):
    """Auto scaling moved desiredCount to 3: two healthy targets are not enough although min_count is 2."""
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    deployment.service("web", 3)
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}], "demo"), 0, 1)
    assert _checks(result)["healthy targets"] is False
    assert result["services"][0]["expected_healthy"] == 3 and result["services"][0]["desired_count"] == 3


def test_missing_target_group_fails_at_once(api, deployment):
    arn = deployment.target_group("web").replace("demo-web", "demo-gone")
    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn}]), 60, 1)
    assert not result["passed"] and result["polls"] == 1 and result["timed_out"] is False
    assert result["checks"][0]["name"] == "target group exists"


def test_main_fails_naming_the_service_and_reason(deployment, target_health, run_main):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    target_health({"10.0.0.10": ("unhealthy", "Target.FailedHealthChecks")})
    failed, result = run_main(verify_targets_info.main, {
        "services": [{"name": "web", "target_group_arn": arn, "min_healthy": 2}], "wait_timeout": 0})
    assert failed
    assert "Target health: 3 check(s) failed" in result["msg"]
    assert "web: " in result["msg"] and "Target.FailedHealthChecks" in result["msg"]
