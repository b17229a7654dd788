"""Linters as tests, so `make test` fails on any finding: ruff, yamllint, ansible-lint, terraform, checkov."""

import ast
import glob
import os
import subprocess

import pytest
import yaml

from tests.helpers import ROOT, VENV_BIN, terraform_env

LAYERS = sorted(os.listdir(os.path.join(ROOT, "terraform", "layers")))


def run(argv, **kw):
    proc = subprocess.run(argv, cwd=kw.pop("cwd", ROOT), capture_output=True, text=True, check=False, **kw)
    assert proc.returncode == 0, "%s\n%s\n%s" % (" ".join(argv), proc.stdout[-6000:], proc.stderr[-3000:])
    return proc


def test_ruff():
    run([os.path.join(VENV_BIN, "ruff"), "check", "."])


def test_yamllint():
    run([os.path.join(VENV_BIN, "yamllint"), "-s", "playbooks", "roles", "inventories", "meta", "galaxy.yml"])


def test_ansible_lint_production_profile():
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    run([os.path.join(VENV_BIN, "ansible-lint"), "--nocolor"], env=env)


def test_terraform_fmt():
    run(["terraform", "fmt", "-check", "-recursive", "-diff", "terraform"], env=terraform_env())


@pytest.mark.parametrize("layer", LAYERS)
def test_terraform_validate(layer, tmp_path):
    env = terraform_env(TF_DATA_DIR=str(tmp_path / ".terraform"))
    path = os.path.join(ROOT, "terraform", "layers", layer)
    run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=path, env=env)
    run(["terraform", "validate", "-no-color"], cwd=path, env=env)


def test_checkov_with_custom_policies():
    checkov = os.path.join(ROOT, ".venv", "checkov", "bin", "checkov")
    run([checkov, "--config-file", os.path.join(ROOT, ".checkov.yml"), "-d", "terraform", "--quiet", "--compact"],
        env=dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false"))


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))),
                         ids=os.path.basename)
def test_module_documentation_parses(path):
    """ansible-doc and ansible-lint only warn on a DOCUMENTATION that is not YAML: make it an error here."""
    blocks, names = {}, ("DOCUMENTATION", "EXAMPLES", "RETURN")
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in names:
            blocks[node.targets[0].id] = yaml.safe_load(node.value.value)
    assert set(blocks) == {"DOCUMENTATION", "EXAMPLES", "RETURN"}
    assert blocks["DOCUMENTATION"]["module"] == os.path.basename(path)[:-3]


MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))
ROLES = sorted(r for r in os.listdir(os.path.join(ROOT, "roles"))
               if os.path.exists(os.path.join(ROOT, "roles", r, "meta", "argument_specs.yml")))


@pytest.mark.parametrize("kind, names", [("module", MODULES), ("role", ROLES)], ids=["modules", "roles"])
def test_ansible_doc_renders_every_module_and_role(kind, names):
    """What a user reads first: ansible-doc of each one, rendered as text (a description item holding "key: value"
    parses as a dict and only that module fails, with an error on stderr and exit code 0)."""
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    proc = run([os.path.join(VENV_BIN, "ansible-doc"), "-t", kind, *["platform_ops.ecs_ec2." + n for n in names]],
               env=env)
    assert "ERROR" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr
    header = "> MODULE %s " if kind == "module" else "> ROLE: *%s*"
    rendered = [n for n in names if header % ("platform_ops.ecs_ec2." + n) in proc.stdout]
    assert rendered == names, sorted(set(names) - set(rendered))
