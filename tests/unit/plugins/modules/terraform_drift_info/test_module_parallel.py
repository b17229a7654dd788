"""Layers are planned concurrently, up to `parallelism` at a time; results keep the given order."""

import time

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
    started = time.monotonic()
    failed, result = run_module({"layers": layers})
    assert not failed
    elapsed = time.monotonic() - started
    assert terraform.max_running == 4
    assert [r["name"] for r in result["layers"]] == NAMES
    # 7 layers x (plan + show) x 0.2 s = 2.8 s one by one; two waves of four take about 0.8 s.
    assert elapsed < 1.8, elapsed


def test_parallelism_one_is_sequential(run_module, terraform, make_layer):
    layers = _layers(terraform, make_layer)[:3]
    run_module({"layers": layers, "parallelism": 1})
    assert terraform.max_running == 1
