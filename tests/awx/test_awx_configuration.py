"""awx/configure.yml without an AWX server: lint, syntax, and the objects it would create (awx_render_to)."""

import json
import os
import re
import subprocess

import pytest
import yaml

from tests.helpers import ROOT, VENV_BIN

PLAYBOOK = os.path.join(ROOT, "awx", "configure.yml")
SENTINELS = {"access": "AKIAAWXTESTSENTINEL1", "secret": "awx-test-secret-sentinel-8d1c", "hook": "hook-token-5e7a"}


def ansible(argv, **env):
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1",
                                   **env), check=False)


def render(tmp_path, *extra):
    out = tmp_path / "objects.json"
    proc = ansible([os.path.join(VENV_BIN, "ansible-playbook"), PLAYBOOK, "-e", "awx_render_to=%s" % out, *extra])
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    return json.loads(out.read_text()), proc.stdout


@pytest.fixture(scope="module")
def objects(tmp_path_factory):
    secrets = {"awx_aws_credentials": {"dev": {"access_key": SENTINELS["access"], "secret_key": SENTINELS["secret"]}},
               "awx_notification_webhook_url": "https://hooks.example.com/%s" % SENTINELS["hook"],
               "awx_operator_team": "shop-operators", "awx_approver_team": "shop-leads"}
    data, stdout = render(tmp_path_factory.mktemp("awx"), "-e", json.dumps(secrets))
    data["_stdout"] = stdout
    return data


def inventory_vars(env):
    with open(os.path.join(ROOT, "inventories", env, "group_vars", "all", "main.yml")) as f:
        return yaml.safe_load(f)


def by_name(items):
    return dict((i["name"], i) for i in items)


def test_ansible_lint_production_profile():
    proc = ansible([os.path.join(VENV_BIN, "ansible-lint"), "--nocolor", "--profile", "production",
                    "awx/configure.yml", "awx/vars/main.yml", "collections/requirements.yml",
                    "execution-environment.yml"])
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-3000:]
    assert "Profile 'production' was required, and it passed" in proc.stderr + proc.stdout


def test_syntax_check():
    proc = ansible([os.path.join(VENV_BIN, "ansible-playbook"), "--syntax-check", PLAYBOOK])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_environment_has_deploy_rollout_and_drift_templates(objects):
    templates = by_name(objects["job_templates"])
    for env in ("dev", "prod"):
        deploy = templates["ecs-ec2 %s deploy" % env]
        assert deploy["playbook"] == "playbooks/site.yml"
        assert deploy["ask_job_type_on_launch"] is True  # launch as Check: plan every layer, change nothing
        assert [q["variable"] for q in deploy["survey_spec"]["spec"]] == ["allow_replace"]
        assert deploy["survey_spec"]["spec"][0]["default"] == "false"
        # allow_replace cannot override prevent_destroy (Terraform refuses the plan): the survey must not promise it.
        text = re.sub(r"\s+", " ", deploy["survey_spec"]["spec"][0]["question_description"])
        assert "never overrides prevent_destroy" in text and "ALB or cluster always stops" in text
        rollout = templates["ecs-ec2 %s rollout image" % env]
        assert rollout["playbook"] == "playbooks/deploy_service.yml" and rollout["ask_job_type_on_launch"] is True
        survey = dict((q["variable"], q) for q in rollout["survey_spec"]["spec"])
        assert survey["image"]["required"] is False and survey["image"]["type"] == "text"  # empty for a rollback
        assert survey["rollback"]["choices"] == ["false", "true"] and survey["rollback"]["default"] == "false"
        assert survey["service"]["choices"] == [s["name"] for s in inventory_vars(env)["ecs_services"]]
        drift = templates["ecs-ec2 %s drift check" % env]
        assert drift["playbook"] == "playbooks/drift_check.yml"
        for t in (deploy, rollout, drift):
            assert t["inventory"] == "ecs-ec2 %s" % env and t["credentials"] == ["ecs-ec2 %s AWS" % env]
            assert t["notification_templates_error"] == ["ecs-ec2 failures"]


