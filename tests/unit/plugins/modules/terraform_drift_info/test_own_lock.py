"""A plan refused the lock its own first PutItem wrote (lost response, SDK retry) releases it and plans again; a lock
held by anyone else is reported and never touched."""

import drift_plans as plans
from ansible.module_utils import basic
from drift_argv import plan_argv

OWN = "3a7abdd4-292c-d412-67ae-364e4fa3b7aa"
OTHER = "c66b0f36-481f-e731-546b-1779143bb063"


def attempt(lock_id):
    return ("2026-11-27T15:14:10.362Z [INFO]  backend-s3: Attempting to lock remote state (S3 Native and DynamoDB)"
            "...: tf_backend.lock.id=%s tf_backend.lock.operation=OperationTypePlan\n" % lock_id)


def refused(holder):
    return ("Error: Error acquiring the state lock\n\nError message: operation error DynamoDB: PutItem, https response "
            "error StatusCode: 400, ConditionalCheckFailedException: The conditional request failed\nLock Info:\n"
            "  ID:        %s\n  Path:      b/local/compute/terraform.tfstate\n  Operation: OperationTypePlan\n"
            "  Who:       root@vm\n" % holder)


def after_init(terraform):
    return [argv for argv in terraform.argvs() if argv[1] != "init"]


def test_own_stale_lock_is_released_and_the_layer_planned_again(run_module, terraform, make_layer, monkeypatch):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    layer = make_layer("compute", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[1, 0], plan_err=[refused(OWN), ""],
                    plan_log=[attempt(OWN) * 2, attempt("5b1c0e4e-0000-4000-8000-000000000001")])
    failed, result = run_module({"layers": [layer]})
    assert not failed
    unlock = [terraform.binary, "force-unlock", "-no-color", "-force", OWN]
    assert after_init(terraform) == [plan_argv(terraform.binary, layer), unlock, plan_argv(terraform.binary, layer)]
    record = result["layers"][0]
    assert (record["status"], record["released_own_lock"]) == ("clean", OWN)
    assert result["report"]["layers"][0]["released_own_lock"] == OWN
    assert any(OWN in w for w in warnings)
    assert terraform.calls[0]["env"]["TF_LOG_CORE"] == "INFO"


def test_a_lock_held_by_another_process_is_never_released(run_module, terraform, make_layer):
    layer = make_layer("compute", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[1], plan_err=[refused(OTHER)],
                    plan_log=[attempt(OWN)])
    _failed, result = run_module({"layers": [layer]})
    assert after_init(terraform) == [plan_argv(terraform.binary, layer)]
    record = result["layers"][0]
    assert (record["status"], record["released_own_lock"]) == ("error", None)
    assert OTHER in record["error"]


def test_released_once_only(run_module, terraform, make_layer):
    """Refused by its own lock again after the release: reported as an error, not a loop."""
    layer = make_layer("compute", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[1], plan_err=[refused(OWN)],
                    plan_log=[attempt(OWN)])
    _failed, result = run_module({"layers": [layer]})
    assert [argv[1] for argv in after_init(terraform)] == ["plan", "force-unlock", "plan"]
    assert result["layers"][0]["status"] == "error"
