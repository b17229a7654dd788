"""Per-layer status clean / drifted / error, the overall status, and errors that are never clean."""

import drift_plans as plans


def test_statuses_per_layer_and_overall(run_module, terraform, make_layer):
    clean, drifted = make_layer("network", initialised=True), make_layer("loadbalancer", initialised=True)
    terraform.layer(clean["project_path"], plans.clean(), plan_rc=[0])
    terraform.layer(drifted["project_path"], plans.alb_deletion_protection_off(), plan_rc=[2])
    failed, result = run_module({"layers": [clean, drifted], "environment_name": "local"})
    assert not failed
    assert [(r["name"], r["status"], r["exit_code"]) for r in result["layers"]] == [
        ("network", "clean", 0), ("loadbalancer", "drifted", 2)]
    assert result["status"] == "drifted"
    assert result["report"]["drifted_layers"] == ["loadbalancer"]
    [res] = result["report"]["layers"][1]["resources"]
    assert (res["layer"], res["address"], res["action"]) == ("loadbalancer", plans.ALB, "update")


def test_plan_exit_1_is_an_error_with_the_stderr_tail(run_module, terraform, make_layer):
    layer = make_layer("security", initialised=True)
    terraform.layer(layer["project_path"], plan_rc=[1],
                    plan_err=["x" * 5000 + "\nError: reading IAM Role (demo-web-exec): AccessDenied"])
    failed, result = run_module({"layers": [layer]})
    assert not failed
    [rec] = result["layers"]
    assert (rec["status"], rec["exit_code"]) == ("error", 1)
    assert rec["error"].startswith("terraform plan failed: ...")
    assert rec["error"].endswith("AccessDenied")
    assert len(rec["error"]) < 1600
    assert result["status"] == "error"
    assert [a[1] for a in terraform.argvs()] == ["init", "plan"]  # no show of a failed plan


def test_exit_code_2_with_only_autoscaling_changes_is_clean(run_module, terraform, make_layer):
    layer = make_layer("services", initialised=True)
    terraform.layer(layer["project_path"], plans.autoscaling_only(), plan_rc=[2])
    assert run_module({"layers": [layer]})[1]["layers"][0]["status"] == "clean"


def test_exit_code_0_with_drift_the_configuration_ignores_is_drifted(run_module, terraform, make_layer):
    layer = make_layer("security", initialised=True)
    terraform.layer(layer["project_path"], plans.sg_rule_added(), plan_rc=[0])
    assert run_module({"layers": [layer]})[1]["layers"][0]["status"] == "drifted"


def test_missing_inputs_are_an_error_and_nothing_runs(run_module, terraform, make_layer):
    layer = dict(make_layer("observability", files=False), missing_inputs=["services.service_names"])
    failed, result = run_module({"layers": [layer]})
    assert not failed
    [rec] = result["layers"]
    assert rec["status"] == "error"
    assert rec["error"] == "inputs missing: services.service_names (the earlier layers are not applied)"
    assert terraform.calls == []


def test_a_given_reason_is_an_error_and_nothing_runs(run_module, terraform, make_layer):
    layer = dict(make_layer("compute", files=False), error="layer compute has no state (not deployed)")
    rec = run_module({"layers": [layer]})[1]["layers"][0]
    assert (rec["status"], rec["error"]) == ("error", "layer compute has no state (not deployed)")
    assert terraform.calls == []


def test_unrendered_inputs_are_an_error(run_module, terraform, make_layer):
    layer = make_layer("compute", files=False)
    rec = run_module({"layers": [layer]})[1]["layers"][0]
    assert rec["status"] == "error" and "does not exist" in rec["error"]


def test_failed_init_is_an_error(run_module, terraform, make_layer):
    layer = make_layer("network")
    terraform.layer(layer["project_path"], plans.clean(), init_rc=1,
                    init_err="Error: Failed to get existing workspaces")
    rec = run_module({"layers": [layer]})[1]["layers"][0]
    assert rec["status"] == "error"
    assert "terraform init failed (rc=1): Error: Failed to get existing workspaces" in rec["error"]


def test_parallelism_below_one_is_refused(run_module, make_layer):
    failed, result = run_module({"layers": [make_layer("network")], "parallelism": 0})
    assert failed and "parallelism" in result["msg"]
