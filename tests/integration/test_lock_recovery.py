"""A state lock write whose response is lost (emulator fault `lost-response` on DynamoDB PutItem): the SDK retries, the
retry is refused by the lock its first attempt wrote, and terraform fails naming itself as the holder. The drift check
and site.yml recognise their own lock from Terraform's core log, release it, plan again, and leave no lock behind.

Relies only on the session's `deployment` being applied; changes nothing in it.
"""

import json
import re

from tests.integration.conftest import recap
from tests.integration.test_drift import LAYERS, drift_check, statuses

LOCK_TABLE = "demo-local-tflock"


def lose_next_lock_write(emulator):
    emulator.cli("fault", "lost-response", "--target", "DynamoDB_20120810.PutItem", "--count", "1")


def faults(emulator):
    return json.loads(emulator.cli("fault", "list"))


def held_locks(emulator):
    """Lock items (the -md5 items are state digests, not locks)."""
    items = emulator.client("dynamodb").scan(TableName=LOCK_TABLE)["Items"]
    return [item["LockID"]["S"] for item in items if not item["LockID"]["S"].endswith("-md5")]


def test_drift_check_releases_the_lock_its_own_plan_left(deployment, emulator, tmp_path):
    # The combined plan takes no lock (it plans a local snapshot); a layer planned on its own does, as here.
    lose_next_lock_write(emulator)
    proc, report = drift_check(deployment, str(tmp_path), "-e", "ecs_state_lock_timeout=5",
                               "-e", "drift_check_combine=false")
    assert faults(emulator)["lost_responses"] == {}, "the fault was never hit: nothing was tested"
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-3000:]
    assert statuses(report) == dict((layer, "clean") for layer in LAYERS)
    # The faulted layer released its own lock; an SDK retry of another lock write whose answer the client lost on
    # its own (the emulator's `request trace` shows them) is released the same way: each is named in the output.
    released = [layer for layer in report["layers"] if layer["released_own_lock"]]
    assert released
    for layer in released:
        assert layer["released_own_lock"] in proc.stderr + proc.stdout
    assert held_locks(emulator) == []


def test_site_releases_the_lock_its_own_plan_left_and_converges(deployment, emulator):
    """The layer loop's own plan (plan_ahead=false): own_lock.yml releases the lock, the loop plans again."""
    lose_next_lock_write(emulator)
    # replan: nothing changed since network was applied, so a plain run would not even take the lock
    proc = deployment.playbook("site.yml", "--tags", "network", "-e", "replan=true", "-e", "ecs_state_lock_timeout=5",
                               "-e", "plan_ahead=false", check=False)
    assert faults(emulator)["lost_responses"] == {}, "the fault was never hit: nothing was tested"
    assert proc.returncode == 0, proc.stdout[-10000:] + proc.stderr[-3000:]
    assert re.search(r"Plan every layer ahead, in parallel\] \*+\n(?:[^\n]*\*{5} *\n)?skipping:", proc.stdout)
    assert "Released state lock" in proc.stdout + proc.stderr
    assert "Plan again, the lock released" in proc.stdout
    # The release undid the run's own write, and nothing else changed: a replan that changes nothing says so.
    assert recap(proc.stdout)["changed"] == 0
    assert held_locks(emulator) == []


def test_the_plan_ahead_releases_the_lock_its_own_plan_left_and_converges(deployment, emulator):
    """The same lost response when every layer is planned ahead (terraform_layers_plan): released, planned again
    there, named in a warning; the loop has nothing left to plan."""
    lose_next_lock_write(emulator)
    proc = deployment.playbook("site.yml", "--tags", "network", "-e", "replan=true", "-e", "ecs_state_lock_timeout=5",
                               check=False)
    assert faults(emulator)["lost_responses"] == {}, "the fault was never hit: nothing was tested"
    assert proc.returncode == 0, proc.stdout[-10000:] + proc.stderr[-3000:]
    assert re.search(r"network: Released state lock [0-9a-f-]{36}, which this run's own plan had written",
                     " ".join((proc.stdout + proc.stderr).split())), proc.stderr[-3000:]
    assert "Plan again, the lock released" not in proc.stdout
    # The release undid the run's own write, and nothing else changed: a replan that changes nothing says so.
    assert recap(proc.stdout)["changed"] == 0
    assert held_locks(emulator) == []


def test_a_lock_held_by_someone_else_is_never_released(deployment, emulator, tmp_path):
    """A lock another process holds: the drift check waits its timeout, reports it, and leaves it in place."""
    other = {"LockID": {"S": "demo-local-tfstate-123456789012/local/network/terraform.tfstate"},
             "Info": {"S": json.dumps({"ID": "0e0e0e0e-1111-2222-3333-444444444444", "Operation": "OperationTypeApply",
                                       "Who": "someone@elsewhere", "Version": "1.11.4", "Path": "x"})}}
    dynamodb = emulator.client("dynamodb")
    dynamodb.put_item(TableName=LOCK_TABLE, Item=other)
    try:
        proc, report = drift_check(deployment, str(tmp_path), "-e", "ecs_state_lock_timeout=2")
        assert proc.returncode != 0
        network = next(layer for layer in report["layers"] if layer["layer"] == "network")
        assert network["status"] == "error" and "someone@elsewhere" in network["error"]
        assert network["released_own_lock"] is None
        # Only the locked layer waited for its lock; every other layer was decided by the combined plan.
        assert network["planned_with"] == "own plan"
        assert set(layer["planned_with"] for layer in report["layers"] if layer["layer"] != "network") == {"combined"}
        assert held_locks(emulator) == [other["LockID"]["S"]]
    finally:
        dynamodb.delete_item(TableName=LOCK_TABLE, Key={"LockID": other["LockID"]})
