"""Paths and environments the test suites share."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
TF_CLI_CONFIG = os.path.join(ROOT, ".work", "terraform", "cli.tfrc")


def terraform_env(**extra):
    """Environment for running terraform in tests: the project's CLI config, never phoning home."""
    env = dict(os.environ, TF_CLI_CONFIG_FILE=TF_CLI_CONFIG, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    env.update(extra)
    return env
