"""Zero-downtime rollouts and verification on the emulator's control plane (issue: verification and rollouts).

A good image rolls out with healthy targets never below desired; an image whose tasks fail their health check is
rolled back by the circuit breaker and the play says so; targets made unhealthy are reported with their reasons.
An independent sampler (boto3, every 0.5 s) watches the healthy targets while each rollout runs, besides the
follower's own count. The module leaves the deployment as it found it: the inventory's image, serving, in state.
"""

import re
import threading
import time

import pytest

from tests.integration.conftest import recap

SERVICE = "web"
INVENTORY_IMAGE = "traefik/whoami:v1.11.0"  # inventories/local: web's image
FAST = ["-e", "rollout_poll_interval=2", "-e", "verify_poll_interval=2"]
# The follower's line: "web: completed; serving web:3 (requested web:3); healthy targets min 2 over ..." (wrapped)
OUTCOME = re.compile(r"web: (\w+);\s+serving\s+(\S+)\s+\(requested\s+(\S+)\);\s+healthy\s+targets\s+min\s+(\d+)")


class HealthySampler:
    """Counts web's healthy targets every 0.5 s in a thread, independently of the collection's code."""

    def __init__(self, emulator):
        self.elbv2 = emulator.client("elbv2")
        self.ecs = emulator.client("ecs")
        service = self.ecs.describe_services(cluster="demo-local-cluster", services=[SERVICE])["services"][0]
        self.desired = service["desiredCount"]
        self.target_group = service["loadBalancers"][0]["targetGroupArn"]
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            health = self.elbv2.describe_target_health(TargetGroupArn=self.target_group)["TargetHealthDescriptions"]
            self.samples.append(sum(1 for t in health if t["TargetHealth"]["State"] == "healthy"))
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)


def serving_image(emulator):
    ecs = emulator.client("ecs")
    service = ecs.describe_services(cluster="demo-local-cluster", services=[SERVICE])["services"][0]
    task_definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    return task_definition["containerDefinitions"][0]["image"], service


def wait_serving(emulator, image, timeout=300):
    """Until the service runs its desired count of the image with one completed deployment and healthy targets."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current, service = serving_image(emulator)
        health = emulator.client("elbv2").describe_target_health(
            TargetGroupArn=service["loadBalancers"][0]["targetGroupArn"])["TargetHealthDescriptions"]
        healthy = sum(1 for t in health if t["TargetHealth"]["State"] == "healthy")
        if (current == image and len(service["deployments"]) == 1
                and service["deployments"][0]["rolloutState"] == "COMPLETED" and healthy >= service["desiredCount"]):
            return
        time.sleep(1)
    raise AssertionError("web is not serving %s steadily after %d s" % (image, timeout))


@pytest.fixture(scope="module")
def rollouts(deployment):
    """The deployment for this module; afterwards the inventory's image is deployed again and serving."""
    yield deployment
    deployment.emulator.cli("fault", "clear")
    deployment.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % INVENTORY_IMAGE, *FAST)
    wait_serving(deployment.emulator, INVENTORY_IMAGE)


def test_a_good_image_rolls_out_with_healthy_targets_never_below_desired(rollouts):
    emu = rollouts.emulator
    image = "public.ecr.aws/nginx/nginx:1.27-good"
    with HealthySampler(emu) as sampler:
        proc = rollouts.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % image, *FAST)
    outcome = OUTCOME.search(proc.stdout)
    assert outcome, proc.stdout[-4000:]
    status, serving, requested, min_seen = outcome.groups()
    assert (status, serving) == ("completed", requested)
    assert int(min_seen) >= sampler.desired
    assert len(sampler.samples) >= 4 and min(sampler.samples) >= sampler.desired, sampler.samples
    current, service = serving_image(emu)
    assert current == image
    assert [(d["status"], d["rolloutState"]) for d in service["deployments"]] == [("PRIMARY", "COMPLETED")]


def test_a_failing_image_is_rolled_back_and_reported(rollouts):
    emu = rollouts.emulator
    before, _ = serving_image(emu)
    image = "public.ecr.aws/nginx/nginx:0.0-broken"
    emu.cli("fault", "failing-image", "--image", image)
    try:
        with HealthySampler(emu) as sampler:
            proc = rollouts.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % image,
                                     *FAST, check=False)
    finally:
        emu.cli("fault", "clear")
    assert proc.returncode != 0 and recap(proc.stdout)["failed"] == 1
    outcome = OUTCOME.search(proc.stdout)
    assert outcome, proc.stdout[-4000:]
    status, serving, requested, min_seen = outcome.groups()
    assert status == "rolled_back" and serving != requested
    assert re.search("circuit breaker", proc.stdout, re.I) and "rollout FAILED" in proc.stdout
    assert int(min_seen) >= sampler.desired
    assert min(sampler.samples) >= sampler.desired, sampler.samples
    assert serving_image(emu)[0] == before  # nothing half-deployed: the previous revision serves


def test_unhealthy_targets_are_reported_with_their_reasons(rollouts):
    emu = rollouts.emulator
    emu.cli("fault", "unhealthy-targets", "--cluster", "demo-local-cluster", "--service", SERVICE,
            "--reason", "Target.ResponseCodeMismatch", "--description", "Health checks failed with these codes: [502]")
    try:
        proc = rollouts.playbook("site.yml", "--tags", "verify", "-e", "verify_wait_timeout=20", *FAST, check=False)
    finally:
        emu.cli("fault", "clear")
    assert proc.returncode != 0, proc.stdout[-4000:]
    assert "Target.ResponseCodeMismatch" in proc.stdout
    assert "Health checks failed with these codes: [502]" in proc.stdout
    targets = re.findall(r"10\.\d+\.\d+\.\d+", proc.stdout)
    assert targets, "the unhealthy targets are not listed:\n" + proc.stdout[-4000:]
