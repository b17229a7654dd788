"""Shared test set-up: import the collection as ansible_collections.platform_ops.ecs_ec2 from this checkout."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".venv", "collections")

if not os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "platform_ops", "ecs_ec2")):
    raise RuntimeError("the collection is not linked into %s: run `make venv` (or `make test`) first" % COLLECTIONS)
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# The session's emulator and deployment, for every suite that needs one (integration, AWX): one per pytest process.
from tests.emulated_deployment import deployment, emulator, local_inventory  # noqa: E402,F401  # pylint: disable=unused-import
