"""Exact terraform argv: init only when the data dir is not initialised for this backend config, plan, and show
only when the plan changes something or holds a security group (whose unmanaged rules only the full plan shows)."""

import drift_plans as plans
from drift_argv import init_argv, plan_argv, show_argv


def test_uninitialised_layer_runs_init_plan_show(run_module, terraform, make_layer):
    layer = make_layer("loadbalancer")
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[2])
    failed, result = run_module({"layers": [layer], "lock_timeout": 7})
    assert not failed
    assert terraform.argvs() == [init_argv(terraform.binary, layer), plan_argv(terraform.binary, layer, 7),
                                 show_argv(terraform.binary, layer)]
    call = terraform.calls[0]
    assert call["cwd"] == layer["project_path"]
    assert call["env"]["TF_DATA_DIR"] == layer["data_dir"]
    assert call["env"]["TF_IN_AUTOMATION"] == "1"
    assert result["changed"] is False
    assert result["layers"][0]["initialised"] is True
    assert result["layers"][0]["status"] == "clean"


def test_second_run_skips_init_while_the_backend_config_is_the_same(run_module, terraform, make_layer):
    layer = make_layer("network", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    run_module({"layers": [layer]})
    terraform.calls.clear()
    _failed, result = run_module({"layers": [layer]})
    # exit code 0 and no security group: clean without reading the plan
    assert terraform.argvs() == [plan_argv(terraform.binary, layer)]
    assert (result["layers"][0]["status"], result["layers"][0]["plan_read"]) == ("clean", False)


def test_a_clean_plan_with_a_security_group_is_read(run_module, terraform, make_layer):
    """A rule added by hand to a group whose rules are separate resources: exit code 0, drift in the prior state."""
    layer = make_layer("security", initialised=True)
    terraform.layer(layer["project_path"], plans.sg_rule_added(rogue=False), plan_rc=[0])
    failed, result = run_module({"layers": [layer]})
    assert not failed
    assert terraform.argvs()[-1] == show_argv(terraform.binary, layer)
    assert (result["layers"][0]["status"], result["layers"][0]["plan_read"]) == ("clean", True)


def test_changed_backend_config_initialises_again(run_module, terraform, make_layer):
    layer = make_layer("network", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    run_module({"layers": [layer]})
    with open(layer["backend_config_file"], "a") as handle:
        handle.write('dynamodb_table = "other"\n')
    terraform.calls.clear()
    run_module({"layers": [layer]})
    assert terraform.argvs()[0] == init_argv(terraform.binary, layer)


def test_stale_data_dir_is_initialised_and_planned_again(run_module, terraform, make_layer):
    """A stamp that matches but a plan that says init is needed (e.g. a module was added): one init, one re-plan."""
    layer = make_layer("services", initialised=True)
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    run_module({"layers": [layer]})
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[1, 0],
                    plan_err=['Error: Module not installed\n\nRun "terraform init".', ""])
    terraform.calls.clear()
    failed, result = run_module({"layers": [layer]})
    assert not failed
    assert terraform.argvs() == [plan_argv(terraform.binary, layer), init_argv(terraform.binary, layer),
                                 plan_argv(terraform.binary, layer)]
    assert result["layers"][0]["status"] == "clean"


def test_plan_file_can_be_given(run_module, terraform, make_layer, tmp_path):
    layer = dict(make_layer("compute", initialised=True), plan_file=str(tmp_path / "x.tfplan"))
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[2])
    run_module({"layers": [layer]})
    assert "-out=%s" % (tmp_path / "x.tfplan") in terraform.argvs()[-2]
    assert terraform.argvs()[-1][-1] == str(tmp_path / "x.tfplan")


def test_plan_errors_streamed_as_json_diagnostics_are_reported_as_text():
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_runner import diagnostics, plan_events
    out = "\n".join([
        '{"type": "version", "terraform": "1.11.4"}',
        '{"type": "diagnostic", "@level": "error", "diagnostic": {"severity": "error", '
        '"summary": "Error acquiring the state lock", "detail": "Lock Info:\\n  ID: abc"}}',
        "not json",
    ])
    assert diagnostics(plan_events(out)) == "Error: Error acquiring the state lock\nLock Info:\n  ID: abc"
