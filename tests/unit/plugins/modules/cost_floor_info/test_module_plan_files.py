"""plan_files: each layer's plan is read with `terraform show -json PLAN` (exact argv, TF_DATA_DIR per layer);
without plan_file the layer's state is read (the live deployment as Terraform knows it)."""

import json

from ansible.module_utils import basic
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from cost_floor_testkit import REGION, load_plans


def test_reads_each_layer_through_terraform_show(run_main, monkeypatch, tmp_path):
    docs = {p["layer"]: p["plan"] for p in load_plans("dev")}
    calls = []

    def run_command(self, argv, cwd=None, environ_update=None, **_kw):
        calls.append((argv, cwd, environ_update["TF_DATA_DIR"]))
        layer = cwd.rsplit("/", 1)[-1]
        return 0, json.dumps(docs[layer]), ""

    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    entries = [{"layer": layer, "project_path": "/p/%s" % layer, "plan_file": "/w/%s/layer.tfplan" % layer,
                "data_dir": "/w/%s/.terraform" % layer} for layer in docs]
    entries[0].pop("plan_file")  # network: read its state
    failed, result = run_main(cost_floor_info.main, {"plan_files": entries, "region": REGION,
                                                     "binary_path": str(binary)})
    assert not failed, result.get("msg")
    assert calls[0] == ([str(binary), "show", "-json", "-no-color"], "/p/network", "/w/network/.terraform")
    assert calls[1] == ([str(binary), "show", "-json", "-no-color", "/w/security/layer.tfplan"], "/p/security",
                        "/w/security/.terraform")
    _f, direct = run_main(cost_floor_info.main, {"plans": load_plans("dev"), "region": REGION})
    assert result["monthly_total"] == direct["monthly_total"]


def test_terraform_failure_names_the_layer(run_main, monkeypatch, tmp_path):
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda self, argv, **kw: (1, "", "No such plan file"))
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    failed, result = run_main(cost_floor_info.main, {"region": REGION, "binary_path": str(binary), "plan_files": [
        {"layer": "compute", "project_path": "/p/compute", "plan_file": "/w/missing.tfplan"}]})
    assert failed
    assert result["msg"] == "layer compute: terraform show failed (rc=1): No such plan file"


def test_state_document_is_priced_like_a_plan(run_main):
    """`terraform show -json` of a state has values.root_module instead of planned_values."""
    docs = load_plans("dev", ["network"])
    state = {"format_version": "1.0", "values": docs[0]["plan"]["planned_values"]}
    _f, from_plan = run_main(cost_floor_info.main, {"plans": docs, "region": REGION})
    _f, from_state = run_main(cost_floor_info.main, {"plans": [{"layer": "network", "plan": state}],
                                                     "region": REGION})
    assert from_state["monthly_total"] == from_plan["monthly_total"] > 0
