"""The design's alarms in moto's CloudWatch (moto keeps alarm definitions, actions and set_alarm_state as AWS does)."""

import pytest
from alarm_setup import Alarms


@pytest.fixture
def alarms(moto):
    return Alarms()
