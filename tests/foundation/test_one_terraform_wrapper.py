"""One way to run Terraform: community.general.terraform where the roles plan and apply, and every other call
through the one wrapper (plugins/module_utils/terraform_cli.py, on community.general's CmdRunner). No role or
playbook runs terraform with ansible.builtin.command/shell, and no other Python file starts a process."""

import ast
import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = "plugins/module_utils/terraform_cli.py"
# Run as a script by the Makefile before Ansible is installed (its module passes the wrapper instead).
SCRIPT_MODE = {"plugins/module_utils/terraform_toolchain.py": "_version_by_subprocess"}
SHELL_MODULES = {"ansible.builtin.command", "ansible.builtin.shell", "command", "shell", "ansible.builtin.raw"}


def tasks(node):
    if isinstance(node, list):
        for item in node:
            yield from tasks(item)
    elif isinstance(node, dict):
        yield node
        for key in ("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks", "handlers"):
            yield from tasks(node.get(key))


def test_no_role_or_playbook_runs_terraform_through_a_shell_task():
    found = []
    for path in sorted(list(ROOT.glob("roles/*/tasks/*.yml")) + list(ROOT.glob("playbooks/*.yml"))):
        for task in tasks(yaml.safe_load(path.read_text())):
            for module in SHELL_MODULES & set(task):
                if "terraform" in yaml.safe_dump(task[module]):
                    found.append("%s: %s" % (path.relative_to(ROOT), task.get("name")))
    assert not found, "use platform_ops.ecs_ec2.terraform_state or community.general.terraform: %s" % found


def test_only_the_wrapper_starts_a_process():
    found = []
    for path in sorted(ROOT.glob("plugins/**/*.py")):
        rel = str(path.relative_to(ROOT))
        if rel == WRAPPER:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and (node.attr == "run_command" or (
                    isinstance(node.value, ast.Name) and node.value.id == "os" and node.attr in ("system", "popen"))):
                found.append("%s:%d %s" % (rel, node.lineno, node.attr))
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                if "subprocess" in names and rel not in SCRIPT_MODE:
                    found.append("%s:%d imports subprocess" % (rel, node.lineno))
    assert not found, found


def test_the_script_mode_call_is_the_only_subprocess_and_modules_use_the_wrapper():
    for rel, function in SCRIPT_MODE.items():
        tree = ast.parse((ROOT / rel).read_text())
        calls = [(fn.name, node.lineno) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
                 for node in ast.walk(fn) if isinstance(node, ast.Attribute) and node.attr == "run"
                 and isinstance(node.value, ast.Name) and node.value.id == "subprocess"]
        assert calls and {name for name, _dummy in calls} == {function}, calls
    module = (ROOT / "plugins/modules/terraform_toolchain.py").read_text()
    assert "version_of=lambda path: TerraformCLI(" in module
    assert os.path.basename(WRAPPER)[:-3] + " import TerraformCLI" in module
