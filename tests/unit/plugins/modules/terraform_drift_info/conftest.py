"""The fake terraform (tests/unit/fake_terraform.py) behind AnsibleModule.run_command, layer factories and a main()
runner."""

import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_drift_info

LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n'


@pytest.fixture
def make_layer(tmp_path):
    """A layer whose work files exist: make_layer("network") -> the module's layer dict."""

    def make(name, initialised=False, files=True):
        work = tmp_path / "work" / name
        data_dir = work / ".terraform"
        data_dir.mkdir(parents=True)
        project = tmp_path / "terraform" / "layers" / name
        project.mkdir(parents=True)
        (project / ".terraform.lock.hcl").write_text(LOCK)  # committed in every layer, the same in each
        layer = {"name": name, "project_path": str(project), "data_dir": str(data_dir),
                 "backend_config_file": str(work / "backend.tfbackend"), "var_file": str(work / "inputs.tfvars.json")}
        if files:
            (work / "backend.tfbackend").write_text('bucket = "b"\nkey = "local/%s/terraform.tfstate"\n' % name)
            (work / "inputs.tfvars.json").write_text("{}\n")
        if initialised:
            (data_dir / "terraform.tfstate").write_text("{}")
        return layer

    return make


class Exit(Exception):
    pass


@pytest.fixture
def run_module(monkeypatch, terraform):
    """Run terraform_drift_info.main(); returns (failed, result)."""

    def exit_json(self, **kwargs):
        raise Exit(False, kwargs)

    def fail_json(self, **kwargs):
        raise Exit(True, kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def run(args):
        # Each layer on its own unless a test asks for the combined plan (test_combined_plan.py).
        with patch_module_args(dict({"binary_path": terraform.binary, "combine": False}, **args)):
            try:
                terraform_drift_info.main()
            except Exit as exc:
                return exc.args
        raise AssertionError("the module neither exited nor failed")

    return run
