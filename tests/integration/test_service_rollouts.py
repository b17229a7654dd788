"""Zero-downtime rollouts and verification on the emulator's control plane (issue: verification and rollouts).

A good image rolls out with healthy targets never below desired and every request served; an image that answers 404
on the health check path is rolled back by the circuit breaker, the play says so, and the old revision serves every
request meanwhile; targets made unhealthy are reported with their reasons. An independent sampler (boto3, every 0.5 s)
watches the healthy targets while each rollout runs, besides the follower's own count, and a load generator
(tests/traffic_load.py) sends real requests through the HTTPS listener's loopback endpoint (the emulator's data plane).
A released image stays: site.yml keeps it, the drift check is clean, ecs_image_source=inventory
deploys the inventory's image, rollback=true brings the previous one back (docs/design.md, "Released images"). The
module leaves the deployment as it found it: the inventory's image, serving, in state, and recorded.
"""

import json
import re
import threading
import time

import pytest

from tests.integration.conftest import recap
from tests.traffic_load import TrafficLoad, listener_url

SERVICE = "web"
INVENTORY_IMAGE = "traefik/whoami:v1.11.0"  # inventories/local: web's image
GOOD_IMAGE = "public.ecr.aws/nginx/nginx:1.27-good"
BUCKET, RECORD_KEY = "demo-local-tfstate-123456789012", "local/releases/web.json"
FAST = ["-e", "rollout_poll_interval=2", "-e", "verify_poll_interval=2"]
LAYER_STATUS = re.compile(r"^\s*-?\s*'?(services)\s+(applied|unchanged|planned|skipped|failed)\s", re.M)
# The follower's line: "web: completed; serving web:3 (requested web:3); healthy targets min 2 over ..." (wrapped)
LOAD_BALANCER = "demo-local-alb"
MIN_REQUESTS = 2000
# web's listener rule is /*: plain requests plus a slow one in ten (the stand-in answers ?delay= late), which must
# finish on a draining target.
TRAFFIC_PATHS = ["/"] * 9 + ["/?delay=0.3"]
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


class RolloutTraffic(TrafficLoad):
    """Requests through web's listener for a whole rollout: started before the play, kept up after it until at least
    MIN_REQUESTS were sent (bounded: 20,000 requests, 300 s)."""

    def __init__(self, emulator):
        super().__init__(listener_url(emulator.url, LOAD_BALANCER), paths=TRAFFIC_PATHS, rate=60, workers=8,
                         max_requests=20000, time_limit=300)

    def __exit__(self, *exc):
        deadline = time.monotonic() + 120
        while len(self.results) < MIN_REQUESTS and time.monotonic() < deadline:
            time.sleep(0.2)
        self.stop()


def revision_of(task_definition_arn):
    return int(task_definition_arn.rsplit(":", 1)[1])


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
    record = release_record(deployment)  # consistent with the inventory: later runs deploy its image
    assert (record["image"], record["inventory_image"]) == (INVENTORY_IMAGE, INVENTORY_IMAGE), record


def release_record(deployment):
    """web's release record in the state bucket (None when there is none)."""
    body = deployment.state_objects().get(RECORD_KEY)
    return json.loads(body) if body is not None else None


def services_task_definition(deployment):
    return deployment.state("services")["outputs"]["task_definition_arns"]["value"][SERVICE]


def test_a_good_image_rolls_out_with_healthy_targets_never_below_desired(rollouts):
    emu = rollouts.emulator
    image = GOOD_IMAGE
    old_revision = revision_of(serving_image(emu)[1]["taskDefinition"])
    with HealthySampler(emu) as sampler, RolloutTraffic(emu) as traffic:
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
    # Every request served, and the answers moved from the old revision to the new one.
    summary = traffic.summary()
    print("rollout under traffic:", summary)
    assert summary["sent"] >= MIN_REQUESTS and summary["failed"] == 0, summary
    new_revision = revision_of(service["taskDefinition"])
    revisions = traffic.revisions()
    assert revisions[0] == old_revision and revisions[-1] == new_revision, summary
    assert set(revisions) == {old_revision, new_revision}, summary
    # Recorded once verified: the image, the one serving before, and the inventory's at the time.
    record = release_record(rollouts)
    assert (record["image"], record["previous_image"], record["inventory_image"]) == (
        image, INVENTORY_IMAGE, INVENTORY_IMAGE), record


def ensure_released(deployment, image=GOOD_IMAGE):
    """web serves `image` released by deploy_service.yml (the first test leaves it so; run alone, deploy it)."""
    record = release_record(deployment)
    serving, service = serving_image(deployment.emulator)
    # After a circuit-breaker rollback the services layer's state names the failed revision: not a steady release.
    if (serving != image or not record or record["image"] != image
            or services_task_definition(deployment) != service["taskDefinition"]):
        deployment.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % image, *FAST)
    assert serving_image(deployment.emulator)[0] == image


