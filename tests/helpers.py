"""Paths and environments the test suites share."""

import json
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
TF_CLI_CONFIG = os.path.join(ROOT, ".work", "terraform", "cli.tfrc")


def copy_local_inventory(dest):
    """A private copy of inventories/local: its files, not the fixtures generated for the demo's emulator, nor the
    outputs of runs made on it (.ecs_ec2, the default ecs_output_root: a work dir whose providers are symlinks into
    the mirror, which copytree would copy, 707 MB per layer)."""
    shutil.copytree(os.path.join(ROOT, "inventories", "local"), dest,
                    ignore=shutil.ignore_patterns("generated_*.yml", ".ecs_ec2"))
    return str(dest)


def terraform_env(**extra):
    """Environment for running terraform in tests: the project's CLI config, never phoning home."""
    env = dict(os.environ, TF_CLI_CONFIG_FILE=TF_CLI_CONFIG, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    env.update(extra)
    return env


# A maintained HCL parser: bc-python-hcl2, installed with checkov in its own virtualenv (make setup).
HCL_PYTHON = os.path.join(ROOT, ".venv", "checkov", "bin", "python")


def parse_hcl(paths):
    """{path: the file's HCL as JSON} for each .tf file, read by python-hcl2 in the checkov virtualenv."""
    script = "import hcl2, json, sys; print(json.dumps({p: hcl2.load(open(p)) for p in sys.argv[1:]}))"
    proc = subprocess.run([HCL_PYTHON, "-c", script, *paths], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def hcl_one(value):
    """bc-python-hcl2 wraps some attribute values in a list: the value itself."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value
