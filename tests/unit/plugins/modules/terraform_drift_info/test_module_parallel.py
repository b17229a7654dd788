"""Layers are planned concurrently, up to `parallelism` at a time; results keep the given order."""

import drift_plans as plans

NAMES = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]


def _layers(terraform, make_layer):
    layers = [make_layer(n, initialised=True) for n in NAMES]
    for layer in layers:
        terraform.layer(layer["project_path"], plans.clean(), plan_rc=[0])
    terraform.delay = 0.2
    return layers


def test_four_at_a_time_by_default(run_module, terraform, make_layer):
    layers = _layers(terraform, make_layer)
    failed, result = run_module({"layers": layers})
    assert not failed
    # Four plans were seen running at once (each fake plan lasts 0.2 s); the drift check's speed is a bench figure.
    assert terraform.max_running == 4
    assert [r["name"] for r in result["layers"]] == NAMES


def test_parallelism_one_is_sequential(run_module, terraform, make_layer):
    layers = _layers(terraform, make_layer)[:3]
    run_module({"layers": layers, "parallelism": 1})
    assert terraform.max_running == 1
