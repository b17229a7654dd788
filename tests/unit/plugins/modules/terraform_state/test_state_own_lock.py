"""A state write refused by the lock its own first PutItem wrote (answer lost, SDK retry) releases that lock and
writes again, as plan and apply do; a lock held by anyone else fails the task and is never touched."""

OWN = "3a7abdd4-292c-d412-67ae-364e4fa3b7aa"
OTHER = "c66b0f36-481f-e731-546b-1779143bb063"


def test_own_lock_released_and_the_removal_run_again(run_state, layer_state, params, monkeypatch):
    from ansible.module_utils import basic
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    layer_state.lock_refusals = [(OWN, OWN)]
    failed, result = run_state(dict(params, remove=["aws_s3_bucket.logs"], lock_timeout=1))
    assert not failed, result
    assert (result["removed"], result["released_own_lock"]) == (["aws_s3_bucket.logs"], OWN)
    assert [a[:2] for a in layer_state.argvs()][2:] == [["state", "rm"], ["force-unlock", "-no-color"],
                                                        ["state", "rm"]]
    assert layer_state.argvs()[3] == ["force-unlock", "-no-color", "-force", OWN]
    assert "aws_s3_bucket.logs" not in layer_state.addresses
    assert any(OWN in w for w in warnings), warnings


def test_own_lock_on_push_released_and_pushed_again(run_state, layer_state, params, tmp_path):
    layer_state.lock_refusals = [(OWN, OWN)]
    failed, result = run_state(dict(params, push=str(tmp_path / "local.tfstate")))
    assert not failed, result
    assert result["released_own_lock"] == OWN
    assert [a[:2] for a in layer_state.argvs()][1:] == [["state", "push"], ["force-unlock", "-no-color"],
                                                        ["state", "push"]]


def test_a_lock_held_by_another_run_fails_and_is_never_released(run_state, layer_state, params):
    layer_state.lock_refusals = [(OWN, OTHER)]
    failed, result = run_state(dict(params, remove=["aws_s3_bucket.logs"]))
    assert failed
    assert result["msg"].startswith("terraform state rm failed (rc=1): Error: Error acquiring the state lock")
    assert OTHER in result["msg"]
    assert not any(a[0] == "force-unlock" for a in layer_state.argvs())
    assert "aws_s3_bucket.logs" in layer_state.addresses


def test_released_once_then_refused_again_fails(run_state, layer_state, params):
    layer_state.lock_refusals = [(OWN, OWN), (OTHER, OTHER)]
    failed, result = run_state(dict(params, remove=["aws_s3_bucket.logs"]))
    assert failed and OTHER in result["msg"]
    assert [a[0] for a in layer_state.argvs()].count("force-unlock") == 1
