"""A steady service deployed as designed and serving the requested revision passes.

The steady state (runningCount, one COMPLETED PRIMARY deployment, deploymentConfiguration, grace period, events) is
written onto moto's Service model (ecs_state fixture): moto has no agent and drops those fields.
"""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_service import ServiceVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_service_info


def test_steady_service_passes(api, ecs_state):
    ecs_state.create()
    ecs_state.steady()
    spec = [{"name": "web", "task_definition_arn": ecs_state.arns[1], "min_count": 2}]
    result = verify(ServiceVerifier(api, "demo", spec), 0, 1)
    assert result["passed"], result["problems"]
    assert [c["name"] for c in result["checks"]] == [
        "running = desired", "desired >= min_count", "deployments", "min/max percent", "circuit breaker",
        "health check grace period", "AZ rebalancing", "no rollback in recent events", "task definition serving"]
    service = result["services"][0]
    assert service["serving_task_definition"].endswith("demo-web:2")
    assert service["deployment_configuration"] == {
        "minimum_healthy_percent": 100, "maximum_percent": 200, "circuit_breaker_enable": True,
        "circuit_breaker_rollback": True, "health_check_grace_period": 60}
    assert service["availability_zone_rebalancing"] == "ENABLED"
    assert service["events"][0]["message"] == "(service web) has reached a steady state."


def test_main_passes_and_reads_once(ecs_state, run_main):
    ecs_state.create()
    ecs_state.steady()
    failed, result = run_main(verify_service_info.main, {
        "cluster_name": "demo", "services": [{"name": "web", "task_definition_arn": "demo-web:2", "min_count": 2}]})
    assert not failed, result.get("msg")
    assert result["changed"] is False and result["polls"] == 1 and result["api_calls"] == {"ecs": 1}


def test_desired_count_moved_by_autoscaling_is_fine_above_min_count(api, ecs_state):
    ecs_state.create()
    ecs_state.steady(desired=4)
    result = verify(ServiceVerifier(api, "demo", [{"name": "web", "min_count": 2}]), 0, 1)
    assert result["passed"] and result["services"][0]["desired_count"] == 4
