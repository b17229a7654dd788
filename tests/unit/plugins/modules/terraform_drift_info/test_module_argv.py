"""Exact terraform argv: init only when the data dir is not initialised for this backend config, plan, show."""

import drift_plans as plans
from conftest import init_argv, plan_argv, show_argv


def test_uninitialised_layer_runs_init_plan_show(run_module, terraform, make_layer):
    layer = make_layer("loadbalancer")
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    failed, result = run_module({"layers": [layer], "lock_timeout": 7})
    assert not failed
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
    run_module({"layers": [layer]})
    assert terraform.argvs() == [plan_argv(terraform.binary, layer), show_argv(terraform.binary, layer)]


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
                                 plan_argv(terraform.binary, layer), show_argv(terraform.binary, layer)]
    assert result["layers"][0]["status"] == "clean"


def test_plan_file_can_be_given(run_module, terraform, make_layer, tmp_path):
    layer = dict(make_layer("compute", initialised=True), plan_file=str(tmp_path / "x.tfplan"))
    terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    run_module({"layers": [layer]})
    assert "-out=%s" % (tmp_path / "x.tfplan") in terraform.argvs()[-2]
    assert terraform.argvs()[-1][-1] == str(tmp_path / "x.tfplan")
