"""The module: budget exceeded or not, the table, and the JSON + Markdown reports it returns (it writes no file: the
cost_floor role does)."""

import json

from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from cost_floor_testkit import REGION


def test_under_budget_returns_the_reports_and_writes_nothing(run_main, plans, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failed, result = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION, "budget": 1000})
    assert not failed, result.get("msg")
    assert result["changed"] is False
    assert result["over_budget"] is False
    report = json.loads(result["report_json"])
    assert report["monthly_total"] == result["monthly_total"]
    assert report["components"] == result["components"] and "report_json" not in report
    assert "| **total** | | | | | **%.2f** |" % result["monthly_total"] in result["markdown"]
    assert list(tmp_path.iterdir()) == []  # an _info module: nothing written
    assert result["table"][0].startswith("COMPONENT")
    assert any(line.startswith("TOTAL (floor)") for line in result["table"])


def test_over_budget_is_reported_with_the_breakdown(run_main, plans):
    failed, result = run_main(cost_floor_info.main, {"plans": plans("prod"), "region": REGION, "budget": 100})
    assert not failed
    assert result["over_budget"] is True
    assert "Budget 100.00 USD/month: EXCEEDED" in result["table"]


def test_report_dir_is_no_option_any_more(run_main, plans, tmp_path):
    failed, result = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION,
                                                     "report_dir": str(tmp_path)})
    assert failed and "report_dir" in result["msg"]


def test_no_budget_is_never_over(run_main, plans):
    _failed, result = run_main(cost_floor_info.main, {"plans": plans("prod"), "region": REGION})
    assert result["over_budget"] is False and result["budget"] == 0


def test_assumption_overrides_change_the_floor(run_main, plans):
    _f, base = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION})
    _f, more = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION,
                                               "log_ingestion_gb_per_month": 10.5})
    assert more["monthly_total"] > base["monthly_total"]
    failed, bad = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION,
                                                  "assumptions": {"hours_per_mnth": 720}})
    assert failed and "unknown assumption(s) hours_per_mnth" in bad["msg"]


def test_missing_instance_price_fails_naming_type_and_region(run_main, plans):
    docs = plans("dev")
    compute = next(p["plan"] for p in docs if p["layer"] == "compute")
    for res in compute["planned_values"]["root_module"]["child_modules"][0]["resources"]:
        if res["type"] == "aws_autoscaling_group":
            res["values"]["mixed_instances_policy"][0]["launch_template"][0]["override"][0]["instance_type"] = "x9.huge"
    failed, result = run_main(cost_floor_info.main, {"plans": docs, "region": REGION})
    assert failed
    assert result["msg"].startswith("no On-Demand price for instance type x9.huge in region eu-west-1")


def test_offhours_options_are_accepted_but_ignored_with_a_warning(run_main, plans, monkeypatch):
    # Roles still pass cost_floor_offhours_*: the module must not fail on them, and must say they change nothing.
    warnings = []
    monkeypatch.setattr(cost_floor_info.AnsibleAWSModule, "warn", lambda self, msg: warnings.append(msg))
    _f, base = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION})
    failed, result = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION,
                                                     "offhours_instances": 1, "offhours_on_hours_per_week": 84})
    assert not failed, result.get("msg")
    assert result["monthly_total"] == base["monthly_total"] and result["tradeoffs"] == base["tradeoffs"]
    assert sorted(w.split("=")[0] for w in warnings) == ["offhours_instances", "offhours_on_hours_per_week"]
    assert all("is ignored" in w and "docs/cost.md" in w for w in warnings)
