# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""A layer's scratch files in its work dir: ``backend.tfbackend`` (-backend-config) and ``inputs.tfvars.json``
(-var-file). ARNs and names only, never secret values; owner-only all the same."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.atomic_file import write_atomic

BACKEND_FILE = "backend.tfbackend"
INPUTS_FILE = "inputs.tfvars.json"


def write_files(work_dir, backend_config, variables):
    """Same text every time for the same values (sorted keys), so the fingerprint only moves when a value does.
    Returns {"backend_config": path, "variables": path}."""
    os.makedirs(work_dir, mode=0o700, exist_ok=True)
    backend = "".join("%s = %s\n" % (k, json.dumps(v)) for k, v in sorted(backend_config.items()))
    inputs = json.dumps(variables, indent=4, sort_keys=True) + "\n"
    for name, content in ((BACKEND_FILE, backend), (INPUTS_FILE, inputs)):
        path = os.path.join(work_dir, name)
        try:
            with open(path) as handle:
                if handle.read() == content:
                    continue
        except OSError:
            pass
        write_atomic(path, content)
    return {"backend_config": os.path.join(work_dir, BACKEND_FILE), "variables": os.path.join(work_dir, INPUTS_FILE)}
