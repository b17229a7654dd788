"""A private emulator (free port, own state dir) and a private copy of inventories/local with its work dir."""

from __future__ import annotations

import json
import os
import shutil
import socket
from typing import ClassVar

import boto3

from bench.common import PLAYBOOK, PY, ROOT, BenchError, layer_seconds, recap, run, task_profile, terraform_env

# Every bench playbook run prints the per-task times (where the time goes) after the PLAY RECAP.
PROFILE_ENV = {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks", "PROFILE_TASKS_TASK_OUTPUT_LIMIT": "400",
               "PROFILE_TASKS_SORT_ORDER": "descending"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    """`python -m emulator up/down` on a free port with a state dir of its own; registered for cleanup."""

    live: ClassVar[list[Emulator]] = []

    def __init__(self, root: str, log_path: str, env: dict | None = None):
        self.env = dict(env or {})  # the serve process's settings (EMULATOR_DATA_PLANE=off, ...)
        self.port = free_port()
        self.state_dir = os.path.join(root, "emulator-%d" % self.port)
        self.log_path = log_path
        self.url = "http://127.0.0.1:%d" % self.port
        self.aws_env = {"AWS_ENDPOINT_URL": self.url, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                        "AWS_DEFAULT_REGION": "us-east-1"}

    def _cli(self, *args):
        env = dict(os.environ, EMULATOR_PORT=str(self.port), EMULATOR_STATE_DIR=self.state_dir, **self.env)
        return run([PY, "-m", "emulator", *args, "--port", str(self.port), "--state-dir", self.state_dir]
                   if args[0] in ("up", "down") else [PY, "-m", "emulator", *args, "--port", str(self.port)],
                   env, self.log_path, timeout=180)

    def up(self) -> Emulator:
        os.makedirs(self.state_dir, exist_ok=True)
        Emulator.live.append(self)
        self._cli("up")
        return self

    def down(self) -> None:
        if self in Emulator.live:
            Emulator.live.remove(self)
            self._cli("down")

    def pid(self) -> int | None:
        try:
            with open(os.path.join(self.state_dir, "emulator-%d.json" % self.port), encoding="utf-8") as fh:
                return int(json.load(fh)["pid"])
        except (OSError, ValueError, KeyError):
            return None

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")  # noqa: S106 - emulator dummy

    @classmethod
    def stop_all(cls) -> list[str]:
        """Stop every emulator still up (called on every exit path); returns the errors instead of raising."""
        errors = []
        for emu in list(cls.live):
            try:
                emu.down()
            except BenchError as exc:
                errors.append(str(exc))
        return errors


class Workspace:
    """One emulator, its own copy of inventories/local (fixtures run into it) and its own ecs_work_dir."""

    def __init__(self, root: str, name: str, log_path: str, emulator_env: dict | None = None):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.log_path = log_path
        self.emulator = Emulator(self.dir, log_path, emulator_env).up()
        self.inventory = os.path.join(self.dir, "inventory", "local")
        # Not the outputs of runs made on inventories/local (.ecs_ec2: providers symlinked, 707 MB a layer copied).
        shutil.copytree(os.path.join(ROOT, "inventories", "local"), self.inventory,
                        ignore=shutil.ignore_patterns("generated_*.yml", ".ecs_ec2"))
        self.emulator._cli("fixtures", "--inventory", self.inventory)
        self.work_dir = os.path.join(self.dir, "work")
        self.raw_dir = os.path.join(self.dir, "raw")
        self.extra_vars: list[str] = []  # extra-vars files (@file) every playbook of this workspace gets

    def playbook(self, path: str, *args: str) -> dict:
        """Run a playbook on this workspace; returns seconds, recap, per-layer and per-task times, output."""
        argv = [PLAYBOOK, path if os.path.isabs(path) else os.path.join(ROOT, path), "-i", self.inventory,
                "-e", "ecs_work_dir=%s" % self.work_dir, *["-e@%s" % f for f in self.extra_vars], *args]
        env = terraform_env(dict(PROFILE_ENV, EMULATOR_PORT=str(self.emulator.port)))
        res = run(argv, env, self.log_path)
        return {"seconds": res.seconds, "recap": recap(res.stdout), "layers": layer_seconds(res.stdout),
                "tasks": task_profile(res.stdout), "stdout": res.stdout}

    def close(self) -> None:
        self.emulator.down()
