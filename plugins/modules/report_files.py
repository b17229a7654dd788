#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: report_files
short_description: Write a report as latest.json / latest.md, and a dated copy of a report that changed
version_added: 0.4.0
description:
  - The _info modules (M(platform_ops.ecs_ec2.cost_floor_info), M(platform_ops.ecs_ec2.terraform_drift_info)) return
    their reports and write no file. This module writes one in a folder. C(latest.json) and C(latest.md) always hold
    the last report, and a dated copy (C(<name>-<UTC timestamp>.json) and C(.md)) is kept of each report whose JSON
    differs from the C(latest.json) before it, so the folder is a history of changes, not of runs.
  - One module run for the four files, each written to a temp file in the folder and then renamed. The
    C(ansible.builtin.copy) tasks it replaces cost two module runs per file, about 2.5 s of every drift check.
  - Writes in check mode too (a C(--check) run's report is what it is for); the files are local, never in AWS or in
    Terraform state.
author:
  - Platform engineering (@platform-ops)
options:
  path:
    description: Folder of the reports, created (mode 0750) when missing.
    type: path
    required: true
  name:
    description: Prefix of the dated copies.
    type: str
    required: true
  json:
    description: The report as JSON text.
    type: str
    required: true
  markdown:
    description: The report in Markdown.
    type: str
    required: true
  count_as_change:
    description:
      - Whether a report that changed (or the folder created for it) makes the task C(changed). A report that is
        new on every run (the drift check's, dated by its run) is the check's output, not a change; the play's
        C(changed) then stays for what changed the deployment.
    type: bool
    default: true
notes:
  - The files are mode 0640.
"""

EXAMPLES = r"""
- name: Keep the cost floor report
  platform_ops.ecs_ec2.report_files:
    path: "{{ inventory_dir }}/.ecs_ec2/reports/dev/cost-floor"
    name: cost-floor
    json: "{{ cost_floor_result.report_json }}"
    markdown: "{{ cost_floor_result.markdown }}"
  register: report
"""

RETURN = r"""
latest_json:
  description: Path of C(latest.json).
  returned: always
  type: str
latest_markdown:
  description: Path of C(latest.md).
  returned: always
  type: str
new:
  description: Whether this report's JSON differs from the last one (a dated copy was written).
  returned: always
  type: bool
dated:
  description: Paths of the dated copies written by this run (empty when the report did not change).
  returned: always
  type: list
  elements: str
"""

import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def dated_names(folder, name):
    """<name>-<UTC time>.json / .md; a second report in the same second gets -2, -3... instead of replacing it."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time()))
    for n in range(1, 1000):
        base = os.path.join(folder, "%s-%s%s" % (name, stamp, "" if n == 1 else "-%d" % n))
        if not any(os.path.exists(base + ext) for ext in (".json", ".md")):
            return [base + ".json", base + ".md"]
    raise OSError("1000 reports named %s-%s already" % (name, stamp))


def write_reports(folder, name, report_json, markdown):
    """What the module returns, and whether the folder was created. latest.* are rewritten only when their content
    differs (latest.json differs exactly when the report is new)."""
    created = not os.path.isdir(folder)
    if created:
        os.makedirs(folder, 0o750)
    written = dict(latest_json=os.path.join(folder, "latest.json"), latest_markdown=os.path.join(folder, "latest.md"),
                   new=False, dated=[])
    written["new"] = read_text(written["latest_json"]) != report_json
    if written["new"]:
        written["dated"] = dated_names(folder, name)
        write_atomic(written["dated"][0], report_json, mode=0o640)
        write_atomic(written["dated"][1], markdown, mode=0o640)
        write_atomic(written["latest_json"], report_json, mode=0o640)
    if read_text(written["latest_markdown"]) != markdown:
        write_atomic(written["latest_markdown"], markdown, mode=0o640)
    return created, written


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            name=dict(type="str", required=True),
            json=dict(type="str", required=True),
            markdown=dict(type="str", required=True),
            count_as_change=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    folder = module.params["path"]
    try:
        created, written = write_reports(folder, module.params["name"], module.params["json"],
                                         module.params["markdown"])
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot write the %s report in %s: %s" % (module.params["name"], folder, exc))
    module.exit_json(changed=(created or written["new"]) and module.params["count_as_change"], **written)


if __name__ == "__main__":
    main()
