"""Alarms exist, notify the topic, are not in ALARM and cover the design; each way to miss fails its own check.

Everything here is plain moto: alarms are created with PutMetricAlarm and their state set with SetAlarmState.
"""

from alarm_setup import LOG_GROUP, RULES
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_alarms import AlarmsVerifier
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import verify
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_alarms_info


def _verify(api, alarms, timeout=0, sleep=None, **extra):
    return verify(AlarmsVerifier(api, **alarms.args(**extra)), timeout, 1, sleep=sleep)


def _failed(result):
    return [(c["resource"], c["name"]) for c in result["checks"] if not c["passed"]]


def test_design_alarms_pass(api, alarms):
    alarms.design()
    result = _verify(api, alarms)
    assert result["passed"], result["problems"]
    assert [(c["resource"], c["name"]) for c in result["checks"]] == [
        ("alarms", "alarms exist"), ("alarms", "notify the topic"), ("alarms", "not in ALARM"),
        ("web", "running-tasks alarm"), ("web", "unhealthy-hosts alarm"), ("alarms", "ASG baseline alarm"),
        ("alarms", "alarm on rule demo-local-deployment-failed"),
        ("alarms", "alarm on rule demo-local-instance-lost"), ("alarms", "rules page only through their alarms")]
    assert [(r["name"], r["targets"]) for r in result["event_rules"]] == [
        ("demo-local-deployment-failed", [LOG_GROUP]), ("demo-local-instance-lost", [LOG_GROUP])]
    running = next(a for a in result["alarms"] if a["name"] == "demo-local-web-tasks-below-desired")
    assert running["metrics"] == ["ECS/ContainerInsights/DesiredTaskCount", "ECS/ContainerInsights/RunningTaskCount"]


def test_missing_alarm_fails_at_once(api, alarms):
    alarms.design(skip=["demo-local-web-unhealthy-hosts"])
    result = _verify(api, alarms, timeout=60, alarm_names=sorted(alarms.names + ["demo-local-web-unhealthy-hosts"]))
    assert result["polls"] == 1
    assert _failed(result) == [("alarms", "alarms exist"), ("web", "unhealthy-hosts alarm")]
    assert "missing demo-local-web-unhealthy-hosts" in result["checks"][0]["actual"]


def test_alarm_not_wired_to_the_topic_fails(api, alarms):
    alarms.design()
    alarms.put("demo-local-extra", actions=[], Namespace="AWS/ECS", MetricName="CPUUtilization", Statistic="Average",
               Period=60)
    result = _verify(api, alarms)
    assert _failed(result) == [("alarms", "notify the topic")]
    assert "not wired: demo-local-extra" in result["checks"][1]["actual"]


def test_alarm_in_alarm_fails_and_names_it(api, alarms):
    alarms.design()
    alarms.cw.set_alarm_state(AlarmName="demo-local-asg-below-baseline", StateValue="ALARM", StateReason="test")
    result = _verify(api, alarms)
    assert _failed(result) == [("alarms", "not in ALARM")]
    assert result["timed_out"] is True
    assert "ALARM: demo-local-asg-below-baseline" in result["checks"][2]["actual"]


def test_alarm_returning_to_ok_during_the_wait_passes(api, alarms):
    alarms.design()
    alarms.cw.set_alarm_state(AlarmName="demo-local-asg-below-baseline", StateValue="ALARM", StateReason="test")

    def sleep(_seconds):
        alarms.cw.set_alarm_state(AlarmName="demo-local-asg-below-baseline", StateValue="OK", StateReason="back")

    result = _verify(api, alarms, timeout=60, sleep=sleep)
    assert result["passed"] and result["polls"] == 2


def test_design_not_covered_when_a_service_has_no_running_alarm(api, alarms):
    """An alarm list from another deployment: every alarm fine, but service api is not watched."""
    alarms.design()
    result = _verify(api, alarms, service_names={"web": "web", "api": "api"})
    assert _failed(result) == [("api", "running-tasks alarm")]


def test_asg_alarm_below_the_baseline_does_not_count(api, alarms):
    alarms.design()
    result = _verify(api, alarms, on_demand_base_capacity=3)
    assert _failed(result) == [("alarms", "ASG baseline alarm")]


def test_main_fails_with_the_alarm_in_alarm(alarms, run_main):
    alarms.design()
    alarms.cw.set_alarm_state(AlarmName="demo-local-web-unhealthy-hosts", StateValue="ALARM", StateReason="test")
    failed, result = run_main(verify_alarms_info.main, alarms.args(wait_timeout=1, poll_interval=1))
    assert failed and result["timed_out"] is True and result["changed"] is False
    assert "alarms: alarm(s) in ALARM: demo-local-web-unhealthy-hosts" in result["msg"]
    assert result["api_calls"] == {"cloudwatch": result["polls"], "events": 2 * result["polls"]}


def test_a_rule_that_targets_the_topic_pages_twice_and_fails(api, alarms):
    """The defect of issue 21: a rule publishing every event to the topic bypasses its alarm's threshold."""
    alarms.design()
    alarms.rules(targets=[LOG_GROUP, alarms.topic])
    result = _verify(api, alarms, timeout=60)
    assert result["polls"] == 1  # waiting does not fix a wiring
    assert _failed(result) == [("alarms", "rules page only through their alarms")]
    check = result["checks"][-1]
    assert check["actual"] == "0/2; targets the topic: demo-local-deployment-failed, demo-local-instance-lost"
    assert "bypassing the alarm's threshold" in result["problems"][0]["reason"]


def test_a_missing_rule_is_reported_not_raised(api, alarms):
    alarms.design()
    result = _verify(api, alarms, event_rule_names=RULES + ["demo-local-gone"])
    assert _failed(result) == [("alarms", "alarm on rule demo-local-gone")]
    assert dict(name="demo-local-gone", exists=False, targets=[]) in result["event_rules"]


def test_no_running_task_alarm_needed_when_switched_off(api, alarms):
    """ecs_tasks_below_desired_alarm: false (Container Insights off): no running-tasks alarm is expected."""
    alarms.design(skip=["demo-local-web-tasks-below-desired"])
    assert _failed(_verify(api, alarms)) == [("web", "running-tasks alarm")]
    result = _verify(api, alarms, running_tasks_alarm=False)
    assert result["passed"], result["problems"]
    assert ("web", "running-tasks alarm") not in [(c["resource"], c["name"]) for c in result["checks"]]
