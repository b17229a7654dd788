"""The wait: a target that turns healthy between polls, the lowest healthy count seen, and the timeout.

Target states are planted by patching moto's FakeTargetGroup.health_for (target_health fixture); the sleep between
polls is a fake that changes the planted state, so no test waits for real except the tiny-timeout one (1 s).
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_targets import TargetsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_targets_info


def test_waits_until_the_target_turns_healthy(api, deployment, target_health):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    target_health({"10.0.1.10": ("unhealthy", "Target.Timeout")})
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        target_health({})  # the task passed its health check

    result = verify(TargetsVerifier(api, [{"name": "web", "target_group_arn": arn, "min_healthy": 2}]), 60, 5,
                    sleep=sleep)
    assert result["passed"] and result["polls"] == 2 and sleeps == [5]
    assert result["min_healthy_seen"] == {"web": 1}
    assert [s["healthy"] for s in result["samples"]] == [1, 2]


def test_timeout_with_a_tiny_wait(deployment, target_health, run_main):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    deployment.task("web", "10.0.1.10", "us-east-1b")
    target_health({"10.0.1.10": ("unhealthy", "Target.Timeout")})
    failed, result = run_main(verify_targets_info.main, {
        "services": [{"name": "web", "target_group_arn": arn, "min_healthy": 2}],
        "wait_timeout": 1, "poll_interval": 1})
    assert failed and result["timed_out"] is True and result["polls"] >= 1
    assert "timed out after" in result["msg"]


def test_no_fail_when_asked_to_collect(deployment, target_health, run_main):
    arn = deployment.target_group("web")
    deployment.task("web", "10.0.0.10", "us-east-1a")
    target_health({"10.0.0.10": ("unhealthy", "Target.Timeout")})
    failed, result = run_main(verify_targets_info.main, {
        "services": [{"name": "web", "target_group_arn": arn}], "wait_timeout": 0, "fail_on_problems": False})
    assert not failed and result["passed"] is False and len(result["problems"]) == 3
