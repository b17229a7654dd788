"""Run a playbook the way an AWX job does: ansible-runner on a private data dir laid out like AWX's.

AWX gives a job: project/ (the synced checkout), requirements_collections/ (what project sync installed from
collections/requirements.yml), inventory/ (the inventory it imported, as JSON), env/envvars (credential injections)
and env/extravars; it runs the playbook path of the job template with ANSIBLE_COLLECTIONS_PATHS pointing at
requirements_collections. Nothing here reads the controller's disk beyond that.
"""

import json
import os
import shutil
import subprocess

import ansible_runner

from tests.helpers import ROOT, VENV_BIN

# Where the `ansible` package keeps community.general / amazon.aws: what the execution environment bakes in.
SITE_COLLECTIONS = subprocess.run(
    [os.path.join(VENV_BIN, "python"), "-c",
     "import ansible_collections, os; print(os.path.dirname(list(ansible_collections.__path__)[0]))"],
    capture_output=True, text=True, check=True).stdout.strip()


INVENTORY_SCRIPT = """#!/usr/bin/env python3
import json, sys
data = json.loads(%s)
print(json.dumps(data if "--list" in sys.argv else data["_meta"]["hostvars"].get(sys.argv[-1], {})))
"""


def exported_inventory(inventory_dir):
    """What an AWX SCM inventory source imports from inventories/<env>: `ansible-inventory --list --export`."""
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-inventory"), "-i", inventory_dir, "--list", "--export"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
                          env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
    return json.loads(proc.stdout)


def private_data_dir(path, inventory_dir, envvars=None, extravars=None):
    """Lay out an AWX-like private data dir at ``path`` and return it."""
    project = os.path.join(path, "project")
    os.makedirs(project)
    # The project checkout: playbooks, ansible.cfg and the requirements project sync reads.
    shutil.copytree(os.path.join(ROOT, "playbooks"), os.path.join(project, "playbooks"))
    shutil.copytree(os.path.join(ROOT, "collections"), os.path.join(project, "collections"))
    shutil.copy(os.path.join(ROOT, "ansible.cfg"), project)

    # Project sync: ansible-galaxy in the checkout, into requirements_collections (dependencies already present,
    # as in the execution environment; --offline so the test never reaches Galaxy).
    collections = os.path.join(path, "requirements_collections")
    subprocess.run(
        [os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "install", "--offline",
         "-r", os.path.join(ROOT, "collections", "requirements.yml"), "-p", collections],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH="%s:%s" % (collections, SITE_COLLECTIONS)))

    # AWX hands a job its inventory as an executable script printing the imported JSON (inventory/hosts).
    os.makedirs(os.path.join(path, "inventory"))
    script = os.path.join(path, "inventory", "hosts")
    with open(script, "w") as f:
        f.write(INVENTORY_SCRIPT % json.dumps(json.dumps(exported_inventory(inventory_dir))))
    os.chmod(script, 0o700)

    os.makedirs(os.path.join(path, "env"))
    env = {
        "ANSIBLE_COLLECTIONS_PATHS": "%s:%s" % (collections, SITE_COLLECTIONS),
        "ANSIBLE_COLLECTIONS_PATH": "%s:%s" % (collections, SITE_COLLECTIONS),
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
        "PATH": "%s:%s" % (VENV_BIN, os.environ.get("PATH", "")),
    }
    env.update(envvars or {})
    with open(os.path.join(path, "env", "envvars"), "w") as f:
        json.dump(env, f)
    with open(os.path.join(path, "env", "extravars"), "w") as f:
        json.dump(extravars or {}, f)
    return path


def run(pdd, playbook, timeout=1800):
    """ansible_runner.run as AWX calls it: no TTY input, the playbook path of the job template."""
    return ansible_runner.run(private_data_dir=pdd, playbook=playbook, quiet=True, timeout=timeout)


def events(result):
    return list(result.events)


def task_results(result, task, action="ansible.builtin.debug"):
    """event_data.res of every successful result of the task named ``task`` (not the include of the same name)."""
    return [e["event_data"]["res"] for e in result.events
            if e.get("event") == "runner_on_ok" and e["event_data"].get("task") == task
            and e["event_data"].get("task_action") == action]
