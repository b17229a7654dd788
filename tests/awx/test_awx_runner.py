"""site.yml as an AWX job: ansible-runner (AWX's engine) on an AWX-like private data dir, against the emulator.

One deployment through the runner (the session's, shared with the integration tests of make test's lane), then the
CLI on the same emulator: the runner's run must have done what the CLI
would (the CLI finds nothing left to change), with the same summary, honest status and no secret in the artifacts.
"""

import configparser
import glob
import json
import os
import re
import types

import pytest

from tests.awx import awx_runner_kit as kit
from tests.helpers import ROOT, copy_local_inventory
from tests.integration.conftest import Deployment, Emulator, free_port, recap

LAYERS = ["bootstrap", "network", "security", "loadbalancer", "compute", "services", "observability"]
SUMMARY_HEADER = re.compile(r"LAYER\s+STATUS\s+SECONDS\s+PLAN")


def layer_statuses(text):
    return dict(re.findall(r"^\s*-?\s*'?(%s)\s+(applied|unchanged|planned|skipped|failed)\s" % "|".join(LAYERS),
                           text, re.M))


def summary_rows(result):
    """Rows of the Summary task's table, from the runner's job events (what AWX stores and shows)."""
    rows = [r["msg"] for r in kit.task_results(result, "Summary")]
    assert len(rows) == 1, rows
    assert isinstance(rows[0], str), rows  # one block, so the callback keeps the columns (a list was folded)
    return rows[0].splitlines()


@pytest.fixture(scope="module")
def awx_job(request, tmp_path_factory):
    """The AWX job deploys the session's stack (make test's lane runs it before the integration tests that use it;
    the CLI's deployment fixture then converges it). When the session already deployed it, the job deploys on an
    emulator of its own instead: either way it deploys from nothing."""
    session_emulator = request.getfixturevalue("emulator")
    private = session_emulator.deployed_by is not None
    emu = Emulator(free_port(), str(tmp_path_factory.mktemp("awx-emulator"))) if private else session_emulator
    if private:
        emu.cli("up")
    try:
        if private:
            inventory = str(tmp_path_factory.mktemp("awx-inventory") / "local")
            copy_local_inventory(inventory)
            emu.cli("fixtures", "--inventory", inventory)
        else:
            inventory = request.getfixturevalue("local_inventory")
        emu.deployed_by = "AWX job"
        work = str(tmp_path_factory.mktemp("awx-work"))
        # What the AWS credential of the job template injects, plus where the emulator listens.
        envvars = {"EMULATOR_PORT": str(emu.port), "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
        pdd = kit.private_data_dir(str(tmp_path_factory.mktemp("awx-job") / "job"), inventory, envvars=envvars,
                                   extravars={"ecs_work_dir": work})
        with pytest.MonkeyPatch.context() as mp:
            # An AWX job has none of the Makefile's Terraform settings: the collection must find its own.
            mp.delenv("TF_CLI_CONFIG_FILE", raising=False)
            result = kit.run(pdd, "playbooks/site.yml")
        stdout = result.stdout.read()
        # The same deployment seen from the CLI (a work dir of its own): it must find nothing left to do.
        if private:
            cli = Deployment(emu, inventory, str(tmp_path_factory.mktemp("cli-work"))).playbook("site.yml", check=False)
        else:
            cli = request.getfixturevalue("deployment").first_run
        yield types.SimpleNamespace(emulator=emu, pdd=pdd, work=work, result=result, stdout=stdout, cli=cli)
    finally:
        if private:
            emu.cli("down")


def test_project_ansible_cfg_lets_awx_load_its_inventory_script():
    """AWX passes the inventory as an executable script; a project ansible.cfg without the script plugin makes
    every job run against an empty inventory (ansible/awx#4746)."""
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "ansible.cfg"))
    enabled = [p.strip() for p in cfg.get("inventory", "enable_plugins", fallback="").split(",") if p.strip()]
    assert not enabled or {"script", "ansible.builtin.script"} & set(enabled), (
        "ansible.cfg [inventory] enable_plugins = %s: add ansible.builtin.script, or AWX jobs see no inventory"
        % ", ".join(enabled))


def test_site_yml_through_ansible_runner_succeeds(awx_job):
    result = awx_job.result
    assert (result.rc, result.status) == (0, "successful"), awx_job.stdout[-12000:]
    artifacts = os.path.join(awx_job.pdd, "artifacts", result.config.ident)
    with open(os.path.join(artifacts, "rc")) as f:
        assert f.read().strip() == "0"
    with open(os.path.join(artifacts, "status")) as f:
        assert f.read().strip() == "successful"
    assert os.path.getsize(os.path.join(artifacts, "stdout")) > 0
    event_files = glob.glob(os.path.join(artifacts, "job_events", "*.json"))
    assert len(event_files) > 50
    stats = [e for e in kit.events(result) if e.get("event") == "playbook_on_stats"]
    assert len(stats) == 1 and not stats[0]["event_data"]["failures"] and not stats[0]["event_data"]["dark"]


