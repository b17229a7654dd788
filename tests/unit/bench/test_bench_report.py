"""make bench's contract: latest.json has every figure issue 22 asks for as {median, min, max}, and the raw parallel
baseline applies each layer as soon as the layers it reads are applied."""

import pytest

from bench.raw_terraform import levels
from bench.report import summarize, table

KEYS = ["replan_ratio", "fresh_workdir_plan_ratio", "full_deploy_ratio", "full_deploy_vs_parallel_raw_ratio",
        "noop_rerun_ratio", "drift_check_ratio", "preflight_seconds", "demo_data_plane_ratio"]


def site(seconds):
    return {"seconds": seconds, "recap": {"changed": 0}, "layers": {}, "top_tasks": []}


def results():
    deploy = [{"site": site(150.0 + i), "raw": {"seconds": 200.0}, "raw_parallel": {"seconds": 160.0},
               "ratio": (150.0 + i) / 200.0, "ratio_vs_parallel": (150.0 + i) / 160.0} for i in range(3)]
    plans = {"seconds": 20.0}
    return {
        "full_deploy": deploy,
        "data_plane": [{"on": site(200.0), "off": site(190.0 + i), "ratio": 200.0 / (190.0 + i)} for i in range(2)],
        "noop_rerun": [{"site": site(9.0), "raw_plans": plans, "changed": 0, "ratio": 0.45}] * 2,
        "replan": [{"site": site(19.0), "raw_plans": plans, "changed": 0, "ratio": 0.95}] * 2,
        "fresh_workdir_plan": [{"site": site(25.0), "raw": {"seconds": 27.0}, "changed": 0, "ratio": 0.93}] * 2,
        "drift_check": [{"drift": site(9.0), "raw_plans": plans, "ratio": 0.45}] * 2,
        "preflight": [{"seconds": 2.1, "api_calls": 38}, {"seconds": 2.3, "api_calls": 38}],
    }


def test_every_figure_of_issue_22_is_a_median_min_max():
    summary = summarize(results())
    for key in KEYS:
        assert set(summary[key]) >= {"median", "min", "max"}, key
    assert summary["full_deploy_ratio"]["median"] == pytest.approx(151.0 / 200.0)
    assert summary["full_deploy_vs_parallel_raw_ratio"]["max"] == pytest.approx(152.0 / 160.0)
    assert summary["demo_data_plane_ratio"]["max"] == pytest.approx(200.0 / 190.0, abs=1e-3)
    rendered = table({"summary": summary})
    for label in ("1b full deploy vs raw in parallel", "1c make demo with the data plane", "2b replan=true",
                  "2c empty work dir", "4 pre-flight"):
        assert label in rendered


def test_a_missing_figure_is_left_out_not_invented():
    summary = summarize({"preflight": results()["preflight"]})
    assert [key for key in KEYS if key in summary] == ["preflight_seconds"]


def test_parallel_levels_follow_the_wiring():
    spec = {"layers": ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"],
            "wiring": {"network": {}, "security": {"network": ["vpc_id"]},
                       "loadbalancer": {"network": ["vpc_id"], "security": ["alb_sg_id"]},
                       "compute": {"network": ["private_subnet_ids"], "security": ["instance_sg_id"]},
                       "services": {"loadbalancer": ["listener_arn"], "compute": ["cluster_name"]},
                       "observability": {"services": ["service_names"]}}}
    assert levels(spec) == [["bootstrap"], ["network"], ["security"], ["loadbalancer", "compute"], ["services"],
                            ["observability"]]
    spec["wiring"]["network"] = {"observability": ["x"]}
    with pytest.raises(ValueError, match="cycle"):
        levels(spec)
