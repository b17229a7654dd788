"""Emulator servers for the tests: one with every fix, one with none (EMULATOR_DISABLE_FIXES=all, no
control plane), and one with every fix and a fast control plane (EMULATOR_TIME_SCALE=0.02).

Each fix has a test that asserts AWS behaviour on ``fixed`` and one that shows the gap on ``unfixed``,
so every fix test demonstrably fails without its fix. Servers are subprocesses of ``python -m emulator
serve`` on free ports, logging to files the tests can inspect.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))  # `emulator` is importable without installing the collection

from emulator_testkit import free_port, run_cli  # noqa: E402,F401  # pylint: disable=unused-import  # shared

from emulator import process  # noqa: E402

# One attempt only: an unfixed emulator answers HTTP 500 and retries would just slow the suite down.
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)


@dataclass
class Server:
    port: int
    log_file: Path
    proc: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, service: str, region: str = "us-east-1"):
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=NO_RETRY,
        )


# The control-plane server runs AWS time 50x faster: the 60 s grace period takes 1.2 s.
CONTROL_PLANE_ENV = {
    "EMULATOR_TIME_SCALE": "0.02",
    "EMULATOR_CONTROL_PLANE_TICK": "0.05",
    "EMULATOR_EC2_VCPU_QUOTAS": "L-1216C47A=64,L-34B43A08=32",
}


def spawn(log_dir: Path, disable: str, extra_env: dict[str, str] | None = None) -> Server:
    port = free_port()
    log_file = log_dir / f"serve-{port}.log"
    env = {**os.environ, "EMULATOR_DISABLE_FIXES": disable, **(extra_env or {})}
    with open(log_file, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Server(port, log_file, proc)


def wait_ready(server: Server, timeout: float = 30.0) -> Server:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"emulator exited early:\n{server.log_file.read_text()[-3000:]}")
        if process.answers(server.port):
            return server
        time.sleep(0.1)
    pytest.fail(f"emulator on {server.port} did not answer:\n{server.log_file.read_text()[-3000:]}")


def stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator[dict[str, Server]]:
    log_dir = tmp_path_factory.mktemp("emulator-logs")
    # EMULATOR_TEST_FIXED_DISABLE lets one check that the *_fixed tests fail without their fixes
    fixed_disable = os.environ.get("EMULATOR_TEST_FIXED_DISABLE", "")
    started = {  # all boot in parallel; the unfixed one is plain moto, without the control plane either
        "fixed": spawn(log_dir, fixed_disable),
        "unfixed": spawn(log_dir, "all", {"EMULATOR_CONTROL_PLANE": "off"}),
        "control_plane": spawn(log_dir, fixed_disable, CONTROL_PLANE_ENV),
    }
    try:
        yield {name: wait_ready(server) for name, server in started.items()}
    finally:
        for server in started.values():
            stop(server)


@pytest.fixture(scope="session")
def fixed(servers) -> Server:
    return servers["fixed"]


@pytest.fixture(scope="session")
def unfixed(servers) -> Server:
    return servers["unfixed"]


@pytest.fixture(scope="session")
def control_plane(servers) -> Server:
    """Every fix and the control plane, at time scale 0.02."""
    return servers["control_plane"]


@pytest.fixture
def name(request) -> Iterator[str]:
    """A unique resource name, so tests can share the session's servers. A control-plane test's stack (its cluster,
    services and Auto Scaling group, all named after it) is retired when the test ends: the server's tick (every
    0.05 s) walks every live task, instance and target, so stacks left running made each later tick dearer (the
    server used 196 CPU-s in an 8-minute lane, issue 22)."""
    unique = "t" + uuid.uuid4().hex[:10]
    yield unique
    if "control_plane" in request.fixturenames:
        retire(request.getfixturevalue("control_plane"), unique)


def retire(server: Server, prefix: str) -> None:
    """Delete the services and Auto Scaling groups of the clusters and groups named ``prefix``...; the tasks stop and
    the instances terminate as in AWS. What is already gone is fine: a test may have deleted its own."""
    ecs, autoscaling = server.client("ecs"), server.client("autoscaling")
    clusters = [arn for page in ecs.get_paginator("list_clusters").paginate() for arn in page["clusterArns"]
                if arn.rsplit("/", 1)[-1].startswith(prefix)]
    for cluster in clusters:
        for page in ecs.get_paginator("list_services").paginate(cluster=cluster):
            for service in page["serviceArns"]:
                ecs.delete_service(cluster=cluster, service=service, force=True)
    for page in autoscaling.get_paginator("describe_auto_scaling_groups").paginate():
        for group in page["AutoScalingGroups"]:
            if group["AutoScalingGroupName"].startswith(prefix):
                autoscaling.delete_auto_scaling_group(AutoScalingGroupName=group["AutoScalingGroupName"],
                                                      ForceDelete=True)


@pytest.fixture
def state_dir(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture(scope="session")
def only_register_tags_unfixed(tmp_path_factory) -> Iterator[Server]:
    """Every fix but appautoscaling-register-tags: its gap is only visible through the tagging fix."""
    server = spawn(tmp_path_factory.mktemp("emulator-logs-partial"), "appautoscaling-register-tags")
    try:
        yield wait_ready(server)
    finally:
        stop(server)
