"""The report as JSON and Markdown (returned; the drift_check role writes them), and a one-screen summary."""

import datetime
import json
import os

import drift_plans as plans
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import drift_report
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.drift_analysis import analyse

WHEN = datetime.datetime(2026, 11, 27, 8, 30, 5, tzinfo=datetime.timezone.utc)


def _records():
    lb = dict(analyse(plans.alb_deletion_protection_off()), name="loadbalancer", status="drifted", seconds=3.2)
    pending = analyse(plans.pending_idle_timeout())
    net = dict(pending, name="network", status="drifted", seconds=2.0)
    err = {"name": "compute", "status": "error", "seconds": 0.5, "error": "terraform plan failed: boom",
           "resources": []}
    ok = dict(analyse(plans.clean()), name="bootstrap", status="clean", seconds=1.0)
    return [ok, net, lb, err]


def test_report_structure_and_overall_error():
    report = drift_report.build(_records(), "local", WHEN)
    assert report["generated_at"] == "2026-11-27T08:30:05Z"
    assert report["status"] == "error"
    assert report["counts"] == {"clean": 1, "drifted": 2, "error": 1}
    assert report["drifted_layers"] == ["network", "loadbalancer"]
    assert report["error_layers"] == ["compute"]


def test_markdown_names_every_layer_resource_and_attribute():
    text = drift_report.markdown(drift_report.build(_records(), "local", WHEN))
    assert "| loadbalancer | drifted | 3.2 | 1 |" in text
    assert "### `module.alb.aws_lb.this`" in text
    assert "- kind: changed outside Terraform" in text
    assert "| enable_deletion_protection | `true` | `false` |" in text
    assert "| attribute | now | configured |" in text  # the pending change reads the other way round
    assert "terraform plan failed: boom" in text


def test_summary_fits_one_screen():
    lines = drift_report.summary_lines(drift_report.build(_records(), "local", WHEN))
    assert len(lines) <= 24 and all(len(line) <= 160 for line in lines)
    assert lines[0].split() == ["LAYER", "STATUS", "SECONDS", "DETAIL"]
    assert lines[2].startswith("network        drifted")
    assert "  loadbalancer: module.alb.aws_lb.this [changed outside Terraform, update] enable_deletion_protection" \
        in lines
    assert lines[-1] == "Drift check ERROR: 1 clean, 2 drifted, 1 error"


def test_module_returns_the_report_and_writes_none(run_module, terraform, make_layer, tmp_path):
    layer = make_layer("loadbalancer", initialised=True)
    before = set(os.listdir(tmp_path))
    terraform.layer(layer["project_path"], plans.alb_deletion_protection_off(), plan_rc=[2])
    failed, result = run_module({"layers": [layer], "environment_name": "dev"})
    assert not failed
    written = json.loads(result["report_json"])
    assert written == result["report"]
    assert "enable_deletion_protection" in result["markdown"]
    assert not [n for n in set(os.listdir(tmp_path)) - before if n.endswith((".md", "latest.json"))]
    assert written["environment"] == "dev"
    assert written["seconds"] == result["seconds"] >= 0
    assert written["drifted_layers"] == ["loadbalancer"]


def test_summary_stays_one_screen_with_many_resources():
    many = dict(analyse(plans.clean()), name="services", status="drifted", seconds=1.0,
                resources=[{"address": "aws_x.r%d" % i, "kind": "pending change", "outside_terraform": False,
                            "action": "update", "attributes": []} for i in range(30)])
    lines = drift_report.summary_lines(drift_report.build([many], "local", WHEN))
    assert len(lines) == 1 + 1 + 12 + 1 + 1
    assert lines[-2] == "  ... and 18 more resource(s): see the report"


def test_markdown_says_reconcile_revokes_an_unmanaged_rule():
    sg = dict(analyse(plans.sg_rule_added()), name="security", status="drifted", seconds=1.0)
    text = drift_report.markdown(drift_report.build([sg], "local", WHEN))
    assert "reconcile=true revokes them" in text
    rule = '{"cidr_ipv4": "0.0.0.0/0", "from_port": 22, "protocol": "tcp", "to_port": 22}'
    assert "| ingress | `[]` | `[%s]` |" % rule in text
