"""Stopping the emulator mid-way (kill -9, or `down`): a restarted one says its state is gone, and it is."""

import json
import os
import signal
import time

import boto3
import pytest
from emulator_testkit import free_port, run_cli

from emulator import process


@pytest.fixture
def port(state_dir):
    chosen = free_port()
    yield chosen
    run_cli("down", "--port", str(chosen), "--state-dir", str(state_dir))


def ecs(port: int):
    return boto3.client(
        "ecs",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_killed_emulator_restarts_empty_and_says_so(port, state_dir):
    args = ["--port", str(port), "--state-dir", str(state_dir)]
    assert run_cli("up", *args).returncode == 0
    before = process.info(port)
    ecs(port).create_cluster(clusterName="survivor")
    pid = json.loads((state_dir / f"emulator-{port}.json").read_text())["pid"]
    os.kill(pid, signal.SIGKILL)  # the emulator dies mid-apply
    deadline = time.monotonic() + 10
    while process.pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)

    status = run_cli("status", *args)
    assert status.returncode == 3  # nobody pretends it is still there
    again = run_cli("up", *args)
    assert again.returncode == 0, again.stderr
    assert f"pid {pid}" in again.stdout and "was lost" in again.stdout and "starts empty" in again.stdout
    after = process.info(port)
    assert after["boot_id"] != before["boot_id"]
    assert after["state"] == "in-memory: lost when this process stops"
    assert ecs(port).list_clusters()["clusterArns"] == []
    # a clean restart through `up` (reuse) does not claim a loss
    assert "lost" not in run_cli("up", *args).stdout
