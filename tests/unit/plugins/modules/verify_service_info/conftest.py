"""An ECS cluster with task definitions demo-web:1 and :2 and a service, whose state tests set on moto's model.

moto has no ECS agent: runningCount stays 0, one IN_PROGRESS deployment, no events, and it drops
deploymentConfiguration and healthCheckGracePeriodSeconds. The `ecs_state` fixture writes those fields straight onto
moto's Service object (moto serializes model attributes by name), which is what a real control plane would report.
"""

import pytest
from ecs_service_states import Ecs


@pytest.fixture
def ecs_state(moto):
    return Ecs()
