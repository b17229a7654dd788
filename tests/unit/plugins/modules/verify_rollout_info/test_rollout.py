"""Following a deployment: completed, rolled back by the circuit breaker, a dip below desired, and the timeout.

ECS deployment states are written onto moto's Service model and target states planted by patching moto's
FakeTargetGroup.health_for (see conftest): moto has no control plane. The sleep between polls applies the next step.
"""

import rollout_steps
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import verify_common
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_rollout import RolloutFollower
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_rollout_info


def _follow(api, world, timeout=60, **extra):
    args = world.args(**extra)
    follower = RolloutFollower(api, args["cluster_name"], args["service"], args["task_definition_arn"],
                               args["target_group_arn"], min_healthy=args["min_healthy"])
    return verify(follower, timeout, 5, sleep=world.sleep)


def test_completed_rollout_passes_and_never_dips(api, world):
    rollout_steps.start(world)
    rollout_steps.successful(world)
    result = _follow(api, world)
    assert result["passed"], result["problems"]
    assert result["outcome"] == "completed" and result["polls"] == 3
    assert [(s["outcome"], s["healthy"], s["expected"]) for s in result["samples"]] == [
        ("in_progress", 2, 2), ("in_progress", 4, 2), ("completed", 2, 2)]
    assert result["min_healthy_seen"] == 2
    assert result["serving_task_definition"] == "demo-web:2"
    assert [c["name"] for c in result["checks"]] == ["rollout", "task definition serving",
                                                     "healthy targets at every poll"]


def test_rollback_waits_for_the_rollback_and_names_reason_and_revision(api, world):
    rollout_steps.start(world)
    rollout_steps.rolled_back(world)
    result = _follow(api, world)
    assert not result["passed"] and result["outcome"] == "rolled_back"
    assert result["polls"] == 3 and result["timed_out"] is False  # stopped only once :1 was steady again
    assert result["serving_task_definition"] == "demo-web:1"
    assert result["failure_reason"] == rollout_steps.FAILED_REASON
    assert result["deployment"]["id"] == "ecs-svc/200"
    rollout = result["checks"][0]
    assert rollout["actual"] == "ROLLED_BACK"
    reason = result["problems"][0]["reason"]
    assert "ecs-svc/200 of demo-web:2 was rolled back by the circuit breaker" in reason
    assert rollout_steps.FAILED_REASON.rstrip(".") in reason and "serving now: demo-web:1" in reason


def test_main_fails_on_rollback_with_reason_and_serving_revision(world, run_main, monkeypatch):
    rollout_steps.start(world)
    rollout_steps.rolled_back(world)
    monkeypatch.setattr(verify_common.time, "sleep", world.sleep)
    failed, result = run_main(verify_rollout_info.main, world.args(wait_timeout=60, poll_interval=5))
    assert failed and result["changed"] is False
    assert result["msg"].startswith("Rollout of web: 2 check(s) failed")
    assert "circuit breaker: tasks failed to start" in result["msg"] and "serving now: demo-web:1" in result["msg"]


def test_a_dip_below_desired_fails_even_when_the_rollout_completes(api, world):
    rollout_steps.start(world)
    rollout_steps.successful(world)
    world.planted["10.0.1.10"] = ("draining", "Target.DeregistrationInProgress")  # an old task stopped too early
    result = _follow(api, world)
    assert result["outcome"] == "completed" and not result["passed"]
    dips = result["checks"][2]
    assert not dips["passed"] and dips["actual"] == "min 1; below at poll(s) 1"
    assert result["min_healthy_seen"] == 1


def test_no_change_is_already_complete(api, world):
    """Terraform applied nothing new: the requested revision is already the only COMPLETED deployment."""
    result = _follow(api, world, task_definition_arn=world.ecs.arns[0])
    assert result["passed"] and result["polls"] == 1


def test_timeout_while_in_progress(world, run_main):
    rollout_steps.start(world)
    failed, result = run_main(verify_rollout_info.main, world.args(wait_timeout=1, poll_interval=1))
    assert failed and result["timed_out"] is True and result["outcome"] == "in_progress"
    assert "timed out after" in result["msg"]