def test_site_yml_keeps_the_released_image_and_the_drift_check_is_clean(rollouts, tmp_path):
    ensure_released(rollouts)
    task_definition = services_task_definition(rollouts)
    proc = rollouts.playbook("site.yml", *FAST)
    assert dict(LAYER_STATUS.findall(proc.stdout)).get("services") == "unchanged", proc.stdout[-6000:]
    assert services_task_definition(rollouts) == task_definition
    assert serving_image(rollouts.emulator)[0] == GOOD_IMAGE
    notice = "web: keeping released image %s (inventory: %s);" % (GOOD_IMAGE, INVENTORY_IMAGE)
    assert notice in " ".join(proc.stdout.split()), proc.stdout[-6000:]

    proc = rollouts.playbook("drift_check.yml", "-e", "drift_check_report_dir=%s" % tmp_path, check=False)
    report = json.loads((tmp_path / "latest.json").read_text())
    assert proc.returncode == 0 and report["status"] == "clean", json.dumps(report, indent=1)[:6000]
    assert dict((layer["layer"], layer["status"]) for layer in report["layers"])["services"] == "clean"


def test_image_source_inventory_deploys_the_inventory_image_and_rewrites_the_record(rollouts):
    ensure_released(rollouts)
    proc = rollouts.playbook("site.yml", "-e", "ecs_image_source=inventory", *FAST)
    assert dict(LAYER_STATUS.findall(proc.stdout)).get("services") == "applied", proc.stdout[-6000:]
    wait_serving(rollouts.emulator, INVENTORY_IMAGE)
    record = release_record(rollouts)
    assert (record["image"], record["previous_image"], record["inventory_image"]) == (
        INVENTORY_IMAGE, GOOD_IMAGE, INVENTORY_IMAGE), record


def test_rollback_brings_the_previous_image_back_in_one_command(rollouts):
    """After the test above the record says: inventory image serving, the good image previous. Rolling back must
    bring the good image (the record's previous one, not the inventory's) back, and record it."""
    record = release_record(rollouts)
    if not record or record["image"] != INVENTORY_IMAGE or record["previous_image"] != GOOD_IMAGE:
        ensure_released(rollouts)
        rollouts.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % INVENTORY_IMAGE,
                          *FAST)
    rollouts.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "rollback=true", *FAST)
    wait_serving(rollouts.emulator, GOOD_IMAGE)
    record = release_record(rollouts)
    assert (record["image"], record["previous_image"]) == (GOOD_IMAGE, INVENTORY_IMAGE), record


def test_rollback_without_a_previous_image_is_refused_naming_the_service(rollouts):
    proc = rollouts.playbook("deploy_service.yml", "-e", "service=api", "-e", "rollback=true", *FAST, check=False)
    assert proc.returncode != 0 and recap(proc.stdout)["changed"] == 0
    assert "api: nothing to roll back to: s3://%s/local/releases/api.json does not exist" % BUCKET in " ".join(
        proc.stdout.split()), proc.stdout[-4000:]


def test_an_image_failing_its_health_path_is_rolled_back_and_the_old_revision_serves(rollouts):
    """The new image answers 404 on /health (its health endpoint moved: a wrong health path for the target group)."""
    emu = rollouts.emulator
    before, service = serving_image(emu)
    old_revision = revision_of(service["taskDefinition"])
    image = "public.ecr.aws/nginx/nginx:0.0-broken"
    emu.cli("fault", "image", image, "--status", "/health=404")
    try:
        with HealthySampler(emu) as sampler, RolloutTraffic(emu) as traffic:
            proc = rollouts.playbook("deploy_service.yml", "-e", "service=%s" % SERVICE, "-e", "image=%s" % image,
                                     *FAST, check=False)
    finally:
        emu.cli("fault", "clear")
    summary = traffic.summary()
    print("rollback under traffic:", summary)
    assert summary["sent"] >= MIN_REQUESTS and summary["failed"] == 0, summary
    assert set(traffic.revisions()) == {old_revision}, summary  # no request reached the failing revision
    assert proc.returncode != 0 and recap(proc.stdout)["failed"] == 1
    outcome = OUTCOME.search(proc.stdout)
    assert outcome, proc.stdout[-4000:]
    status, serving, requested, min_seen = outcome.groups()
    assert status == "rolled_back" and serving != requested
    assert re.search("circuit breaker", proc.stdout, re.I) and "rollout FAILED" in proc.stdout
    assert int(min_seen) >= sampler.desired
    assert min(sampler.samples) >= sampler.desired, sampler.samples
    assert serving_image(emu)[0] == before  # nothing half-deployed: the previous revision serves
    assert release_record(rollouts)["image"] == before  # the record keeps the image actually serving


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
