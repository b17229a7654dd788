"""Run the module's main() with module args; the valid inventory is the rules' own test inventory."""

import copy

import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args


class _Exit(Exception):
    pass


@pytest.fixture
def run_module(monkeypatch):
    """run_module(main, args) -> (failed, result, module); the module object shows the no_log values it added."""
    seen = {}

    def exit_json(self, **kwargs):
        seen["module"] = self
        raise _Exit(False, kwargs)

    def fail_json(self, **kwargs):
        seen["module"] = self
        raise _Exit(True, dict(kwargs, failed=True))

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def run(main, args):
        with patch_module_args(copy.deepcopy(args)):
            try:
                main()
            except _Exit as exc:
                return exc.args[0], exc.args[1], seen["module"]
        raise AssertionError("the module neither exited nor failed")

    return run
