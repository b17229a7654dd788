"""Each way a service can be wrong fails its own check; settings and rollbacks end the wait at once.

Service state is written onto moto's Service model (ecs_state fixture): moto has no agent, no deployment states
other than its initial one, no events, and drops deploymentConfiguration and healthCheckGracePeriodSeconds.
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_service import ServiceVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_service_info
from ecs_service_states import deployment, event


def _run(api, ecs_state, timeout=0, **spec):
    spec = dict({"name": "web", "task_definition_arn": ecs_state.arns[1], "min_count": 2}, **spec)
    result = verify(ServiceVerifier(api, "demo", [spec]), timeout, 1)
    return result, {c["name"]: c for c in result["checks"]}


def test_running_below_desired_fails(api, ecs_state):
    ecs_state.create()
    ecs_state.steady().running_count = 1
    result, checks = _run(api, ecs_state)
    assert not result["passed"] and not checks["running = desired"]["passed"]
    assert checks["running = desired"]["actual"] == "1 running, 0 pending"
    assert [k for k, c in checks.items() if not c["passed"]] == ["running = desired"]


def test_moto_without_control_plane_fails_running_and_deployment(api, ecs_state):
    """Unpatched moto (no agent): 0 running, IN_PROGRESS, no deployment settings -> several failed checks."""
    ecs_state.create()
    _result, checks = _run(api, ecs_state)
    failed = {k for k, c in checks.items() if not c["passed"]}
    assert failed == {"running = desired", "deployments", "min/max percent", "circuit breaker",
                      "health check grace period", "AZ rebalancing"}
    assert checks["AZ rebalancing"]["actual"] == "not reported"


def test_wrong_deployment_configuration_ends_the_wait(api, ecs_state):
    ecs_state.create()
    ecs_state.steady(configuration={"deploymentCircuitBreaker": {"enable": True, "rollback": False},
                                    "maximumPercent": 150, "minimumHealthyPercent": 50}, grace=0,
                     rebalancing="DISABLED")
    result, checks = _run(api, ecs_state, timeout=60)
    assert result["polls"] == 1 and result["timed_out"] is False
    assert checks["min/max percent"]["actual"] == "50/150"
    assert checks["circuit breaker"]["actual"] == "enable=true, rollback=false"
    assert checks["health check grace period"]["actual"] == "0 s"
    assert checks["AZ rebalancing"]["actual"] == "DISABLED" and checks["AZ rebalancing"]["expected"] == "ENABLED"
    assert any("AZ rebalancing: expected ENABLED, saw DISABLED" in p["reason"]
               and "availability_zone_rebalancing" in p["action"] for p in result["problems"])
    assert checks["running = desired"]["passed"]


def test_rollback_and_other_revision_serving_fail(api, ecs_state):
    """The circuit breaker failed :2 and rolled back to :1 - Terraform's apply had succeeded."""
    ecs_state.create()
    svc = ecs_state.steady(revision=1)
    svc.deployments = [
        deployment("ecs-svc/100", 1, reason="ECS deployment ecs-svc/100 completed."),
        deployment("ecs-svc/200", 2, status="ACTIVE", state="FAILED", running=0,
                   reason="ECS deployment circuit breaker: tasks failed to start."),
    ]
    svc.events = [event("(service web) rolling back to deployment ecs-svc/100."),
                  event("(service web) (deployment ecs-svc/200) deployment failed: tasks failed to start.", 5)]
    result, checks = _run(api, ecs_state, timeout=60)
    assert result["polls"] == 1
    assert not checks["no rollback in recent events"]["passed"]
    assert "circuit breaker: tasks failed to start" in checks["no rollback in recent events"]["actual"]
    assert checks["task definition serving"]["expected"] == "demo-web:2"
    assert checks["task definition serving"]["actual"] == "demo-web:1"
    assert not checks["deployments"]["passed"]


def test_old_rollback_outside_the_window_is_ignored(api, ecs_state):
    ecs_state.create()
    svc = ecs_state.steady()
    svc.events = [event("(service web) rolling back to deployment ecs-svc/1.", age=7200)]
    _result, checks = _run(api, ecs_state)
    assert checks["no rollback in recent events"]["passed"]


def test_deployment_in_progress_completes_during_the_wait(api, ecs_state):
    ecs_state.create()
    svc = ecs_state.steady()
    svc.deployments = [deployment("ecs-svc/200", 2, state="IN_PROGRESS", running=1),
                       deployment("ecs-svc/100", 1, status="ACTIVE", running=1)]
    svc.running_count = 2

    def sleep(_seconds):
        ecs_state.steady()

    result = verify(ServiceVerifier(api, "demo", [{"name": "web", "task_definition_arn": "demo-web:2"}]), 60, 3,
                    sleep=sleep)
    assert result["passed"] and result["polls"] == 2


def test_missing_service_fails_at_once(api, ecs_state):
    result, checks = _run(api, ecs_state, timeout=60)
    assert result["polls"] == 1 and list(checks) == ["service exists"]
    assert checks["service exists"]["actual"] == "missing"


def test_main_times_out_naming_the_failed_checks(ecs_state, run_main):
    ecs_state.create()
    ecs_state.steady().running_count = 1
    failed, result = run_main(verify_service_info.main, {
        "cluster_name": "demo", "services": [{"name": "web", "min_count": 2}], "wait_timeout": 1,
        "poll_interval": 1})
    assert failed and result["timed_out"] is True
    assert "ECS services: 1 check(s) failed (timed out after" in result["msg"]
    assert "running = desired: expected 2 running, saw 1 running, 0 pending" in result["msg"]


def test_rollback_before_the_requested_revision_was_deployed_again_is_history(api, ecs_state):
    """:2 failed and was rolled back 10 min ago; then :2 (fixed image, same requested revision) completed 2 min ago."""
    ecs_state.create()
    svc = ecs_state.steady()
    svc.deployments = [deployment("ecs-svc/300", 2, age=120)]
    svc.events = [event("(service web) has reached a steady state.", age=60),
                  event("(service web) rolling back to deployment ecs-svc/100.", age=600)]
    _result, checks = _run(api, ecs_state)
    assert checks["no rollback in recent events"]["passed"]


def test_rollback_after_the_serving_deployment_started_still_fails(api, ecs_state):
    ecs_state.create()
    svc = ecs_state.steady()
    svc.deployments = [deployment("ecs-svc/300", 2, age=600)]
    svc.events = [event("(service web) rolling back to deployment ecs-svc/300.", age=60)]
    _result, checks = _run(api, ecs_state)
    assert not checks["no rollback in recent events"]["passed"]
