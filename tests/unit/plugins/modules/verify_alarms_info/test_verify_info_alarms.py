"""verify_info runs a verification with the same code and result as its own module (here the alarms)."""

from ansible_collections.platform_ops.ecs_ec2.plugins.modules import verify_alarms_info, verify_info


def test_the_same_result_as_verify_alarms_info(alarms, run_main):
    alarms.design()
    alarms.cw.set_alarm_state(AlarmName="demo-local-web-unhealthy-hosts", StateValue="ALARM", StateReason="test")
    failed_alone, alone = run_main(verify_alarms_info.main, alarms.args(wait_timeout=0, fail_on_problems=False))
    failed, combined = run_main(verify_info.main, {"alarms": alarms.args(), "wait_timeout": 0,
                                                   "fail_on_problems": False})
    assert not failed_alone and not failed
    result = combined["verifications"]["alarms"]
    assert {k: v for k, v in result.items() if k not in ("seconds", "waited_seconds")} == {
        k: v for k, v in alone.items() if k not in ("seconds", "waited_seconds", "warnings")}
    assert combined["passed"] is False and result["passed"] is False
    assert list(combined["verifications"]) == ["alarms"]


def test_a_failed_check_fails_naming_the_verification(alarms, run_main):
    alarms.design()
    alarms.cw.set_alarm_state(AlarmName="demo-local-web-unhealthy-hosts", StateValue="ALARM", StateReason="test")
    failed, result = run_main(verify_info.main, {"alarms": alarms.args(), "wait_timeout": 1, "poll_interval": 1})
    assert failed and result["msg"].startswith("Alarms: 1 check(s) failed (timed out after ")
    assert "alarms: alarm(s) in ALARM: demo-local-web-unhealthy-hosts" in result["msg"]


def test_a_bad_option_is_named_with_its_verification(alarms, run_main):
    failed, result = run_main(verify_info.main, {"alarms": {"topic_arn": "arn"}})
    assert failed and result["msg"].startswith("alarms: ") and "alarm_names" in result["msg"]
