"""Stand-in for ansible-test's pip bootstrap script (get-pip.py), for machines that reach only package registries.

ansible-test creates each sanity test's virtualenv without pip and runs its cached ``get_pip_<version>.py`` with the
new environment's python; without a cached copy it downloads one from ci-files.testing.ansible.com, which an offline
machine cannot reach. This script does the same job from parts that are already here: pip from the interpreter's
bundled wheel (ensurepip, no network), then the packages ansible-test asked for (``pip==<version>``) from the package
index pip is configured with. tools/ansible_test_sanity.py installs it in a HOME of its own.
"""

import subprocess
import sys

if __name__ == "__main__":
    # In a child process: ensurepip sets PIP_CONFIG_FILE=/dev/null in its own environment, which would hide the
    # machine's pip configuration (its index and certificates) from the install below.
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    # ansible-test passes pip's options and the pinned packages, as it would to get-pip.py.
    args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
    sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--quiet", *args]))
