"""A cluster with a capacity provider on a 2-instance ASG over two AZs, and both instances registered to ECS.

moto places every ASG instance in the first subnet's AZ (an emulator gap), so the `compute` fixture moves the second
instance to us-east-1b on moto's EC2 and Auto Scaling models before registering it as a container instance. moto has
no ECS agent: container instances are registered with RegisterContainerInstance as the agent would.
"""

import pytest
from capacity_setup import Compute


@pytest.fixture
def compute(moto):
    return Compute
