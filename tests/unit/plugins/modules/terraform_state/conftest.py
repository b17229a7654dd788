"""A terraform behind AnsibleModule.run_command that records argv and holds one layer's state addresses."""

import pytest
from ansible.module_utils import basic
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import terraform_state


class StateTerraform:
    def __init__(self, addresses):
        self.addresses = list(addresses)
        self.calls = []
        self.lock_refusals = []  # [(lock ID logged as this attempt's own, holder named in the error)], one per write

    def _write_refused(self, env):
        """A state write refused by a lock: the attempt logs its own lock ID, the error names the holder."""
        if not self.lock_refusals:
            return None
        own, holder = self.lock_refusals.pop(0)
        with open(env["TF_LOG_PATH"], "a") as log:
            log.write("2026-12-03T10:00:00.000Z [INFO]  backend-s3: Attempting to lock remote state (S3 Native and "
                      "DynamoDB)...: tf_backend.lock.id=%s tf_backend.lock.operation=OperationTypeInvalid\n" % own)
        return 1, "", ("Error: Error acquiring the state lock\n\nError message: operation error DynamoDB: PutItem, "
                       "ConditionalCheckFailedException: The conditional request failed\nLock Info:\n  ID:        %s"
                       "\n  Path:      b/local/services/terraform.tfstate\n" % holder)

    def __call__(self, argv, cwd=None, environ_update=None, **_kw):
        self.calls.append({"argv": list(argv[1:]), "cwd": cwd, "env": dict(environ_update or {})})
        words = argv[1:]
        if words[0] == "init":
            return 0, "Terraform has been successfully initialized!", ""
        if words[:2] == ["state", "list"]:
            return 0, "".join(a + "\n" for a in self.addresses), ""
        if words[0] == "force-unlock":
            return 0, "Terraform state has been successfully unlocked!", ""
        if words[:2] in (["state", "rm"], ["state", "push"]) and self.lock_refusals:
            return self._write_refused(environ_update)
        if words[:2] == ["state", "rm"]:
            gone = [a for a in words[2:] if not a.startswith("-")]
            missing = [a for a in gone if a not in self.addresses]
            if missing:  # as terraform does: an address not in the state fails the whole command
                return 1, "", "Error: Invalid target address\n\nNo matching objects found for %s" % missing[0]
            self.addresses = [a for a in self.addresses if a not in gone]
            return 0, "Removed %d objects" % len(gone), ""
        if words[:2] == ["state", "push"]:
            return 0, "", ""
        raise AssertionError("unexpected terraform command %s" % argv)

    def argvs(self):
        return [c["argv"] for c in self.calls]


@pytest.fixture
def layer_state(monkeypatch):
    fake = StateTerraform(["aws_s3_bucket.logs", "aws_s3_bucket.access_logs", "aws_sns_topic.alarms"])
    monkeypatch.setattr(basic.AnsibleModule, "run_command", lambda self, argv, **kw: fake(argv, **kw))
    return fake


@pytest.fixture
def params(tmp_path):
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\nexit 99\n")
    binary.chmod(0o755)
    return {"project_path": str(tmp_path), "data_dir": str(tmp_path / ".terraform"), "binary_path": str(binary),
            "backend_config": str(tmp_path / "backend.tfbackend")}


@pytest.fixture
def run_state(run_main):
    return lambda args: run_main(terraform_state.main, args, aws=False)
