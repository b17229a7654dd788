"""terraform_state push: the local state goes into the backend the layer was just initialised on; a failed
terraform call fails the task with the wrapper's one error shape (command, rc, output)."""


def test_push_after_init_on_the_backend(run_state, layer_state, params, tmp_path):
    local = str(tmp_path / "local.tfstate")
    failed, result = run_state(dict(params, push=local))
    assert not failed, result
    assert (result["changed"], result["pushed"]) == (True, local)
    assert [a[:2] for a in layer_state.argvs()] == [["init", "-input=false"], ["state", "push"]]
    assert layer_state.argvs()[1] == ["state", "push", "-no-color", local]


def test_push_and_remove_together_are_refused(run_state, layer_state, params):
    failed, result = run_state(dict(params, push="x", remove=["aws_s3_bucket.logs"]))
    assert failed and "mutually exclusive" in result["msg"]
    assert layer_state.calls == []


def test_a_failed_init_names_the_command_and_terraform_s_error(run_state, monkeypatch, params):
    from ansible.module_utils import basic
    monkeypatch.setattr(basic.AnsibleModule, "run_command",
                        lambda self, argv, **kw: (1, "", "Error: Failed to get existing workspaces: NoSuchBucket"))
    failed, result = run_state(dict(params, remove=["aws_s3_bucket.logs"]))
    assert failed
    assert result["msg"].startswith("terraform init failed (rc=1): Error: Failed to get existing workspaces")
    assert result["cmd"][1:3] == ["init", "-input=false"] and result["rc"] == 1
