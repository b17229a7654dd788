"""Copy terraform/common/variables_common.tf into every layer as variables_common.tf (Terraform has no include).

Usage: .venv/bin/python tools/sync_layer_variables.py [--check]
With --check, write nothing and exit 1 naming every layer whose copy differs (tests/foundation runs it).
"""

import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join("terraform", "common", "variables_common.tf")
COPY = "variables_common.tf"
NOTICE = "# Generated from %s by tools/sync_layer_variables.py: edit that file, then run the tool.\n" % SOURCE


def expected():
    with open(os.path.join(ROOT, SOURCE)) as handle:
        return NOTICE + handle.read()


def layers():
    return sorted(os.path.dirname(p) for p in glob.glob(os.path.join(ROOT, "terraform", "layers", "*", "versions.tf")))


def stale(content):
    out = []
    for layer in layers():
        path = os.path.join(layer, COPY)
        current = None
        if os.path.exists(path):
            with open(path) as handle:
                current = handle.read()
        if current != content:
            out.append(os.path.relpath(path, ROOT))
    return out


def main(argv):
    content = expected()
    differ = stale(content)
    if "--check" in argv:
        if differ:
            print("out of date (run .venv/bin/python tools/sync_layer_variables.py): " + ", ".join(differ))
            return 1
        return 0
    for path in differ:
        with open(os.path.join(ROOT, path), "w") as handle:
            handle.write(content)
        print("wrote " + path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