def test_references_resolve_to_files_and_objects(objects):
    inventories = by_name(objects["inventories"])
    credentials = by_name(objects["credentials"])
    for t in objects["job_templates"]:
        assert os.path.isfile(os.path.join(ROOT, t["playbook"])), t["playbook"]
        assert t["inventory"] in inventories
        assert set(t["credentials"]) <= set(credentials)
    for inv in objects["inventories"]:
        assert os.path.isfile(os.path.join(ROOT, inv["source_path"])), inv["source_path"]
        assert os.path.isdir(os.path.join(ROOT, inv["inventory_dir"], "group_vars"))
    templates = by_name(objects["job_templates"])
    for s in objects["schedules"]:
        assert templates[s["unified_job_template"]]["playbook"] == "playbooks/drift_check.yml"
    for w in objects["workflows"]:
        for node in w["nodes"]:
            if node["unified_job_template"]["type"] == "job_template":
                assert node["unified_job_template"]["name"] in templates
    for role in objects["team_roles"]:
        assert set(role.get("job_templates", [])) <= set(templates)
        assert set(role.get("workflows", [])) <= set(by_name(objects["workflows"]))


def test_drift_checks_run_daily_and_fail_loudly(objects):
    schedules = by_name(objects["schedules"])
    for env in ("dev", "prod"):
        s = schedules["ecs-ec2 %s drift check, daily" % env]
        assert re.search(r"\bRRULE:FREQ=DAILY;INTERVAL=1\b", s["rrule"]) and s["rrule"].startswith("DTSTART")
        assert s["extra_data"] == {"drift_fail": True}


def test_destroy_only_for_non_production_and_only_after_approval(objects):
    production = dict((i["environment"], i["production"]) for i in objects["inventories"])
    assert production == dict((env, inventory_vars(env)["ecs_production"]) for env in ("dev", "prod"))
    destroys = [t for t in objects["job_templates"] if t["playbook"] == "playbooks/destroy.yml"]
    assert [t["environment"] for t in destroys] == [e for e, prod in production.items() if not prod] == ["dev"]
    (workflow,) = objects["workflows"]
    nodes = dict((n["identifier"], n) for n in workflow["nodes"])
    approval = [n for n in workflow["nodes"] if n["unified_job_template"]["type"] == "workflow_approval"]
    assert len(approval) == 1 and approval[0]["unified_job_template"]["timeout"] > 0
    # The destroy node runs only on the approval's success, and nothing else leads to it.
    assert approval[0]["related"]["success_nodes"] == [{"identifier": "destroy"}]
    assert nodes["destroy"]["unified_job_template"]["name"] == "ecs-ec2 dev destroy"
    assert not any(n.get("related") for n in workflow["nodes"] if n is not approval[0])
    # Teams launch the workflow, never the destroy template itself; approvers approve it.
    for role in objects["team_roles"]:
        assert "ecs-ec2 dev destroy" not in role.get("job_templates", [])
    assert {r["role"] for r in objects["team_roles"]} == {"execute", "approval"}


def test_no_secret_in_the_described_objects_or_output(objects):
    text = json.dumps(objects)
    for value in SENTINELS.values():
        assert value not in text
    assert by_name(objects["credentials"])["ecs-ec2 dev AWS"]["managed_here"] is True
    assert by_name(objects["credentials"])["ecs-ec2 prod AWS"]["managed_here"] is False


def test_without_its_secrets_it_stops_before_contacting_a_controller():
    proc = ansible([os.path.join(VENV_BIN, "ansible-playbook"), PLAYBOOK],
                   CONTROLLER_HOST="https://127.0.0.1:9", CONTROLLER_OAUTH_TOKEN="unused")
    assert proc.returncode != 0
    assert "Give the notification webhook as an extra var" in proc.stdout
    assert "TASK [Organization]" not in proc.stdout


def test_collections_requirements_install_this_checkout(tmp_path):
    """What AWX project sync runs (in the checkout): the collection at this commit plus its dependencies."""
    with open(os.path.join(ROOT, "collections", "requirements.yml")) as f:
        reqs = yaml.safe_load(f)["collections"]
    assert reqs[0] == {"name": ".", "type": "dir"}
    with open(os.path.join(ROOT, "galaxy.yml")) as f:
        assert {r["name"] for r in reqs[1:]} == set(yaml.safe_load(f)["dependencies"])
    from tests.awx.awx_runner_kit import SITE_COLLECTIONS

    dest = tmp_path / "requirements_collections"
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "install", "--offline",
                           "-r", "collections/requirements.yml", "-p", str(dest)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300,
                          env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH="%s:%s" % (dest, SITE_COLLECTIONS)),
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed = dest / "ansible_collections" / "platform_ops" / "ecs_ec2"
    for path in ("playbooks/site.yml", "roles/terraform_layer/tasks/main.yml", "terraform/layers", "MANIFEST.json"):
        assert (installed / path).exists(), path
    assert not (installed / ".venv").exists() and not (installed / ".work").exists()
