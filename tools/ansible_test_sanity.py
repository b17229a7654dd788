"""`ansible-test sanity` for this collection, offline (package registries only), on every supported Python here.

ansible-test needs three things this checkout does not give it as it stands:
- the collection under `ansible_collections/<namespace>/<name>/` as a real directory (it resolves symlinks) and outside
  this git checkout (inside it, ansible-test lists files with git, which ignores `.work/`): the checkout's files
  (tracked and new, not ignored) are copied to `<tmp>/ecs-ec2-sanity-<checkout digest>/ansible_collections/...`;
- the collections it depends on next to it (validate-modules and import load amazon.aws and community.general):
  linked from where the virtualenv installed them;
- pip in each test's own virtualenv: ansible-test downloads a bootstrap script from ci-files.testing.ansible.com,
  which an offline machine cannot reach. A HOME of its own (`.work/sanity/home`) holds, in ansible-test's cache,
  tools/ansible_test_get_pip.py instead: pip from the interpreter's bundled wheel, then the pinned packages from the
  package index. The user's own ~/.ansible is never touched.

Every sanity test runs on the virtualenv's Python (the controller's); `compile` and `import` also run on the other
supported Pythons found on PATH, and the summary names those not found. Ignore entries live in
tests/sanity/ignore-<ansible-core major.minor>.txt, one reason per line.

    python tools/ansible_test_sanity.py [ansible-test sanity options, e.g. --test pep8]
"""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, ".work", "sanity")
TREE = os.path.join(tempfile.gettempdir(), "ecs-ec2-sanity-%s" % hashlib.sha256(ROOT.encode()).hexdigest()[:10])
GET_PIP = os.path.join(ROOT, "tools", "ansible_test_get_pip.py")
# ansible-core 2.19's controller Pythons; modules run on the controller here (localhost), so these are the targets too.
SUPPORTED = ("3.11", "3.12", "3.13")
EVERY_VERSION_TESTS = ("compile", "import")


def galaxy():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)


def copy_tree(dest):
    """The checkout's files as git sees them (tracked, and new ones not ignored), nothing built or cached."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    shutil.rmtree(dest, ignore_errors=True)
    for rel in filter(None, listed):
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):  # deleted in the work tree, not yet committed
            continue
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)


def link_dependencies(collections_root, dependencies):
    for fqcn in dependencies:
        spec = importlib.util.find_spec("ansible_collections.%s" % fqcn)
        if spec is None or not spec.submodule_search_locations:
            sys.exit("ansible-test sanity: collection %s (a dependency in galaxy.yml) is not installed in %s; "
                     "run `make setup`" % (fqcn, sys.prefix))
        namespace, name = fqcn.split(".")
        link = os.path.join(collections_root, namespace, name)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(next(iter(spec.submodule_search_locations)), link)


def install_pip_bootstrap(home):
    """The stand-in under the name ansible-test looks for (get_pip_<its pip version>.py)."""
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel

    version = get_venv_packages(type("Python", (), {"version": "%d.%d" % sys.version_info[:2]})())["pip"]
    cache = os.path.join(home, ".ansible", "test", "cache")
    os.makedirs(cache, exist_ok=True)
    shutil.copy(GET_PIP, os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_")))


def interpreter(version):
    """A Python <version> that runs: on PATH, else one pyenv installed but did not activate (its shim fails)."""
    candidates = [shutil.which("python%s" % version)]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/%s.*/bin/python%s" % (version, version))))
    for path in filter(None, candidates):
        if subprocess.run([path, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return path
    return None


def main(argv):
    meta = galaxy()
    collections_root = os.path.join(TREE, "ansible_collections")
    collection = os.path.join(collections_root, meta["namespace"], meta["name"])
    home = os.path.join(WORK, "home")
    copy_tree(collection)
    link_dependencies(collections_root, sorted(meta.get("dependencies") or {}))
    install_pip_bootstrap(home)
    env = dict(os.environ, HOME=home, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    own = "%d.%d" % sys.version_info[:2]
    others = [v for v in SUPPORTED if v != own]
    interpreters = dict((v, interpreter(v)) for v in others)
    found = [v for v in others if interpreters[v]]
    runs = [["--python", own, *argv]]
    if not any(arg in ("--test", "--skip-test") for arg in argv):
        tests = ["--test=%s" % name for name in EVERY_VERSION_TESTS]
        runs += [["--python", v, "--python-interpreter", interpreters[v], *tests] for v in found]
    failed = []
    for args in runs:
        print("ansible-test sanity %s" % " ".join(args), flush=True)
        if subprocess.call([os.path.join(os.path.dirname(sys.executable), "ansible-test"), "sanity", "--color=no",
                            *args], cwd=collection, env=env) != 0:
            failed.append(args[1])
    missing = sorted(set(others) - set(found))
    print("ansible-test sanity: every test on Python %s%s%s: %s" % (
        own, "; %s on %s" % ("/".join(EVERY_VERSION_TESTS), ", ".join(found)) if found and len(runs) > 1 else "",
        "; not found on PATH: %s" % ", ".join(missing) if missing else "",
        "FAILED on " + ", ".join(failed) if failed else "clean"), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