def test_runner_deploys_what_the_cli_would(awx_job):
    rows = summary_rows(awx_job.result)
    assert SUMMARY_HEADER.match(rows[0]), rows
    assert layer_statuses("\n".join(rows)) == dict((layer, "applied") for layer in LAYERS), rows
    # The job's stdout (what AWX shows) holds the same table.
    assert layer_statuses(awx_job.stdout) == layer_statuses("\n".join(rows))
    # The CLI on the same deployment: nothing to change, every layer unchanged, the same ALB.
    cli_out = awx_job.cli.stdout
    assert awx_job.cli.returncode == 0, cli_out[-8000:]
    assert recap(cli_out)["changed"] == 0, cli_out[-6000:]
    assert layer_statuses(cli_out) == dict((layer, "unchanged") for layer in LAYERS)
    # Its work dir was empty: every layer was planned, all of them in one combined plan (none on its own).
    words = " ".join(cli_out.split())  # the YAML callback folds long lines
    assert re.search(r"one combined plan of (\w+, ){6}\w+ \(", words), cli_out[-8000:]
    for layer in LAYERS:
        assert re.search(r"%s: no changes \([\d.]+ s\): no changes \(planned with the other layers in one combined "
                         r"plan" % layer, words), (layer, cli_out[-8000:])
    assert SUMMARY_HEADER.search(cli_out)
    alb = [r for r in rows if r.startswith("ALB: ")]
    assert len(alb) == 1 and re.match(r"ALB: https://\S+\.elb\.amazonaws\.com$", alb[0])
    assert alb[0] in cli_out


def test_no_secret_value_in_the_job_artifacts(awx_job):
    ssm = awx_job.emulator.client("ssm")
    sm = awx_job.emulator.client("secretsmanager")
    planted = [ssm.get_parameter(Name=n, WithDecryption=True)["Parameter"]["Value"]
               for n in ("/demo/local/web/db-password", "/demo/local/api/signing-key")]
    planted.append(sm.get_secret_value(SecretId="demo/local/web/api-token")["SecretString"])
    assert all(len(v) >= 16 for v in planted)
    scanned = 0
    for top in (awx_job.pdd, awx_job.work):
        for dirpath, _dirs, files in os.walk(top):
            for name in files:
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or os.path.getsize(path) > 50_000_000:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                scanned += 1
                for value in planted:
                    assert value.encode() not in data, "a secret value is in %s" % path
    assert scanned > 50


def test_a_failing_job_reports_failed(tmp_path):
    """destroy.yml on the production inventory refuses before touching anything: status failed, rc != 0."""
    pdd = kit.private_data_dir(str(tmp_path / "job"), os.path.join(ROOT, "inventories", "prod"),
                               extravars={"ecs_work_dir": str(tmp_path / "work")})
    result = kit.run(pdd, "playbooks/destroy.yml", timeout=300)
    out = result.stdout.read()
    assert result.status == "failed" and result.rc != 0, out[-4000:]
    assert "Refusing to destroy" in out
    stats = [e for e in kit.events(result) if e.get("event") == "playbook_on_stats"]
    assert stats and stats[0]["event_data"]["failures"] == {"localhost": 1}


def test_no_playbook_waits_for_a_person():
    """AWX jobs have no terminal: no prompts, no pauses, anywhere in the playbooks and roles."""
    found = []
    for pattern in ("playbooks/*.yml", "roles/*/tasks/*.yml", "roles/*/handlers/*.yml"):
        for path in glob.glob(os.path.join(ROOT, pattern)):
            with open(path) as f:
                text = f.read()
            for bad in ("vars_prompt", "ansible.builtin.pause", "\n  pause:", "  - pause:", "prompt:"):
                if bad in text:
                    found.append("%s: %s" % (os.path.relpath(path, ROOT), bad.strip()))
    assert not found, found


def test_the_runner_job_is_what_awx_would_run(awx_job):
    """The command ansible-runner ran: the job template's playbook path, the inventory script, extra vars file."""
    with open(os.path.join(awx_job.pdd, "artifacts", awx_job.result.config.ident, "command")) as f:
        command = json.load(f)
    argv = command["command"]
    assert argv[0].endswith("ansible-playbook") and argv[-1] == "playbooks/site.yml"
    assert command["cwd"] == os.path.join(awx_job.pdd, "project")
    assert "-i" in argv and argv[argv.index("-i") + 1] == os.path.join(awx_job.pdd, "inventory")
