"""The fidelity stack's own emulator: every fix and the control plane, AWS time 50x faster (as the control-plane
tests run it), on a free port with its own state dir, so nothing it creates meets another suite's deployment."""

import pytest

from tests.emulated_deployment import Emulator, free_port

FAST_CONTROL_PLANE = {"EMULATOR_TIME_SCALE": "0.02", "EMULATOR_CONTROL_PLANE_TICK": "0.05"}


@pytest.fixture(scope="module")
def fidelity_emulator(tmp_path_factory):
    emu = Emulator(free_port(), str(tmp_path_factory.mktemp("fidelity-emulator")))
    emu.env.update(FAST_CONTROL_PLANE)
    emu.cli("up")
    yield emu
    emu.cli("down")
