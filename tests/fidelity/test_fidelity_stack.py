"""A Terraform stack written unlike the product's layers (tests/fidelity/stack) applies, re-plans with no changes
and destroys on the emulator: gaps that code nobody here wrote finds are fixed in the emulator, never in the stack.

init, apply (launch template version 1), apply again with the On-Demand user data changed (version 2 and an instance
refresh), plan -detailed-exitcode twice (exit 0: no changes), destroy (nothing left behind).

One failure is run again, once: a step whose provider retried a write the emulator had already carried out and
answered (its log's `request trace: ... earlier: attempt 1 200`, emulator/README.md). The SDK gave up on an answer that
was sent; AWS refuses such a retry the same way (a second AuthorizeSecurityGroupEgress of the rule: Duplicate), and an
operator would run the apply again. Any other failure fails the test."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from tests.helpers import terraform_env

STACK = Path(__file__).resolve().parent / "stack"
REVISION_2 = ["-var", "agent_config_revision=2"]


# A retry of a call an earlier attempt of which the emulator answered with a success.
RETRIED_AFTER_SUCCESS = re.compile(r"^request trace: (\S+) attempt=\d+;.*; earlier: .*\battempt \d+ 2\d\d\b",
                                   re.MULTILINE)


class Terraform:
    def __init__(self, workdir, aws_env, emulator_log):
        self.workdir = workdir
        self.env = terraform_env(TF_DATA_DIR=str(workdir / ".terraform"), **aws_env)
        self.emulator_log = emulator_log
        self.seconds = {}
        self.rerun = {}  # step -> the calls retried after they were carried out

    def run(self, step, *args, ok=(0,), timeout=600):
        logged = os.path.getsize(self.emulator_log)
        proc = self._run(step, args, timeout)
        if proc.returncode not in ok:
            retried = RETRIED_AFTER_SUCCESS.findall(self._log_since(logged))
            if retried:
                self.rerun[step] = retried
                print("terraform %s failed after the provider retried %s, already carried out: run again" % (
                    step, ", ".join(retried)))
                proc = self._run(step, args, timeout)
        assert proc.returncode in ok, "terraform %s: exit %d\n%s\n%s" % (
            step,
            proc.returncode,
            proc.stdout[-12000:],
            proc.stderr[-4000:],
        )
        return proc

    def _run(self, step, args, timeout):
        began = time.monotonic()
        proc = subprocess.run(
            ["terraform", *args, "-no-color", "-input=false"],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        self.seconds[step] = round(self.seconds.get(step, 0) + time.monotonic() - began, 1)
        return proc

    def _log_since(self, offset):
        with open(self.emulator_log, errors="replace") as log:
            log.seek(offset)
            return log.read()


def group(autoscaling, name):
    return autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]


def wait_for_steady_services(ecs, cluster, names, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        services = ecs.describe_services(cluster=cluster, services=names)["services"]
        counts = {s["serviceName"]: (s["runningCount"], s["desiredCount"]) for s in services}
        if all(running == desired for running, desired in counts.values()) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert all(running == desired for running, desired in counts.values()), counts


def test_stack_applies_replans_clean_and_destroys(fidelity_emulator, tmp_path):
    workdir = tmp_path / "stack"  # local state in a temp dir, next to a copy of the code
    shutil.copytree(STACK, workdir)
    tf = Terraform(workdir, fidelity_emulator.aws_env, fidelity_emulator.log_file)
    autoscaling, ec2 = fidelity_emulator.client("autoscaling"), fidelity_emulator.client("ec2")

    tf.run("init", "init")
    tf.run("apply v1", "apply", "-auto-approve")
    spot = group(autoscaling, "fidelity-demo-spot")
    assert sum(int(i["WeightedCapacity"]) for i in spot["Instances"]) >= 2  # weights 2 and 1 reach desired 2
    before = {i["InstanceId"] for i in group(autoscaling, "fidelity-demo-ondemand")["Instances"]}

    tf.run("apply v2", "apply", "-auto-approve", *REVISION_2)
    ondemand = group(autoscaling, "fidelity-demo-ondemand")
    assert ondemand["LaunchTemplate"]["Version"] == "2"
    refreshes = autoscaling.describe_instance_refreshes(AutoScalingGroupName=ondemand["AutoScalingGroupName"])
    assert [r["Status"] for r in refreshes["InstanceRefreshes"]] == ["Successful"]
    assert before and not before & {i["InstanceId"] for i in ondemand["Instances"]}  # replaced by the refresh

    # the control plane runs every service's tasks: bridge, host and awsvpc, on both capacity providers
    wait_for_steady_services(fidelity_emulator.client("ecs"), "fidelity-demo-cluster", ["web", "api", "node-exporter"])

    for step in ("plan 1", "plan 2"):  # exit 2 would mean changes: drift the emulator made up
        tf.run(step, "plan", "-detailed-exitcode", *REVISION_2)

    tf.run("destroy", "destroy", "-auto-approve", *REVISION_2)
    assert autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"] == []
    alive = [
        i["InstanceId"]
        for r in ec2.describe_instances()["Reservations"]
        for i in r["Instances"]
        if i["State"]["Name"] not in ("terminated", "shutting-down")
    ]
    assert alive == []
    ecs = fidelity_emulator.client("ecs")
    assert [c["status"] for c in ecs.describe_clusters(clusters=["fidelity-demo-cluster"])["clusters"]] == ["INACTIVE"]
    assert ecs.describe_capacity_providers()["capacityProviders"] == []
    assert fidelity_emulator.client("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert fidelity_emulator.client("servicediscovery").list_namespaces()["Namespaces"] == []
    print("terraform step seconds:", tf.seconds, "run again:", tf.rerun or "none")
