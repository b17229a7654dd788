"""A new CloudWatch alarm starts INSUFFICIENT_DATA; PutMetricAlarm on an existing alarm keeps its state.

moto creates every alarm in state OK and, on PutMetricAlarm of an existing name, builds a new alarm: the
state (and its history) goes back to OK. The PutMetricAlarm API reference: "When this operation creates an
alarm, the alarm state is immediately set to INSUFFICIENT_DATA. [...] When you update an existing alarm, its
state is left unchanged, but the update completely overwrites the previous configuration of the alarm."
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register

CARRIED = ("state_value", "state_reason", "state_reason_data", "state_updated_timestamp", "history")


def _apply() -> None:
    from moto.cloudwatch.models import CloudWatchBackend

    original = CloudWatchBackend.put_metric_alarm

    def put_metric_alarm(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        existing = self.alarms.get(name)
        alarm = original(self, name, *args, **kwargs)
        if existing is not None:
            for attribute in CARRIED:
                setattr(alarm, attribute, getattr(existing, attribute))
        else:
            alarm.state_value = "INSUFFICIENT_DATA"
        return alarm

    CloudWatchBackend.put_metric_alarm = put_metric_alarm


FIX = register(
    Fix(
        id="cloudwatch-alarm-state",
        gap="a new CloudWatch alarm starts OK instead of INSUFFICIENT_DATA; PutMetricAlarm on an existing alarm "
        "resets its state and history",
        symptom="an alarm never notifies the OK of its first evaluation; re-applying an alarm in ALARM makes it OK "
        "without any notification",
        apply=_apply,
    )
)
