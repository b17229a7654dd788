"""CloudWatch alarm state on creation and on update (cloudwatch-alarm-state)."""


def put_alarm(server, name: str, threshold: float = 1) -> None:
    server.client("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace="Test",
        MetricName="Errors",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        ComparisonOperator="GreaterThanThreshold",
        Threshold=threshold,
        TreatMissingData="ignore",  # the control plane's evaluation keeps the state: only the API is seen here
    )


def described(server, name: str) -> dict:
    return server.client("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"][0]


def test_cloudwatch_alarm_state_fixed(fixed, name):
    put_alarm(fixed, name)
    assert described(fixed, name)["StateValue"] == "INSUFFICIENT_DATA"
    fixed.client("cloudwatch").set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="test")
    put_alarm(fixed, name, threshold=2)  # an update (as terraform apply of a changed alarm) keeps the state
    alarm = described(fixed, name)
    assert (alarm["StateValue"], alarm["StateReason"], alarm["Threshold"]) == ("ALARM", "test", 2.0)


def test_cloudwatch_alarm_state_gap_visible_unfixed(unfixed, name):
    put_alarm(unfixed, name)
    assert described(unfixed, name)["StateValue"] == "OK"
    unfixed.client("cloudwatch").set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="test")
    put_alarm(unfixed, name, threshold=2)
    assert described(unfixed, name)["StateValue"] == "OK"
